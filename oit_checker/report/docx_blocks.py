"""Paragraphs, headings, tables and fill-in blanks of the hand-in documents (analysis, O43), in TH SarabunPSK.

Thai government documents use 16 pt body text, bold headings kept with their text, 2.5 cm first-line indents
and "................" blanks where the working group writes by hand; these helpers keep that the same everywhere.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from oit_checker.report import docx_thai as dx

FONT = "TH SarabunPSK"
BODY_PT = 16
HEAD_FILL = "D9E2F3"
TOOL_FILL = "F2F2F2"
BLANK_COLOUR = RGBColor(0x1F, 0x4E, 0x9A)


def para(container, text: str = "", size: float = BODY_PT, bold: bool = False, align=None, indent_mm: float = 0,
         first_line_mm: float = 0, space_before: float = 0, space_after: float = 0):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(space_before), Pt(space_after)
    if indent_mm:
        pf.left_indent = Mm(indent_mm)
    if first_line_mm:
        pf.first_line_indent = Mm(first_line_mm)
    if text:
        dx.add_run(p, text, FONT, size, bold=bold)
    if bold:  # a label ("มาตรการ/แนวทาง") stays with the text under it
        dx.keep_with_next(p)
    return p


def heading(doc, text: str, size: float = BODY_PT, center: bool = False, space_before: float = 10):
    """A bold heading that stays on the page of what follows it."""
    p = para(doc, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER if center else None,
             space_before=space_before, space_after=2)
    dx.keep_with_next(p)
    return p


def blank(doc, label: str, hint: str = "", indent_mm: float = 12.5):
    """A field the working group fills in: the label, a dotted line, and what to write (in blue, to delete)."""
    p = para(doc, indent_mm=indent_mm)
    dx.add_run(p, f"{label} " + "." * 60, FONT, BODY_PT)
    if hint:
        run = dx.add_run(p, f" ({hint})", FONT, 14)
        run.font.color.rgb = BLANK_COLOUR
    return p


def cell_text(cell, text: str, size: float = BODY_PT, bold: bool = False, align=None) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        if line:
            dx.add_run(p, line, FONT, size, bold=bold)


def table(doc, header: list[str], rows: list[tuple[bool, list[str]]], widths_mm: list[float], size: float = BODY_PT):
    """A bordered table; the header repeats on every page; a row flagged True is a shaded, bold band."""
    t = doc.add_table(rows=1, cols=len(header))
    dx.set_table_borders(t)
    dx.set_fixed_layout(t)
    for c, label in enumerate(header):
        cell_text(t.cell(0, c), label, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx.shade(t.cell(0, c), HEAD_FILL)
        t.cell(0, c).vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    dx.repeat_header(t.rows[0])
    for band, cells in rows:
        tr = t.add_row()
        dx.keep_row_together(tr)
        if band:
            merged = tr.cells[0].merge(tr.cells[len(header) - 1]) if len(cells) == 1 else None
            targets = [merged] if merged is not None else tr.cells
            for cell, text in zip(targets, cells, strict=False):
                cell_text(cell, text, size=size, bold=True)
                dx.shade(cell, TOOL_FILL)
                cell.paragraphs[0].paragraph_format.keep_with_next = True
            continue
        for c, text in enumerate(cells):
            cell_text(tr.cells[c], text, size=size, align=WD_ALIGN_PARAGRAPH.CENTER if c and len(text) < 12 else None)
    dx.set_col_widths(t, [Mm(w) for w in widths_mm])
    return t


def save(doc, rep, title: str, out, name: str) -> Path:
    """Thai digits everywhere when asked (headings, labels, cells, not only filled-in values), the agency's
    metadata, then the file ``OUT/name``."""
    if rep.settings.thai_digits:
        dx.apply_digits(doc, rep.digits)
    dx.set_metadata(doc, rep.digits(title), rep.agency, subject=rep.agency)
    path = Path(out) / name
    doc.save(path)
    return path
