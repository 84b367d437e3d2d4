"""Thai text normalisation, matching keys and calendar parsing.

Every matcher in the project goes through this module, so the same repairs apply to
HTML, PDF, DOCX and XLSX text: zero-width characters, Thai digits, PDF extraction
artefacts (marks split off by spaces, private-use glyphs, decomposed SARA AM) and
Buddhist-era / 2-digit / CE years. Month names live in ``rules/common/calendar.yaml``.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass

# pythainlp must never write ~/pythainlp-data or download at run time (crawlers, CI,
# read-only homes); its bundled word list is all this module uses (tech-notes §3).
if "PYTHAINLP_READ_MODE" not in os.environ:
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import yaml  # noqa: E402
from pythainlp.util import remove_zw, reorder_vowels, thai_digit_to_arabic_digit  # noqa: E402

from oit_checker.paths import COMMON_DIR

# Combining Thai marks: MAI HAN-AKAT, SARA I..PHINTHU, MAITAIKHU..YAMAKKAN.
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
_MARK_CLASS = f"[{MARKS}]"

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

_ZW_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A mark alone on its own line ("ยุทธศาสตรข\n์\nของ"): the line break is an artefact too.
_MARK_LINE_RE = re.compile(rf"[ \t\u00a0]*\r?\n[ \t\u00a0]*({_MARK_CLASS}+)[ \t\u00a0]*\r?\n")
_SPACE_BEFORE_MARK_RE = re.compile(rf"[ \t\r\n\u00a0]+(?={_MARK_CLASS})")
_DUP_MARK_RE = re.compile(rf"({_MARK_CLASS})\1+")
_HSPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_NEWLINES_RE = re.compile(r"\s*\n\s*")
_CONS = "\u0e01-\u0e2e"
_TONES = "\u0e48-\u0e4b"
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
    from pythainlp.corpus import thai_words

    out: dict[str, set[str]] = {}
    for word in thai_words():
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


@functools.cache
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _longest_word_ending(text: str) -> int:
    words = _words()
    return max((k for k in range(2, min(len(text), _MAX_WORD) + 1) if text[-k:] in words), default=0)


def _longest_word_across(text: str, cut: int) -> int:
    """Length of the longest word-list word in ``text`` that starts before ``cut`` and ends after it."""
    words = _words()
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
    words = _words()
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
    text = _ZW_RE.sub("", text)
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
    text = reorder_vowels(text)  # NIKHAHIT + tone + SARA AA -> tone + SARA AM
    text = text.replace("\u0e33\u0e32", "\u0e33")  # "ประจำาเดือน" (LibreOffice shaping)
    text = text.replace("\u0e40\u0e40", "\u0e41")  # two SARA E typed for SARA AE
    text = _DUP_MARK_RE.sub(r"\1", text)
    return text


def normalize(text: str) -> str:
    """Normalised text for matching: repaired Thai, Arabic digits, single spaces.

    Line breaks are kept (one per line) so that "heading followed by ไม่มี" can be seen.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = remove_zw(clean_pdf_thai(text))
    text = thai_digit_to_arabic_digit(text)
    text = _HSPACE_RE.sub(" ", text)
    text = _NEWLINES_RE.sub("\n", text)
    return text.strip()


_KEY_DROP_RE = re.compile(rf"{_MARK_CLASS}|[^\u0e01-\u0e5b0-9a-z]")


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


def contains(haystack_norm: str, needle: str, haystack_key: str | None = None) -> str | None:
    """Return "exact" or "fuzzy" when ``needle`` occurs in the normalised text, else None.

    Whitespace differences never matter: both sides are compared without spaces too.
    """
    n = normalize(needle)
    if not n:
        return None
    if n in haystack_norm:
        return "exact"
    if n.replace(" ", "") in haystack_norm.replace(" ", "").replace("\n", ""):
        return "exact"
    key = haystack_key if haystack_key is not None else match_key(haystack_norm)
    nk = match_key(n)
    if nk and nk in key:
        return "fuzzy"
    return None


# ---------------------------------------------------------------- calendar


@functools.cache
def calendar() -> dict:
    with open(COMMON_DIR / "calendar.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class MonthRef:
    """A month mentioned in text, with its Buddhist-era year when one is written."""

    month: int
    year: int | None  # BE
    day: int | None
    start: int
    end: int
    text: str

    @property
    def ym(self) -> str | None:
        return ym(self.year, self.month) if self.year else None


@dataclass(frozen=True)
class YearRef:
    """A year mentioned in text. ``kind`` is fiscal, plain, range or date."""

    year: int  # BE
    kind: str
    start: int
    end: int
    text: str
    end_year: int | None = None  # for ranges ("2561-2565")


def to_be(year: int, two_digit_century: int = 2500) -> int | None:
    """Interpret a written year as a Buddhist-era year, or None if it is not a year."""
    if 2400 <= year <= 2700:
        return year
    if 1900 <= year <= 2157:
        return year + 543
    if 0 <= year <= 99:
        return two_digit_century + year
    return None


def ym(year_be: int, month: int) -> str:
    return f"{year_be:04d}-{month:02d}"


def fiscal_year_of(year_be: int, month: int) -> int:
    """Thai fiscal years run October–September and are named by the year they end in."""
    return year_be + 1 if month >= 10 else year_be


def period_months(fiscal_year: int, period: str = "H1") -> list[tuple[int, int]]:
    """(year BE, month) pairs of a period: H1 = Oct–Mar, FULL = Oct–Sep of the fiscal year."""
    months = [(fiscal_year - 1, m) for m in (10, 11, 12)]
    months += [(fiscal_year, m) for m in range(1, 10)]
    if period == "H1":
        return months[:6]
    if period in ("FULL", "CUR"):
        return months
    raise ValueError(f"unknown period {period!r}")


def month_name(month: int, lang: str = "th", abbr: bool = False) -> str:
    key = "th_abbr" if abbr and lang == "th" else lang
    return calendar()["month_display"][key][month - 1]


def month_label(ym_text: str, lang: str = "th") -> str:
    """'2565-03' -> 'มีนาคม 2565' (or 'March 2565 BE')."""
    y, m = (int(x) for x in ym_text.split("-"))
    if lang == "th":
        return f"{month_name(m)} {y}"
    return f"{month_name(m, 'en')} {y} BE"


def _alts(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def _month_patterns() -> tuple[re.Pattern, dict[str, int]]:
    cal = calendar()
    lookup: dict[str, int] = {}
    safe: list[str] = []  # full names and dotted abbreviations: safe anywhere
    bare: list[str] = []  # undotted abbreviations: only next to digits ("18ธค66")
    for m, names in cal["months"].items():
        for name in names:
            lookup[name] = int(m)
            full = len(name) >= 5 and "." not in name
            (safe if "." in name or full else bare).append(name)
    for m, names in cal["months_en"].items():
        for name in names:
            lookup[name] = int(m)
    era = _alts(cal["era_markers"])
    en = _alts([n for names in cal["months_en"].values() for n in names])
    year = r"(?P<year>\d{4}|\d{2})(?!\d)"
    pat = re.compile(
        rf"(?:(?P<day>\d{{1,2}})\s*(?:(?:{_alts(cal['month_words'])})\s*)?)?"
        rf"(?:(?P<m>{_alts(safe)})|(?<=\d)(?P<mb>{_alts(bare)})|(?P<mb2>{_alts(bare)})(?=\d)"
        rf"|\b(?P<me>{en})\b)"
        rf"(?:\s*(?P<day2>\d{{1,2}})\s*,)?"  # "มกราคม 12, 2021" (US order)
        rf"(?:\s*,?\s*(?:(?:{era})\s*)?{year})?",
        re.IGNORECASE,
    )
    return pat, lookup


def find_month_refs(norm_text: str) -> list[MonthRef]:
    """All month mentions, e.g. "ประจำเดือนมีนาคม 2565", "26 ต.ค. 64", "18ธค66", "March 2022"."""
    pat, lookup = _month_patterns()
    refs = []
    for mt in pat.finditer(norm_text):
        name = mt.group("m") or mt.group("mb") or mt.group("mb2") or mt.group("me")
        month = lookup.get(name) or lookup.get(name.lower())
        if not month:
            continue
        year = int(mt.group("year")) if mt.group("year") else None
        year_be = to_be(year) if year is not None else None
        day_text = mt.group("day") or mt.group("day2")
        day = int(day_text) if day_text else None
        if day is not None and not 1 <= day <= 31:
            day = None
        refs.append(MonthRef(month, year_be, day, mt.start(), mt.end(), mt.group(0)))
    return refs


_NUM_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})")


def find_dates(norm_text: str) -> list[MonthRef]:
    """Month references with a year, including numeric dates (dd/mm/yyyy BE or CE, ISO)."""
    refs = [r for r in find_month_refs(norm_text) if r.year]
    for mt in _NUM_DATE_RE.finditer(norm_text):
        d, m, y = int(mt.group(1)), int(mt.group(2)), int(mt.group(3))
        yb = to_be(y)
        if 1 <= m <= 12 and 1 <= d <= 31 and yb:
            refs.append(MonthRef(m, yb, d, mt.start(), mt.end(), mt.group(0)))
    for mt in _ISO_DATE_RE.finditer(norm_text):
        y, m, d = int(mt.group(1)), int(mt.group(2)), int(mt.group(3))
        yb = to_be(y)
        if 1 <= m <= 12 and 1 <= d <= 31 and yb and y < 2400:
            refs.append(MonthRef(m, yb, d, mt.start(), mt.end(), mt.group(0)))
    return sorted(refs, key=lambda r: r.start)


@functools.cache
def _year_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    cal = calendar()
    fiscal = _alts(cal["fiscal_year_markers"])
    plain = _alts(cal["year_markers"])
    y = r"(\d{4}|\d{2})(?!\d)"
    fiscal_re = re.compile(rf"(?:{fiscal})\s*(?:พ\.?\s*ศ\.?\s*)?{y}")
    plain_re = re.compile(rf"(?:{plain})\s*(?:พ\.?\s*ศ\.?\s*)?{y}")
    range_re = re.compile(
        r"(?<!\d)(25\d\d|20\d\d)\s*(?:-|–|—|ถึง|ถึงปี|to)\s*(?:พ\.?\s*ศ\.?\s*)?(25\d\d|20\d\d|\d\d)(?!\d)"
    )
    return fiscal_re, plain_re, range_re


def find_years(norm_text: str) -> list[YearRef]:
    """Years written with a marker: fiscal ("ปีงบประมาณ 2565"), plain ("ประจำปี 2564"), ranges."""
    fiscal_re, plain_re, range_re = _year_patterns()
    out: list[YearRef] = []
    taken: list[tuple[int, int]] = []
    for mt in range_re.finditer(norm_text):
        a = to_be(int(mt.group(1)))
        b_raw = int(mt.group(2))
        b = to_be(b_raw) if b_raw >= 100 else (a // 100) * 100 + b_raw if a else None
        if a and b and 0 < b - a <= 20:
            out.append(YearRef(a, "range", mt.start(), mt.end(), mt.group(0), end_year=b))
            taken.append((mt.start(), mt.end()))
    for kind, rx in (("fiscal", fiscal_re), ("plain", plain_re)):
        for mt in rx.finditer(norm_text):
            if any(s <= mt.start(1) < e for s, e in taken):
                continue
            yb = to_be(int(mt.group(1)))
            if yb and yb >= 2540:
                out.append(YearRef(yb, kind, mt.start(), mt.end(), mt.group(0)))
                taken.append((mt.start(), mt.end()))
    return sorted(out, key=lambda r: r.start)


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits, for officer-facing output that asks for them."""
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def thai_share(text: str) -> float:
    """Share of letters that are Thai: a cheap signal that a decode went wrong."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0e01" <= c <= "\u0e5b") / len(letters)


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


def count_thai(text: str) -> int:
    """Number of Thai letters (consonants and vowels, not marks or digits) in ``text``."""
    return sum(1 for c in text if "\u0e01" <= c <= "\u0e30" or "\u0e32" <= c <= "\u0e33" or "\u0e40" <= c <= "\u0e45")
