"""Check kind ``period``: the document is about the fiscal year the item asks for.

The year comes from its title, headings and opening lines, else the links to it, else its
text, else its dates (Thai digits and 2-digit BE years understood; a multi-year range
counts when it covers the year). ``period`` defaults to the rule's own period: CUR and H1
ask for the checked fiscal year, PREV for the year before. Examples are judged with the
ita-2565 profile (fiscal year 2565).

PASS::

    locate: {terms: [รายงานผลการดำเนินงาน]}
    checks:
      - {kind: period, period: PREV}
    documents:
      - {url: "https://www.tambon-test.go.th/report.pdf", kind: pdf,
         link_texts: [รายงานผลการดำเนินงาน], text: "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๔"}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [รายงานผลการดำเนินงาน]}
    checks:
      - {kind: period, period: PREV}
    documents:
      - {url: "https://www.tambon-test.go.th/report.pdf", kind: pdf,
         link_texts: [รายงานผลการดำเนินงาน], text: "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2562"}
    expect: {verdict: fail, findings: [wrong_period]}
"""

from __future__ import annotations

import functools
import re

from oit_checker import thai, vocabulary
from oit_checker.checks.base import CONFIDENCE, CheckKind, Context, Outcome, Scope, evidence, finding, snippet_at
from oit_checker.checks.findings import FindingKind, message_key
from oit_checker.i18n import t
from oit_checker.locate import View

SCHEMA = {"properties": {"kind": True, "period": {"$ref": "#/$defs/period"},
                         "allow_missing_year": {"type": "boolean"}, "by_date": {"type": "boolean"},
                         "day_or_month": {"type": "boolean"}, "or_year_before": {"type": "boolean"},
                         "span": {"type": "boolean"},
                         "confidence": CONFIDENCE},
          "additionalProperties": False}
VARIANTS = {"PREV": "wrong_period_prev", "H1": "wrong_period_h1"}  # message wording by period
OR_BEFORE = "wrong_period_or_before"  # ``or_year_before``: the year asked for or the one before is accepted


def expected_years(period: str, fy: int) -> list[int]:
    if period == "PREV":
        return [fy - 1]
    if period in ("CUR", "H1"):
        return [fy]
    return []


def _years(text: str, ranges: bool = True) -> list[int]:
    """Years the text names; a multi-year range ("พ.ศ. 2561-2565") counts for every year it covers while
    ``ranges``."""
    out: list[int] = []
    for y in thai.find_years(text):
        if y.kind == "range" and y.end_year:
            if ranges:
                out.extend(range(y.year, y.end_year + 1))
        else:
            out.append(y.year)
    return out


HEADING_LINES = 4  # the title and the first lines of a document, where it declares its own fiscal year
HEADING_CHARS = 120  # longer lines are prose ("…ตั้งแต่ปีงบประมาณ พ.ศ.2563 เป็นต้นไป"), not a heading


def _declares_fiscal_year(text: str) -> bool:
    """A heading line (short, among the first lines) names one fiscal year ("ประจำปีงบประมาณ พ.ศ.2564"): the
    document is that year's, and a plan period it also names ("แผนพัฒนาท้องถิ่น (พ.ศ. 2561 – 2565)", the report
    of that plan) is the plan's span, not the document's years."""
    lines = [ln for ln in text.split("\n") if ln.strip()][:HEADING_LINES]
    return any(y.kind == "fiscal" for ln in lines if len(ln.strip()) <= HEADING_CHARS for y in thai.find_years(ln))


CITATION_SPAN = 160  # characters from a law's name to its "พ.ศ. NNNN"
NATIONAL_SPAN = 30  # characters from a national plan's name to its span ("ยุทธศาสตร์ชาติ ระยะ 20 ปี (พ.ศ. 2561")
# a cited year may be a span: "(พ.ศ. 2561 – 2580)", "พ.ศ.2560-64"; its end is the cited plan's too
_CITED_YEAR = r"พ\.?\s*ศ\.?\s*\d{4}(?:\s*[-–]\s*(?:พ\.?\s*ศ\.?\s*)?\d{2,4}(?!\d))?"


@functools.cache
def _citation_re() -> re.Pattern:
    """A cited law's year, or the span of a cited national plan (``vocabulary.national_plan_terms``: every agency's
    plan places itself under the 20-year national strategy "(พ.ศ. 2561 – 2580)"; that span is not the plan's)."""
    common = vocabulary.common()

    def alts(key: str) -> str:
        return "|".join(re.escape(thai.normalize(t)) for t in sorted(common.get(key) or [], key=len, reverse=True))

    laws = rf"(?:{alts('law_citation_terms')})[^\n]{{0,{CITATION_SPAN}}}?{_CITED_YEAR}"
    national = alts("national_plan_terms")
    if national:
        return re.compile(rf"(?:{national})[^\n]{{0,{NATIONAL_SPAN}}}?{_CITED_YEAR}|{laws}")
    return re.compile(laws)


STAMP_SPAN = 3  # characters (spaces, a colon) between a site-stamp label and its date


@functools.cache
def _stamp_labels() -> tuple[str, ...]:
    return tuple(thai.normalize(t) for t in vocabulary.common().get("site_stamp_labels", []) if t)


@functools.cache
def _clock_weekdays() -> tuple[str, ...]:
    return tuple(t.lower() for t in vocabulary.common().get("site_clock_weekdays", []) if t)


def _on_clock_line(text: str, start: int, end: int) -> bool:
    """The date is the whole of its line after a weekday name ("Wednesday, 28 September 2022", "Sunday, June 24,
    2018"): the site template's today's-date line, not a post's date ("Published: …" says whose date it is)."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    before, after = text[a:start].strip(" ,\t").lower(), text[end:b].strip(" ,.\t")
    return not after and before in _clock_weekdays()


def without_site_stamps(text: str) -> str:
    """The text without the dates of the site's own stamps ("เปิดเว็บไซต์ 15/03/2018", "ปรับปรุง 19/05/2022" of a
    visitor-statistics box, ``vocabulary.site_stamp_labels``) nor the template's today's-date line ("Wednesday, 28
    September 2022" over every page, ``vocabulary.site_clock_weekdays``): the site's dates, not the document's."""
    if text and _clock_weekdays():
        for d in reversed(thai.find_dates(text)):
            if _on_clock_line(text, d.start, d.end):
                text = text[:d.start] + " " * (d.end - d.start) + text[d.end:]
    labels = _stamp_labels()
    if not text or not any(lb in text for lb in labels):
        return text
    for d in reversed(thai.find_dates(text)):
        before = text[max(0, d.start - len(max(labels, key=len)) - STAMP_SPAN):d.start]
        gap = len(before) - len(before.rstrip(" :\t"))
        if gap <= STAMP_SPAN and any(before.rstrip(" :\t").endswith(lb) for lb in labels):
            text = text[:d.start] + " " * (d.end - d.start) + text[d.end:]
    return text


def without_citations(text: str) -> str:
    """The text without the years of the laws it cites ("ตามระเบียบ… พ.ศ. 2560" is not the document's year), nor
    the dates of the site's own stamps (``without_site_stamps``)."""
    if not text:
        return text
    return without_site_stamps(_citation_re().sub(lambda m: " " * len(m.group(0)), text))


def _dated_years(text: str, by_date: bool = False) -> list[int]:
    """Fiscal years of the full dates in the text (9 ธันวาคม 2564 → 2565; CE and numeric dates too). ``by_date`` (an
    activity post): with no full date, the days dated by the one event year the text names ("ในวันที่ 8 พฤศจิกายน" of
    "งานประเพณีลอยกระทง ประจำปี 2565" → FY 2566, ``thai.days_in_named_year``)."""
    dates = thai.find_dates(text)
    if by_date and not any(d.day for d in dates):
        dates = dates + thai.days_in_named_year(text)
    return [thai.fiscal_year_of(d.year, d.month) for d in dates if d.year and d.month]


_BARE_BE = re.compile(r"(?<![\d,.])(25[4-9]\d)(?![\d,.])")


def _title_years(view: View) -> list[int]:
    """Bare Buddhist-era years in the title or first line ("แผนดำเนินงาน 2561"); never amounts ("2,561")
    or scores ("90.34")."""
    body = view.page_norms[0][1] if view.page_norms else ""
    first = next((ln for ln in body.split("\n") if ln.strip()), "")
    text = without_citations("\n".join([view.title, first]))
    for y in thai.find_years(text):  # a range's ends ("พ.ศ.2561 - 2565") are a plan period, not two bare years
        if y.kind == "range":
            text = text[:y.start] + " " * (y.end - y.start) + text[y.end:]
    return [int(m.group(1)) for m in _BARE_BE.finditer(text)]


FISCAL_SPAN = 20  # characters between a fiscal-year marker (rules/common/calendar.yaml) and the year


def fiscal_singles(text: str) -> list[int]:
    """Single years written as fiscal years ("ประจำปีงบประมาณ พ.ศ. 2565"), not calendar ones."""
    markers = thai.calendar()["fiscal_year_markers"]
    return [y.year for y in thai.find_years(text) if y.kind != "range" and (
        y.kind == "fiscal" or any(w in text[max(0, y.start - FISCAL_SPAN):y.start] for w in markers))]


HEAD_AREA = 600  # characters of the text's start read as its heading area


def _head_area(view: View) -> str:
    """The text's first ``HEAD_AREA`` characters, ending at a word's end: a cut inside "4 มิถุนายน 2563" left
    "4 มิถุนายน 25", read as the year 2525 (a university's news, session 18)."""
    head = view.head
    if len(head) <= HEAD_AREA:
        return head
    m = _WORD_END.search(head, HEAD_AREA)
    return head[:m.start()] if m else head


_WORD_END = re.compile(r"\s")
# A line of three or more years and nothing else ("ปี2562 ปี2563 ปี2564 ปี2565", "2564 | 2565 | 2566"): an archive's or
# an ITA index's year tabs, which choose a year to show; none of them is the page's own (a hospital's ITA index,
# session 18)
_YEAR_TABS = re.compile(r"(?m)^[ \t]*(?:(?:ปีงบประมาณ|ปี|พ\.ศ\.)?[ \t]*(?:25|20)\d\d[ \t|/,>-]*){3,}$")


def view_years(view: View, by_date: bool = False) -> tuple[list[int], str]:
    """Years a document is about, from its most telling place: own heading area, links, text, dates.

    Cited laws' years are ignored; a post dated in its heading area counts for the fiscal year of
    its date (an activity on 9 ธันวาคม 2564 belongs to fiscal year 2565), and then a plan period
    it mentions ("แผนพัฒนา 2566-2570") does not make it a document of every year of the range.
    ``by_date`` (an activity item): a dated post's other years count only when written as fiscal years —
    "สมัยที่ ๔ ประจำปี พ.ศ. ๒๕๖๕" on a post of 26 ธันวาคม 2565 is a calendar year, the activity is FY 2566 —
    and a multi-year range never counts: an activity happens on a day, and a post naming only the plan period
    "พ.ศ. 2561 - 2565" (explaining the village forum, announcing a plan's adoption) shows no activity of 2565."""
    tiers = (("title", "\n".join([view.title, view.headings, _head_area(view)])),
             ("link", view.links), ("text", view.content[:20000]))
    for where, text in tiers:
        text = _YEAR_TABS.sub("", without_citations(text))
        ys = _years(text, ranges=not by_date and not (where == "title" and _declares_fiscal_year(text)))
        if where == "title":
            dated = _dated_years(text, by_date)
            if dated:
                # a plan's or report's own title year counts beside the dates in its opening (a school's plan
                # "แผนปฏิบัติการ ปีการศึกษา 2565" whose first page schedules an activity in "มี.ค. ๖๖"), whether or
                # not a marker precedes it: the dates there are its activities', not the document's
                singles = (fiscal_singles(text) if by_date
                           else [y.year for y in thai.find_years(text) if y.kind != "range"] + _title_years(view))
                return sorted(set(dated + singles)), "dates"
        if ys:
            return ys, where
        if where == "title" and _title_years(view):
            return _title_years(view), "title"
    ys = _dated_years(without_citations(view.content[:20000]), by_date)
    return ys, "dates"


def heading_span(view: View, want: list[int]) -> str | None:
    """A multi-year span in the document's heading area that covers a year of ``want`` ("นโยบายและยุทธศาสตร์ พ.ศ.
    2563 - 2580", "แผนกลยุทธ์ 2023-2027"): a plan's period is its span, whatever date its page was published on."""
    text = without_citations("\n".join([view.title, view.headings, _head_area(view)]))
    for y in thai.find_years(text):
        if y.kind == "range" and y.end_year and y.end_year > y.year:
            if any(y.year <= w <= y.end_year for w in want):
                return text[y.start:y.end]
    return None


def _titled_by_fiscal_year_only(view: View) -> bool:
    """(``day_or_month``: news, which tells of a day; a yearly page of activities "… ประจำปีงบประมาณ 2565" is O33's or
    O38's own form.) A page that names no day and no month at all, and whose every year is written as a fiscal
    year ("ประชาสัมพันธ์งบประมาณรายจ่าย ประจำปีงบประมาณ พ.ศ.๒๕๖๑", a document list's entry): it tells of no
    activity on a day; the year is a document's (a budget, a plan), not the date of news. A post that says when
    ("ในห้วงเดือนสิงหาคม", "24 เมษายน") or names its event's year ("วันเทศบาล ประจำปี 2564") is not this."""
    text = without_citations("\n".join([view.title, view.headings, view.content[:20000]]))
    if thai.find_month_refs(text) or thai.find_dates(text):
        return False
    years = [y for y in thai.find_years(text) if y.kind != "range"]
    return bool(years) and set(fiscal_singles(text)) >= {y.year for y in years}


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    period = cfg.get("period") or ctx.rule.period
    want = expected_years(period, ctx.fy)
    if not want:
        return Outcome(True)
    if cfg.get("or_year_before"):  # a low-confidence period: the year asked for or the one before (CUR or PREV)
        want = want + [want[0] - 1]
    if cfg.get("span") and (span := heading_span(view, want)):  # a plan: its span covers the year
        return Outcome(True, [], [evidence(view, snippet_at(view.content, span))])
    years, where = view_years(view, by_date=bool(cfg.get("by_date")))
    if cfg.get("day_or_month") and years and _titled_by_fiscal_year_only(view):
        years = []  # no day or month of anything: a document's entry, not a dated activity
    if any(y in want for y in years):
        hit = next(y for y in years if y in want)
        return Outcome(True, [], [evidence(view, snippet_at(view.content, str(hit)))])
    if not years:
        if cfg.get("allow_missing_year"):
            return Outcome(True)
        return Outcome(False, [finding(FindingKind.WRONG_PERIOD, ctx, view, variant="no_year",
                                       found=None, expected=want[0])])
    found = max(years)
    extra = {"or_before": True} if cfg.get("or_year_before") else {}
    variant = OR_BEFORE if extra else VARIANTS.get(period)
    return Outcome(False, [finding(FindingKind.WRONG_PERIOD, ctx, view, snippet=snippet_at(view.content, str(found)),
                                   variant=variant, found=found, expected=want[0], **extra)])


def reword(f: dict, lang: str) -> str:
    """Without the period in the finding, the general wording (or "no year" when none was found)."""
    if "found" in f and f["found"] is None:
        return t(message_key(f["kind"], "no_year"), lang, expected=f.get("expected", "?"))
    variant = OR_BEFORE if f.get("or_before") else None
    return t(message_key(f["kind"], variant), lang, found=f.get("found", "?"), expected=f.get("expected", "?"))


KIND = CheckKind(
    name="period", scope=Scope.DOCUMENT, check=check, schema=SCHEMA,
    findings=(FindingKind.WRONG_PERIOD,), finding_fields=("found", "expected"), reword=reword,
    passes_when="the year it is about (from its title/headings/opening lines, else the links to it, else its "
                "text, else its dates; Thai digits and 2-digit BE years understood; multi-year ranges count if "
                "they cover the year; never a cited law's year, a cited national plan's span nor a date of the "
                "site's own stamp: vocabulary.law_citation_terms, vocabulary.national_plan_terms, "
                "vocabulary.site_stamp_labels, vocabulary.site_clock_weekdays) is CUR/PREV/H1's fiscal year "
                "(or the year before it with or_year_before); with "
                "span, a multi-year span in its heading area covering the year passes first (a plan's period, not "
                "the date its page was published); with day_or_month (news), a page naming no day and no month "
                "whose only years are fiscal years (a document list's entry) states no year")


def dated_by_day(rule) -> bool:
    """An activity item: its evidence is a post dated by the day it tells of (this kind with ``by_date``). Asked by
    the verdict, which knows no check kind by name."""
    return any(c.get("kind") == KIND.name and c.get("by_date") for c in rule.checks)


def years_off(findings: list[dict]) -> int:
    """How many years a document failing its period is from the assessed one (0 when it names none: saying its year
    may be all it lacks). Among documents failing alike, the latest speaks for the item: a village forum of FY 2565
    rather than one of 2563 beside it (session 20, generator seed 15300, ita-2566 O30)."""
    return sum(abs(f["expected"] - f["found"]) for f in findings
               if f.get("kind") == FindingKind.WRONG_PERIOD and isinstance(f.get("found"), int)
               and isinstance(f.get("expected"), int))
