"""PDF text per page with pypdfium2, repaired for Thai, with scans flagged for OCR.

PDFium is not thread-safe (even across documents), so this module is only ever called
inside the extract stage's worker processes, never from the crawler (tech-notes §1.2).
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oit_checker import thai
from oit_checker.corpus import Page

# A page with no text but this many vector paths is most likely text drawn as outlines.
OUTLINE_PATHS = 200
# A scan often carries a stamped page number or a one-line caption: below this many
# visible characters, a page that draws images is still treated as having no text layer.
SCAN_MAX_CHARS = 40
_TRAILING_WS_RE = re.compile(r"[ \t\u00a0]+\n")
_MANY_NEWLINES_RE = re.compile(r"\n{3,}")
_TITLE_JUNK_RE = re.compile(r"^(Microsoft (Word|PowerPoint|Excel) - |untitled$)", re.IGNORECASE)


class PdfReadError(Exception):
    """The body is not a readable PDF; ``reason`` is corrupt or encrypted."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def extract_pdf(body: bytes) -> dict:
    """Pages (text for display, norm for matching), title and headings of a PDF body."""
    try:
        doc = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise PdfReadError("encrypted" if "password" in str(exc).lower() else "corrupt") from exc
    try:
        raw_pages = [_page_raw(doc[i]) for i in range(len(doc))]
        meta = _metadata(doc)
        outline = _outline(doc)
    finally:
        doc.close()
    # SARA AA/AM swaps come from the font, so decide once for the whole document.
    whole = "\n".join(raw for raw, _ in raw_pages)
    flags = (thai.legacy_am_swap(whole), thai.split_am_font(whole), thai.hanakat_moved(whole))
    pages, scanned, garbled = [], [], []
    for n, (raw, has_graphics) in enumerate(raw_pages, start=1):
        text = display_text(raw, *flags)
        # Unreadable fonts ("Latin soup") go to OCR like scans; features tell the two apart.
        is_garbled = not has_graphics and bool(text.strip()) and thai.looks_garbled(text)
        (scanned if has_graphics else garbled if is_garbled else []).append(n)
        pages.append(Page(n=n, text=text, norm=thai.normalize(text), needs_ocr=has_graphics or is_garbled))
    title = meta.get("Title", "").strip()
    if _TITLE_JUNK_RE.search(title):
        title = _TITLE_JUNK_RE.sub("", title).strip()
    title = thai.clean_pdf_thai(title)
    if len(title) < 4 or not any(c.isalpha() for c in title):
        title = next((line.strip() for p in pages for line in p.text.splitlines() if line.strip()), "")[:200]
    features = {"scanned_pages": scanned, "garbled_pages": garbled,
                "producer": meta.get("Producer", ""), "creator": meta.get("Creator", "")}
    headings = [thai.clean_pdf_thai(h) for h in outline]
    return {"title": title, "pages": pages, "headings": headings, "features": features}


def display_text(raw: str, aa_as_am: bool | None = None, am_split: bool | None = None,
                 marks_moved: bool | None = None) -> str:
    """Extracted text as an officer should read it: Thai repaired, tidy line breaks."""
    text = thai.repair_mojibake(raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = thai.clean_pdf_thai(text, aa_as_am, am_split, marks_moved)
    text = _TRAILING_WS_RE.sub("\n", text)
    return _MANY_NEWLINES_RE.sub("\n\n", text).strip()


def _page_raw(page: pdfium.PdfPage) -> tuple[str, bool]:
    """(raw text, little text but images or many outlines) — the latter marks a scan."""
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range() if textpage.count_chars() > 0 else ""
        finally:
            textpage.close()
        has_graphics = False
        if len("".join(text.split())) < SCAN_MAX_CHARS:
            paths = 0
            for obj in page.get_objects(max_depth=2):
                if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    has_graphics = True
                    break
                if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                    paths += 1
            has_graphics = has_graphics or paths >= OUTLINE_PATHS
        return text, has_graphics
    finally:
        page.close()


def _outline(doc: pdfium.PdfDocument, limit: int = 200) -> list[str]:
    """Bookmark titles: the author's own headings, when the PDF has any."""
    try:
        return [item.get_title().strip() for _, item in zip(range(limit), doc.get_toc(), strict=False)
                if item.get_title().strip()]
    except (pdfium.PdfiumError, AttributeError):
        return []


def _metadata(doc: pdfium.PdfDocument) -> dict:
    try:
        return {k: v for k, v in doc.get_metadata_dict().items() if isinstance(v, str)}
    except pdfium.PdfiumError:
        return {}
