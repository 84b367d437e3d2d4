"""Calendar and fiscal periods: Buddhist-era years, month names, dates and years found in Thai text.

Month names and year markers live in ``rules/common/calendar.yaml``; Thai fiscal years run
October–September and are named by the year they end in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from oit_checker.paths import COMMON_DIR


@functools.cache
def calendar() -> dict:
    """``rules/common/calendar.yaml``: month names, markers and display labels."""
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


def to_be(year: int, two_digit_century: int = 2500, ce: bool = False) -> int | None:
    """Interpret a written year as a Buddhist-era year, or None if it is not a year.

    ``ce``: the year carries a Christian-era marker ("ค.ศ. 22" is 2022 = BE 2565)."""
    if ce and 0 <= year <= 99:
        return 2000 + year + 543
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


def period_span(fiscal_year: int, period: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """First and last (year BE, month) a rule's period covers for ``fiscal_year``; None for LIVE/none."""
    if period == "PREV":
        fiscal_year, period = fiscal_year - 1, "CUR"
    if period not in ("CUR", "H1"):
        return None
    months = period_months(fiscal_year, period)
    return months[0], months[-1]


def period_label(fiscal_year: int, period: str, lang: str = "th") -> str:
    """'ต.ค. 2568 – มี.ค. 2569' (H1 of 2569), 'Oct 2567 – Sep 2568 BE' (PREV of 2569 in English); '' for LIVE/none."""
    span = period_span(fiscal_year, period)
    if not span:
        return ""
    (y1, m1), (y2, m2) = span
    if lang == "th":
        return f"{month_name(m1, 'th', abbr=True)} {y1} – {month_name(m2, 'th', abbr=True)} {y2}"
    return f"{month_name(m1, 'en')[:3]} {y1} – {month_name(m2, 'en')[:3]} {y2} BE"


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
    ce_era = _alts(cal.get("ce_era_markers", []) or ["ค.ศ."])
    en = _alts([n for names in cal["months_en"].values() for n in names])
    year = r"(?P<year>\d{4}|\d{2})(?!\d)"
    pat = re.compile(
        # a day is a number of its own: in a monthly table "…ตุลาคม 2566 1,122 / พฤศจิกายน 2566 …" the count that ends
        # the row before ("1,122", "1122", "3.25") is no day of the next row's month (session 21)
        rf"(?:(?<![\d,])(?<!\d\.)(?P<day>\d{{1,2}})\s*(?:(?:{_alts(cal['month_words'])})\s*)?)?"
        rf"(?:(?P<m>{_alts(safe)})|(?<=\d)(?P<mb>{_alts(bare)})|(?P<mb2>{_alts(bare)})(?=\d)"
        rf"|\b(?P<me>{en})\b)"
        # "มกราคม 12, 2021" (US order); without the comma only before a four-digit year: a JavaScript or server
        # stamp "Mon Mar 27 2023 00:00:00 GMT+0000" is 27 March 2023, not March of "27"
        rf"(?:\s*(?P<day2>3[01]|[12]\d|0?[1-9])(?:\s*,|(?=\s+\d{{4}}(?!\d))))?"
        rf"(?:\s*,?\s*(?:(?P<ce>{ce_era})\s*|(?:{era})\s*)?{year}"
        # a spreadsheet's month cell printed "mmm-yy" ("ม.ค.-53", "ต.ค.-64"): the year joined by a hyphen, no space
        # (with spaces, "มกราคม - 12 ราย" is a count)
        rf"|-(?P<yh>\d{{4}}|\d{{2}})(?![\d.,]))?",
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
        year_text = mt.group("year") or mt.group("yh")
        year = int(year_text) if year_text else None
        year_be = to_be(year, ce=bool(mt.group("ce"))) if year is not None else None
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


_CE_ERA = re.compile(r"ค\.?\s*ศ")


@functools.cache
def _year_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    cal = calendar()
    fiscal = _alts(cal["fiscal_year_markers"])
    plain = _alts(cal["year_markers"])
    y = r"(\d{4}|\d{2})(?!\d)"
    # OCR puts a stray vowel or tone mark on the era's ศ ("พ.ศี. 2565", Tesseract tha on scans);
    # a Christian-era year ("ปีงบประมาณ ค.ศ. 2025") is read as its Buddhist-era year
    era = r"(?:(?:พ\.?\s*ศ[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]?\.?|ค\.?\s*ศ\.?)\s*)?"
    fiscal_re = re.compile(rf"(?:{fiscal})\s*{era}{y}")
    plain_re = re.compile(rf"(?:{plain})\s*{era}{y}")
    range_re = re.compile(
        r"(?<!\d)(25\d\d|20\d\d)\s*(?:-|–|—|/|ถึง|ถึงปี|to)\s*(?:[พค]\.?\s*ศ\.?\s*)?(25\d\d|20\d\d|\d\d)(?!\d)"
    )
    return fiscal_re, plain_re, range_re


# a span whose dash the PDF text lost ("พ.ศ. ๒๕๕๖ ๒๕๕๘": legacy-font plans on document-sharing copies): two BE years
# side by side after the era, the second the later — only after the era, so a table's bare columns stay years
_BARE_RANGE_RE = re.compile(r"พ\.?\s*ศ\.?\s*(25\d\d)[ \t\u00a0]+(25\d\d)(?![\d/.:])")


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
    for mt in _BARE_RANGE_RE.finditer(norm_text):
        a, b = int(mt.group(1)), int(mt.group(2))
        if 0 < b - a <= 20 and not any(s <= mt.start(1) < e for s, e in taken):
            out.append(YearRef(a, "range", mt.start(1), mt.end(), mt.group(0), end_year=b))
            taken.append((mt.start(1), mt.end()))
    for kind, rx in (("fiscal", fiscal_re), ("plain", plain_re)):
        for mt in rx.finditer(norm_text):
            if any(s <= mt.start(1) < e for s, e in taken):
                continue
            yb = to_be(int(mt.group(1)), ce=_CE_ERA.search(mt.group(0)[:mt.start(1) - mt.start()]) is not None)
            if yb and yb >= 2540:
                out.append(YearRef(yb, kind, mt.start(), mt.end(), mt.group(0)))
                taken.append((mt.start(), mt.end()))
    return sorted(out, key=lambda r: r.start)



# a bare Buddhist-era year ("วันต้นไม้ประจำปีแห่งชาติ 2565"): never an amount ("2,565"), a decimal, a numeric date's
# part, nor a group of a phone number ("0 2565 4321")
_BARE_YEAR = re.compile(r"(?<![\d,./-])(?<!\d\s)(25[4-9]\d)(?![\d,./-])(?!\s\d)")


def days_in_named_year(norm_text: str) -> list[MonthRef]:
    """A post dated only by the event it reports: days written without a year ("วันที่ ๒๔ เมษายน ของทุกปี",
    "ในวันที่ 8 พฤศจิกายน") in a text that has no full date and names one year only — the annual event's
    ("วันเทศบาล ประจำปี 2564", "งานประเพณีลอยกระทง ประจำปี 2565") — are that year's days. A fiscal year named so
    ("ประจำปีงบประมาณ 2565") places October–December in the calendar year before it. Nothing is completed when the
    text has a full date (the post's own date says when), no day, or several years (which one is the event's?)."""
    if any(d.day for d in find_dates(norm_text)):
        return []
    days = [r for r in find_month_refs(norm_text) if r.day and not r.year]
    if not days:
        return []
    named = find_years(norm_text)
    if any(y.kind == "range" for y in named):  # a plan period: not one event's year
        return []
    bare = [int(m.group(1)) for m in _BARE_YEAR.finditer(norm_text)]
    years = {y.year for y in named} | set(bare)
    if len(years) != 1:
        return []
    (year,) = years
    fiscal = any(y.kind == "fiscal" for y in named)
    return [MonthRef(r.month, year - 1 if fiscal and r.month >= 10 else year, r.day, r.start, r.end, r.text)
            for r in days]
