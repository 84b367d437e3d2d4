"""Check kind ``months``: every month of the period has its own summary, across the item's documents.

One PDF per month or one document with a section per month; a month that says there was
nothing ("ไม่มีการจัดซื้อจัดจ้าง") counts; contract dates ("5 มี.ค. 65") and post dates before a
title in a list ("18 มี.ค. 2565 สรุปผล…") do not name a month. A spreadsheet with a sheet per
month names each month by its sheet ("ต.ค. 64", "พฤศจิกายน 2564", "ธ.ค.๖๔"): a sheet with anything in
it — contracts, or "ไม่มีการจัดซื้อจัดจ้าง" — reports its month. H1 is ต.ค.–มี.ค. of the fiscal year
(ita-2565 in the examples: Oct 2564 – Mar 2565).

PASS::

    locate: {terms: [สรุปผลการจัดซื้อจัดจ้าง]}
    checks:
      - {kind: months, period: H1, subject: {th: สรุปผลการจัดซื้อจัดจ้างรายเดือน, en: monthly procurement summary}}
    documents:
      - {url: "https://www.tambon-test.go.th/sor.pdf", kind: pdf, link_texts: [สรุปผลการจัดซื้อจัดจ้าง],
         text: "ประจำเดือน ตุลาคม 2564\\nประจำเดือน พฤศจิกายน 2564\\nประจำเดือน ธันวาคม 2564\\n
                ประจำเดือน มกราคม 2565\\nประจำเดือน กุมภาพันธ์ 2565\\nประจำเดือน มีนาคม 2565 ไม่มีการจัดซื้อจัดจ้าง"}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [สรุปผลการจัดซื้อจัดจ้าง]}
    checks:
      - {kind: months, period: H1, subject: {th: สรุปผลการจัดซื้อจัดจ้างรายเดือน, en: monthly procurement summary}}
    documents:
      - {url: "https://www.tambon-test.go.th/sor.pdf", kind: pdf, link_texts: [สรุปผลการจัดซื้อจัดจ้าง],
         text: "ประจำเดือน ตุลาคม 2564\\nประจำเดือน พฤศจิกายน 2564\\nจัดซื้อวัสดุ 5 มี.ค. 65"}
    expect: {verdict: fail, findings: [missing_months]}
"""

from __future__ import annotations

from oit_checker import thai
from oit_checker.checks.base import CONFIDENCE, CheckKind, Context, ItemViews, Outcome, Scope, evidence, finding
from oit_checker.checks.findings import FindingKind, message_key, text_of
from oit_checker.checks.period import fiscal_singles, view_years
from oit_checker.i18n import t
from oit_checker.locate import View

SHEET_KINDS = ("xlsx", "xls", "ods", "csv")  # documents whose page labels are sheet names

SCHEMA = {"properties": {"kind": True, "period": {"enum": ["H1", "CUR"]}, "subject": {"$ref": "#/$defs/text"},
                         "none_phrases": {"$ref": "#/$defs/terms"}, "confidence": CONFIDENCE},
          "additionalProperties": False}


CALENDAR_RUN = 10  # an undated run of months from January reaching October or later is a calendar year's


def calendar_order(view: View) -> bool:
    """The document's undated months run from January on past September, in order ("เดือน ม.ค. ก.พ. มี.ค. … ต.ค.
    พ.ย. ธ.ค. รวม": a hospital's monthly table of the calendar year พ.ศ.2555), and it names no fiscal year: its October
    to December are the same calendar year's, not the first quarter of the fiscal year that ends in September."""
    run: list[int] = []
    for _, norm, _ in view.pages:
        for ref in thai.find_month_refs(norm):
            if ref.day is not None or ref.year is not None:
                continue
            if run and ref.month <= run[-1]:
                break
            run.append(ref.month)
        else:
            continue
        break
    if not run or run[0] != 1 or run[-1] < CALENDAR_RUN:
        return False
    text = "\n".join([view.title, view.headings, view.content[:20000]])
    return not any(y.kind == "fiscal" for y in thai.find_years(text)) and not fiscal_singles(text)


def view_months(view: View, fy: int) -> set[str]:
    """Months a document reports on: named in its title/links/headings, or undated month headers. A dated
    link text is a list entry's post date, not a month the document reports on. An undated month is of the
    document's year: October to December the year before it (a fiscal year starts in October), unless its months
    run in calendar order (:func:`calendar_order`)."""
    months: set[str] = set()
    years, _ = view_years(view)
    infer = fy in years
    calendar = infer and calendar_order(view)

    def add(ref: thai.MonthRef) -> None:
        year = ref.year
        if year is None and infer:
            year = fy if calendar or ref.month < 10 else fy - 1
        if year:
            months.add(thai.ym(year, ref.month))

    for text in (view.title, view.headings, view.links):
        for ref in thai.find_month_refs(text):
            if ref.day is None:  # "18 มี.ค. 2565 <title>" in a news list is when the post went up
                add(ref)
    if view.doc.kind in SHEET_KINDS:
        for page in view.doc.pages:  # a sheet per month: the sheet's name is its month
            if page.label and page.text.strip():
                for ref in thai.find_month_refs(thai.normalize(page.label)):
                    add(ref)
    for _, norm, _ in view.pages:
        for ref in thai.find_month_refs(norm):
            if ref.day is None:  # "ประจำเดือนมีนาคม 2565", not a contract date "5 มี.ค. 65"
                add(ref)
    return months


def check(cfg: dict, views: list[View], ctx: Context) -> Outcome:
    """Every month of the period has its own summary (or says there was nothing that month)."""
    period = cfg.get("period", "H1")
    wanted = [thai.ym(y, m) for y, m in thai.period_months(ctx.fy, period)]
    covered: dict[str, View] = {}
    for v in views:
        for ym_ in view_months(v, ctx.fy):
            covered.setdefault(ym_, v)
    ev = []
    for ym_ in wanted:
        if ym_ in covered:
            v = covered[ym_]
            ev.append(evidence(v, thai.month_label(ym_, ctx.lang)))
    missing = [m for m in wanted if m not in covered]
    if missing:
        labels = [thai.month_label(m, ctx.lang) for m in missing]
        subject = text_of(cfg.get("subject"), ctx.lang)
        view = views[0] if views else None
        return Outcome(False, [finding(FindingKind.MISSING_MONTHS, ctx, view, months=missing,
                                       msg_kw={"subject": subject, "month_labels": ", ".join(labels)})], ev)
    return Outcome(True, [], ev)


def distance(f: dict) -> int:
    """One step per missing month."""
    return max(1, len(f.get("months") or []))


def _label(ym: object, lang: str) -> str:
    try:
        return thai.month_label(str(ym), lang)
    except (ValueError, IndexError):
        return str(ym)


def reword(f: dict, lang: str) -> str:
    """The subject is the rule's, not in the finding: a general one stands in."""
    labels = ", ".join(_label(m, lang) for m in f.get("months") or [])
    return t(message_key(f["kind"]), lang, subject=t("finding.missing_months_subject", lang), month_labels=labels)


KIND = CheckKind(
    name="months", scope=Scope.ITEM, item_views=ItemViews.POOL, check=check, schema=SCHEMA,
    findings=(FindingKind.MISSING_MONTHS,), finding_fields=("months",), distance=distance, reword=reword,
    passes_when="every month of the period (H1 = ต.ค.–มี.ค.) is named by some candidate document — one PDF per "
                "month or one document with a section per month; a month that says \"ไม่มีการจัดซื้อจัดจ้าง\" "
                "counts; contract dates (\"5 มี.ค. 65\") do not; a spreadsheet sheet named by a month (\"ต.ค. 64\") "
                "with anything in it reports that month")
