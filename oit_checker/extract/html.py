"""Read an HTML page: decode it right, split menus from content, list its links and features.

Thai agency pages lie about their encoding (tech-notes §5.7, field-notes C.3): TIS-620
bytes with no charset, an ``ISO-8859-1`` header from an old Apache, ``utf-8`` in a meta
tag over windows-874 bytes, or Word exports that declare windows-1252 and spell every
Thai letter as ``&#3619;``. :func:`decode_html` handles all of these; BeautifulSoup then
unescapes the entities.

Vendor sites repeat nearly every ITA label in their menus and sidebars, so text found in
navigation (see ``html_nav.yaml``) is kept apart from the page's content (``nav_text``),
and the crawler marks links found there (``Link.nav``). The crawler reuses this module so
that both stages agree on what a menu is.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from w3lib.encoding import html_to_unicode, resolve_encoding

from oit_checker import thai
from oit_checker.corpus import Page

NAV_FILE = Path(__file__).resolve().parent / "html_nav.yaml"
NAV_MARK = "data-oit-nav"

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "table", "tbody", "thead", "tfoot",
    "tr", "ul", "title", "menu", "select", "textarea",
}
_CELL_TAGS = {"td", "th"}
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u3000]+")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Thai numbers: 0X-XXX-XXXX, 0XX-XXXXXX, 08X-XXX-XXXX, with -, space or dot between groups.
# Thai numbers: 9 digits (landline 0-4203-9209, 054-520573, 0 5310 9999) or 10 (mobile 081-234-5678).
_PHONE_RE = re.compile(r"(?<![\d/.,])0(?:[-\s.]?\d){8,9}(?![\d/])")
_MAPS_RE = re.compile(r"(google\.[a-z.]+/maps|maps\.google\.|goo\.gl/maps|maps\.app\.goo\.gl|openstreetmap\.org"
                      r"|/maps/embed|map\.longdo\.com)", re.I)
# A page is parsed into a tree of Python objects (~1 KB and ~0.1 ms per element): a hostile page of two
# million nested <div>s would take gigabytes and minutes. Only its first MAX_HTML_ELEMENTS elements are read
# (real agency pages have a few thousand); the page says so in ``features["truncated"]``.
MAX_HTML_ELEMENTS = 50_000
_TAG_START_RE = re.compile(rb"<[A-Za-z]")


def bound_html(body: bytes, max_elements: int = MAX_HTML_ELEMENTS) -> tuple[bytes, bool]:
    """``body`` cut before its ``max_elements``-th start tag, and whether it was cut."""
    for n, m in enumerate(_TAG_START_RE.finditer(body), start=1):
        if n > max_elements:
            return body[:m.start()], True
    return body, False


_THAI_LETTER_RE = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
# Letters of any script, counted in C (a Python loop over each character was a tenth of a crawl's CPU).
# Unlike str.isalpha it also counts the few numeric signs that are not digits (², ½, Roman numerals).
_LETTER_RE = re.compile(r"[^\W\d_]")


# ---------------------------------------------------------------- decoding


def _thai_letters(text: str) -> int:
    return len(_THAI_LETTER_RE.findall(text))


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML body, returning ``(text, python_encoding_name)``.

    ``declared`` is the charset from the HTTP header (or a whole Content-Type value).
    Order: BOM, header, ``<meta>`` charset, UTF-8; a body that is valid UTF-8 is UTF-8 whatever the labels
    say; then the windows-874 rescue: when the result has U+FFFD or few Thai letters and cp874 yields
    more Thai, cp874 wins.
    """
    header = None
    if declared:
        header = declared if "/" in declared or "=" in declared else f"text/html; charset={declared}"
    try:
        enc, text = html_to_unicode(header, body, default_encoding="utf-8")
    except (LookupError, UnicodeError):
        enc, text = "utf-8", body.decode("utf-8", errors="replace")
    enc = resolve_encoding(enc) or enc
    if enc != "utf-8" and not body.isascii():
        # The bytes outrank the labels: a body that is valid UTF-8 with non-ASCII text is UTF-8, whatever the
        # header or <meta> say (a UTF-8 site still declaring windows-874); real cp874/latin-1 text is
        # practically never valid UTF-8.
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if enc != "cp874":
        bad = text.count("\ufffd")
        thai_now = _thai_letters(text)
        letters = len(_LETTER_RE.findall(text, 0, 20000))
        if bad or thai_now * 5 < letters:  # invalid bytes, or under 20 % Thai letters
            alt = body.decode("cp874", errors="replace")
            thai_alt = _thai_letters(alt)
            if thai_alt > thai_now and alt.count("\ufffd") <= bad and thai_alt >= 3:
                return alt, "cp874"
    return text, enc


# ---------------------------------------------------------------- navigation


@dataclass(frozen=True)
class NavRules:
    tags: frozenset[str]
    roles: frozenset[str]
    patterns: tuple[re.Pattern, ...]
    never: frozenset[str]
    contains_main: tuple[str, ...]
    main_selector: str = ""  # contains_main as one selector list: one walk of the subtree


@functools.cache
def nav_rules() -> NavRules:
    data = yaml.safe_load(NAV_FILE.read_text(encoding="utf-8"))
    return NavRules(
        tags=frozenset(data.get("tags") or []),
        roles=frozenset(data.get("roles") or []),
        patterns=tuple(re.compile(p, re.I) for p in data.get("class_id_patterns") or []),
        never=frozenset(data.get("never") or []),
        contains_main=tuple(data.get("contains_main") or []),
        main_selector=", ".join(data.get("contains_main") or []),
    )


def nav_like(rules: NavRules, name: str, role: str, classes: Iterable[str], ident: str | None,
             in_article: Callable[[], bool]) -> bool:
    """Whether an element is navigation by its tag, role, class or id (any parser: the crawl reads pages with
    lxml, this module with BeautifulSoup). ``in_article()``: it lies inside an ``<article>`` or ``<main>``."""
    if name in rules.never:
        return False
    if name in rules.tags:
        if name in ("header", "footer") and in_article():
            return False  # an article's own header/footer is content
        return True
    if role.strip().lower() in rules.roles:
        return True
    tokens = list(classes)
    if ident:
        tokens.append(str(ident))
    return any(p.search(tok) for tok in tokens for p in rules.patterns)


def _looks_nav(tag: Tag, rules: NavRules) -> bool:
    return nav_like(rules, tag.name, tag.get("role") or "", tag.get("class") or [], tag.get("id"),
                    lambda: tag.find_parent(["article", "main"]) is not None)


def mark_nav(soup: BeautifulSoup) -> list[Tag]:
    """Mark the outermost navigation elements with ``data-oit-nav`` and return them."""
    rules = nav_rules()
    found: list[Tag] = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or not _looks_nav(tag, rules):
            continue
        if tag.find_parent(attrs={NAV_MARK: True}):
            continue
        if rules.main_selector and tag.select_one(rules.main_selector):  # one walk for all selectors
            continue  # a page wrapper that happens to carry a nav-ish class
        tag[NAV_MARK] = "1"
        found.append(tag)
    return found


def in_nav(tag: Tag) -> bool:
    return tag.has_attr(NAV_MARK) or tag.find_parent(attrs={NAV_MARK: True}) is not None


# ---------------------------------------------------------------- text


def clean_ws(text: str) -> str:
    return _WS_RE.sub(" ", text or "").strip()


def block_text(node: Tag) -> str:
    """Visible text with a line break per block element (not per inline tag), so Thai
    words split by ``<b>``/``<span>`` stay whole. Iterative: old pages nest thousands of
    unclosed ``<font>`` tags."""
    parts: list[str] = []
    stack: list[tuple[bool, object]] = [(False, node)]  # (is_text, item)
    while stack:
        is_text, item = stack.pop()
        if is_text:
            parts.append(item)  # type: ignore[arg-type]
            continue
        for child in reversed(item.contents):  # type: ignore[union-attr]
            if isinstance(child, Tag):
                if child.name in _BLOCK_TAGS:
                    stack += [(True, "\n"), (False, child), (True, "\n")]
                elif child.name in _CELL_TAGS:
                    stack += [(True, " \t "), (False, child)]
                elif child.name != "img":
                    stack.append((False, child))
            elif isinstance(child, NavigableString) and not isinstance(child, _SKIP_STRINGS):
                stack.append((True, str(child)))
    lines = (clean_ws(x) for x in "".join(parts).split("\n"))
    return "\n".join(x for x in lines if x)


def element_text(tag: Tag) -> str:
    """Text of one element on one line; inline tags do not add spaces inside Thai words."""
    return " ".join(block_text(tag).split("\n"))


# ---------------------------------------------------------------- the page


def first_srcset(value: str) -> str:
    return value.split(",")[0].strip().split(" ")[0] if value else ""


def absolute_url(base: str, href: str | None) -> str | None:
    """Absolute http(s) URL of an href on a page whose base URL is ``base``; None for #, javascript:, mailto:…"""
    if not href:
        return None
    href = href.strip().replace("\\", "/")
    if not href or href.startswith("#"):
        return None
    low = href.lower()
    if low.startswith(("javascript:", "mailto:", "tel:", "data:", "about:", "callto:", "sms:", "fax:")):
        return None
    try:
        url = urllib.parse.urljoin(base, href)
    except ValueError:
        return None
    return url if url.lower().startswith(("http://", "https://")) else None


class HtmlPage:
    """A parsed page: decoded text, soup with navigation marked, base URL."""

    def __init__(self, body: bytes, url: str, declared: str | None = None) -> None:
        self.url = url
        body, self.truncated = bound_html(body)
        self.html, self.encoding = decode_html(body, declared)
        self.soup = BeautifulSoup(self.html, "lxml")
        base = self.soup.find("base", href=True)
        self.base = urllib.parse.urljoin(url, base["href"].strip()) if base else url
        gen = self.soup.find("meta", attrs={"name": re.compile("^generator$", re.I)})
        self.generator = clean_ws(gen.get("content") or "")[:100] if gen else ""
        for t in self.soup.find_all(["script", "style", "noscript", "template"]):
            t.decompose()
        self.nav_nodes = mark_nav(self.soup)

    def abs(self, href: str | None) -> str | None:
        """Absolute http(s) URL of an href, or None for #, javascript:, mailto: and the like."""
        return absolute_url(self.base, href)

    @property
    def title(self) -> str:
        t = self.soup.find("title")
        title = element_text(t) if t else ""
        if not title:
            og = self.soup.find("meta", attrs={"property": "og:title"})
            title = clean_ws(og.get("content", "")) if og else ""
        if not title:
            h1 = self.soup.find("h1")
            title = element_text(h1) if h1 else ""
        return title

    # -- features -------------------------------------------------------------------

    def _forms(self) -> list[dict]:
        host = urllib.parse.urlsplit(self.url).hostname or ""
        forms = []
        for f in self.soup.find_all("form"):
            action = self.abs(f.get("action")) or self.url
            fields = []
            has_submit = False
            for inp in f.find_all(["input", "select", "button"]):
                typ = (inp.get("type") or ("submit" if inp.name == "button" else "text")).lower()
                if typ in ("submit", "image"):
                    has_submit = True
                    continue
                if typ in ("hidden", "button", "reset"):
                    continue
                label = inp.get("name") or inp.get("placeholder") or inp.get("id") or typ
                fields.append(str(label))
            forms.append({
                "action": action,
                "method": (f.get("method") or "get").lower(),
                "fields": fields,
                "textareas": len(f.find_all("textarea")),
                "has_submit": has_submit,
                "external": _host_key(urllib.parse.urlsplit(action).hostname or "") != _host_key(host),
            })
        return forms

    def features(self, main_text: str, nav_text: str) -> dict:
        images = []
        for img in self.soup.find_all("img"):
            if in_nav(img):
                continue
            raw = (img.get("src") or "").strip()
            if raw[:10].lower() == "data:image":  # inline picture (pdf2htmlEX pages draw the document so)
                images.append({"src": raw.split(";", 1)[0] + ";inline", "alt": clean_ws(img.get("alt") or "")})
                continue
            src = self.abs(img.get("src") or img.get("data-src") or first_srcset(img.get("srcset") or ""))
            if src:
                images.append({"src": src, "alt": clean_ws(img.get("alt") or img.get("title") or "")})
        iframes = []
        for fr in self.soup.find_all(["iframe", "frame", "embed"]):
            src = self.abs(fr.get("src") or fr.get("data-src"))
            if src:
                iframes.append({"src": src, "title": clean_ws(fr.get("title") or fr.get("name") or "")})
        emails: list[str] = []
        phones: list[str] = []
        hrefs = [a.get("href") or "" for a in self.soup.find_all("a")]
        for h in hrefs:
            if h.lower().startswith("mailto:"):
                emails.append(urllib.parse.unquote(h[7:].split("?")[0]).strip())
            elif h.lower().startswith("tel:"):
                phones.append(h[4:].strip())
        both = thai.arabic_digits(main_text + "\n" + nav_text)
        emails += _EMAIL_RE.findall(both)
        phones += [clean_ws(m) for m in _PHONE_RE.findall(both)]
        maps = any(_MAPS_RE.search(f["src"]) for f in iframes) or any(_MAPS_RE.search(h) for h in hrefs)
        return {
            "forms": self._forms(),
            "images": images[:200],
            "iframes": iframes,
            "emails": _uniq(e.lower() for e in emails if "@" in e),
            "phones": _uniq(phones),
            "maps": bool(maps),
            "generator": self.generator,
        }




def _uniq(items) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        if x and x not in seen:
            seen[x] = None
    return list(seen)


def _host_key(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def find_boilerplate(page_texts: Iterable[str], min_pages: int = 3, min_share: float = 0.5) -> frozenset[str]:
    """Lines repeated on most pages of a site (sidebars without telling class names, footers,
    visitor counters): pass the main texts of a site's HTML pages, then give the result to
    :func:`extract_html` (``boilerplate=``) in a second pass so those lines move to nav_text."""
    counts: Counter[str] = Counter()
    n = 0
    for text in page_texts:
        n += 1
        counts.update({line.strip() for line in text.split("\n") if line.strip()})
    if n < min_pages:
        return frozenset()
    need = max(min_pages, min_share * n)
    return frozenset(line for line, c in counts.items() if c >= need)


def extract_html(body: bytes, url: str, declared_encoding: str | None = None, content_type: str = "",
                 boilerplate: frozenset[str] | set[str] = frozenset()) -> dict:
    """The text fields of a Document for one HTML page (see corpus.Document).

    ``boilerplate``: lines known to repeat across the site (:func:`find_boilerplate`); they
    are moved from the content to ``nav_text``.
    """
    declared = declared_encoding
    if not declared and content_type and "charset=" in content_type.lower():
        declared = content_type
    page = HtmlPage(body, url, declared)
    title = page.title
    nav_parts = [block_text(n) for n in page.nav_nodes]
    nav_text = "\n".join(x for x in nav_parts if x)
    main_root = page.soup.body or page.soup
    for n in page.nav_nodes:
        n.extract()
    for t in page.soup.find_all(["svg", "canvas", "head"]):
        t.decompose()
    headings = _uniq(element_text(h) for h in main_root.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]))[:100]
    main_text = block_text(main_root)
    if boilerplate:
        lines = main_text.split("\n")
        moved = [x for x in lines if x in boilerplate]
        if moved:
            main_text = "\n".join(x for x in lines if x not in boilerplate)
            nav_text = "\n".join(x for x in [nav_text, *moved] if x)
    # put the menus back (still marked) so forms/iframes/contacts anywhere on the page count
    for n in page.nav_nodes:
        main_root.append(n)
    features = page.features(main_text, nav_text)
    if page.truncated:
        features["truncated"] = True
    return {
        "encoding": page.encoding,
        "title": title,
        "headings": headings,
        "pages": [Page(n=1, text=main_text, norm=thai.normalize(main_text))],
        "nav_text": nav_text,
        "features": features,
    }
