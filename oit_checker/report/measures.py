"""Analysis and measures report (measures.docx, measures.xlsx) in the layout of seed 004.

Part 1 (portrait): a short analysis like seed 000 — OIT score and level, the weakest
sub-indicators, each item that scored 0 with its findings. Part 2 (landscape A4): the
measures table ประเด็น | ข้อคำถาม ITA | ข้อค้นพบ | แนวทาง/มาตรการ | ขั้นตอน/วิธีการปฏิบัติ |
ระยะเวลาดำเนินการ | หน่วยงานผู้รับผิดชอบ, one row per failing or unreadable item, grouped by
sub-indicator, for the fiscal year after the one checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from oit_checker import measure_library as lib
from oit_checker.report import docx_blocks as blocks
from oit_checker.report import docx_thai as dx
from oit_checker.report import plan
from oit_checker.report.context import Report, fmt_score
from oit_checker.report.xlsx_fit import fit_rows

FONT = "TH SarabunPSK"
BODY_PT = 16
TABLE_PT = 14
COL_MM = [32, 38, 44, 44, 48, 29, 32]  # landscape A4 minus 15 mm margins = 267 mm
XLSX_WIDTHS = [24, 30, 34, 36, 44, 20, 22]
HEAD_FILL = "D9E2F3"
GROUP_FILL = "F2F2F2"


def spaced_code(code: str) -> str:
    """'O20' -> 'O 20', as assessors write it in their findings."""
    m = re.fullmatch(r"([A-Za-z]+)(\d+)", code or "")
    return f"{m.group(1)} {m.group(2)}" if m else code


def _cells(rep: Report, row: dict) -> list[str]:
    """The seven cells of one plan row; every digit (codes, headings, periods) follows ``--thai-digits``."""
    d = rep.digits
    questions = "\n".join(f"{code} {text}".strip() for code, text in row["questions"])
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(row["steps"], start=1))
    return [d(f"({row['theme_no']}) {row['theme']}"), d(questions), d(row["finding"]), d(row["guideline"]), d(steps),
            d(row["period"]), row["owner"]]


def table_rows(rep: Report) -> list[dict]:
    """Group rows and item rows of the measures table, in order: IIT, EIT indicators, then OIT by sub-indicator."""
    out: list[dict] = []
    last = None
    for row in plan.all_rows(rep):
        if row["kind"] == "indicator":
            key = row["tool"]
            text = lib.pick((lib.indicators().get("tools") or {}).get(key, {}).get("name"), rep.lang)
        else:
            g = row["group"]
            key = g["code"]
            text = rep.t("report.measures.group_row", code=g["code"], name=g["name"], score=fmt_score(g["score"])) \
                if g["code"] else ""
        if key != last and text:
            out.append({"group": True, "text": rep.digits(text)})
        last = key
        out.append({"group": False, "code": row.get("code") or row.get("key", ""), "cells": _cells(rep, row)})
    return out


def header_labels(rep: Report) -> tuple[list[str], list[str]]:
    """Two header rows as in seed 004 (วิเคราะห์ผลการประเมิน spans the two analysis columns)."""
    t = rep.t
    year = rep.digits(str(plan.assessed_year(rep) or ""))
    top = [t("report.measures.col_issue"), t("report.measures.col_analysis"), t("report.measures.col_analysis"),
           t("report.measures.col_guideline"), t("report.measures.col_steps"), t("report.measures.col_period"),
           t("report.measures.col_owner")]
    second = [top[0], t("report.measures.col_question"), t("report.measures.col_finding", year=year).strip(),
              top[3], top[4], top[5], top[6]]
    return top, second


def analysis(rep: Report) -> dict:
    """The words of part 1, shared by DOCX and XLSX."""
    s = rep.scores
    counts = rep.counts()
    site = rep.result.get("site") or {}
    d = rep.digits
    intro = rep.t("report.measures.analysis_intro", agency=rep.agency, url=site.get("url") or "-",
                  year=d(str(rep.fiscal_year or "")), date=d(rep.date()), score=d(fmt_score(s.get("oit"))),
                  level=s.get("level") or "–")
    extra = []
    if isinstance(s.get("oit_min"), (int, float)) and isinstance(s.get("oit_max"), (int, float)) \
            and s["oit_min"] != s["oit_max"]:
        extra.append(rep.t("report.measures.analysis_range", n=d(str(counts.get("unreadable", 0))),
                           min=d(fmt_score(s["oit_min"])), max=d(fmt_score(s["oit_max"]))))
    groups = rep.groups()
    scored = [g for g in groups if isinstance(g["score"], (int, float)) and g["score"] < lib.threshold()]
    weakest = sorted(scored, key=lambda g: g["score"])[:3]
    weak_lines = [d(rep.t("report.measures.weak_line", n=i, code=g["code"], name=g["name"],
                          score=fmt_score(g["score"]))) for i, g in enumerate(weakest, start=1)]
    indicators = s.get("indicators") or {}
    score_rows = []
    for ind in sorted({g["indicator"] for g in groups if g["code"]}, key=lambda x: int(x) if x.isdigit() else 0):
        score_rows.append((True, d(rep.t("report.measures.indicator", code=ind, name=rep.indicator_name(ind))),
                           d(fmt_score(indicators.get(ind)))))
        for g in groups:
            if g["indicator"] == ind:
                score_rows.append((False, d(f'{g["code"]} {g["name"]}'), d(fmt_score(g["score"]))))

    def blocks(verdict: str) -> list[dict]:
        out = []
        for ind in sorted({g["indicator"] for g in groups}, key=lambda x: int(x) if x.isdigit() else 0):
            items = [it for g in groups if g["indicator"] == ind for it in g["items"] if it.get("verdict") == verdict]
            if items:
                title = rep.t("report.measures.indicator", code=ind, name=rep.indicator_name(ind)) if ind else ""
                out.append({"title": d(title),
                            "items": [{"head": f'({spaced_code(it.get("code", ""))}) {d(it.get("name", ""))}',
                                       "findings": [d(f) for f in rep.item_findings(it)]} for it in items]})
        return out

    return {"intro": intro, "extra": extra, "weak": weak_lines, "scores": score_rows,
            "failed": blocks("fail"), "unreadable": blocks("unreadable")}


# ------------------------------------------------------------------------------------------ DOCX


def profile_line(rep: Report) -> str:
    """Which round's items and fiscal year the analysis used (items and codes differ between rounds)."""
    profile = (rep.profile or {}).get("id") or ""
    return rep.digits(rep.t("report.answers.profile", profile=profile, year=rep.fiscal_year or "-")) if profile else ""


def _para(container, text: str = "", size: float = BODY_PT, bold: bool = False, align=None,
          indent_mm: float | None = None, first_line_mm: float | None = None, italic: bool = False,
          space_before: float = 0, space_after: float = 0):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(space_before), Pt(space_after)
    if indent_mm is not None:
        pf.left_indent = Mm(indent_mm)
    if first_line_mm is not None:
        pf.first_line_indent = Mm(first_line_mm)
    if text:
        dx.add_run(p, text, FONT, size, bold=bold, italic=italic)
    if bold:  # a heading: never left alone at the foot of a page
        dx.keep_with_next(p)
    return p


def _cell_text(cell, text: str, size: float = TABLE_PT, bold: bool = False, align=None) -> None:
    """Fill a cell: one paragraph per line, every run in TH SarabunPSK (complex-script slot too)."""
    blocks.cell_text(cell, text, size=size, bold=bold, align=align)


def _titles(doc, rep: Report) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, rep.t("report.measures.title"), size=20, bold=True, align=center)
    _para(doc, rep.agency, size=18, bold=True, align=center)
    where = plan.location(rep)
    if where:
        _para(doc, rep.digits(where), size=18, bold=True, align=center)
    year = plan.measures_year(rep)
    if year:
        _para(doc, rep.digits(rep.t("report.measures.for_year", year=year)), size=18, bold=True,
              align=center, space_after=6)


def _measures_table(doc, rep: Report) -> None:
    rows = table_rows(rep)
    top, second = header_labels(rep)
    table = doc.add_table(rows=2, cols=7)
    dx.set_table_borders(table)
    dx.set_fixed_layout(table)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for c, label in enumerate(top):
        if c != 2:
            _cell_text(table.cell(0, c), label, bold=True, align=center)
    _cell_text(table.cell(1, 1), second[1], bold=True, align=center)
    _cell_text(table.cell(1, 2), second[2], bold=True, align=center)
    table.cell(0, 1).merge(table.cell(0, 2))
    for c in (0, 3, 4, 5, 6):
        table.cell(0, c).merge(table.cell(1, c))
    for r in range(2):
        dx.repeat_header(table.rows[r])
        for cell in table.rows[r].cells:
            dx.shade(cell, HEAD_FILL)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in rows:
        tr = table.add_row()  # rows may break across pages: Word clips a kept-together row taller than a page
        cells = tr.cells
        if row["group"]:
            dx.keep_row_together(tr)
            merged = cells[0].merge(cells[6])
            _cell_text(merged, row["text"], bold=True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True
            dx.shade(merged, GROUP_FILL)
            continue
        for c, text in enumerate(row["cells"]):
            _cell_text(cells[c], text)
            cells[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    if not rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[6])
        _cell_text(merged, rep.t("report.measures.none_failed"))
    dx.set_col_widths(table, [Mm(w) for w in COL_MM])


def write_docx(rep: Report, path: Path) -> Path:
    doc = dx.new_document(FONT, BODY_PT)
    if rep.settings.official is not None:  # the analysis is its own document (analysis.docx): the table only
        dx.set_landscape(doc.sections[0])
        _titles(doc, rep)
        _measures_table(doc, rep)
        _finish(doc, rep, path)
        return path
    dx.set_portrait(doc.sections[0])
    _titles(doc, rep)
    a = analysis(rep)
    _para(doc, rep.digits(rep.t("report.measures.analysis_title", year=rep.fiscal_year or "")), bold=True,
          space_before=12, space_after=4)
    _para(doc, a["intro"], first_line_mm=12.5)
    for line in a["extra"]:
        _para(doc, line, first_line_mm=12.5)
    if profile_line(rep):
        _para(doc, profile_line(rep), size=14, first_line_mm=12.5, space_after=6)

    _para(doc, rep.t("report.measures.scores_table"), bold=True, space_before=6)
    st = doc.add_table(rows=1, cols=2)
    dx.set_table_borders(st)
    _cell_text(st.cell(0, 0), rep.t("report.measures.col_sub"), size=BODY_PT, bold=True)
    _cell_text(st.cell(0, 1), rep.t("report.measures.col_score"), size=BODY_PT, bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER)
    for bold, label, score in a["scores"]:
        cells = st.add_row().cells
        _cell_text(cells[0], label, size=BODY_PT, bold=bold)
        _cell_text(cells[1], score, size=BODY_PT, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER)
    dx.set_col_widths(st, [Mm(125), Mm(35)])

    _para(doc, rep.t("report.measures.weakest"), bold=True, space_before=10)
    for line in a["weak"] or [rep.t("report.measures.none_weak")]:
        _para(doc, line, indent_mm=12.5)

    for key, title in (("failed", "report.measures.failed_title"), ("unreadable", "report.measures.unreadable_title")):
        if not a[key] and key == "unreadable":
            continue
        _para(doc, rep.t(title), bold=True, space_before=10)
        if not a[key]:
            _para(doc, rep.t("report.measures.none_failed"), indent_mm=12.5)
        for block in a[key]:
            if block["title"]:
                _para(doc, block["title"], bold=True, indent_mm=6, space_before=4)
            for item in block["items"]:
                _para(doc, item["head"], indent_mm=12.5, space_before=4)
                for f in item["findings"]:
                    _para(doc, f"– {f}", indent_mm=20)

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    dx.set_landscape(section)
    _titles(doc, rep)
    _measures_table(doc, rep)
    _finish(doc, rep, path)
    return path


def _finish(doc, rep: Report, path: Path) -> None:
    title = rep.t("report.measures.title")
    year = plan.measures_year(rep)
    if year:
        title = f'{title} {rep.t("report.measures.for_year", year=year)}'
    dx.set_metadata(doc, rep.digits(title), rep.agency, subject=rep.agency)
    doc.save(path)


# ------------------------------------------------------------------------------------------ XLSX


def write_xlsx(rep: Report, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = rep.t("report.measures.sheet_table")[:31]
    font = Font(name=FONT, size=BODY_PT)
    bold = Font(name=FONT, size=BODY_PT, bold=True)
    title_font = Font(name=FONT, size=20, bold=True)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, horizontal="center", vertical="center")

    titles = [rep.t("report.measures.title"), rep.agency]
    if plan.location(rep):
        titles.append(rep.digits(plan.location(rep)))
    if plan.measures_year(rep):
        titles.append(rep.digits(rep.t("report.measures.for_year", year=plan.measures_year(rep))))
    for r, text in enumerate(titles, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
        cell = ws.cell(row=r, column=1, value=text)
        cell.data_type = "s"
        cell.font = title_font if r == 1 else Font(name=FONT, size=18, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[r].height = 32 if r == 1 else 28
    h1 = len(titles) + 2
    top, second = header_labels(rep)
    for c in range(1, 8):
        for r, labels in ((h1, top), (h1 + 1, second)):
            cell = ws.cell(row=r, column=c, value=labels[c - 1])
            cell.font, cell.alignment, cell.border = bold, centre, border
            cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
    ws.merge_cells(start_row=h1, start_column=2, end_row=h1, end_column=3)
    for c in (1, 4, 5, 6, 7):
        ws.merge_cells(start_row=h1, start_column=c, end_row=h1 + 1, end_column=c)
    r = h1 + 2
    for row in table_rows(rep):
        if row["group"]:
            for c in range(1, 8):
                cell = ws.cell(row=r, column=c)
                cell.border = border
                cell.fill = PatternFill("solid", fgColor=GROUP_FILL)
            cell = ws.cell(row=r, column=1, value=row["text"])
            cell.data_type = "s"
            cell.font = bold
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
        else:
            for c, text in enumerate(row["cells"], start=1):
                cell = ws.cell(row=r, column=c, value=text)
                cell.data_type = "s"  # crawled text never becomes a formula
                cell.font, cell.alignment, cell.border = font, wrap_top, border
        r += 1
    for i, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    fit_rows(ws, h1)
    ws.freeze_panes = ws.cell(row=h1 + 2, column=1)
    ws.print_title_rows = f"{h1}:{h1 + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    a = analysis(rep)
    ws2 = wb.create_sheet(rep.t("report.measures.sheet_scores")[:31])
    lines = [(rep.digits(rep.t("report.measures.analysis_title", year=rep.fiscal_year or "")), None, True)]
    lines += [(a["intro"], None, False)] + [(x, None, False) for x in a["extra"]]
    lines += [(profile_line(rep), None, False)] if profile_line(rep) else []
    lines += [("", None, False), (rep.t("report.measures.col_sub"), rep.t("report.measures.col_score"), True)]
    lines += [(label, score, b) for b, label, score in a["scores"]]
    lines += [("", None, False), (rep.t("report.measures.weakest"), None, True)]
    lines += [(x, None, False) for x in a["weak"] or [rep.t("report.measures.none_weak")]]
    for i, (left, right, is_bold) in enumerate(lines, start=1):
        c1 = ws2.cell(row=i, column=1, value=left)
        c1.data_type = "s"
        c1.font = bold if is_bold else font
        c1.alignment = Alignment(wrap_text=True, vertical="top")
        if right is not None:
            c2 = ws2.cell(row=i, column=2, value=right)
            c2.font = bold if is_bold else font
            c2.alignment = Alignment(horizontal="center")
    ws2.column_dimensions["A"].width = 90
    ws2.column_dimensions["B"].width = 14
    fit_rows(ws2, 1)
    wb.save(path)
    return path


def write(rep: Report, out: Path) -> list[Path]:
    return [write_docx(rep, Path(out) / "measures.docx"), write_xlsx(rep, Path(out) / "measures.xlsx")]
