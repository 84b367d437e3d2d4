"""Read one document body: hand the bytes to the reader for their sniffed kind.

Runs inside a pool worker (:func:`extract_one`). A reader failure becomes ``extract_error``
and never an exception: "could not read" is never "not disclosed".
"""

from __future__ import annotations

import signal
from dataclasses import asdict, is_dataclass
from pathlib import Path

from oit_checker.corpus import Page

DOC_TIMEOUT = 120.0  # seconds per document, enforced inside the worker by an alarm
OFFICE_KINDS = {"docx", "xlsx", "xls", "ods", "odt", "odp", "pptx", "doc", "ppt", "rtf"}
PDF2HTML_MIN_THAI = 200  # Thai letters below which a pdf2htmlEX page is taken as unreadable


class _Timeout(BaseException):
    """Raised by the worker's alarm; a BaseException so readers' ``except Exception`` cannot swallow it."""


def failure(reason: str) -> dict:
    """The fields of a document that could not be read (``reason`` is ``extract.error.<reason>``)."""
    return {"extract_error": reason, "pages": []}


def _on_alarm(signum, frame):  # noqa: ARG001
    raise _Timeout


def extract_one(path: str, kind: str, url: str = "", content_type: str = "", encoding: str | None = None,
                timeout: float = DOC_TIMEOUT) -> dict:
    """Read one body (in a worker process) and return the fields documents.jsonl adds."""
    use_alarm = timeout and hasattr(signal, "setitimer")
    if use_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        body = Path(path).read_bytes()
        out = extract_body(body, kind, url, content_type, encoding)
    except _Timeout:
        out = failure("timeout")
    except MemoryError:
        out = failure("too_large")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    out["kind"] = kind
    return out


def extract_body(body: bytes, kind: str, url: str = "", content_type: str = "", encoding: str | None = None) -> dict:
    """Dispatch on the sniffed kind; reader failures become ``extract_error``, never exceptions."""
    from oit_checker.extract import office
    from oit_checker.extract.pdf import PdfReadError

    try:
        if kind == "html":
            from oit_checker.extract.html import extract_html

            res = flag_unreadable_html(extract_html(body, url, declared_encoding=encoding, content_type=content_type))
        elif kind == "pdf":
            from oit_checker.extract.pdf import extract_pdf

            res = extract_pdf(body)
        elif kind == "image":
            res = {"pages": [Page(n=1, text="", needs_ocr=True)]}
        elif kind in ("text", "json"):
            res = office.extract_text(body, kind)
        elif kind in OFFICE_KINDS:
            res = _office(body, kind)
        else:
            return {"pages": [], "extract_error": "unsupported"}
    except (PdfReadError, office.OfficeReadError) as exc:
        return failure(exc.reason)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 — a damaged file may break a reader anywhere
        return failure("corrupt")
    return _as_json(res)


def _office(body: bytes, kind: str) -> dict:
    from oit_checker.extract import office

    readers = {
        "docx": office.extract_docx, "xlsx": office.extract_xlsx, "xls": office.extract_xls,
        "ods": office.extract_calamine, "odt": office.extract_odt, "odp": office.extract_odp,
        "pptx": office.extract_pptx, "rtf": office.extract_rtf,
    }
    if kind in office.ZIP_KINDS:
        office.check_zip(body)
    if kind in readers:
        return readers[kind](body)
    reader = office.extract_doc if kind == "doc" else office.extract_ppt
    return office.with_temp_file(body, f".{kind}", reader)


def flag_unreadable_html(res: dict) -> dict:
    """Pages whose text is legacy-font garbage, or empty beside content images, need OCR.

    pdf2htmlEX conversions (hangdong PRspend.html, money.html) are HTML with the document's
    words in images or unmapped fonts: "could not read", never "nothing published".
    """
    from oit_checker import thai

    features = res.get("features") or {}
    images = bool(features.get("images"))
    # A PDF converted to HTML whose words are glyph drawings keeps only stray fragments as text.
    converted = "pdf2htmlex" in str(features.get("generator", "")).lower()
    pages = []
    for page in res.get("pages") or []:
        page = page if isinstance(page, Page) else Page(**page)
        if not page.needs_ocr and (thai.looks_garbled(page.text) or (images and not page.text.strip())
                                   or (converted and thai.count_thai(page.text) < PDF2HTML_MIN_THAI)):
            page.needs_ocr = True
        pages.append(page)
    return {**res, "pages": pages}


def _as_json(res: dict) -> dict:
    out = dict(res)
    out["pages"] = [asdict(p) if is_dataclass(p) else dict(p) for p in res.get("pages") or []]
    out.setdefault("extract_error", None)
    return out
