"""Which inline pictures of a page the crawl fetches because they *are* the page's content.

A post that is only a heading and a scanned announcement, or an org chart shown as a picture
with no telling name, has its evidence in the picture (field-notes §C.2). The crawler fetches
such pictures — a page's own ``<img>`` outside menus, on this site, not named as decoration,
at most ``max_per_page`` — only when the page's own text is too thin to judge, so news pages
full of event photos cost nothing. The bounds and words are those the OCR stage uses
(``rules/common/ocr.yaml``, :mod:`oit_checker.extract.page_images`); the requests go through
the crawl's own limits and address rules like any other.
"""

from __future__ import annotations

from oit_checker.extract.page_images import decoration, settings


def thin(content_chars: int) -> bool:
    """The page's own text, outside menus (``PageRead.content_chars``), is shorter than ``thin_page_chars``."""
    rules = settings().get("page_images") or {}
    return content_chars < int(rules.get("thin_page_chars", 300))


def content_pictures(links: list[dict], content_chars: int) -> set[str]:
    """URLs of the inline pictures (``kind == "img"``) to fetch as the content of a thin page."""
    rules = settings().get("page_images") or {}
    imgs = [lk for lk in links if lk["kind"] == "img" and not lk["nav"] and not decoration(lk["url"], lk["text"])]
    if not imgs or not thin(content_chars):
        return set()
    return {lk["url"] for lk in imgs[: int(rules.get("max_per_page", 4))]}
