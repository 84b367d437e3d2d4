"""Pictures that carry a web page's content: which ones to read with OCR, and their bytes.

Real agency pages show evidence as pictures: an org chart embedded in a page, a signed
announcement scanned and posted as an image, a PDF converted to HTML by pdf2htmlEX whose
words are drawn in a ``data:`` background picture (field-notes §C.2; hangdong structure.html,
money.html). Only pages whose own text is too thin to judge are read so — where the page's
text is usable, the text decides. A picture counts as content when it is in the page's main
content (the extract stage lists only those in ``features.images``), large enough, and not
named as decoration (logo, banner, icon…); the bounds and words are data
(``rules/common/ocr.yaml``). Linked pictures are read from the crawl's own copy (the crawler
fetched them within its bounds and address rules); ``data:`` pictures are decoded from the
page. Nothing here fetches anything.
"""

from __future__ import annotations

import base64
import binascii
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from oit_checker.paths import COMMON_DIR

SETTINGS_FILE = COMMON_DIR / "ocr.yaml"
INLINE = ";inline"  # how features.images names a data: picture (html.py)
_DATA_RE = re.compile(rb"""src\s*=\s*["']?data:image/([a-zA-Z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)""", re.I)
_HEAD_CHARS = 65536  # base64 characters decoded to learn a picture's size (PNG/JPEG headers are early)


@functools.cache
def settings() -> dict:
    """``rules/common/ocr.yaml`` as a dict (the page-picture bounds live under ``page_images``)."""
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8")) or {}


def _page_rules() -> dict:
    return settings().get("page_images") or {}


@dataclass
class PagePicture:
    """One content picture of a page: where it is shown (``src``) and how to get its bytes."""

    src: str  # the picture's URL, or "data:image/png;inline #N" for the N-th data: picture
    alt: str = ""
    path: str = ""  # the crawl's copy of a linked picture (files/<sha256>)
    sha256: str = ""
    data: bytes = b""  # a decoded data: picture


def wants_pictures(row: dict) -> bool:
    """An HTML page whose content is in its pictures: it lists content pictures, and its text is
    missing, garbled (already marked ``needs_ocr``) or thinner than ``thin_page_chars``."""
    if row.get("kind") != "html" or row.get("extract_error") or row.get("error"):
        return False
    if not (row.get("features") or {}).get("images"):
        return False
    pages = row.get("pages") or []
    if any(p.get("ocr") for p in pages):
        return False  # read already
    chars = sum(len(p.get("norm") or "") for p in pages if not p.get("needs_ocr"))
    return any(p.get("needs_ocr") for p in pages) or chars < int(_page_rules().get("thin_page_chars", 300))


def decoration(src: str, alt: str) -> bool:
    """Named as a logo, banner, icon… in its file name or alt text."""
    from urllib.parse import unquote

    name = (unquote(src.rsplit("/", 1)[-1]) + " " + alt).lower()
    return any(w.lower() in name for w in _page_rules().get("decoration_words") or [])


def big_enough(size: tuple[int, int] | None) -> bool:
    """Large enough to carry words: not an icon, a bullet, a spinner or a horizontal rule."""
    if size is None:
        return False
    rules = _page_rules()
    return max(size) >= int(rules.get("min_side", 300)) and min(size) >= int(rules.get("min_short_side", 60))


def picture_size(data: bytes) -> tuple[int, int] | None:
    """A picture's pixel size from its first bytes (Pillow reads only the header), or None."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            return im.size
    except Exception:  # noqa: BLE001 — not a picture Pillow knows
        return None


def inline_pictures(body: bytes) -> list[bytes]:
    """The decoded ``data:image/…;base64`` pictures of a page body, in page order (broken ones skipped)."""
    out = []
    for m in _DATA_RE.finditer(body):
        raw = re.sub(rb"\s+", b"", m.group(2))
        try:
            out.append(base64.b64decode(raw + b"=" * (-len(raw) % 4)))
        except (binascii.Error, ValueError):
            continue
    return out


def content_pictures(row: dict, body: bytes | None, fetched: dict[str, dict], corpus_dir: Path) -> list[PagePicture]:
    """The content pictures of ``row`` (an HTML page) to read, at most ``max_per_page``, page order.

    ``fetched``: the corpus's picture documents by URL (what the crawler fetched)."""
    rules = _page_rules()
    listed = (row.get("features") or {}).get("images") or []
    inline = inline_pictures(body) if body and any(i.get("src", "").endswith(INLINE) for i in listed) else []
    out: list[PagePicture] = []
    seen_inline = 0
    for img in listed:
        src, alt = str(img.get("src") or ""), str(img.get("alt") or "")
        if src.endswith(INLINE):
            # data: pictures of the content, in the same order as in the body (menus rarely carry data: images)
            if seen_inline >= len(inline):
                continue
            data = inline[seen_inline]
            seen_inline += 1
            if decoration("", alt) or not big_enough(picture_size(data)):
                continue
            out.append(PagePicture(src=f"{src.removesuffix(INLINE)};inline #{seen_inline}", alt=alt, data=data))
        else:
            doc = fetched.get(src)
            if doc is None or decoration(src, alt):
                continue  # not fetched (outside the crawl's bounds) or a logo/banner
            path = corpus_dir / (doc.get("file") or "-")
            if not doc.get("file") or not path.is_file():
                continue
            with path.open("rb") as fh:
                head = fh.read(_HEAD_CHARS)
            if not big_enough(picture_size(head)):
                continue
            out.append(PagePicture(src=src, alt=alt, path=str(path), sha256=str(doc.get("sha256") or "")))
        if len(out) >= int(rules.get("max_per_page", 4)):
            break
    return out


def pending(rows: list[dict], corpus_dir: Path, body_path, retry: set[str]) -> dict[int, list[PagePicture]]:
    """Row index → the content pictures to read, for every HTML page whose content is in its pictures.

    ``body_path(corpus_dir, row)``: where a row's raw body is (``extract.stage``); ``retry``: the reasons
    a picture not read earlier is worth another try (OCR off, not installed, over budget)."""
    fetched: dict[str, dict] = {}
    for row in rows:
        if row.get("kind") == "image" and not row.get("error"):
            body = body_path(corpus_dir, row)
            if body is not None:
                for url in (row.get("url"), row.get("final_url")):
                    if url:
                        fetched.setdefault(url, {**row, "file": str(body.relative_to(corpus_dir))})
    out: dict[int, list[PagePicture]] = {}
    for i, row in enumerate(rows):
        if not wants_pictures(row) or _gave_up(row, retry):
            continue
        listed = (row.get("features") or {}).get("images") or []
        body = None
        if any(str(img.get("src", "")).endswith(INLINE) for img in listed):
            path = body_path(corpus_dir, row)
            body = path.read_bytes() if path is not None and path.is_file() else None
        found = content_pictures(row, body, fetched, corpus_dir)
        if found:
            out[i] = found
    return out


def _gave_up(row: dict, retry: set[str]) -> bool:
    """Its pictures failed already (time limit, unreadable picture): not tried again on every ``check``."""
    first = (row.get("pages") or [{}])[0]
    return bool(first.get("ocr_skipped")) and first.get("ocr_skipped") not in retry


def call(picture: PagePicture, timeout: float) -> tuple[tuple[str, str], tuple]:
    """(key, (function, args)) of the pool call reading one picture. A fetched picture has the key
    its own document's OCR has, so a picture both linked and shown is read once."""
    import hashlib

    from oit_checker.extract.ocr import ocr_data, ocr_page

    if picture.path:
        return (picture.sha256 or picture.path, "1"), (ocr_page, (picture.path, "image", 1, timeout))
    return ("data:" + hashlib.sha256(picture.data).hexdigest(), "1"), (ocr_data, (picture.data, timeout))


def attach(row: dict, pictures: list[PagePicture], results: list[dict], tidy) -> list[str]:
    """Add each read picture to ``row`` as one more page (``ocr: true``, its confidence, ``label`` = the
    picture's address); return the reasons of the pictures not read. The page's own text stays page 1.
    A page that was "needs OCR" is readable once one of its pictures was read; when none was, it says why."""
    from oit_checker import thai

    pages = row.setdefault("pages", [])
    reasons: list[str] = []
    read = 0
    for pic, res in zip(pictures, results, strict=True):
        if res.get("error") or "text" not in res:
            timed_out = res.get("extract_error") == "timeout"  # the pool killed a stuck worker
            reasons.append(res.get("error") or ("ocr_timeout" if timed_out else "ocr_failed"))
            continue
        read += 1
        text = tidy(res["text"])
        pages.append({"n": len(pages) + 1, "text": text, "norm": thai.normalize(text), "needs_ocr": False,
                      "label": pic.src, "ocr": True, "ocr_conf": res["conf"], "ocr_skipped": ""})
    for page in pages:
        if read and page.get("needs_ocr"):
            page.update(needs_ocr=False, ocr_skipped="")
        elif not read and reasons and not page.get("ocr"):
            page["ocr_skipped"] = reasons[0]
    return reasons
