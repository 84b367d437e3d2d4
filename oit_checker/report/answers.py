"""The OIT answer sheet: one row per item (ข้อ, ชื่อข้อมูล, มี/ไม่มี, URL, คำอธิบายเพิ่มเติม).

What the agency types into the NACC system. XLSX in TH SarabunPSK 16 and a CSV in UTF-8
with BOM, so Excel on a government PC shows the Thai correctly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from oit_checker.report.context import Report, is_web_url
from oit_checker.report.safe import cell as safe_cell
from oit_checker.report.xlsx_fit import fit_rows

FONT = "TH SarabunPSK"
SIZE = 16
WIDTHS = [8, 60, 11, 60, 60]


def csv_safe(value: object) -> str:
    """Text for a CSV cell that Excel will not run as a formula (CSV injection): ``report.safe.cell``."""
    return str(safe_cell(value))


def rows(rep: Report) -> list[list[str]]:
    out = []
    for it in rep.items:
        ans = it.get("answer") or {}
        word = rep.answer_word(it)
        url = ans.get("url") or ""
        explanation = (ans.get("explanation") or "").strip()
        if it.get("verdict") == "unreadable":
            explanation = " ".join(x for x in (explanation, rep.t("report.answers.unreadable_note")) if x)
        out.append([it.get("code", ""), it.get("name", ""), word, url, explanation])
    return out


def header(rep: Report) -> list[str]:
    return [rep.t(f"report.answers.{k}") for k in ("code", "name", "disclosed", "url", "explanation")]


def write(rep: Report, out: Path) -> list[Path]:
    data = rows(rep)
    head = header(rep)

    csv_path = Path(out) / "oit-answers.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows([[csv_safe(c) for c in row] for row in data])

    wb = Workbook()
    ws = wb.active
    ws.title = rep.t("report.answers.sheet")[:31]
    font = Font(name=FONT, size=SIZE)
    bold = Font(name=FONT, size=SIZE, bold=True)
    link_font = Font(name=FONT, size=SIZE, color="0B57D0", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(head)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
    for r, row in enumerate(data, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the crawled text starts with
            cell.font = font
            cell.alignment = wrap if c in (2, 5) else Alignment(horizontal="center" if c == 3 else None,
                                                                 vertical="top")
        if is_web_url(row[3]):
            cell = ws.cell(row=r, column=4)
            cell.hyperlink = row[3]
            cell.font = link_font
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    fit_rows(ws, 1)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.auto_filter.ref = f"A1:E{len(data) + 1}"
    # which round and fiscal year the answers are for: on every printed page and in the file's properties
    # (not as a row: the rows stay the NACC form's, for pasting)
    profile = rep.profile.get("id") or ""
    if profile:
        label = rep.t("report.answers.profile", profile=profile, year=rep.fiscal_year or "-")
        ws.oddHeader.center.text = label
        wb.properties.subject = label
    xlsx_path = Path(out) / "oit-answers.xlsx"
    wb.save(xlsx_path)
    return [xlsx_path, csv_path]
