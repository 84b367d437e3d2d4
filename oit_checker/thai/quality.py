"""Text-quality signals: how much of a text is Thai, and whether a text layer is readable at all."""

from __future__ import annotations

import re


def thai_share(text: str) -> float:
    """Share of letters that are Thai: a cheap signal that a decode went wrong."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0e01" <= c <= "\u0e5b") / len(letters)


def count_thai(text: str) -> int:
    """Number of Thai letters (consonants and vowels, not marks or digits) in ``text``."""
    return sum(1 for c in text if "\u0e01" <= c <= "\u0e30" or "\u0e32" <= c <= "\u0e33" or "\u0e40" <= c <= "\u0e45")


_WEIRD_TOKEN_RE = re.compile(r"[A-Za-z][0-9'\"!:;|\\{}£¤¥§]|[0-9'\"!:;|\\{}£][A-Za-z]|[a-z][A-Z]")
_PUNCT_TRAIL = "'\".,;:!?)]}"


def garble_score(text: str) -> float:
    """0 for clean text, up to 1 for text no reader can use.

    Catches what a PDF text layer gives when its fonts carry no usable Unicode map:
    U+FFFD / private-use / C1 control characters, and "Latin soup" from legacy Thai fonts
    ("tl':i:m1Ab'V1A'U1"): Latin tokens that mix letters with digits and quote marks
    where English words would not.
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or "\x80" <= c <= "\x9f")
    thai = sum(1 for c in chars if "\u0e01" <= c <= "\u0e5b")
    latin = sum(1 for c in chars if c.isascii() and c.isalpha())
    score = bad / len(chars)
    if latin > thai:
        tokens = [tok.rstrip(_PUNCT_TRAIL).lstrip("'\"([{") for tok in text.split()]
        tokens = [tok for tok in tokens if len(tok) >= 3 and any(c.isascii() and c.isalpha() for c in tok)]
        if tokens:
            weird = sum(1 for tok in tokens if len(_WEIRD_TOKEN_RE.findall(tok)) >= 2)
            score = max(score, weird / len(tokens))
    return min(score, 1.0)


def looks_garbled(text: str, threshold: float = 0.3) -> bool:
    """True when a text layer is present but unreadable (send the page to OCR instead)."""
    return garble_score(text) >= threshold
