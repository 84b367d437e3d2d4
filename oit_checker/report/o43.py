"""o43.docx: the report on carrying the integrity measures out (O43), in the structure of seed 001.

Per area (IIT, EIT, OIT): the measures (guideline), how they are carried out (steps), the results and
suggestions (blanks the working group fills in, marked in blue). For OIT the scan history speaks: every item
that was a gap when the measures were set (``--measures-from`` result, else the assessors' OIT findings) with
its state in the latest scan — fixed (with the date and the URL), still open, or newly found.
"""

from __future__ import annotations

from pathlib import Path

from oit_checker import measure_library as lib
from oit_checker.report import analysis, plan
from oit_checker.report import docx_blocks as b
from oit_checker.report import docx_thai as dx
from oit_checker.report.context import Report, code_key, fmt_score

INDENT = 12.5
GAP = ("fail", "unreadable")


def _keyer(rep: Report):
    """How items are matched across scans: by code within one round, by concept across rounds (codes move)."""
    base = rep.settings.baseline or {}
    same_round = str((base.get("profile") or {}).get("id") or "") == str(rep.profile.get("id") or "")
    if same_round or base == {}:
        return lambda item: str(item.get("code") or "")
    return lambda item: str(item.get("concept") or item.get("code") or "")


def _url(item: dict) -> str:
    ans = item.get("answer") or {}
    if ans.get("url"):
        return str(ans["url"])
    ev = item.get("evidence") or []
    return str(ev[0].get("url") or "") if ev and isinstance(ev[0], dict) else ""


def oit_progress(rep: Report) -> list[dict]:
    """One entry per OIT item that was or is a gap: code, name, before, now, url, finding."""
    base = rep.settings.baseline
    _key = _keyer(rep)
    now = {_key(it): it for it in rep.items}
    before: dict[str, dict] = {}
    if base is not None:
        before = {_key(it): it for it in base.get("items") or [] if it.get("verdict") in GAP}
    elif rep.settings.official is not None:
        codes = set(plan.official_findings(rep))
        before = {_key(it): it for it in rep.items if it.get("code") in codes}
    out = []
    for key in list(before) + [k for k, it in now.items() if it.get("verdict") in GAP and k not in before]:
        it = now.get(key) or before[key]
        state = it.get("verdict") if key in now else "missing"
        if key in before:
            status = "fixed" if state == "pass" else "open"
        else:
            status = "new"
        fixed_on, url = _fixed_on(rep, _key, key) if status == "fixed" else (rep.date(), "")
        out.append({"code": str(it.get("code", "")), "name": it.get("name") or "", "status": status,
                    "url": url or (_url(it) if status == "fixed" else ""), "item": it, "date": fixed_on,
                    "finding": " ".join(rep.item_findings(it)) if status != "fixed" else "",
                    "override": plan.override_note(rep, it)})
    return sorted(out, key=lambda e: code_key(e["code"]))


def _fixed_on(rep: Report, key_of, key: str) -> tuple[str, str]:
    """The date and URL of the first stored scan since the measures in which the item passed (else the latest)."""
    for result in rep.settings.history[1:]:
        hit = next((it for it in result.get("items") or [] if key_of(it) == key), None)
        if hit is not None and hit.get("verdict") == "pass":
            return _date_of(rep, result), _url(hit)
    return rep.date(), ""


def _date_of(rep: Report, result: dict | None) -> str:
    if not result:
        return "–"
    return Report(result, rep.lang, rep.settings).date()


def _measure_block(doc, rep: Report, row: dict) -> None:
    d, t = rep.digits, rep.t
    b.heading(doc, d(f'({row["theme_no"]}) {row["theme"]}'), space_before=6)
    b.para(doc, d(row["finding"]), first_line_mm=INDENT)
    b.para(doc, t("docs.o43.measure"), bold=True, indent_mm=INDENT)
    b.para(doc, d(row["guideline"]), first_line_mm=INDENT)
    b.para(doc, t("docs.o43.how"), bold=True, indent_mm=INDENT)
    for i, step in enumerate(row["steps"], start=1):
        b.para(doc, d(f"{i}. {step}"), indent_mm=INDENT)
    b.para(doc, d(t("docs.o43.owner_period", owner=row["owner"], period=row["period"])), indent_mm=INDENT)
    b.para(doc, t("docs.o43.results"), bold=True, indent_mm=INDENT)
    b.blank(doc, "1.", row.get("results_hint") or t("docs.o43.results_hint"))
    b.blank(doc, "2.")
    b.para(doc, t("docs.o43.suggestions"), bold=True, indent_mm=INDENT)
    b.blank(doc, "", t("docs.o43.suggestions_hint"))


def write(rep: Report, out: Path) -> Path:
    d, t = rep.digits, rep.t
    official = rep.settings.official
    year = plan.measures_year(rep) or ""
    doc = dx.new_document(b.FONT, b.BODY_PT)
    dx.set_portrait(doc.sections[0])
    title = t("docs.o43.title", year=year)
    analysis.title_block(doc, rep, title)
    b.blank(doc, t("docs.o43.meeting_date"), t("docs.o43.meeting_hint"), indent_mm=0)  # seed 001: a meeting's summary
    b.blank(doc, t("docs.o43.meeting_place"), indent_mm=0)
    rows = plan.all_rows(rep)
    if official is not None:
        b.para(doc, d(t("docs.o43.intro", agency=rep.agency, year=plan.assessed_year(rep) or "",
                        total=fmt_score(official.total), level=official.level or "–", measures_year=year,
                        limit=lib.threshold_text())), first_line_mm=INDENT)
    else:
        b.para(doc, d(t("docs.o43.intro_scan", agency=rep.agency, measures_year=year)), first_line_mm=INDENT)
    tools = lib.indicators().get("tools") or {}
    for tool in ("iit", "eit"):
        b.heading(doc, t("docs.o43.area", tool=lib.pick(tools[tool].get("name"), rep.lang)))
        mine = [r for r in rows if r["kind"] == "indicator" and r["tool"] == tool]
        if not mine:
            b.para(doc, t("docs.o43.no_measures" if official is not None else "docs.o43.no_official"),
                   first_line_mm=INDENT)
        for row in mine:
            _measure_block(doc, rep, row)

    b.heading(doc, t("docs.o43.area", tool=lib.pick(tools["oit"].get("name"), rep.lang)))
    progress = oit_progress(rep)
    base_date, now_date = _date_of(rep, rep.settings.baseline), rep.date()
    fixed = [p for p in progress if p["status"] == "fixed"]
    key = "docs.o43.oit_text" if rep.settings.baseline is not None else "docs.o43.oit_text_official"
    b.para(doc, d(t(key, before=base_date, now=now_date, total=len(progress), fixed=len(fixed))),
           first_line_mm=INDENT)
    if progress:
        table_rows = []
        for p in progress:
            state = t(f"docs.o43.status_{p['status']}", date=p["date"])
            detail = p["url"] or p["finding"]
            if p["override"]:
                detail = f'{detail}\n{p["override"]}'.strip()
            table_rows.append((False, [d(f'{p["code"]} {p["name"]}'), d(state), d(detail)]))
        b.table(doc, [t("docs.o43.col_item"), t("docs.o43.col_state"), t("docs.o43.col_evidence")], table_rows,
                [55, 35, 70], size=14)
    for row in [r for r in rows if r["kind"] == "oit"]:
        _measure_block(doc, rep, row)

    b.heading(doc, t("docs.o43.closing"))
    b.blank(doc, "", t("docs.o43.closing_hint"))
    b.para(doc, "")
    b.para(doc, t("docs.o43.sign"), indent_mm=80, space_before=24)
    b.para(doc, t("docs.o43.position"), indent_mm=80)
    return b.save(doc, rep, title, out, "o43.docx")
