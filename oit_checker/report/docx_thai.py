"""python-docx helpers for Thai government documents.

python-docx's ``run.font.name`` fills only the w:ascii/w:hAnsi slots, but Word draws Thai
with the complex-script slot (w:cs) and its own size (w:szCs); without them Thai comes
out in Word's default CS font (tech-notes §6.2). Everything here sets all slots.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent, tag: str):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    return el


def set_rpr_font(rpr, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Put ``name`` in every font slot of a w:rPr (dropping theme fonts, which would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in THEME_ATTRS:
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = _child(rpr, tag)
            el.set(qn("w:val"), "1" if bold else "0")
    if size_pt is not None:
        half = str(int(round(size_pt * 2)))
        _child(rpr, "w:sz").set(qn("w:val"), half)
        _child(rpr, "w:szCs").set(qn("w:val"), half)
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:bidi"), "th-TH")
    # OOXML schema order inside w:rPr: rFonts, b, bCs, ..., sz, szCs, ..., lang
    order = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:sz", "w:szCs", "w:u", "w:shd",
             "w:lang"]
    known = {qn(tag): i for i, tag in enumerate(order)}
    kids = list(rpr)
    kids.sort(key=lambda el: known.get(el.tag, len(order) - 1.5))
    for el in kids:
        rpr.remove(el)
        rpr.append(el)


def set_document_font(doc, name: str, size_pt: float) -> None:
    """Default font of the document (docDefaults + Normal style), complex-script slot included."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = _child(defaults, "w:rPrDefault")
        set_rpr_font(_child(rpr_default, "w:rPr"), name, size_pt)
    normal = doc.styles["Normal"]
    set_rpr_font(normal.element.get_or_add_rPr(), name, size_pt)
    normal.paragraph_format.space_after = Pt(0)


def add_run(paragraph, text: str, font: str, size_pt: float, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.italic = italic or None
    set_rpr_font(run._r.get_or_add_rPr(), font, size_pt, bold)
    return run


def set_landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = section.bottom_margin = Mm(15)


def set_portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)


def set_table_borders(table, size: int = 4) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        tbl_pr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = _child(borders, f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")


def set_fixed_layout(table) -> None:
    layout = _child(table._tbl.tblPr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")


def repeat_header(row) -> None:
    """Repeat this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = _child(tr_pr, tag)
        el.set(qn("w:val"), "true")


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = _child(tc_pr, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def set_col_widths(table, widths) -> None:
    """Column widths in the grid (LibreOffice reads these) and on every cell (Word reads these)."""
    grid = table._tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    for col, width in zip(cols, widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        col = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(widths[col:col + span], start=type(widths[0])(0))
            col += span


def keep_row_together(row) -> None:
    _child(row._tr.get_or_add_trPr(), "w:cantSplit").set(qn("w:val"), "true")


def new_document(font: str, size_pt: float):
    """A blank python-docx Document in ``font`` whose template metadata is wiped.

    python-docx's default template says author "python-docx", created 2013 and a stray comment; an office
    sending the file on would send those. :func:`set_metadata` fills in the real ones.
    """
    from docx import Document

    doc = Document()
    set_document_font(doc, font, size_pt)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = cp.comments = cp.keywords = cp.subject = cp.category = ""
    return doc


def set_metadata(doc, title: str, author: str, subject: str = "", when=None) -> None:
    """Core properties an office expects: the document's title, the agency as author, today's date."""
    import datetime as _dt

    now = (when or _dt.datetime.now(_dt.UTC)).replace(microsecond=0, tzinfo=None)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.subject = title, author, author, subject
    cp.created = cp.modified = now
    printed = cp._element.find(qn("cp:lastPrinted"))
    if printed is not None:  # the template's 2013 print date
        cp._element.remove(printed)
    cp.revision = 1
    cp.language = "th-TH"


def keep_with_next(paragraph) -> None:
    """A heading stays on the page of the text it introduces (no heading stranded at a page foot)."""
    paragraph.paragraph_format.keep_with_next = True


def apply_digits(doc, convert) -> None:
    """Run every text run (body and tables) through ``convert`` (Thai digits), leaving web addresses alone."""
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for p in paragraphs:
        for run in p.runs:
            if run.text and "://" not in run.text:
                run.text = convert(run.text)
