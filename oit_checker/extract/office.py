"""Text of office documents: DOCX, XLSX/XLS/ODS, ODT/ODP, PPTX, DOC (catdoc), RTF.

Agencies publish procurement summaries (สขร.1) as spreadsheets and plans as Word files,
often inside tables, so table cells, headers and every sheet count as content. Each
function takes the raw body and returns ``{"title", "headings", "pages"}``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from oit_checker import thai
from oit_checker.corpus import Page

MAX_ROWS = 20000  # per sheet: a huge export is still evidence, but its tail is not needed
MAX_CHARS = 2_000_000  # per page
# Zip bombs: sizes declared in the zip directory are checked before anything is inflated (Python's
# zipfile never inflates a member past its declared size, so the declaration bounds the memory).
ZIP_KINDS = frozenset({"docx", "xlsx", "ods", "odt", "odp", "pptx"})
MAX_ZIP_MEMBER = 200_000_000  # bytes, one member inflated
MAX_ZIP_TOTAL = 400_000_000  # bytes, all members inflated
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 200  # inflated/compressed, for members over 10 MB inflated (Office XML packs ~10-30x)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


class OfficeReadError(Exception):
    """The body cannot be read; ``reason`` is corrupt or no_doc_reader."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _page(n: int, text: str, label: str = "") -> Page:
    text = text[:MAX_CHARS].strip()
    return Page(n=n, text=text, norm=thai.normalize(text), label=label)


def _result(pages: list[Page], title: str = "", headings: list[str] | None = None) -> dict:
    if not title:
        title = next((line.strip() for p in pages for line in p.text.splitlines() if line.strip()), "")[:200]
    return {"title": title, "headings": headings or [], "pages": pages}


def check_zip(body: bytes) -> None:
    """Refuse a zip package whose declared sizes make it a bomb (``too_large``) before inflating anything;
    a body that is no zip at all is left to its reader (which says ``corrupt``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        raise OfficeReadError("too_large")
    total = 0
    for info in infos:
        size = max(0, info.file_size)
        total += size
        ratio = size / max(1, info.compress_size)
        if size > MAX_ZIP_MEMBER or total > MAX_ZIP_TOTAL or (size > 10_000_000 and ratio > MAX_ZIP_RATIO):
            raise OfficeReadError("too_large")


# ---------------------------------------------------------------- Word


def extract_docx(body: bytes) -> dict:
    """Paragraphs and tables in body order, then headers and footers."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = docx.Document(io.BytesIO(body))
    except Exception as exc:  # noqa: BLE001 — python-docx raises many kinds on bad zips
        raise OfficeReadError("corrupt") from exc
    lines: list[str] = []
    headings: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = etree.QName(child).localname
        if tag == "p":
            para = Paragraph(child, doc)
            lines.append(para.text)
            style = (para.style.name if para.style is not None else "") or ""
            if para.text.strip() and (style.startswith(("Heading", "Title")) or style.lower().startswith("heading")):
                headings.append(para.text.strip())
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, doc)))
    extra: list[str] = []
    for section in doc.sections:
        for part in (section.header, section.footer):
            try:
                if part.is_linked_to_previous and extra:
                    continue
                extra.extend(p.text for p in part.paragraphs)
                for table in part.tables:
                    extra.extend(_table_lines(table))
            except Exception:  # noqa: BLE001 — a broken header must not lose the body
                continue
    seen: set[str] = set()
    extra = [x for x in extra if x.strip() and not (x in seen or seen.add(x))]
    text = "\n".join(lines + extra)
    title = (doc.core_properties.title or "").strip()
    return _result([_page(1, text)], title, headings)


def _table_lines(table) -> Iterable[str]:
    """One line per row, cells joined by tabs; merged cells counted once; nested tables too."""
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if last is not None and cell._tc is last:
                continue
            last = cell._tc
            parts = [p.text for p in cell.paragraphs]
            for inner in cell.tables:
                parts.extend(_table_lines(inner))
            cells.append(" ".join(x.strip() for x in parts if x.strip()))
        yield "\t".join(cells).rstrip()


def extract_doc(path: Path, timeout: float = 60) -> dict:
    """Old binary Word through Debian's ``catdoc`` (optional apt package)."""
    return _run_catdoc("catdoc", path, timeout)


def extract_ppt(path: Path, timeout: float = 60) -> dict:
    return _run_catdoc("catppt", path, timeout)


def _run_catdoc(tool: str, path: Path, timeout: float) -> dict:
    exe = shutil.which(tool)
    if not exe:
        raise OfficeReadError("no_doc_reader")
    try:
        wrap = ["-w"] if tool == "catdoc" else []  # -w: no hard line wrapping inside paragraphs
        proc = subprocess.run([exe, *wrap, "-d", "utf-8", str(path)], capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OfficeReadError("timeout") from exc
    if proc.returncode != 0:
        raise OfficeReadError("corrupt")
    text = proc.stdout.decode("utf-8", errors="replace").replace("\x0c", "\n")
    return _result([_page(1, text)])


# ---------------------------------------------------------------- spreadsheets


def _cell_text(value: object) -> str:
    """Dates as dates (not serial numbers), whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\t", " ").strip()


def _rows_text(rows: Iterable[Iterable[object]]) -> str:
    lines = []
    for i, row in enumerate(rows):
        if i >= MAX_ROWS:
            break
        cells = [_cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    return "\n".join(lines)


def extract_xlsx(body: bytes) -> dict:
    """One page per sheet, labelled with the sheet name."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl rejects some files calamine reads
        return extract_calamine(body)
    try:
        pages = [
            _page(n, _rows_text(ws.iter_rows(values_only=True)), label=ws.title)
            for n, ws in enumerate(wb.worksheets, start=1)
        ]
        title = (wb.properties.title or "").strip() if wb.properties else ""
    finally:
        wb.close()
    return _result(pages, title)


def extract_xls(body: bytes) -> dict:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=body, on_demand=True)
    except Exception:  # noqa: BLE001 — xlrd raises XLRDError, struct/assertion errors on damage
        return extract_calamine(body)
    pages = []
    for n, sheet in enumerate(book.sheets(), start=1):
        rows = (
            [_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
            for r in range(min(sheet.nrows, MAX_ROWS))
        )
        pages.append(_page(n, _rows_text(rows), label=sheet.name))
    book.release_resources()
    return _result(pages)


def _xls_value(cell, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def extract_calamine(body: bytes) -> dict:
    """ODS (and the fallback for XLS/XLSX the other readers reject) via python-calamine."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(body))
        pages = []
        for n, name in enumerate(wb.sheet_names, start=1):
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            pages.append(_page(n, _rows_text(rows), label=name))
    except Exception as exc:  # noqa: BLE001 — calamine raises its own error types
        raise OfficeReadError("corrupt") from exc
    return _result(pages)


# ---------------------------------------------------------------- OpenDocument / PPTX


def extract_odt(body: bytes) -> dict:
    """Headings and paragraphs (table cells included) of content.xml, in order."""
    root = _zip_xml(body, "content.xml")
    lines, headings = [], []
    for el in root.iter(f"{{{ODF_TEXT}}}h", f"{{{ODF_TEXT}}}p"):
        if el.getparent() is not None and etree.QName(el.getparent()).localname in ("p", "h"):
            continue
        text = _odf_text(el)
        lines.append(text)
        if etree.QName(el).localname == "h" and text.strip():
            headings.append(text.strip())
    return _result([_page(1, "\n".join(lines))], headings=headings)


def _odf_text(el) -> str:
    """Text of an ODF paragraph: <text:s/> is a space, <text:tab/> a tab, <text:line-break/> a newline."""
    out = [el.text or ""]
    for child in el:
        name = etree.QName(child).localname
        if name == "s":
            out.append(" " * int(child.get(f"{{{ODF_TEXT}}}c", "1")))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        else:
            out.append(_odf_text(child))
        out.append(child.tail or "")
    return "".join(out)


def extract_odp(body: bytes) -> dict:
    root = _zip_xml(body, "content.xml")
    pages = []
    draw_ns = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
    for n, slide in enumerate(root.iter(f"{{{draw_ns}}}page"), start=1):
        text = "\n".join(_odf_text(p) for p in slide.iter(f"{{{ODF_TEXT}}}p"))
        pages.append(_page(n, text, label=slide.get(f"{{{draw_ns}}}name", "")))
    return _result(pages)


def extract_pptx(body: bytes) -> dict:
    """One page per slide (DrawingML paragraphs), in slide-number order."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(body))
        names = [n for n in zf.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    except (zipfile.BadZipFile, OSError) as exc:
        raise OfficeReadError("corrupt") from exc
    names.sort(key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
    pages = []
    for n, name in enumerate(names, start=1):
        root = _parse_xml(zf.read(name))
        paras = ["".join(t.text or "" for t in p.iter(f"{{{A_NS}}}t")) for p in root.iter(f"{{{A_NS}}}p")]
        pages.append(_page(n, "\n".join(p for p in paras if p.strip()), label=f"slide {n}"))
    return _result(pages)


def _zip_xml(body: bytes, member: str):
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            return _parse_xml(zf.read(member))
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise OfficeReadError("corrupt") from exc


def _parse_xml(data: bytes):
    try:
        return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise OfficeReadError("corrupt") from exc


# ---------------------------------------------------------------- RTF and plain text

_RTF_TOKEN_RE = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word
    r"|\\'([0-9a-fA-F]{2})"  # byte in the document code page
    r"|\\([^a-zA-Z])"  # control symbol
    r"|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_RTF_SKIP = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "listtable",
             "listoverridetable", "rsidtbl", "themedata", "colorschememapping", "latentstyles", "datastore",
             "xmlnstbl", "generator", "mmathPr", "filetbl", "revtbl"}
_CPG = {"874": "cp874", "1252": "cp1252", "65001": "utf-8", "1250": "cp1250", "1251": "cp1251"}


def extract_rtf(body: bytes) -> dict:
    """Minimal RTF reader: text, \\'xx bytes in the document code page, \\uN characters."""
    src = body.decode("latin-1")
    m = re.search(r"\\ansicpg(\d+)", src)
    codepage = _CPG.get(m.group(1) if m else "", "cp874" if not m else "cp1252")
    out: list[str] = []
    pending = bytearray()
    stack: list[tuple[bool, int]] = []
    skip, uc, to_skip = False, 1, 0

    def flush() -> None:
        if pending:
            out.append(pending.decode(codepage, errors="replace"))
            pending.clear()

    for word, arg, hexbyte, sym, brace, plain in _RTF_TOKEN_RE.findall(src):
        if brace == "{":
            stack.append((skip, uc))
        elif brace == "}":
            flush()
            skip, uc = stack.pop() if stack else (False, 1)
        elif to_skip and (hexbyte or plain):
            if plain and len(plain) > to_skip:
                plain = plain[to_skip:]
                to_skip = 0
            else:
                to_skip -= 1 if hexbyte else len(plain)
                continue
            if not skip:
                flush()
                out.append(plain)
        elif sym == "*":
            skip = True
        elif skip:
            continue
        elif hexbyte:
            pending.append(int(hexbyte, 16))
        elif word:
            flush()
            if word in _RTF_SKIP:
                skip = True
            elif word == "uc":
                uc = int(arg or 1)
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                to_skip = uc
            elif word in ("par", "line", "row", "sect", "page"):
                out.append("\n")
            elif word in ("tab", "cell"):
                out.append("\t")
        elif sym in ("\\", "{", "}"):
            flush()
            out.append(sym)
        elif sym == "~":
            out.append("\u00a0")
        elif plain:
            flush()
            out.append(plain)
    flush()
    return _result([_page(1, "".join(out))])


def extract_text(body: bytes, kind: str = "text") -> dict:
    """Plain text or JSON: UTF-8 (BOM-aware), else Thai Windows code page."""
    for enc in ("utf-8-sig", "cp874"):
        try:
            text = body.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = body.decode("utf-8", errors="replace")
    return _result([_page(1, text)])


def with_temp_file(body: bytes, suffix: str, func) -> dict:
    """Run a path-based reader (catdoc) on a body."""
    with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
        fh.write(body)
        fh.flush()
        return func(Path(fh.name))
