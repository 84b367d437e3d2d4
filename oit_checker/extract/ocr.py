"""Read one scanned page with Tesseract (Thai + English): a PDF page without a text layer, or an image.

Runs inside an extract worker process (:func:`ocr_page`), like the other readers: the page
is rendered with pypdfium2 (PDF) or opened with Pillow (image), read by the ``tesseract``
program through ``pytesseract`` with a per-page time limit, and returned as display text with
Tesseract's mean word confidence (0–100). OCR is optional (``pip install 'oit-checker[ocr]'``
plus the Debian packages ``tesseract-ocr tesseract-ocr-tha``): :func:`unavailable` says why
it cannot run on this machine, and the pages then stay "needs OCR" (unreadable, never "not
disclosed").
"""

from __future__ import annotations

import os
from pathlib import Path

LANGS = "tha+eng"
# A scanned page is rendered at the resolution of its picture, kept between these: below 200 dpi
# Thai tone marks blur into the letters, and rendering above the scan's own resolution only
# enlarges its noise (measured on generated scans: 200 dpi 1.4 s/page, 300 dpi 3.8 s, same text).
MIN_DPI, MAX_DPI = 200, 300
DPI = MAX_DPI  # pages drawn as outlines (no picture) are rendered at this
MIN_IMAGE_SIDE = 1600  # small pictures (a photographed org chart) are enlarged to this longer side
MAX_PIXELS = 40_000_000  # an enormous page is scaled down to this before reading


def unavailable() -> str | None:
    """None when OCR can run here; else the reason key (``ocr_unavailable`` or ``ocr_no_thai``)."""
    try:
        import pytesseract
    except ImportError:
        return "ocr_unavailable"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 — no tesseract program, or one that cannot start
        return "ocr_unavailable"
    return None if {"tha", "eng"} <= langs else "ocr_no_thai"


def ocr_page(path: str, kind: str, n: int, timeout: float = 60.0, dpi: int | None = None) -> dict:
    """OCR page ``n`` of the body at ``path``: ``{"text", "conf", "words"}`` or ``{"error": reason}``."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker: the pool is the parallelism
    try:
        image = _render(path, kind, n, dpi)
    except Exception:  # noqa: BLE001 — a page that cannot be rendered is a failed read, not a crash
        return {"error": "ocr_failed"}
    return read_image(image, timeout)


def ocr_data(data: bytes, timeout: float = 60.0) -> dict:
    """OCR a picture given as bytes (a ``data:`` image decoded from a web page): as :func:`ocr_page`."""
    import io

    from PIL import Image

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        with Image.open(io.BytesIO(data)) as im:
            image = _prepare(im)
    except Exception:  # noqa: BLE001 — a broken picture is a failed read, not a crash
        return {"error": "ocr_failed"}
    return read_image(image, timeout)


def read_image(image, timeout: float = 60.0) -> dict:
    """Tesseract on a prepared greyscale picture: ``{"text", "conf", "words"}`` or ``{"error": reason}``."""
    import pytesseract

    try:
        # one tesseract run gives Tesseract's own text layout (txt) and the word confidences (tsv)
        text, tsv = pytesseract.run_and_get_multiple_output(image, ["txt", "tsv"], lang=LANGS, timeout=timeout)
    except RuntimeError as exc:  # pytesseract kills tesseract at the time limit
        return {"error": "ocr_timeout" if "timeout" in str(exc).lower() else "ocr_failed"}
    except Exception:  # noqa: BLE001 — tesseract failed on this page; the others go on
        return {"error": "ocr_failed"}
    confs = confidences(tsv)
    conf = round(sum(confs) / len(confs), 1) if confs else 0.0
    return {"text": text.strip(), "conf": conf, "words": len(confs)}


def confidences(tsv: str) -> list[float]:
    """The confidence (0–100) of every recognised word in Tesseract's TSV output."""
    rows = tsv.splitlines()
    if not rows:
        return []
    head = rows[0].split("\t")
    try:
        ci, ti = head.index("conf"), head.index("text")
    except ValueError:
        return []
    out = []
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) > max(ci, ti) and cells[ti].strip():
            try:
                conf = float(cells[ci])
            except ValueError:
                continue
            if conf >= 0:
                out.append(conf)
    return out


def _render(path: str, kind: str, n: int, dpi: int | None):
    from PIL import Image, ImageFilter

    if kind == "pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(Path(path).read_bytes())
        try:
            page = doc[n - 1]
            w, h = page.get_size()
            scale = (dpi or scan_dpi(page)) / 72
            if w * h * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (w * h)) ** 0.5
            image = page.render(scale=scale, grayscale=True).to_pil()
            page.close()
        finally:
            doc.close()
        return image.filter(ImageFilter.MedianFilter(3))  # a scanner's speckles break Thai marks apart
    with Image.open(path) as im:
        im.seek(min(n - 1, getattr(im, "n_frames", 1) - 1))
        return _prepare(im)


def _prepare(im):
    """A picture as Tesseract reads Thai best: greyscale, small ones enlarged, huge ones reduced, despeckled."""
    from PIL import Image, ImageFilter

    image = im.convert("L")
    side = max(image.size)
    if side < MIN_IMAGE_SIDE:
        f = MIN_IMAGE_SIDE / side
        image = image.resize((round(image.width * f), round(image.height * f)), Image.LANCZOS)
    elif image.width * image.height > MAX_PIXELS:
        f = (MAX_PIXELS / (image.width * image.height)) ** 0.5
        image = image.resize((round(image.width * f), round(image.height * f)), Image.LANCZOS)
    return image.filter(ImageFilter.MedianFilter(3))


def scan_dpi(page) -> float:
    """The resolution of the largest picture on a PDF page (its scan), within MIN_DPI..MAX_DPI."""
    import pypdfium2.raw as pdfium_c

    best, area = DPI, 0.0
    try:
        for obj in page.get_objects(max_depth=2):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
                continue
            left, bottom, right, top = obj.get_bounds()
            px_w, _ = obj.get_px_size()
            if right - left > 0 and (right - left) * (top - bottom) > area:
                area, best = (right - left) * (top - bottom), px_w / ((right - left) / 72)
    except Exception:  # noqa: BLE001 — an odd page object: render at the default
        return DPI
    return min(MAX_DPI, max(MIN_DPI, best))
