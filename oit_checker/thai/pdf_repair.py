"""PDF repair: undo the Thai artefacts of PDF extraction and legacy fonts, and mis-decoded Thai bytes.

Marks split off by spaces or lines, private-use glyphs of legacy fonts, decomposed or swapped
SARA AM, MAI HAN-AKAT moved past its consonant, and TIS-620 text read as Latin-1. The word list
(pythainlp's, via :mod:`oit_checker.thai.nlp`) only arbitrates where a repair is ambiguous.
"""

from __future__ import annotations

import functools
import re

import oit_checker.thai.nlp as nlp
from oit_checker.thai.quality import thai_share
from oit_checker.thai.script import CONSONANTS as _CONS
from oit_checker.thai.script import MARK_CLASS as _MARK_CLASS
from oit_checker.thai.script import TONES as _TONES
from oit_checker.thai.script import strip_zero_width

# Private-use glyphs of legacy Windows (U+F700..) and Mac (U+F884..) Thai fonts, after
# HarfBuzz's thai_pua tables: each maps back to the Unicode mark or letter it draws.
_PUA_TABLE = {
    0x0E48: (0xF70A, 0xF88B, 0xF705, 0xF88C, 0xF713, 0xF88A),
    0x0E49: (0xF70B, 0xF88E, 0xF706, 0xF88F, 0xF714, 0xF88D),
    0x0E4A: (0xF70C, 0xF891, 0xF707, 0xF892, 0xF715, 0xF890),
    0x0E4B: (0xF70D, 0xF894, 0xF708, 0xF895, 0xF716, 0xF893),
    0x0E4C: (0xF70E, 0xF897, 0xF709, 0xF898, 0xF717, 0xF896),
    0x0E38: (0xF718, 0xF89B),
    0x0E39: (0xF719, 0xF89C),
    0x0E3A: (0xF71A, 0xF89D),
    0x0E31: (0xF710, 0xF884),
    0x0E34: (0xF701, 0xF885),
    0x0E35: (0xF702, 0xF886),
    0x0E36: (0xF703, 0xF887),
    0x0E37: (0xF704, 0xF888),
    0x0E47: (0xF712, 0xF889),
    0x0E4D: (0xF711, 0xF899),
    0x0E0D: (0xF70F, 0xF89A),
    0x0E10: (0xF700, 0xF89E),
}
_PUA_MAP = {pua: chr(uni) for uni, puas in _PUA_TABLE.items() for pua in puas}

# A mark alone on its own line ("ยุทธศาสตรข\n์\nของ"): the line break is an artefact too.
_MARK_LINE_RE = re.compile(rf"[ \t\u00a0]*\r?\n[ \t\u00a0]*({_MARK_CLASS}+)[ \t\u00a0]*\r?\n")
_SPACE_BEFORE_MARK_RE = re.compile(rf"[ \t\r\n\u00a0]+(?={_MARK_CLASS})")
_DUP_MARK_RE = re.compile(rf"({_MARK_CLASS})\1+")
# "ต าบล", "น ้า": the NIKHAHIT half of a decomposed SARA AM came out as a space. No Thai
# word starts with SARA AA, so a space before it after a consonant is always an artefact.
_SPACE_AA_RE = re.compile(rf"(?<=[{_CONS}])[ \u00a0]+([{_TONES}]?)[ \u00a0]*\u0e32")
# "ค ำกล่ำว", "น ้ำ": a font whose ToUnicode maps the SARA AA glyph to SARA AM (see legacy_am_swap).
_SPACE_AM_RE = re.compile(rf"(?<=[{_CONS}])[ \u00a0]+([{_TONES}]?)\u0e33")
# MAI HAN-AKAT is always followed by a consonant; one that ends a word was moved one
# consonant to the right by x-sorting ("ยงัไม่", "ปลอดภยั", "หลกั"): move it back.
_HANAKAT_REORDER_RE = re.compile(rf"([{_CONS}])([{_CONS}])\u0e31(?=[\r\n\u0e40-\u0e44]|[^\s\u0e00-\u0e7f]|$)")
# Before a space it is ambiguous: "ปลอดภยั ตาม" (moved mark) or "ปลั ดเทศบาล" (split word).
_HANAKAT_SPACE_RE = re.compile(rf"([{_CONS}])([{_CONS}])\u0e31[ \u00a0]+(?=[{_CONS}])")
_NONSPACE_TAIL_RE = re.compile(r"\S*$")
_NONSPACE_HEAD_RE = re.compile(r"\S*")
# MAI HAN-AKAT and the leading vowels never end a word: "ปล ั ด", "เ ทศบาล".
_SPACE_AFTER_BOUND_RE = re.compile(rf"([\u0e31\u0e40-\u0e44])[ \u00a0]+(?=[{_CONS}])")
_MAX_WORD = 14
_HANAKAT_INNER_RE = re.compile(rf"([{_CONS}])([{_CONS}])\u0e31(?=[{_CONS}])")
_AM_PLACEHOLDER = "\ue000"


def legacy_am_swap(text: str) -> bool:
    """True when SARA AA was extracted as SARA AM throughout ("นำยกเทศมนตรีต ำบล").

    Some Word/TH SarabunPSK PDFs map the SARA AA glyph to U+0E33 and the NIKHAHIT glyph
    to a space, so "คำ" reads "ค ำ" and "นายก" reads "นำยก". In real Thai SARA AA is
    many times more frequent than SARA AM; a text where SARA AM dominates and appears
    after spaces is such a PDF. Decide on a whole document when possible.
    """
    n_am = text.count("\u0e33")
    return n_am >= 3 and text.count("\u0e32") * 4 < n_am and len(_SPACE_AM_RE.findall(text)) >= 2


def split_am_font(text: str) -> bool:
    """True when SARA AM never survives extraction: it always came out as SARA AA plus a space.

    Then "เทศบาลตา บล" (space after) is as much an artefact as "ต าบล" (space before), which
    ``clean_pdf_thai`` repairs with the word list. Decide on raw text, a whole document if possible.
    """
    spaced = len(_SPACE_AA_RE.findall(text))
    return spaced >= 3 and text.count("\u0e33") * 10 <= spaced


@functools.cache
def _am_junctions() -> dict[str, set[str]]:
    """Words with SARA AM inside, as {text before ำ: {text after ำ}}, from pythainlp's word list."""
    out: dict[str, set[str]] = {}
    for word in nlp.words():
        i = word.find("\u0e33")
        if 0 < i < len(word) - 1 and len(word) >= 4:
            out.setdefault(word[:i], set()).add(word[i + 1 :])
    return out


_AA_SPACE_RE = re.compile(rf"([{_CONS}][{_TONES}]?)\u0e32[ \u00a0]+(?=[{_CONS}\u0e40-\u0e44])")


def _join_split_am(text: str) -> str:
    """"ตา บล" -> "ตำบล" when a dictionary word with SARA AM spans the gap ("ตำบล", "กำลัง")."""
    junctions = _am_junctions()

    def fix(mt: re.Match) -> str:
        left = _left_word(text, mt.start(), 6) + mt.group(1)
        right = text[mt.end() : mt.end() + 12]
        for k in range(min(len(left), 6), 0, -1):
            tails = junctions.get(left[-k:])
            if tails and any(right.startswith(t) for t in tails):
                return mt.group(1) + "\u0e33"
        return mt.group(0)

    return _AA_SPACE_RE.sub(fix, text)


def _left_word(text: str, pos: int, limit: int = _MAX_WORD) -> str:
    """The run of non-space characters just before ``pos`` (at most ``limit``)."""
    return _NONSPACE_TAIL_RE.search(text[max(0, pos - limit) : pos]).group(0)


def _right_word(text: str, pos: int, limit: int = _MAX_WORD) -> str:
    return _NONSPACE_HEAD_RE.match(text[pos : pos + limit]).group(0)


def _longest_word_ending(text: str) -> int:
    words = nlp.words()
    return max((k for k in range(2, min(len(text), _MAX_WORD) + 1) if text[-k:] in words), default=0)


def _longest_word_across(text: str, cut: int) -> int:
    """Length of the longest word-list word in ``text`` that starts before ``cut`` and ends after it."""
    words = nlp.words()
    best = 0
    for start in range(max(0, cut - _MAX_WORD), cut):
        for end in range(cut + 1, min(len(text), start + _MAX_WORD) + 1):
            if end - start > best and text[start:end] in words:
                best = end - start
    return best


def _fix_hanakat_space(text: str) -> str:
    """"XYั Z": the mark moved right and/or a space split the word; the word list decides.

    "พฒั นา" -> "พัฒนา" (both), "ปลอดภยั ตาม" -> "ปลอดภัย ตาม" (moved), "ปลั ดเทศบาล" ->
    "ปลัดเทศบาล" (split). With no dictionary evidence the space is dropped, as before.
    """

    def fix(mt: re.Match) -> str:
        x, y = mt.group(1), mt.group(2)
        left, right = _left_word(text, mt.start()), _right_word(text, mt.end())
        moved, split = x + "\u0e31" + y, x + y + "\u0e31"
        options = [  # (score, replacement); earlier wins ties
            (_longest_word_across(left + moved + right, len(left) + 3), moved),
            (_longest_word_across(left + split + right, len(left) + 3), split),
            (_longest_word_ending(left + moved), moved + " "),
        ]
        score, best = max(options, key=lambda o: o[0])
        return best if score else split

    return _HANAKAT_SPACE_RE.sub(fix, text)


def _longest_word_covering(text: str, i: int) -> int:
    """Length of the longest word-list word in ``text`` that contains position ``i``."""
    words = nlp.words()
    best = 0
    for start in range(max(0, i - _MAX_WORD + 1), i + 1):
        for end in range(max(i + 1, start + best + 1), min(len(text), start + _MAX_WORD) + 1):
            if text[start:end] in words:
                best = end - start
    return best


def _fix_hanakat_inner(text: str) -> str:
    """"จงัหวัด" -> "จังหวัด", "อตัรา" -> "อัตรา": only when the moved mark makes a longer word.

    Called only on text that already shows certain cases of the same artefact, since
    "XYั" is also ordinary spelling ("กลับ", "ครั้ง").
    """

    def fix(mt: re.Match) -> str:
        src = mt.string
        lo, hi = max(0, mt.start() - _MAX_WORD), min(len(src), mt.end() + _MAX_WORD)
        before, after = src[lo : mt.start()], src[mt.end() : hi]
        x, y = mt.group(1), mt.group(2)
        kept = _longest_word_covering(before + x + y + "\u0e31" + after, len(before) + 2)
        moved = _longest_word_covering(before + x + "\u0e31" + y + after, len(before) + 1)
        return x + "\u0e31" + y if moved >= 3 and moved > kept else mt.group(0)

    return _HANAKAT_INNER_RE.sub(fix, text)


def repair_mojibake(text: str) -> str:
    """Thai bytes (TIS-620/cp874) decoded as Latin-1/cp1252/Mac Latin-2 ("»ÃÐ¡ÒÈ") back to Thai.

    Only applied when most letters fall in the Latin-1 range Thai bytes land in and the
    re-decode yields mostly Thai; anything else is returned unchanged.
    """
    high = sum(1 for c in text if "\u0080" <= c <= "\u02ff" or c in "\u2013\u2014\u2018\u2019\u201c\u201d\u2026")
    letters = sum(1 for c in text if c.isalpha())
    if not letters or high < 4 or high / letters < 0.5:
        return text
    best, best_share = text, 0.6
    for enc in ("cp1252", "latin-1", "mac_latin2"):  # mac_latin2: seen on a real LAO site
        try:
            fixed = text.encode(enc).decode("cp874")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if thai_share(fixed) > best_share:
            best, best_share = fixed, thai_share(fixed)
    return best


def hanakat_moved(text: str) -> bool:
    """True when MAI HAN-AKAT visibly lands one consonant late ("ยงัไม่", "พฒั นา") more than once."""
    return len(_HANAKAT_REORDER_RE.findall(text)) + len(_HANAKAT_SPACE_RE.findall(text)) >= 2


def clean_pdf_thai(
    text: str, aa_as_am: bool | None = None, am_split: bool | None = None, marks_moved: bool | None = None
) -> str:
    """Repair the usual Thai PDF-extraction artefacts without guessing at words.

    Order matters: pythainlp's own normaliser deletes a tone mark that follows a
    space, so marks are re-attached here first (tech-notes §1.2). ``aa_as_am``: the
    text comes from a font that maps SARA AA to SARA AM; ``am_split``: from a font whose
    SARA AM always comes out as SARA AA plus a space; ``marks_moved``: from an extractor that
    moves MAI HAN-AKAT past its consonant (None = decide each from ``text``; pass the
    decisions made on a whole document when cleaning it page by page).
    """
    if not text:
        return ""
    text = text.translate(_PUA_MAP)
    text = strip_zero_width(text)
    if aa_as_am is None:
        aa_as_am = legacy_am_swap(text)
    if am_split is None:
        am_split = split_am_font(text)
    if am_split:
        text = _join_split_am(text)
    if aa_as_am:
        text = _SPACE_AM_RE.sub(rf"\1{_AM_PLACEHOLDER}", text)
        text = text.replace("\u0e33", "\u0e32").replace(_AM_PLACEHOLDER, "\u0e33")
    text = _SPACE_AM_RE.sub("\\1\u0e33", text)  # no word starts with SARA AM either
    text = _SPACE_AA_RE.sub("\\1\u0e33", text)
    text = _MARK_LINE_RE.sub(r"\1", text)
    text = _SPACE_BEFORE_MARK_RE.sub("", text)
    if marks_moved is None:
        marks_moved = hanakat_moved(text)
    if "\u0e31" in text:
        text = _fix_hanakat_space(text)
        text = _HANAKAT_REORDER_RE.sub("\\1\u0e31\\2", text)
        if marks_moved:  # this extractor moves MAI HAN-AKAT: fix the cases inside words too
            text = _fix_hanakat_inner(text)
    text = _SPACE_AFTER_BOUND_RE.sub(r"\1", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # NIKHAHIT + SARA AA -> SARA AM
    text = nlp.util().reorder_vowels(text)  # NIKHAHIT + tone + SARA AA -> tone + SARA AM
    text = text.replace("\u0e33\u0e32", "\u0e33")  # "ประจำาเดือน" (LibreOffice shaping)
    text = text.replace("\u0e40\u0e40", "\u0e41")  # two SARA E typed for SARA AE
    text = _DUP_MARK_RE.sub(r"\1", text)
    return text
