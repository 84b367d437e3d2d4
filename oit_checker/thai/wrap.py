"""Line breaking for the terminal, between Thai words and never inside a word or a URL.

Thai has no spaces between words, so a line may only break between words found by pythainlp's
tokenizer — never inside a word ("ประจ|ำปี") or a URL.

Widths are terminal cells (combining vowels and tone marks take none).
"""

from __future__ import annotations

import re

URL = re.compile(r"(?:https?|file|ftp)://\S+")
CHUNK = re.compile(r"(?:https?|file|ftp)://\S+|\s+|\S+")
THAI = re.compile("[\u0e00-\u0e7f]")


def _cells(s: str) -> int:
    from rich.cells import cell_len

    return cell_len(s)


def tokens(text: str) -> list[str]:
    """Unbreakable pieces of ``text``: URLs whole, Thai runs cut into words, spaces kept."""
    out: list[str] = []
    for m in CHUNK.finditer(text):
        piece = m.group(0)
        if URL.fullmatch(piece) or piece.isspace() or not THAI.search(piece):
            out.append(piece)
            continue
        from pythainlp.tokenize import word_tokenize

        from oit_checker.thai.nlp import word_prefixes

        out.extend(w for w in word_tokenize(piece, engine="newmm", keep_whitespace=True,
                                            custom_dict=word_prefixes()) if w)
    return out


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most ``width`` cells (a piece longer than that, e.g. a long URL, gets a line of
    its own and is never cut); continuation lines start with ``indent``."""
    width = max(width, 10)
    lines: list[str] = []
    line = text[: len(text) - len(text.lstrip())]  # the first line keeps its own indent
    for piece in tokens(text.lstrip()):
        if piece.isspace():
            if line and not line.endswith(" "):
                line += " "
            continue
        if line.strip() and _cells(line + piece) > width:
            lines.append(line.rstrip())
            line = indent
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines
