"""Matching: the normalised form every matcher compares, its lossy key, and containment of a phrase.

Every matcher in the project goes through :func:`normalize`, so the same repairs apply to
HTML, PDF, DOCX and XLSX text: zero-width characters, Thai digits and PDF extraction artefacts.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from oit_checker.thai.digits import arabic_digits
from oit_checker.thai.pdf_repair import clean_pdf_thai
from oit_checker.thai.script import MARK_CLASS

_HSPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_NEWLINES_RE = re.compile(r"\s*\n\s*")


# Short texts (a rule's phrases, titles, link texts) are normalised again and again: once per document,
# item and check. Their normal form is remembered; long texts (a page's body) are normalised once anyway.
MEMO_CHARS = 200
MEMO_SIZE = 2048  # 98 % of the repeats of a large site's check; at most ≈ 2 MB


def normalize(text: str) -> str:
    """Normalised text for matching: repaired Thai, Arabic digits, single spaces.

    Line breaks are kept (one per line) so that "heading followed by ไม่มี" can be seen.
    """
    if not text:
        return ""
    if len(text) <= MEMO_CHARS:
        return _normalize_short(text)
    return _normalize(text)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _normalize_short(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    if text.isascii():  # every repair below needs a Thai, private-use or zero-width character: none to make
        return _tidy(text)
    # Spaces, line breaks and digits first, so the repairs see what a second normalisation would see; then
    # the repairs to a fixpoint (one can expose another: a mark reordered after a space), at most 3 rounds.
    text = arabic_digits(_tidy(unicodedata.normalize("NFC", text)))
    for _ in range(3):
        # clean_pdf_thai also drops zero-width characters; NFC again, as a removed space can bring two marks
        # together that canonical order then swaps (a tone mark before PHINTHU)
        cleaned = _tidy(unicodedata.normalize("NFC", clean_pdf_thai(text)))
        if cleaned == text:
            break
        text = cleaned
    return text


def _tidy(text: str) -> str:
    return _NEWLINES_RE.sub("\n", _HSPACE_RE.sub(" ", text)).strip()


_KEY_DROP_RE = re.compile(rf"(?:{MARK_CLASS}|[^\u0e01-\u0e5b0-9a-z])+")  # runs: one match per gap, not per character


def match_key(text: str) -> str:
    """A lossy key for fuzzy containment: no marks, no spaces or punctuation.

    Survives split marks, SARA AM/AA swaps (ผู้บริหำร / ตาบล), dropped tone marks and
    common spelling slips (ฏ/ฎ), at the cost of some precision.
    """
    return key_of_normalized(normalize(text))


def key_of_normalized(norm: str) -> str:
    """:func:`match_key` of text that is already :func:`normalize`-d (skips the costly re-normalisation)."""
    text = norm.lower().replace("\u0e33", "\u0e32").replace("\u0e0f", "\u0e0e")
    return _KEY_DROP_RE.sub("", text)


def found_in(hay: str, sub: str) -> bool:
    """``sub in hay``, but a term opening or ending with a digit ("3 เดือน", "ไตรมาสที่ 1") only where no other digit
    continues its number: not in "13 เดือน" nor "ไตรมาสที่ 12", nor in a match key where a year ran into the next
    line ("…2553)⏎เดือน" → "2553เดือน": a year-long table read as a three-month report, session 23)."""
    i = hay.find(sub)
    if i < 0 or not sub or not (sub[0].isdigit() or sub[-1].isdigit()):
        return i >= 0
    while i >= 0:
        j = i + len(sub)
        if not (sub[0].isdigit() and i and hay[i - 1].isdigit()) and not (sub[-1].isdigit() and j < len(hay)
                                                                           and hay[j].isdigit()):
            return True
        i = hay.find(sub, i + 1)
    return False


def contains(haystack_norm: str, needle: str, haystack_key: str | None = None) -> str | None:
    """Return "exact" or "fuzzy" when ``needle`` occurs in the normalised text, else None.

    Whitespace differences never matter: both sides are compared without spaces too.
    """
    n = normalize(needle)
    if not n:
        return None
    if found_in(haystack_norm, n):
        return "exact"
    if found_in(haystack_norm.replace(" ", "").replace("\n", ""), n.replace(" ", "")):
        return "exact"
    key = haystack_key if haystack_key is not None else match_key(haystack_norm)
    nk = match_key(n)
    if nk and found_in(key, nk):
        return "fuzzy"
    return None

