"""Write one document (a list of content blocks) as HTML, PDF, scanned PDF, DOCX or XLSX.

Blocks are small dicts, already filled in: ``{"h": text}``, ``{"p": text}``,
``{"ul": [text]}``, ``{"table": {"head": [...], "rows": [[...]]}}``, and for HTML only
``{"img"}``, ``{"form"}``, ``{"link"}``, ``{"attach"}``, ``{"map"}``, ``{"html"}``.
PDFs are drawn unshaped with a Thai TTF so their text layer is clean Unicode (tech-notes
§1.2); a "scanned" PDF is the same text rendered to an image, with no text layer.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import io
import random
import unicodedata
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

from oit_checker.sitegen.fonts import register_reportlab, thai_fonts
from oit_checker.thai import thai_digits

FIXED_TIME = _dt.datetime(2022, 4, 1, 9, 0, 0)


def _cells(row: Iterable) -> list[str]:
    return ["" if c is None else str(c) for c in row]


def digits(blocks: list[dict], thai: bool) -> list[dict]:
    """Blocks with Arabic digits turned into Thai digits when ``thai`` (some real documents)."""
    if not thai:
        return blocks

    def conv(v):
        if isinstance(v, str):
            return thai_digits(v)
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: (v[k] if k in ("href", "src", "action") else conv(x)) for k, x in v.items()}
        return v

    return [conv(b) for b in blocks]


# ---------------------------------------------------------------- HTML


def html_fragment(blocks: list[dict]) -> str:
    """The main-content HTML of a page."""
    esc = html.escape
    out: list[str] = []
    for b in blocks:
        if "h" in b:
            out.append(f"<h3>{esc(b['h'])}</h3>")
        elif "p" in b:
            out.append(f"<p>{esc(b['p'])}</p>")
        elif "ul" in b:
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in b["ul"]) + "</ul>")
        elif "table" in b:
            t = b["table"]
            head = "".join(f"<th>{esc(str(c))}</th>" for c in t.get("head", []))
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in _cells(r)) + "</tr>" for r in t["rows"])
            out.append(f'<table class="data" border="1"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
        elif "img" in b:
            i = b["img"]
            alt = esc(i.get("alt", ""))
            out.append(f'<p class="img"><img src="{esc(i["src"])}" alt="{alt}" width="{i.get("w", 240)}"></p>')
        elif "link" in b:
            lk = b["link"]
            if not lk["href"]:  # an account the agency does not have (an emptied agency field) is not linked
                continue
            out.append(f'<p><a href="{esc(lk["href"])}" target="_blank">{esc(lk["text"])}</a></p>')
        elif "attach" in b and b["attach"].get("viewer"):  # the file only inside a PDF.js viewer frame, no link
            src = "/pdfjs/web/viewer.html?file=" + urllib.parse.quote(b["attach"]["href"], safe="")
            out.append(f'<iframe src="{esc(src)}" width="100%" height="800"></iframe>')
        elif "attach" in b:
            a = b["attach"]
            prefix = "" if a.get("bare") else "เอกสารแนบ : "  # bare: a generic link text alone ("ดาวน์โหลด")
            out.append(f'<p class="attach">{prefix}<a href="{esc(a["href"])}">{esc(a["text"])}</a></p>')
        elif "map" in b:
            out.append('<iframe class="map" title="แผนที่" width="480" height="300" '
                       'src="https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d3776.1!2d98.93!3d18.85"></iframe>'
                       '<p><a href="https://goo.gl/maps/bansuandokmai">ดูแผนที่ขนาดใหญ่ (Google Maps)</a></p>')
        elif "form" in b:
            out.append(_form(b["form"]))
        elif "html" in b:
            out.append(b["html"])
    return "\n".join(out)


def _form(f: dict) -> str:
    esc = html.escape
    parts = [f'<form class="online-form" action="{esc(f["action"])}" method="{esc(f.get("method", "post"))}">']
    for name, label, typ in f.get("fields", []):
        parts.append(f'<p><label for="{name}">{esc(label)}</label> <input type="{typ}" id="{name}" name="{name}"></p>')
    for name, label, options in f.get("selects", []):
        opts = "".join(f"<option>{esc(o)}</option>" for o in options)
        parts.append(f'<p><label for="{name}">{esc(label)}</label> '
                     f'<select id="{name}" name="{name}">{opts}</select></p>')
    for name, label in f.get("textareas", []):
        parts.append(f'<p><label for="{name}">{esc(label)}</label><br><textarea id="{name}" name="{name}" rows="5" '
                     'cols="60"></textarea></p>')
    parts.append(f'<p><button type="submit">{esc(f.get("submit", "ส่ง"))}</button> '
                 '<button type="reset">ล้างข้อมูล</button></p>')
    parts.append("</form>")
    return "\n".join(parts)


def plain_text(title: str, blocks: list[dict]) -> list[str]:
    """The document as lines of text (what a scan shows, and what tests look for)."""
    lines = [title] if title else []
    for b in blocks:
        if "h" in b:
            lines.append(b["h"])
        elif "p" in b:
            lines.append(b["p"])
        elif "ul" in b:
            lines.extend(f"• {x}" for x in b["ul"])
        elif "table" in b:
            t = b["table"]
            if t.get("head"):
                lines.append(" | ".join(_cells(t["head"])))
            lines.extend(" | ".join(_cells(r)) for r in t["rows"])
    return lines


# ---------------------------------------------------------------- PDF


def write_pdf(path: Path, title: str, blocks: list[dict], landscape: bool = False) -> None:
    """A PDF with a real Thai text layer (unshaped ReportLab text)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as _land
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    reg, bold = register_reportlab()
    body = ParagraphStyle("body", fontName=reg, fontSize=14, leading=20)
    cell = ParagraphStyle("cell", fontName=reg, fontSize=11, leading=15)
    head = ParagraphStyle("head", fontName=bold, fontSize=15, leading=22, spaceBefore=6)
    ttl = ParagraphStyle("title", fontName=bold, fontSize=17, leading=26, alignment=1)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(html.escape(text), style)

    size = _land(A4) if landscape else A4
    flow: list = [para(title, ttl), Spacer(1, 8)] if title else []
    width = size[0] - 72 * 2 + 40
    for b in blocks:
        if "h" in b:
            flow.append(para(b["h"], head))
        elif "p" in b:
            flow.append(para(b["p"], body))
        elif "ul" in b:
            flow.extend(para(f"• {x}", body) for x in b["ul"])
        elif "table" in b:
            t = b["table"]
            rows = ([t["head"]] if t.get("head") else []) + list(t["rows"])
            ncol = max(len(r) for r in rows)
            data = [[para(c, cell) for c in _cells(r)] + [""] * (ncol - len(r)) for r in rows]
            tab = Table(data, colWidths=[width / ncol] * ncol, repeatRows=1 if t.get("head") else 0)
            tab.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                     ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            flow.extend([Spacer(1, 4), tab, Spacer(1, 6)])
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=52, rightMargin=52, topMargin=50, bottomMargin=50,
                            title=title, author="sitegen", invariant=True)
    doc.build(flow)


def write_scanned_pdf(path: Path, title: str, blocks: list[dict], seed: int = 0) -> None:
    """An image-only PDF: the page is a picture of the text, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    reg, _ = thai_fonts()
    font = ImageFont.truetype(str(reg), 26)
    img = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(img)
    y = 90
    rnd = random.Random(seed)
    for line in plain_text(title, blocks):
        while line and y < 1680:
            cut = min(len(line), 62)
            space = line.rfind(" ", 40, cut)
            if cut < len(line) and space > 0:
                cut = space + 1
            while cut < len(line) and unicodedata.category(line[cut]) == "Mn":
                cut += 1
            chunk, line = line[:cut], line[cut:]
            draw.text((90 + rnd.randint(-2, 2), y), chunk, fill=30, font=font)
            y += 42
    img = img.rotate(0.4, fillcolor=250).filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    buf.seek(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("Scan")
    c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()


# ---------------------------------------------------------------- DOCX / XLSX


def write_docx(path: Path, title: str, blocks: list[dict], landscape: bool = False) -> None:
    """A Word file with the Thai font set in the complex-script slot (tech-notes §6)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "TH SarabunPSK"
    style.font.size = Pt(16)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:cs"), "TH SarabunPSK")
    if landscape:
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    d.core_properties.created = FIXED_TIME
    d.core_properties.modified = FIXED_TIME
    d.core_properties.title = title
    if title:
        d.add_heading(title, level=1)
    for b in blocks:
        if "h" in b:
            d.add_heading(b["h"], level=2)
        elif "p" in b:
            d.add_paragraph(b["p"])
        elif "ul" in b:
            for x in b["ul"]:
                d.add_paragraph(x, style="List Bullet")
        elif "table" in b:
            t = b["table"]
            rows = ([t["head"]] if t.get("head") else []) + list(t["rows"])
            ncol = max(len(r) for r in rows)
            tab = d.add_table(rows=len(rows), cols=ncol)
            tab.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, c in enumerate(_cells(r)):
                    tab.cell(i, j).text = c
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    _freeze_zip(path)


def write_xlsx(path: Path, title: str, blocks: list[dict]) -> None:
    """A spreadsheet: title row, then tables (numbers stay numbers) and text rows.

    Blocks ``{"sheet": name, "blocks": [...]}`` give one worksheet each (a month per sheet, as agencies file it).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    sheets = [(b["sheet"], b["blocks"]) for b in blocks if "sheet" in b] or [("ข้อมูล", blocks)]
    for i, (name, sheet_blocks) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        if title:
            ws.append([title])
            ws["A1"].font = Font(bold=True, size=14)
            ws.append([])
        _xlsx_rows(ws, sheet_blocks, Font)
        ws.column_dimensions["A"].width = 40
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    _freeze_zip(path)


def _xlsx_rows(ws, blocks: list[dict], font) -> None:
    for b in blocks:
        if "h" in b or "p" in b:
            ws.append([b.get("h") or b.get("p")])
        elif "ul" in b:
            for x in b["ul"]:
                ws.append([x])
        elif "table" in b:
            t = b["table"]
            if t.get("head"):
                ws.append(list(t["head"]))
                for c in ws[ws.max_row]:
                    c.font = font(bold=True)
            for r in t["rows"]:
                ws.append(list(r))


def _freeze_zip(path: Path) -> None:
    """Rewrite an Office zip with fixed timestamps, so the same seed gives the same bytes."""
    import re
    import zipfile

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


# ---------------------------------------------------------------- images


def write_png(path: Path, kind: str, label: str = "") -> None:
    """A small picture: a person (O2 photos), an org chart, an activity photo or a logo."""
    from PIL import Image, ImageDraw, ImageFont

    seed = int(hashlib.sha1(f"{kind}:{label}".encode()).hexdigest()[:8], 16)
    rnd = random.Random(seed)
    reg, _ = thai_fonts()
    font = ImageFont.truetype(str(reg), 18)
    if kind == "person":
        img = Image.new("RGB", (180, 220), (200 + rnd.randint(0, 40), 215, 235))
        d = ImageDraw.Draw(img)
        d.ellipse((55, 30, 125, 105), fill=(235, 200, 170))
        d.rectangle((35, 115, 145, 220), fill=(60 + rnd.randint(0, 60), 70, 120))
    elif kind == "chart":
        img = Image.new("RGB", (720, 400), "white")
        d = ImageDraw.Draw(img)
        d.rectangle((290, 20, 430, 70), outline="black")
        d.text((300, 32), label[:12] or "นายกเทศมนตรี", fill="black", font=font)
        for i in range(5):
            x = 20 + i * 140
            d.line((360, 70, x + 60, 150), fill="black")
            d.rectangle((x, 150, x + 120, 200), outline="black")
    elif kind == "logo":
        img = Image.new("RGB", (96, 96), "white")
        d = ImageDraw.Draw(img)
        d.ellipse((4, 4, 92, 92), fill=(20, 120, 60))
        d.ellipse((30, 30, 66, 66), fill=(250, 210, 60))
    elif kind == "table":  # a screenshot of a table: a grid with a heading, no text layer to read
        img = Image.new("RGB", (800, 360), "white")
        d = ImageDraw.Draw(img)
        d.text((20, 10), label[:40], fill="black", font=font)
        for r in range(8):
            d.line((20, 50 + r * 40, 780, 50 + r * 40), fill="black")
        for c in (20, 80, 420, 560, 780):
            d.line((c, 50, c, 330), fill="black")
    else:
        img = Image.new("RGB", (480, 320), (rnd.randint(80, 200), rnd.randint(80, 200), rnd.randint(80, 200)))
        d = ImageDraw.Draw(img)
        for _ in range(12):
            x, y = rnd.randint(0, 440), rnd.randint(100, 300)
            d.ellipse((x, y, x + 30, y + 30), fill=(rnd.randint(0, 255), 90, 90))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(str(path), format="PNG", optimize=True)
