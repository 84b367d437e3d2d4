"""The OIT answer sheet: one row per item (ข้อ, ชื่อข้อมูล, มี/ไม่มี, URL, คำอธิบายเพิ่มเติม).

What the agency types into the NACC system. XLSX in TH SarabunPSK 16 with two title rows
(agency; round, fiscal year and check date) above the form's header, and a CSV in UTF-8 with BOM
holding only the header and rows (for pasting and for programs), so Excel on a government PC
shows the Thai correctly. The answer is consistent: a gap never carries a URL (see :func:`answer`).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from oit_checker.report.context import Report, is_web_url
from oit_checker.report.safe import cell as safe_cell
from oit_checker.report.xlsx_fit import LINE_PT, fit_rows

TITLE_ROWS = 2  # agency; round, fiscal year and date — then the NACC form's header and rows
FONT = "TH SarabunPSK"
SIZE = 16
WIDTHS = [8, 60, 16, 60, 60]
URL_CHARS_PER_WIDTH = 0.9  # Latin characters of an address per unit of column width (TH SarabunPSK 16)
URL_MAX_WIDTH = 100
URL_SPLIT_RE = re.compile(r"(https?://\S+)")
URL_RE = re.compile(r"https?://\S+")


def csv_safe(value: object) -> str:
    """Text for a CSV cell that Excel will not run as a formula (CSV injection): ``report.safe.cell``."""
    return str(safe_cell(value))


def _evidence_url(it: dict) -> str:
    """The address the program found for the item: the answer's, else the first piece of evidence's."""
    url = (it.get("answer") or {}).get("url") or ""
    if not url:
        url = next((e.get("url") for e in it.get("evidence") or [] if isinstance(e, dict) and e.get("url")), "")
    return str(url or "")


def answer(rep: Report, it: dict) -> dict:
    """What to type into the NACC form for one item, consistent in the sheet and in report.html.

    state ``yes``: มี with the URL; ``no``: "ไม่มี — ต้องเผยแพร่ก่อนตอบ" and no URL (an address of partial
    evidence goes in the explanation: it is not the answer); ``check``: the program could not read it
    (never "ไม่มี"), the document's address in the explanation for the person who checks.
    """
    ans = it.get("answer") or {}
    verdict = it.get("verdict")
    where = (ans.get("explanation") or "").strip()
    url = _evidence_url(it)
    if verdict == "pass":
        return _cells("yes", rep.t("report.answers.yes"), url, "", where)
    if verdict == "fail":
        if url:
            where = (rep.t("report.answers.partial", url=url, where=where) if where and where != url
                     else rep.t("report.answers.partial_url", url=url))
        else:
            where = ""
        return _cells("no", rep.t("report.answers.publish_first"), "", rep.item_findings(it)[0], where)
    where = rep.t("report.answers.unreadable_doc", url=url) if url else ""
    return _cells("check", rep.t("report.answers.check"), "", rep.t("report.answers.unreadable_note"), where)


def _cells(state: str, word: str, url: str, why: str, where: str) -> dict:
    """``why``: the reason it is not a plain มี; ``where``: what was found and where (the explanation is both)."""
    return {"state": state, "word": word, "url": url, "why": why, "where": where,
            "explanation": " ".join(x for x in (why, where) if x)}


def rows(rep: Report) -> list[list[str]]:
    """One row per item: code, name, answer word, URL, explanation (Thai digits when asked, never in URLs)."""
    out = []
    for it in rep.items:
        a = answer(rep, it)
        out.append([rep.digits(str(it.get("code", ""))), rep.digits(str(it.get("name", ""))), a["word"], a["url"],
                    _digits_outside_urls(rep, a["explanation"])])
    return out


def _digits_outside_urls(rep: Report, text: str) -> str:
    """Thai digits in the words of ``text`` but not inside its web addresses (they must still open)."""
    if not rep.settings.thai_digits:
        return text
    return "".join(piece if URL_RE.fullmatch(piece) else rep.digits(piece) for piece in URL_SPLIT_RE.split(text))


def title(rep: Report) -> list[str]:
    """The lines above the table: the agency, the round and fiscal year, the check date."""
    lines = [rep.t("report.answers.title", agency=rep.agency)]
    label = str(rep.profile.get("name") or rep.profile.get("id") or "")
    if rep.fiscal_year and str(rep.fiscal_year) not in label:
        label = " ".join(x for x in (label, rep.t("report.fiscal_year", year=rep.fiscal_year)) if x)
    if label:
        lines.append(label)
    lines.append(rep.t("report.answers.checked_on", date=rep.date()))
    return [rep.digits(x) for x in lines]


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
    lines = title(rep)
    ws.append([lines[0]])
    ws.append([" · ".join(lines[1:])])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(head))
    ws["A1"].font = Font(name=FONT, size=SIZE + 2, bold=True)
    ws["A2"].font = font
    for ref in ("A1", "A2"):
        ws[ref].data_type = "s"  # the agency name may be crawled text: never a formula
        ws[ref].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append(head)
    top = TITLE_ROWS + 1  # the header row
    for cell in ws[top]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
    for r, row in enumerate(data, start=top + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the crawled text starts with
            cell.font = font
            cell.alignment = wrap if c in (2, 5) else Alignment(horizontal="center" if c == 3 else None,
                                                                 vertical="top", wrap_text=c == 3)
        if is_web_url(row[3]):
            cell = ws.cell(row=r, column=4)
            cell.hyperlink = row[3]
            cell.font = link_font
    widths = list(WIDTHS)
    # the URL column as wide as its longest address (Calc does not wrap a link cell), within reason
    widths[3] = max(WIDTHS[3], min(URL_MAX_WIDTH, max((len(r[3]) for r in data), default=0) / URL_CHARS_PER_WIDTH))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    fit_rows(ws, top)  # Thai text; the URL column (Latin, narrower letters) is measured below
    for r, row in enumerate(data, start=top + 1):
        height = ws.row_dimensions[r].height or LINE_PT
        if URL_RE.search(row[4]):  # a long address breaks anywhere, not between words: one line more
            height += LINE_PT
        url_lines = math.ceil(len(row[3]) / (widths[3] * URL_CHARS_PER_WIDTH)) if row[3] else 1
        ws.row_dimensions[r].height = max(height, url_lines * LINE_PT)
        ws.cell(row=r, column=4).alignment = Alignment(vertical="top", wrap_text=True)  # never spills into E
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[2].height = 24
    ws.freeze_panes = f"A{top + 1}"
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.auto_filter.ref = f"A{top}:E{len(data) + top}"
    # the round and fiscal year also on every printed page and in the file's properties
    profile = rep.profile.get("id") or ""
    if profile:
        wb.properties.subject = rep.t("report.answers.profile", profile=profile, year=rep.fiscal_year or "-")
    if len(lines) > 2:
        ws.oddHeader.center.text = lines[1]  # the round as the title row says it (digits as asked)
    wb.properties.creator = rep.agency
    wb.properties.title = lines[0]
    xlsx_path = Path(out) / "oit-answers.xlsx"
    wb.save(xlsx_path)
    return [xlsx_path, csv_path]
