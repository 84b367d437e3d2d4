"""analysis.docx: the analysis of last year's official ITA result in the structure of seed 000.

Sections: the official score and level; the ten indicators by instrument (IIT 1-5, EIT 6-8, OIT 9-10) with
pass / under 85; the assessors' suggestions for IIT, EIT and OIT (their findings per OIT item); the indicators
under 85 to fix first (weakest three) with the library's guideline and steps; the OIT gaps the latest scan
still finds (items checked by hand marked); and how the analysis leads to the measures (measures.docx).
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from oit_checker import concepts
from oit_checker import measure_library as lib
from oit_checker.report import docx_blocks as b
from oit_checker.report import docx_thai as dx
from oit_checker.report import plan
from oit_checker.report.context import Report, fmt_score

INDENT = 12.5


def _today(rep: Report) -> str:
    import datetime as _dt

    from oit_checker import thai

    d = _dt.date.today()
    if rep.lang == "th":
        return f"{d.day} {thai.month_name(d.month)} {d.year + 543}"
    return f"{d.day} {thai.month_name(d.month, 'en')} {d.year}"


def title_block(doc, rep: Report, title: str) -> None:
    """Title, agency, district/province and the date line, as the seeds open."""
    d = rep.digits
    b.heading(doc, d(title).replace("พ.ศ. ", "พ.ศ.\u00a0"), size=18, center=True, space_before=0)  # year stays
    b.heading(doc, rep.agency, size=18, center=True, space_before=0)
    where = plan.location(rep)
    if where:
        b.heading(doc, d(where), size=16, center=True, space_before=0)
    b.para(doc, d(rep.t("docs.date_line", date=_today(rep))), align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)


def _score_rows(rep: Report, official) -> list[tuple[bool, list[str]]]:
    d, limit = rep.digits, lib.threshold()
    rows: list[tuple[bool, list[str]]] = []
    for data in (lib.indicators().get("tools") or {}).values():
        rows.append((True, [lib.pick(data.get("name"), rep.lang)]))
        for key in data.get("indicators") or []:
            ind = lib.indicator(key)
            score = official.indicators.get(key)
            verdict = rep.t("docs.pass" if score is not None and score >= limit else "docs.below",
                            limit=lib.threshold_text())
            rows.append((False, [d(f'{ind.get("number")}. {lib.pick(ind.get("name"), rep.lang)}'),
                                 d(fmt_score(score)), d(verdict)]))
    return rows


def write(rep: Report, out: Path) -> Path:
    official = rep.settings.official
    d, t = rep.digits, rep.t
    year = official.fiscal_year or rep.fiscal_year or ""
    doc = b.dx.new_document(b.FONT, b.BODY_PT)
    dx.set_portrait(doc.sections[0])
    title = t("docs.analysis.title", year=year)
    title_block(doc, rep, title)

    b.heading(doc, d(t("docs.analysis.h_result", year=year)))
    b.para(doc, d(t("docs.analysis.result_line", agency=rep.agency, total=fmt_score(official.total),
                    level=official.level or "–")), indent_mm=INDENT, bold=True)
    b.para(doc, d(t("docs.analysis.result_text", agency=rep.agency, year=year, total=fmt_score(official.total),
                    level=official.level or "–", limit=lib.threshold_text())), first_line_mm=INDENT)

    b.heading(doc, t("docs.analysis.h_by_tool"))
    b.table(doc, [t("docs.col_indicator"), t("docs.col_score"), t("docs.col_verdict")], _score_rows(rep, official),
            [95, 25, 40])
    passing = [tool.upper() for tool in ("iit", "eit", "oit")
               if (official.tool_score(tool) or 0) >= lib.threshold()]
    failing = [tool.upper() for tool in ("iit", "eit", "oit") if tool.upper() not in passing]
    b.para(doc, d(t("docs.analysis.tools_text", passing=" ".join(passing) or "–", failing=" ".join(failing) or "–",
                    limit=lib.threshold_text())), first_line_mm=INDENT, space_before=6)

    b.heading(doc, t("docs.analysis.h_suggestions"))
    tools = lib.indicators().get("tools") or {}
    for tool in ("iit", "eit", "oit"):
        b.heading(doc, t("docs.analysis.suggestion_for", tool=lib.pick(tools[tool].get("name"), rep.lang)),
                  space_before=4)
        text = official.suggestions.get(tool) or t("docs.analysis.no_suggestion")
        for line in text.splitlines():
            b.para(doc, d(line), first_line_mm=INDENT)
        if tool == "oit":
            for code, finding in official.oit_findings.items():  # the assessors' own codes, of their round
                name = " / ".join(lib.pick(concepts.load()[c].get("name"), rep.lang)
                                  for c in concepts.concepts_of(official.round, code)) if official.round else ""
                if not name and official.round in ("", rep.profile.get("id")):
                    name = next((it.get("name") or "" for it in rep.items if it.get("code") == code), "")
                b.para(doc, d(f"({code[:1]} {code[1:]}) {name}".strip()), indent_mm=INDENT, space_before=2)
                b.para(doc, d(f"– {finding}"), indent_mm=INDENT + 7.5)

    below = official.below()
    b.heading(doc, d(t("docs.analysis.h_urgent", limit=lib.threshold_text())))
    if not below:
        b.para(doc, d(t("docs.analysis.none_urgent", limit=lib.threshold_text())), first_line_mm=INDENT)
    else:
        b.para(doc, d(t("docs.analysis.urgent_text", limit=lib.threshold_text())), first_line_mm=INDENT)
        for i, key in enumerate(below[:3], start=1):
            ind = lib.indicator(key)
            b.para(doc, d(t("docs.analysis.urgent_line", n=f"1.{i}", name=lib.pick(ind.get("name"), rep.lang),
                            score=fmt_score(official.indicators[key]))), indent_mm=INDENT * 2)
        for i, key in enumerate(below[:3], start=1):
            ind = lib.indicator(key)
            b.heading(doc, d(t("docs.analysis.urgent_head", n=i, name=lib.pick(ind.get("name"), rep.lang),
                               score=fmt_score(official.indicators[key]))), space_before=6)
            b.para(doc, t("docs.analysis.guideline"), bold=True, indent_mm=INDENT)
            b.para(doc, d(lib.pick(ind.get("guideline"), rep.lang)), first_line_mm=INDENT)
            b.para(doc, t("docs.analysis.to_improve"), bold=True, indent_mm=INDENT)
            for j, step in enumerate(lib.pick_list(ind.get("steps"), rep.lang), start=1):
                b.para(doc, d(f"{j}. {step}"), indent_mm=INDENT)

    b.heading(doc, d(t("docs.analysis.h_scan", date=rep.date())))
    site = rep.result.get("site") or {}
    gaps = plan.oit_rows(rep)
    b.para(doc, d(t("docs.analysis.scan_text", url=site.get("url") or "–", date=rep.date(), n=len(gaps),
                    profile=rep.profile.get("name") or rep.profile.get("id") or "")), first_line_mm=INDENT)
    for row in gaps:
        b.para(doc, d(f'({row["code"][:1]} {row["code"][1:]}) {row["name"]}'), indent_mm=INDENT, space_before=2)
        b.para(doc, d(f'– {row["finding"]}'), indent_mm=INDENT + 7.5)
    hand = [it for it in rep.items if plan.override_note(rep, it) and it.get("verdict") == "pass"]
    for it in hand:
        b.para(doc, d(f'({it["code"][:1]} {it["code"][1:]}) {it.get("name", "")} – {plan.override_note(rep, it)}'),
               indent_mm=INDENT)

    b.heading(doc, t("docs.analysis.h_next"))
    b.para(doc, d(t("docs.analysis.next_text", agency=rep.agency, year=plan.measures_year(rep) or "")),
           first_line_mm=INDENT)
    return b.save(doc, rep, title, out, "analysis.docx")
