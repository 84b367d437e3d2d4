"""report.pdf: report.html printed on A4 by WeasyPrint, for an office that files paper.

Why WeasyPrint: a maintained HTML/CSS-to-PDF library that shapes Thai through Pango/HarfBuzz
(vowels and tone marks stacked correctly, text extractable in reading order) and honours the
print CSS of report.css (``@page`` A4, page numbers, items kept whole). The page is the same
HTML as report.html with Sarabun embedded, so both read the same. Only ``data:`` URLs are
fetched while rendering: crawled addresses in the report are links, never loaded.
"""

from __future__ import annotations

from pathlib import Path

from oit_checker.errors import UserError
from oit_checker.report.context import Report

PDF_FILE = "report.pdf"


def _weasyprint():
    """The library, or a clear message when it (or its Pango libraries) is missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: libpango not installed on this machine
        raise UserError("report.pdf_unavailable", reason=str(exc).splitlines()[0] if str(exc) else exc) from exc
    return weasyprint


def pdf_text(page: str) -> str:
    """SARA AM written as its two parts (NIKHAHIT + SARA AA, its Unicode compatibility decomposition).

    Why: the font shapes SARA AM as two glyphs, and WeasyPrint maps only one of them back to text, so
    "ตำบล" copied or searched in the PDF read "ต?าบล". Written as two characters each glyph maps to its
    own, the page looks the same and its text reads "ตําบล", which every Thai normaliser (ours:
    ``oit_checker.thai.normalize``) reads as "ตำบล".
    """
    return page.replace("\u0e33", "\u0e4d\u0e32")


def render(rep: Report) -> bytes:
    """The PDF bytes of the report (A4, Thai font embedded)."""
    from dataclasses import replace

    from oit_checker.report import html

    weasyprint = _weasyprint()
    printed = Report(rep.result, rep.lang, replace(rep.settings, embed_font=True))
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    doc = weasyprint.HTML(string=pdf_text(html.render(printed)), base_url=None, url_fetcher=fetcher)
    return doc.write_pdf()  # title and author come from the page's <title> and <meta name="author">


def write(rep: Report, out: Path) -> Path:
    path = Path(out) / PDF_FILE
    path.write_bytes(render(rep))
    return path
