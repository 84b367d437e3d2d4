"""What the crawler reads from each HTML page — links, title, menu marks, how much text — in one lxml pass.

The crawl parses every page it fetches, and building a BeautifulSoup tree with soupsieve
selectors for that was a third of a large crawl's CPU (issue 12's profile). This module reads
the same facts straight from lxml's tree (the parser BeautifulSoup used underneath, so the
tree is the same): the same decoding (:func:`~oit_checker.extract.html.decode_html`), the same
menu rules (``html_nav.yaml`` through :func:`~oit_checker.extract.html.nav_like`) and the same
text joining as :func:`~oit_checker.extract.html.block_text`, so the crawl and the extract stage
still agree on what a menu is. The extract stage keeps its BeautifulSoup reading: it runs once
per page in the pool, after the crawl.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from dataclasses import dataclass, field

from cssselect import HTMLTranslator
from lxml import etree

from oit_checker.extract.html import (
    _BLOCK_TAGS,
    _CELL_TAGS,
    NAV_MARK,
    absolute_url,
    bound_html,
    clean_ws,
    decode_html,
    first_srcset,
    nav_like,
    nav_rules,
)

_DROP = ("script", "style", "noscript", "template")
_LINK_TAGS = ("a", "area", "iframe", "frame", "embed", "object", "img", "form", "meta")
_ONCLICK_DOC_RE = re.compile(r"""['"]([^'"\s]+\.(?:pdf|docx?|xlsx?|odt|ods|pptx?))['"]""", re.I)
_REFRESH_RE = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


@dataclass
class PageRead:
    """One page as the crawler sees it."""

    url: str
    html: str  # the decoded page (script redirects are read from it)
    encoding: str
    title: str = ""
    links: list[dict] = field(default_factory=list)  # {"kind", "url", "text", "nav"}, absolute, unfiltered
    content_chars: int = 0  # visible characters in <body> outside menus, spaces not counted


@functools.cache
def _main_xpath() -> etree.XPath | None:
    """``contains_main`` of html_nav.yaml as one XPath over an element's descendants."""
    selector = nav_rules().main_selector
    if not selector:
        return None
    return etree.XPath(HTMLTranslator().css_to_xpath(selector, prefix="descendant::"))


def _in_nav(el: etree._Element) -> bool:
    if NAV_MARK in el.attrib:
        return True
    return any(NAV_MARK in a.attrib for a in el.iterancestors())


def _mark_nav(root: etree._Element) -> list[etree._Element]:
    """Mark the outermost navigation elements with ``data-oit-nav`` (as html.mark_nav does) and return them."""
    rules = nav_rules()
    main = _main_xpath()
    found: list[etree._Element] = []
    stack = [root]
    while stack:  # document order; a marked element's subtree is not looked at again
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if nav_like(rules, el.tag, el.get("role") or "", (el.get("class") or "").split(), el.get("id"),
                    lambda el=el: any(a.tag in ("article", "main") for a in el.iterancestors())) \
                and not (main is not None and main(el)):
            el.set(NAV_MARK, "1")
            found.append(el)
            continue
        stack.extend(reversed(el))
    return found


def block_text(node: etree._Element) -> str:
    """:func:`oit_checker.extract.html.block_text` on an lxml element: a line per block, inline tags joined."""
    parts: list[str] = []
    stack: list[tuple[bool, object]] = [(False, node)]
    while stack:
        is_text, item = stack.pop()
        if is_text:
            parts.append(item)  # type: ignore[arg-type]
            continue
        el: etree._Element = item  # type: ignore[assignment]
        todo: list[tuple[bool, object]] = []
        if el.text and isinstance(el.tag, str):
            todo.append((True, el.text))
        for child in el:
            if isinstance(child.tag, str):
                if child.tag in _BLOCK_TAGS:
                    todo += [(True, "\n"), (False, child), (True, "\n")]
                elif child.tag in _CELL_TAGS:
                    todo += [(False, child), (True, " \t ")]
                elif child.tag != "img":
                    todo.append((False, child))
            if child.tail:
                todo.append((True, child.tail))
        stack.extend(reversed(todo))
    lines = (clean_ws(x) for x in "".join(parts).split("\n"))
    return "\n".join(x for x in lines if x)


def element_text(el: etree._Element) -> str:
    return " ".join(block_text(el).split("\n"))


def _chars(el: etree._Element) -> int:
    """Visible characters under ``el``, spaces not counted (comments are not text)."""
    return len("".join("".join(el.itertext()).split()))


def _title(root: etree._Element) -> str:
    t = next(root.iter("title"), None)
    title = element_text(t) if t is not None else ""
    if not title:
        og = next((m for m in root.iter("meta") if m.get("property") == "og:title"), None)
        title = clean_ws(og.get("content") or "") if og is not None else ""
    if not title:
        h1 = next(root.iter("h1"), None)
        title = element_text(h1) if h1 is not None else ""
    return title


def _links(root: etree._Element, url: str, base: str) -> list[dict]:
    out: list[dict] = []

    def add(kind: str, el: etree._Element, href: str | None, text: str) -> None:
        target = absolute_url(base, href)
        if target:
            out.append({"kind": kind, "url": target, "text": clean_ws(text)[:300], "nav": _in_nav(el)})

    for el in root.iter(*_LINK_TAGS):
        name = el.tag
        if name == "a":
            text = element_text(el)
            if not text:
                img = next(el.iter("img"), None)
                text = (img.get("alt") or img.get("title") or "") if img is not None else ""
                text = text or el.get("title") or el.get("aria-label") or ""
            add("a", el, el.get("href"), text)
            for m in _ONCLICK_DOC_RE.finditer(el.get("onclick") or ""):
                add("a", el, m.group(1), text)
        elif name == "area":
            add("area", el, el.get("href"), el.get("alt") or el.get("title") or "")
        elif name in ("iframe", "frame"):
            add("iframe", el, el.get("src") or el.get("data-src"), el.get("title") or el.get("name") or "")
        elif name == "embed":
            add("embed", el, el.get("src"), el.get("title") or "")
        elif name == "object":
            add("embed", el, el.get("data"), el.get("title") or "")
        elif name == "img":
            src = el.get("src") or el.get("data-src") or first_srcset(el.get("srcset") or "")
            add("img", el, src, el.get("alt") or el.get("title") or "")
        elif name == "form":
            add("form", el, el.get("action") or url, el.get("name") or el.get("id") or "")
        elif name == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH_RE.search(el.get("content") or "")
            if m:
                add("a", el, m.group(1), "")
    return out


def read_page(body: bytes, url: str, declared: str | None = None) -> PageRead:
    """Decode and parse ``body`` once; its links (menu links marked), title and amount of content."""
    body, _ = bound_html(body)
    html, encoding = decode_html(body, declared)
    page = PageRead(url=url, html=html, encoding=encoding)
    parser = etree.HTMLParser()
    parser.feed(html)
    root = parser.close()
    if root is None:
        return page
    base_el = next((b for b in root.iter("base") if b.get("href") is not None), None)
    base = urllib.parse.urljoin(url, base_el.get("href").strip()) if base_el is not None else url
    etree.strip_elements(root, *_DROP, with_tail=False)
    nav = _mark_nav(root)
    page.title = _title(root)
    page.links = _links(root, url, base)
    body_el = next(root.iter("body"), None)
    page.content_chars = _chars(body_el if body_el is not None else root) - sum(_chars(n) for n in nav)
    return page
