"""Quoted text in report.html as a person reads it: PDF artefacts repaired, cut between words, said once.

Snippets come from extracted text: PDF extraction leaves split marks ("เปิ ด"), stray line breaks
and runs of spaces; a cut at a fixed length lands inside a Thai word ("ประจ…"). Here the text is
repaired with ``oit_checker.thai`` (the same repairs the matchers use, but keeping the document's
own digits), cut only between words found by pythainlp, and evidence that says the same thing
twice (same address, page and quote) is kept once.
"""

from __future__ import annotations

import re
import unicodedata

from oit_checker import thai
from oit_checker.thai.wrap import tokens

MAX_CHARS = 240  # a quote, not the page: about three lines on a phone
_SPACES = re.compile(r"\s+")


def tidy(text: str) -> str:
    """One line of text without PDF spacing artefacts (split marks, broken SARA AM, zero-width characters)."""
    text = unicodedata.normalize("NFC", text or "")
    text = _SPACES.sub(" ", thai.clean_pdf_thai(_SPACES.sub(" ", text))).strip()
    return text


def cut(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` tidied and, when longer than ``limit`` characters, cut after the last whole word that fits."""
    text = tidy(text)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 0
    for piece in tokens(text):
        if size + len(piece) > limit:
            break
        kept.append(piece)
        size += len(piece)
    head = "".join(kept).rstrip()
    return (head or text[:limit]) + " …"


def page_link(url: str, page: object) -> str:
    """The address that opens a PDF at the quoted page (``#page=N``, honoured by browsers' PDF viewers)."""
    if not isinstance(page, int) or page < 1 or "#" in url:
        return url
    path = url.split("?", 1)[0].lower()
    return f"{url}#page={page}" if path.endswith(".pdf") else url


def key(url: object, page: object, snippet: str) -> tuple:
    """What makes two pieces of evidence the same for a reader."""
    return (str(url or "").rstrip("/"), page if isinstance(page, int) else None, thai.match_key(snippet or ""))
