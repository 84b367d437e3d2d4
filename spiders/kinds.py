"""What a fetched body really is, from its first bytes (magic numbers), not its name.

Agency sites serve PDFs named ``31.html``, Word files as ``application/octet-stream`` and
HTML error pages as ``.pdf``. The crawler decides whether to look for links by this kind;
the extract stage sniffs again with its own, fuller reader.
"""

from __future__ import annotations

import io
import re
import zipfile

_HTML_RE = re.compile(rb"<(!doctype\s+html|html|head|body|title|meta|div|table|p|a\s|frameset|script|br|center|font)",
                      re.I)


def _zip_kind(body: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            names = zf.namelist()
            if "mimetype" in names:
                mt = zf.read("mimetype").decode("ascii", "ignore")
                if "opendocument.text" in mt:
                    return "odt"
                if "opendocument.spreadsheet" in mt:
                    return "ods"
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
            if any(n.startswith("ppt/") for n in names):
                return "pptx"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        pass
    return "other"


def _ole_kind(body: bytes) -> str:
    head = body[:600_000]
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "xls"
    if "PowerPoint".encode("utf-16-le") in head:
        return "ppt"
    return "doc"


def sniff_kind(body: bytes, content_type: str = "", url: str = "") -> str:
    """html, pdf, docx, doc, xlsx, xls, odt, ods, pptx, ppt, image or other."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF") or b"%PDF-" in body[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(body)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")) or (
            head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "doc"
    ctype = (content_type or "").lower()
    if _HTML_RE.search(body[:4096]) or "html" in ctype:
        return "html"
    return "other"
