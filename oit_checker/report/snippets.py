"""Quoted text in report.html as a person reads it: PDF artefacts repaired, cut between words, said once.

Snippets come from extracted text: PDF extraction leaves split marks ("เปิ ด"), stray line breaks
and runs of spaces; a cut at a fixed length lands inside a Thai word ("ประจ…"). Here the text is
repaired with ``oit_checker.thai`` (the same repairs the matchers use, but keeping the document's
own digits), cut only between words found by pythainlp, and evidence that says the same thing
twice (same address, page and quote) is kept once.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from oit_checker import thai
from oit_checker.thai import nlp, wrap

MAX_CHARS = 240  # a quote, not the page: about three lines on a phone
MAX_WORD = 14  # longest Thai word looked for across a space
_SPACES = re.compile(r"\s+")
_THAI = "\u0e01-\u0e4e"
# a space between two Thai runs: maybe a word split by PDF extraction ("กิจกร รม", "คอ นกรีต")
_INNER_SPACE = re.compile(rf"(?<=[{_THAI}]) (?=[{_THAI}])")
# characters no Thai word starts with (following vowels, marks) / ends with (leading vowels)
_NO_START = re.compile(r"^[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
_NO_END = re.compile(r"[\u0e40-\u0e44]$")


@functools.lru_cache(maxsize=2048)
def _cut_words(text: str) -> tuple[str, ...]:
    return tuple(wrap.tokens(text))


def tokens(text: str) -> list[str]:
    """``thai.wrap.tokens``, remembered: a quote is cut into words when tidied and again when shortened,
    and the same quote is often evidence for more than one item."""
    return list(_cut_words(text))


def tidy(text: str) -> str:
    """One line of text without PDF spacing artefacts (split marks and words, broken SARA AM, zero-width
    characters) and without the broken word a fixed-width excerpt starts or ends with."""
    text = unicodedata.normalize("NFC", text or "")
    text = _SPACES.sub(" ", thai.clean_pdf_thai(_SPACES.sub(" ", text))).strip()
    return _trim_broken_ends(_join_split_words(text))


def _longest_across(text: str, cut: int) -> int:
    """The longest word-list word in ``text`` that starts before ``cut`` and ends after it."""
    words = nlp.words()
    best = 0
    for start in range(max(0, cut - MAX_WORD), cut):
        for end in range(cut + 1, min(len(text), start + MAX_WORD) + 1):
            if end - start > best and text[start:end] in words:
                best = end - start
    return best


def _longest_at(text: str, end: bool) -> int:
    """The longest word-list word ending (``end``) or starting ``text``."""
    words = nlp.words()
    sizes = range(2, min(len(text), MAX_WORD) + 1)
    return max((k for k in sizes if (text[-k:] if end else text[:k]) in words), default=0)


def _join_split_words(text: str) -> str:
    """Drop a space inside a Thai word: only when a fragment beside it is no word and a longer word spans it
    ("กิจกร รม", "คอ นกรีต", "พื้ นฐาน" join; "แผน งาน", "ที่ โครงการ" stay)."""
    words = nlp.words()

    def fix(m: re.Match) -> str:
        left = re.search(rf"[{_THAI}]*$", text[max(0, m.start() - MAX_WORD):m.start()]).group(0)
        right = re.match(rf"[{_THAI}]*", text[m.end():m.end() + MAX_WORD]).group(0)
        across = _longest_across(left + right, len(left))
        if across <= max(_longest_at(left, True), _longest_at(right, False)):
            return " "
        if not all(t in words for t in tokens(left)[-2:] + tokens(right)[:2]):
            return ""  # a fragment beside the space, and a longer word spans it
        # whole words on both sides: joined only when that reads much better ("คอ นก|รีต" -> "คอนกรีต"),
        # not for two words that also make a compound ("แผน งาน")
        saved = len(tokens(left)) + len(tokens(right)) - len(tokens(left + right))
        return "" if saved >= 2 else " "

    return _INNER_SPACE.sub(fix, text)


def _fragment(tok: str, edge: re.Pattern) -> bool:
    """A piece of a Thai word: not in the word list, and too short to be one or starting/ending impossibly."""
    return bool(re.fullmatch(rf"[{_THAI}]+", tok)) and tok not in nlp.words() and (len(tok) <= 2
                                                                                  or bool(edge.search(tok)))


def _trim_broken_ends(text: str) -> str:
    """An excerpt cut mid-word ("าจหน้าที่…", "…(คลิกเ") starts and ends at a whole word, marked with "…"."""
    toks = tokens(text)
    head = 0
    if len(toks) > 3 and _fragment(toks[0], _NO_START):
        head = 2 if _fragment(toks[1], re.compile("$^")) or (len(toks[1]) > 2 and toks[1] not in nlp.words()
                                                              and _NO_START.match(toks[0])) else 1
    tail = len(toks)
    if tail - head > 2 and _fragment(toks[tail - 1], _NO_END):
        tail -= 1
    if head == 0 and tail == len(toks):
        return text
    body = "".join(toks[head:tail]).strip()
    return ("… " if head else "") + body + (" …" if tail < len(toks) else "")


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


_TITLE_SEP = re.compile(r"^[\s\-–—:|•·]+")


def without_title(text: str, title: str) -> str:
    """The quote without the document's title at its start: the title is already the link above the quote,
    and a page titled "เอกสาร 31" whose heading repeats it would read "เอกสาร 31 เอกสาร 31 …". Only an exact
    repeat (after tidying) followed by a word break is dropped, as often as it repeats; "" when nothing else is
    quoted."""
    text, title = tidy(text), tidy(title)
    if not title:
        return text
    while text.startswith(title) and (len(text) == len(title) or not text[len(title)].isalnum()):
        text = _TITLE_SEP.sub("", text[len(title):])
    return text


def page_link(url: str, page: object) -> str:
    """The address that opens a PDF at the quoted page (``#page=N``, honoured by browsers' PDF viewers)."""
    if not isinstance(page, int) or page < 1 or "#" in url:
        return url
    path = url.split("?", 1)[0].lower()
    return f"{url}#page={page}" if path.endswith(".pdf") else url


def key(url: object, page: object, snippet: str) -> tuple:
    """What makes two pieces of evidence the same for a reader."""
    return (str(url or "").rstrip("/"), page if isinstance(page, int) else None, thai.match_key(snippet or ""))
