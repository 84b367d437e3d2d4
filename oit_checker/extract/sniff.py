"""Tell what a fetched body really is, from its bytes first.

Thai agency sites serve PDFs named ``31.html``, DOCX files renamed ``.doc`` and HTML
error pages as ``application/pdf``, so the content decides; the Content-Type header and
the file extension only break ties for bodies whose bytes say nothing conclusive.
"""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import unquote, urlsplit

KINDS = (
    "html", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt",
    "rtf", "image", "json", "text", "other",
)

_OOXML = (("wordprocessingml", "docx"), ("spreadsheetml", "xlsx"), ("presentationml", "pptx"))
_ODF = (
    ("opendocument.text", "odt"), ("opendocument.spreadsheet", "ods"), ("opendocument.presentation", "odp"),
)
_CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "application/msword": "doc", "application/vnd.ms-excel": "xls", "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/rtf": "rtf", "text/rtf": "rtf",
    "application/json": "json", "text/plain": "text", "text/csv": "text",
}
_EXTENSIONS = {
    "html": "html", "htm": "html", "php": "html", "asp": "html", "aspx": "html", "jsp": "html",
    "pdf": "pdf", "doc": "doc", "docx": "docx", "xls": "xls", "xlsx": "xlsx", "ppt": "ppt", "pptx": "pptx",
    "odt": "odt", "ods": "ods", "odp": "odp", "rtf": "rtf", "json": "json", "txt": "text", "csv": "text",
    "png": "image", "jpg": "image", "jpeg": "image", "gif": "image", "webp": "image", "bmp": "image",
    "tif": "image", "tiff": "image",
}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<script", b"<table")


def sniff(body: bytes, url: str = "", content_type: str = "") -> str:
    """Kind of a body: one of ``KINDS``. Bytes first, then Content-Type, then extension."""
    kind = _by_magic(body)
    if kind:
        return kind
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in _CONTENT_TYPES:
        return _CONTENT_TYPES[ctype]
    if ctype.startswith("image/"):
        return "image"
    ext = _extension(url)
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    return _weak(body)


def _by_magic(body: bytes) -> str | None:
    head = body[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(body)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if (
        head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
        or (head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00")
    ):
        return "image"
    text = _decode_head(head).lstrip().lower()
    if text.startswith("<") and any(m.decode() in text[:1024] for m in _HTML_MARKERS):
        return "html"
    return None


def _decode_head(head: bytes) -> str:
    """Leading bytes as text, honouring a UTF-16/UTF-8 BOM."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def _zip_kind(body: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(body))
        names = set(zf.namelist())
        if "[Content_Types].xml" in names:
            ctypes = zf.read("[Content_Types].xml").decode("utf-8", errors="ignore")
            for marker, kind in _OOXML:
                if marker in ctypes:
                    return kind
        if "mimetype" in names:
            mime = zf.read("mimetype").decode("ascii", errors="ignore")
            for marker, kind in _ODF:
                if marker in mime:
                    return kind
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        names = set()
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind
    return "other"


def _ole_kind(body: bytes) -> str:
    """Word, Excel or PowerPoint binary, from the OLE2 stream names."""
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except Exception:  # noqa: BLE001 — a damaged directory: fall back to a byte search
        streams = set()
        raw = body.lower()
        for name in ("worddocument", "workbook", "book", "powerpoint document"):
            if name.encode("utf-16-le") in raw:
                streams.add(name)
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "powerpoint document" in streams:
        return "ppt"
    return "other"


def _extension(url: str) -> str:
    path = unquote(urlsplit(url).path) if url else ""
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _weak(body: bytes) -> str:
    """JSON or plain text when the bytes decode cleanly, else other."""
    if not body:
        return "other"
    try:
        text = body[:65536].decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = body[:65536].decode("cp874")
        except UnicodeDecodeError:
            return "other"
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "[") and len(body) <= 65536:
        try:
            json.loads(stripped)
            return "json"
        except ValueError:
            pass
    if any(ord(c) < 9 or 13 < ord(c) < 32 for c in text[:4096]):
        return "other"
    return "text"
