"""Check kind ``coverage``: the document covers the whole period, not only its start.

A six-month report (period H1) must cover October to March. A document passes when it says
so ("รอบ 6 เดือน", "ไตรมาสที่ 2", …) or names a month of the fiscal year from March on; it
fails when the months it reports on all end before March ("ต.ค.–ธ.ค." only), or it calls
itself a first-quarter report: said in its title or opening lines ("ไตรมาสที่ 1 (3 เดือน)"), that
outweighs any later month its body names (a project's schedule "กำหนดการ ก.พ. – ส.ค.").
A document that names no month and no coverage says nothing
against the period and passes (the ``period`` check judges its year). A calendar year's table
(January to December, ``months.calendar_order``, or months dated so) holds October to December of
the next fiscal year, not of this one: it misses the first quarter and fails; so does a document
naming no month whose opening states a span of two dates ending before March (a campaign week
"ระหว่างวันที่ 29 ธ.ค. 2564 - 4 ม.ค. 2565"). With
``calendar_year: true`` (statistics, whose criteria ask for monthly, quarterly or six-monthly
figures), a document naming no month, quarter or half-year whose years are all calendar years
("… พ.ศ. 2546", no fiscal-year marker) is a calendar year's totals and fails too. Words are data:
``coverage`` in ``rules/common/calendar.yaml``. Examples are judged with fiscal year 2565.

PASS::

    locate: {terms: [ข้อมูลเชิงสถิติการให้บริการ]}
    checks:
      - {kind: coverage, period: H1}
    documents:
      - {url: "https://www.tambon-test.go.th/stat.pdf", kind: pdf, link_texts: [ข้อมูลเชิงสถิติการให้บริการ],
         text: "ข้อมูลเชิงสถิติการให้บริการ ปีงบประมาณ 2565\\nประจำเดือนตุลาคม 2564 120 ราย\\nประจำเดือนมีนาคม 2565 98 ราย"}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [ข้อมูลเชิงสถิติการให้บริการ]}
    checks:
      - {kind: coverage, period: H1}
    documents:
      - {url: "https://www.tambon-test.go.th/stat.pdf", kind: pdf, link_texts: [ข้อมูลเชิงสถิติการให้บริการ],
         text: "ข้อมูลเชิงสถิติการให้บริการ ปีงบประมาณ 2565\\nประจำเดือนตุลาคม 2564 120 ราย\\nประจำเดือนธันวาคม 2564 98 ราย"}
    expect: {verdict: fail, findings: [short_coverage]}
"""

from __future__ import annotations

import functools
import itertools
import re

from oit_checker import thai
from oit_checker.checks.base import (
    CONFIDENCE,
    CheckKind,
    Context,
    Outcome,
    Scope,
    evidence,
    find_in_view,
    finding,
    snippet_at,
)
from oit_checker.checks.findings import FindingKind, message_key
from oit_checker.checks.months import view_months
from oit_checker.checks.period import fiscal_singles, without_citations
from oit_checker.i18n import t
from oit_checker.locate import View, match_term

SCHEMA = {"properties": {"kind": True, "period": {"enum": ["H1"]}, "calendar_year": {"type": "boolean"},
                         "confidence": CONFIDENCE},
          "additionalProperties": False}
CALENDAR = "short_coverage_calendar_year"  # the finding's wording (locale/findings.yaml) for a calendar year's data


HEAD_CHARS = 600  # the opening lines, where a report states the period it covers


def _first(text: str, terms: list[str]) -> str | None:
    return next((term for term in terms if match_term(text, None, term)), None)


@functools.cache
def _words(period: str) -> dict:
    return thai.calendar().get("coverage", {}).get(period, {})


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    """Covers the period to its last month: says so, or names a month from the last one on."""
    period = cfg.get("period") or ctx.rule.period
    words = _words(period)
    if not words:
        return Outcome(True)  # only H1 has a coverage to check
    area = "\n".join([view.title, view.headings, view.head[:HEAD_CHARS]])
    whole_head = _first(area, words.get("whole", []))
    if whole_head:
        return Outcome(True, [], [evidence(view, snippet_at(area, whole_head))])
    short_head = _first(area, words.get("short", []) + words.get("short_heading", []))
    if short_head:  # it calls itself a quarter's report: the body's other months are not its coverage
        snip = snippet_at(area, short_head)
        return Outcome(False, [finding(FindingKind.SHORT_COVERAGE, ctx, view, snippet=snip, until=short_head,
                                       expected=ctx.fy)])
    said = find_in_view(view, words.get("whole", []))
    if said:
        return Outcome(True, [], [evidence(view, said[2], said[1])])
    end = thai.ym(ctx.fy, int(words["last_month"]))
    start = thai.ym(ctx.fy - 1, 10)
    months = sorted(m for m in view_months(view, ctx.fy) if start <= m)
    first_quarter = [m for m in months if m < thai.ym(ctx.fy, 1)]
    if months and months[-1] > thai.ym(ctx.fy, 9) and not first_quarter:  # January to December of the year
        return Outcome(False, [_calendar_year(view, ctx, months[0])])
    if months and months[-1] >= end:
        return Outcome(True, [], [evidence(view, thai.month_label(months[-1], ctx.lang))])
    short = find_in_view(view, words.get("short", []))
    until = _stated_span_end(area)
    if not months and until is not None and until < end:  # "ระหว่างวันที่ 29 ธ.ค. 2564 - 4 ม.ค. 2565": a week
        label = thai.month_label(until, ctx.lang)
        return Outcome(False, [finding(FindingKind.SHORT_COVERAGE, ctx, view, snippet=label, until=label,
                                       expected=ctx.fy)])
    if not months and not short and cfg.get("calendar_year") and _calendar_totals(view):
        return Outcome(False, [_calendar_year(view, ctx, None)])
    if not (months and months[-1] < end) and not short:
        return Outcome(True)  # nothing says the coverage is shorter
    until = thai.month_label(months[-1], ctx.lang) if months and months[-1] < end else (short[0] if short else "")
    return Outcome(False, [finding(FindingKind.SHORT_COVERAGE, ctx, view, snippet=short[2] if short else until,
                                   page=short[1] if short else None, until=until, expected=ctx.fy)])


@functools.cache
def _span_join() -> re.Pattern:
    """What joins a span's two dates (``span_joins`` in rules/common/calendar.yaml), spaces either side."""
    joins = sorted(thai.calendar().get("span_joins", []), key=len, reverse=True)
    return re.compile(r"\s*(?:" + "|".join(map(re.escape, joins)) + r")\s*")


def _stated_span_end(area: str) -> str | None:
    """The last month ("2565-01") of a span of two full dates its opening says it covers ("ระหว่างวันที่ 29 ธ.ค. 2564
    - 4 ม.ค. 2565", "1 ตุลาคม 2563 ถึง 31 มีนาคม 2564"); None when it states none. A single date is when it was made
    or posted, not what it covers."""
    dates = [d for d in thai.find_dates(area) if d.day and d.year and d.month]
    for a, b in itertools.pairwise(dates):
        if _span_join().fullmatch(area[a.end:b.start]) and thai.ym(b.year, b.month) >= thai.ym(a.year, a.month):
            return thai.ym(b.year, b.month)
    return None


def _calendar_totals(view: View) -> bool:
    """The document names no month at all (not even a date) and every year it names is a calendar year: written
    without a fiscal-year marker ("ผู้ป่วยในทั่วไป พ.ศ. 2546", "รายงานสถิติคดี ประจำปี พ.ศ. 2563")."""
    text = without_citations("\n".join([view.title, view.headings, view.content[:20000]]))
    if thai.find_month_refs(text) or thai.find_dates(text):
        return False
    years = thai.find_years(text)
    return bool(years) and not any(y.kind == "fiscal" for y in years) and not fiscal_singles(text)


def _calendar_year(view: View, ctx: Context, first: str | None) -> dict:
    """The finding of a calendar year's data: it has January to March of the fiscal year, not October to December."""
    label = thai.month_label(first, ctx.lang) if first else ""
    return finding(FindingKind.SHORT_COVERAGE, ctx, view, snippet=label, variant=CALENDAR, reason=CALENDAR,
                   until=label, expected=ctx.fy)


def reword(f: dict, lang: str) -> str:
    return t(message_key(f["kind"]), lang, until=f.get("until", "?"), expected=f.get("expected", "?"))


KIND = CheckKind(
    name="coverage", scope=Scope.DOCUMENT, check=check, schema=SCHEMA,
    findings=(FindingKind.SHORT_COVERAGE,), finding_fields=("until", "expected"), reword=reword,
    passes_when="it covers the period to its end: says so (\"รอบ 6 เดือน\", \"ไตรมาสที่ 2\") or names a month from "
                "March on; a document whose months all end before March, a first-quarter report, a calendar year's "
                "table (January to December, no October to December of the year before), or one naming no month "
                "whose opening states a span of dates ending before March (\"ระหว่างวันที่ 29 ธ.ค. 2564 - 4 ม.ค. "
                "2565\") fails; with calendar_year, so does one naming no month whose years are all calendar years "
                "(no fiscal-year marker)")
