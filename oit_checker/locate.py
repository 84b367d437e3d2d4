"""Find candidate evidence for an item, the way an assessor browses the site.

Signals, strongest first: the document's own title and headings, the anchor texts that
point to it (menus included — menus tell where to look, never what is published), its
URL, and the opening of its content (evidence is often posted in generic categories).
ITA index ("hub") pages that list every item are followed, never taken as evidence.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote, urlsplit

from oit_checker import learned, thai, vocabulary
from oit_checker.corpus import Corpus, Document, Link
from oit_checker.states import DocState, is_broken, is_server_error, unreadable_reason

HEAD_CHARS = 1500  # the opening of the content, where a document states what it is
WEIGHTS = {"title": 4, "link": 4, "heading": 3, "opening": 3, "about": 3, "content": 2, "url": 2, "url_term": 1,
           "code": 4, "hub": 6, "learned": 2}
# Where a match shows the document presents itself as the item (an assessor's "this is it"); "learned": its
# content reads like the item's kind of document (``oit_checker/learned.py``), the weakest of them.
STRONG = ("title", "link", "heading", "opening", "about", "url", "code", "hub", "learned")
# Where the agency or the rules' own signals name the document as the item: with one of these for an item, the
# learned signal adds nothing to it (``learned.yaml`` ``only_unlocated``).
NAMED_WHERE = ("title", "heading", "opening", "about", "link", "hub")
ABOUT_CHARS = 900  # the part of a document where it says what it is about (title, headings, first lines)
OPENING_CHARS = 400
OPENING_LINES = 5
MENU_SCAN = 60  # lines of a page's text where a copied site menu and the breadcrumb under it are looked for
MENU_MIN_LINES = 8  # labels above a breadcrumb that make a menu (a page's own title and date are fewer)
MENU_LINE_MAX = 90  # letters of a menu label; a longer line is the page's own text: no menu runs past it
MENU_HOME_MAX = 60  # letters of a breadcrumb line ("หน้าแรก > ข่าวประชาสัมพันธ์ > รายละเอียด")
OPENING_SLACK = 8  # letters allowed before the term on a title line ("แบบ", "ประกาศ", "สรุป")
SUBJECT_WORD = "เรื่อง"  # on an opening line, what follows is the document's subject
EXCLUDE_PENALTY = 5
EXCLUDE_LINE_MAX = 120  # letters of an opening line above which it is a paragraph: its exclude words are mentions
MIN_SCORE = 2
HUB_MAX_PAGES = 5
HUB_MAX_SHARE = 0.3
MIN_PREFIX = 10  # letters of a truncated anchor that must agree with a term
POST_CHARS = 600  # a page this short that links a file is a post presenting its attachment
POST_MAX_FILES = 3  # more file links than this make a list page (catalogue), not a post
FILE_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "image")
LIST_MIN_ENTRIES = 4  # content links to other documents that make a page a list (news list, document centre)
LIST_MIN_PAGED = 2  # …or this many, on a page that links a sibling page of the list by its number ("หน้า 1 2")
LIST_ENTRY_SHARE = 0.5  # …when at least this share of its text lines are those entries
_CODE_PREFIX_RE = re.compile(r"^\s*[oO]\s*\.?\s*0?\d{1,2}\s*[.:)]?\s*")
_CODE_RE = re.compile(r"(?<![0-9a-z])o\s*\.?\s*0?(\d{1,2})(?!\d)", re.IGNORECASE)
_ROW_CODE_RE = re.compile(r"^\s*o\s*\.?\s*0?(\d{1,2})(?!\d)", re.IGNORECASE)  # a hub table row's item cell


def code_numbers(text: str) -> set[int]:
    """Item numbers written as O1…O43 (also "o 20", "O.20", "O020")."""
    return {int(m.group(1)) for m in _CODE_RE.finditer(text or "")}


@functools.lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    """The host without "www." (remembered: a channel check asks it of every link of the site, per item)."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host




@dataclass
class View:
    """A document prepared once for matching: normalised fields and their fuzzy keys."""

    doc: Document
    link_texts: list[str]
    site_hosts: frozenset
    entries: tuple[str, ...] = ()  # a list page's entries (anchor texts of the documents it lists), normalised

    @property
    def url(self) -> str:
        return self.doc.final_url or self.doc.url

    @cached_property
    def own_content(self) -> str:
        """The content without a list page's entry lines: an entry names another document (a pointer),
        so it never says what the list page itself is ("ข้อมูลเชิงสถิติการให้บริการ" in a news list)."""
        return self._without_entries(self.content)

    def _without_entries(self, content: str) -> str:
        if not self.entries:
            return content
        return "\n".join(ln for ln in content.split("\n") if not any(e in ln for e in self.entries))

    @cached_property
    def about_content(self) -> str:
        """:attr:`own_content` without a site menu copied above the page's breadcrumb (:attr:`menu_lines`): what a
        ``locate.about`` pattern and the learned signal read. (The checks and the opening lines that name a term
        still read the menu: a page whose own words are only an item's heading under the menu, kokklang's "หัวข้อ 03
        อำนาจหน้าที่", would otherwise be named by its opening and passed on the menu's words.)"""
        if not self.menu_lines:
            return self.own_content
        text = "\n".join(self.page_norms[0][1].split("\n")[self.menu_lines:])
        return self._without_entries(
            "\n".join([self.title, self.headings, text] + [p[1] for p in self.page_norms[1:]]).strip())

    @cached_property
    def menu_lines(self) -> int:
        """How many lines opening the page's text are a site menu the extractor kept (0: none): a run of at least
        ``MENU_MIN_LINES`` short lines (labels) up to a breadcrumb, a short line that begins with the home label
        ("หน้าแรก > รายละเอียด", ``vocabulary.home_labels``). Real LAO and hospital pages print their whole ITA or
        site menu above every page's text ("ข้อมูล ITA / … / คู่มือการปฏิบัติงาน / การจัดการเรื่องร้องเรียน… /
        หน้าแรก รายละเอียด"): those labels name where to look, never what the page is, and two of them together
        met an item's ``about`` pattern (session 23: O29 citing kokklang's O3 page, O1 a hospital's executives
        page). The last such breadcrumb within the first ``MENU_SCAN`` lines counts: a menu may begin with the home
        label itself."""
        if self.doc.kind != "html" or not self.page_norms:
            return 0
        homes = tuple(thai.normalize(w).lower() for w in vocabulary.common().get("home_labels", []))
        if not homes:
            return 0
        lines = self.page_norms[0][1].split("\n")
        cut, shown = 0, 0
        for i, ln in enumerate(lines[:MENU_SCAN]):
            text = ln.strip()
            if not text:
                continue
            if len(text) > MENU_LINE_MAX:
                break
            if shown >= MENU_MIN_LINES and len(text) <= MENU_HOME_MAX and text.lower().startswith(homes):
                cut = i
            shown += 1
        return cut

    @cached_property
    def opening(self) -> tuple[str, str]:
        """The document's opening and its key, for ``about_match`` (asked once per item)."""
        text = self.about_content[:ABOUT_CHARS]
        return text, thai.key_of_normalized(text)

    @cached_property
    def title(self) -> str:
        return thai.normalize(self.doc.title)

    @cached_property
    def headings(self) -> str:
        return thai.normalize("\n".join(self.doc.headings))

    @cached_property
    def links(self) -> str:
        return thai.normalize("\n".join(dict.fromkeys(self.link_texts)))

    @cached_property
    def truncated_links(self) -> list[tuple[str, frozenset]]:
        """Anchor texts cut short by the CMS ("รายงานผลการดำเนินการป้องกั…"): (key without the
        ellipsis or code, item numbers the anchor carries)."""
        out = []
        for text in self.link_texts:
            t = text.strip()
            if t.endswith(("…", "...")):
                codes = frozenset(code_numbers(t))
                t = _CODE_PREFIX_RE.sub("", thai.normalize(t.rstrip(".…").strip()))
                if len(thai.key_of_normalized(t)) >= MIN_PREFIX:
                    out.append((thai.key_of_normalized(t), codes))
        return out

    @cached_property
    def url_text(self) -> str:
        return thai.normalize(unquote(self.doc.url + " " + (self.doc.final_url or ""))).lower()

    @cached_property
    def page_norms(self) -> list[tuple[int, str]]:
        """(page number, normalised text) of every page with text."""
        out = []
        for p in self.doc.pages:
            norm = p.norm or thai.normalize(p.text)
            if norm:
                out.append((p.n, norm))
        return out

    @cached_property
    def pages(self) -> list[tuple[int, str, str]]:
        """(page number, normalised text, fuzzy key): keys are computed only for documents a check reads."""
        return [(n, norm, thai.key_of_normalized(norm)) for n, norm in self.page_norms]

    @cached_property
    def content(self) -> str:
        """Title, headings and page text: the document's own words (never menus)."""
        return "\n".join([self.title, self.headings] + [p[1] for p in self.page_norms]).strip()

    @cached_property
    def head(self) -> str:
        return self.content[:HEAD_CHARS]

    @cached_property
    def opening_keys(self) -> list[str]:
        """Keys of the first lines of the text, where a document states what it is."""
        lines = [ln for ln in self.own_content[:OPENING_CHARS].split("\n") if ln.strip()][:OPENING_LINES]
        # an announcement names its subject after "เรื่อง" ("ประกาศเทศบาล… เรื่อง แผนการจัดซื้อจัดจ้าง…")
        # (in a heading line, not a paragraph: "…เป็นประธานการประชุม… มีวาระเรื่องประกาศเจตจำนงสุจริต…" mentions an
        # agenda item, the news is not the declaration)
        lines += [ln.split(SUBJECT_WORD, 1)[1] for ln in lines
                  if SUBJECT_WORD in ln and ln.find(SUBJECT_WORD) <= EXCLUDE_LINE_MAX]
        return [thai.key_of_normalized(_CODE_PREFIX_RE.sub("", ln)) for ln in lines]

    def opens_with(self, term: str) -> bool:
        """The term heads one of the first lines ("รายงานผล…", "แบบรายงานผล…"), not a passing mention."""
        nk = needle(term)[1]
        return bool(nk) and any(0 <= k.find(nk) <= OPENING_SLACK for k in self.opening_keys)

    @cached_property
    def copies_criteria(self) -> bool:
        """Its opening copies the assessment's criteria ("…อย่างน้อยประกอบด้วย", "ยกตัวอย่างเช่น"): a page telling
        what to publish, not the published document (``vocabulary.criteria_phrases``)."""
        text, key = self.opening
        return (any(match_term(text, key, p) for p in vocabulary.common().get("criteria_phrases", []))
                or bool(_criteria_code_re() and _criteria_code_re().search(text)))

    @cached_property
    def content_key(self) -> str:
        return thai.key_of_normalized(self.content)

    @cached_property
    def keys(self) -> dict[str, str]:
        return {k: thai.key_of_normalized(getattr(self, k)) for k in ("title", "headings", "links", "head")}

    @cached_property
    def all_key(self) -> str:
        """Every locate field in one key: a cheap first test before field-by-field matching."""
        return "|".join(self.keys.values())

    @cached_property
    def code_refs(self) -> set[int]:
        return code_numbers(self.title + "\n" + self.links + "\n" + unquote(urlsplit(self.doc.url).path))

    @cached_property
    def on_site(self) -> bool:
        return not self.doc.external and (not self.site_hosts or host_of(self.url) in self.site_hosts
                                           or host_of(self.doc.url) in self.site_hosts)

    @cached_property
    def state(self) -> str:
        """ok, broken (404/410 on the agency's own site) or unreadable (could not read or reach)."""
        d = self.doc
        status = d.status or 0
        if is_broken(d.error, status):
            return (DocState.BROKEN if self.on_site else DocState.UNREADABLE).value
        if d.error or not status or status >= 400 or d.extract_error:
            return DocState.UNREADABLE.value
        if d.needs_ocr or (d.kind == "image" and not any(p.ocr for p in d.pages)):  # a picture read by OCR is text
            return DocState.UNREADABLE.value
        if d.kind not in ("html", "other") and not self.page_norms:
            return DocState.UNREADABLE.value
        return DocState.OK.value

    @property
    def reason(self) -> str:
        """Why the document is unreadable: a ``check.reason.<key>`` message key."""
        d = self.doc
        if d.needs_ocr or d.kind == "image":
            return ocr_reason(d)
        if d.error or is_server_error(None, d.status):
            return unreadable_reason(d.error, d.status)
        if d.extract_error:
            return "extract_error"
        return "other"

    @cached_property
    def codes(self) -> set[int]:
        return code_numbers(self.content[:8000])


def ocr_reason(doc) -> str:
    """Why a scanned document has no text: OCR off, not installed, over budget… (``needs_ocr`` when not tried)."""
    skipped = [p.ocr_skipped for p in doc.pages if p.needs_ocr and p.ocr_skipped]
    return skipped[0] if skipped else "needs_ocr"


@dataclass
class Candidate:
    view: View
    score: float = 0.0
    matched: list[dict] = field(default_factory=list)  # {"term", "where"}

    @property
    def strong(self) -> bool:
        return any(m["where"] in STRONG for m in self.matched)

    @property
    def excluded(self) -> bool:
        """It names itself as another item (a procurement MANUAL is not the plan). A link label naming another
        item does not outweigh the document's own title or opening: the document is judged by what it says."""
        where = {m["where"] for m in self.matched}
        if where & {"exclude:title", "exclude:heading", "exclude:criteria"}:
            return True
        # its own first lines show it is another kind of document (``locate.exclude_over_title``: the Act's table of
        # contents "บทนิยาม มาตรา 1-6" under "อำนาจและหน้าที่ของ อบต.", the plan's "…แยกตามมิติ" under O37's name): a
        # page title or link label naming this item does not outweigh that, as it does not behind a neutral label
        # (session 25: tuning set O3-11, O39-02). A heading, the agency's ITA index row or the item's code still do;
        # with no title or link naming it, the ``exclude`` penalty weighs as ever.
        if "exclude:firm" in where and where & {"title", "link"} and not where & {"heading", "hub", "code"}:
            return True
        return "exclude:link" in where and not where & {"title", "opening"}

    @property
    def hub_linked(self) -> bool:
        """The agency's ITA index links it for the item (in the link's words or the row's item code)."""
        return any(m["where"] == "hub" for m in self.matched)

    @property
    def eligible(self) -> bool:
        """May pass the item: presents itself as the item and not as another one."""
        return self.strong and not self.excluded


def _place_menu_copies(out: dict[str, set[int]], by_link: dict[tuple[str, str], set[int]]) -> None:
    """A row's anchor text carried by several pages of the index (the row's link and a menu copy of the title
    leading elsewhere) is the row's link only for a page no other row holds: the work manual's page, held by the
    work-manual row under its own cut-short title ("คู่มือการปฏิบัติงาน เกี่ยว…"), is not in the complaint row
    whose full title "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์" a menu also gives it."""
    urls_of: dict[str, set[str]] = {}
    for url, text in by_link:
        urls_of.setdefault(text, set()).add(url)
    held: dict[str, set[int]] = {}  # page → the rows it alone carries a text of
    for text, urls in urls_of.items():
        if len(urls) == 1 and text in out:
            held.setdefault(next(iter(urls)), set()).update(out[text])
    for text, urls in urls_of.items():
        if len(urls) < 2 or text not in out:
            continue
        elsewhere = {u for u in urls if held.get(u) and not held[u] & out[text]}
        if elsewhere and urls - elsewhere:
            for u in elsewhere:
                by_link.pop((u, text), None)


class Index:
    """All documents of a corpus prepared for matching, built once per corpus."""

    def __init__(self, corpus: Corpus, hub_min_codes: int = 5, hub_min_text_codes: int = 15) -> None:
        self.corpus = corpus
        hosts = {host_of(d.url) for d in corpus.documents if not d.external}
        start = corpus.crawl.get("start_url") or corpus.crawl.get("host") or ""
        if start:
            hosts.add(host_of(start if "//" in start else "http://" + start))
        self.site_hosts = frozenset(h for h in hosts if h)
        self.links_to: dict[str, list[Link]] = {}
        self.links_from: dict[str, list[Link]] = {}
        for lk in corpus.links:
            self.links_to.setdefault(lk.url, []).append(lk)
            self.links_from.setdefault(lk.src, []).append(lk)
        self.views: list[View] = []
        seen: set[str] = set()
        posted = self._post_labels(corpus)
        for d in corpus.documents:
            if d.url in seen:
                continue
            seen.add(d.url)
            texts = list(d.link_texts) + [lk.text for lk in self.links_to.get(d.url, []) if lk.text]
            texts += posted.get(d.url, [])
            if d.final_url and d.final_url != d.url:
                texts += [lk.text for lk in self.links_to.get(d.final_url, []) if lk.text]
            self.views.append(View(d, texts, self.site_hosts))
        self.by_url: dict[str, View] = {}
        for v in self.views:
            self.by_url.setdefault(v.doc.url, v)
            if v.doc.final_url:
                self.by_url.setdefault(v.doc.final_url, v)
        # An ITA index page links to many items ("O1 …", "O2 …"); a report that merely cites
        # a few codes (an O42 analysis of last year's failed items) is not one.
        self.hubs = set()
        for v in self.views:
            linked = set()
            for lk in self.outlinks(v):
                if not lk.nav:
                    linked |= code_numbers(lk.text)
            if len(linked) >= hub_min_codes or len(v.codes) >= hub_min_text_codes:
                self.hubs.add(v.doc.url)
        for v in self.views:
            v.entries = self._entries(v)
        pages = sum(1 for v in self.views if v.doc.kind == "html")
        if len(self.hubs) > max(HUB_MAX_PAGES, HUB_MAX_SHARE * pages):
            # the whole ITA tree is boilerplate on every page (a menu the extractor kept):
            # only pages that call themselves an ITA index stay hubs
            titles = vocabulary.common()["hub_titles"]
            self.hubs = {u for u in self.hubs if any(match_term(self.by_url[u].title, None, w) for w in titles)}

    def _entries(self, view: View) -> tuple[str, ...]:
        """The entries of a list page: the anchor texts of the documents its content links to, when there
        are at least LIST_MIN_ENTRIES of them and they make most of its lines (a news list, a document
        centre). () for any other page: a post or a report that links a few documents among its own words."""
        if view.doc.kind != "html":
            return ()
        texts, pager = {}, False
        for lk in self.outlinks(view):
            if lk.nav or lk.kind != "a" or lk.url in (view.doc.url, view.doc.final_url):
                continue
            text = thai.normalize(lk.text or "").strip()
            if len(text) >= MIN_PREFIX and lk.url in self.by_url:
                texts.setdefault(lk.url, text)
            pager = pager or (text.isdigit() and lk.url in self.by_url)  # "หน้า 1 2": a page of a paged list
        # the last page of a paged list may hold only a few entries (session 17, generator seed 1109: a document
        # centre's page 2 with three posts was read as a village-forum document lacking its results)
        if len(texts) < (LIST_MIN_PAGED if pager else LIST_MIN_ENTRIES):
            return ()
        entries = tuple(dict.fromkeys(texts.values()))
        lines = [ln for _, n in view.page_norms for ln in n.split("\n") if ln.strip()]
        listed = sum(1 for ln in lines if any(e in ln for e in entries))
        return entries if lines and listed >= LIST_ENTRY_SHARE * len(lines) else ()

    def _post_labels(self, corpus: Corpus) -> dict[str, list[str]]:
        """A post's own title for the files it presents: a short page ("รายละเอียดตามไฟล์แนบ") linking
        one to three files by a generic text ("ดาวน์โหลด", "เปิดไฟล์ PDF") names them by its title, so
        the attachment is judged as the item the post is about. A list page linking many files does not."""
        by_url = {d.url: d for d in corpus.documents}
        phrases = [thai.normalize(p) for p in vocabulary.common().get("attachment_phrases", [])]
        out: dict[str, list[str]] = {}
        self.post_of: dict[str, list[str]] = {}  # a file → the posts presenting it (the page the assessor opens)
        for d in corpus.documents:
            if d.kind != "html" or d.external or not d.title:
                continue
            files = [lk.url for lk in self.links_from.get(d.url, [])
                     if not lk.nav and by_url.get(lk.url) is not None and by_url[lk.url].kind in FILE_KINDS]
            files = list(dict.fromkeys(files))
            if not files or len(files) > POST_MAX_FILES:
                continue
            text = "\n".join(p.norm or thai.normalize(p.text) for p in d.pages)
            if len(text) > POST_CHARS and not any(p in text for p in phrases):
                continue
            label = " ".join([d.title] + list(d.headings[:1]))
            for url in files:
                out.setdefault(url, []).append(label)
                self.post_of.setdefault(url, []).append(d.url)
        return out

    @cached_property
    def _joined_keys(self) -> tuple[str, list[int]]:
        """Every view's ``all_key`` in one string, NUL between views (no key holds one), and where each starts."""
        starts, pos = [], 0
        for v in self.views:
            starts.append(pos)
            pos += len(v.all_key) + 1
        return "\x00".join(v.all_key for v in self.views), starts

    def views_with_keys(self, keys) -> set[int]:
        """Positions in ``views`` of the views whose ``all_key`` holds one of ``keys``: one search of the
        whole corpus per key, remembered for the other items, instead of one per view and item."""
        cache = self.__dict__.setdefault("_key_views", {})
        out: set[int] = set()
        for k in keys:
            if k and k not in cache:
                cache[k] = self._views_with(k)
            out |= cache.get(k, frozenset())
        return out

    def _views_with(self, key: str) -> frozenset[int]:
        text, starts = self._joined_keys
        found = set()
        i = text.find(key)
        while i != -1:
            n = bisect.bisect_right(starts, i) - 1
            found.add(n)
            i = text.find(key, starts[n + 1]) if n + 1 < len(starts) else -1
        return frozenset(found)

    def row_codes(self, hub_url: str) -> dict[str, set[int]]:
        """An ITA index laid out as a table ("O19 | 8 | ข้อมูลสถิติ… | <link>"): anchor text → the item codes
        heading the rows that hold it. The row, not the link's own words, says which item the link is."""
        return self._rows(hub_url)[0]

    def link_rows(self, hub_url: str) -> dict[tuple[str, str], set[int]]:
        """(link URL, anchor text) → the item codes heading the row that holds that link (:meth:`row_codes`), a
        menu copy of a row's title leading to another row's page left out (:func:`_place_menu_copies`)."""
        return self._rows(hub_url)[1]

    def _rows(self, hub_url: str) -> tuple[dict[str, set[int]], dict[tuple[str, str], set[int]]]:
        cache = self.__dict__.setdefault("_row_codes", {})
        if hub_url not in cache:
            hub = self.by_url[hub_url]
            rows = [(int(m.group(1)), ln) for _, n in hub.page_norms for ln in n.split("\n")
                    if (m := _ROW_CODE_RE.match(ln))]
            out: dict[str, set[int]] = {}
            by_link: dict[tuple[str, str], set[int]] = {}
            for lk in self.outlinks(hub):
                text = thai.normalize(lk.text or "").strip()
                if len(text) >= MIN_PREFIX:
                    codes = {code for code, ln in rows if text in ln}
                    if len(codes) == 1:  # a word in several rows ("จัดซื้อจัดจ้าง", a menu's) names no row
                        out.setdefault(text, set()).update(codes)
                        by_link.setdefault((lk.url, text), set()).update(codes)
            _place_menu_copies(out, by_link)
            cache[hub_url] = (out, by_link)
        return cache[hub_url]

    def row_numbers(self) -> frozenset[int]:
        """The item codes heading a row of any ITA index table, a row saying "ไม่มีข้อมูล" included: the items the
        agency gives a row of their own."""
        if "_row_numbers" not in self.__dict__:
            self.__dict__["_row_numbers"] = frozenset(
                int(m.group(1)) for hub_url in self.hubs for _, n in self.by_url[hub_url].page_norms
                for ln in n.split("\n") if (m := _ROW_CODE_RE.match(ln)))
        return self.__dict__["_row_numbers"]

    def row_items(self, view: View) -> set[int]:
        """The item codes of the ITA index rows linking the document ("O22 | ประกาศต่าง ๆ… | <link>"): the items the
        agency presents it for, by the row and not by the link's words (empty: no table row links it)."""
        urls = {view.doc.url, view.doc.final_url} - {"", None}
        out: set[int] = set()
        for hub_url in self.hubs:
            rows = self.link_rows(hub_url)
            for lk in self.outlinks(self.by_url[hub_url]):
                if lk.url in urls:
                    out |= rows.get((lk.url, thai.normalize(lk.text or "").strip()), set())
        return out

    def is_hub(self, view: View) -> bool:
        return view.doc.url in self.hubs

    def learned(self) -> dict[int, dict[str, float]]:
        """Positions in ``views`` → the concepts the document's content reads like (``oit_checker/learned.py``),
        worked out once per document. Never a hub, a list page, an unreadable document or criteria copied into a
        page: those are not a document of any item."""
        if not learned.enabled():
            return {}
        model = self.learned_model()
        # keyed by the views list too: attribution sees the corpus through one document (a copy of this index)
        key = (id(model), id(self.views))
        cache = self.__dict__.setdefault("_learned", {})
        if key not in cache:
            out = {}
            for pos, v in enumerate(self.views):
                if v.state != DocState.OK or self.is_hub(v) or v.entries or v.copies_criteria:
                    continue
                got = learned.from_ranked(self.learned_ranked(v, model))
                if got:
                    out[pos] = got
            cache[key] = (model, self.views, out)  # kept so that the ids are not reused
        return cache[key][2]

    def learned_model(self):
        """The learned signal's model, asked once per index (a scan's corpus): finding it again (its signature reads
        and hashes every example file) for every judged item and document was most of a real-text measurement's
        time (session 23)."""
        if "_learned_model" not in self.__dict__:
            self.__dict__["_learned_model"] = learned.model()
        return self.__dict__["_learned_model"]

    @staticmethod
    def learned_ranked(view: View, model) -> list[tuple[str, float]]:
        """The model's ranking of a document's content (every class, best first), worked out once per document; read
        without a site menu copied above its breadcrumb (:attr:`View.about_content`): a hospital's menu of its work
        groups ("กลุ่มงานบริหารทั่วไป / กลุ่มงานพยาบาล / …") read as an organisation chart (session 23)."""
        seen = view.__dict__.setdefault("_learned_ranked", {})
        if id(model) not in seen:
            seen[id(model)] = (model, learned.ranked_of(view.about_content, model, normalized=True))
        return seen[id(model)][1]

    def learned_gap(self, view: View, concept: str | None) -> float | None:
        """How far the model puts ``concept`` below what it takes the document to be (``learned.gap_of``); None
        when the signal is off or the document is not one it reads (a hub, a list page, unreadable, too short)."""
        if not concept or not learned.enabled() or view.state != DocState.OK or self.is_hub(view) or view.entries \
                or view.copies_criteria:
            return None
        model = self.learned_model()
        return learned.gap_of(self.learned_ranked(view, model), concept) if model is not None else None

    def outlinks(self, view: View) -> list[Link]:
        out = list(self.links_from.get(view.doc.url, []))
        if view.doc.final_url and view.doc.final_url != view.doc.url:
            out += self.links_from.get(view.doc.final_url, [])
        return out

    def linked_from_site(self, url: str) -> bool:
        """True when a page of the agency's own site links to ``url``."""
        for lk in self.links_to.get(url, []):
            if host_of(lk.src) in self.site_hosts:
                return True
        v = self.by_url.get(url)
        return bool(v and any(host_of(r) in self.site_hosts for r in v.doc.referrers))


def index_for(corpus: Corpus) -> Index:
    """The corpus's Index, cached on the corpus object (judge() runs once per item)."""
    idx = corpus.__dict__.get("_oit_index")
    if idx is None:
        idx = Index(corpus)
        corpus.__dict__["_oit_index"] = idx
    return idx


def code_num(code: str) -> int:
    """The number of an item code ("O24" → 24)."""
    return int(re.sub(r"\D", "", code) or 0)


@functools.cache
def needle(term: str) -> tuple[str, str]:
    """Normalised form and fuzzy key of a rule term (computed once per term)."""
    n = thai.normalize(term)
    return n, thai.match_key(n)


@functools.cache
def _criteria_code_re() -> re.Pattern | None:
    """A line opening with an indicator's code and its statement ("EB 10 หน่วยงานมี…", "MOIT 18 หน่วยงาน…"):
    ``vocabulary.criteria_codes`` followed by one of ``criteria_code_subjects``."""
    voc = vocabulary.common()
    codes, subjects = voc.get("criteria_codes", []), voc.get("criteria_code_subjects", [])
    if not codes or not subjects:
        return None
    c = "|".join(re.escape(x) for x in sorted(codes, key=len, reverse=True))
    w = "|".join(re.escape(thai.normalize(x)) for x in sorted(subjects, key=len, reverse=True))
    return re.compile(rf"(?im)^[ \t]*(?:{c})[ \t]*\d{{1,2}}(?:\.\d{{1,2}})?[ \t]*[.:)]?[ \t]*(?:{w})")


def match_term(text: str, key: str | None, term: str) -> str | None:
    """Like thai.contains, with the term's normalisation cached: "exact", "fuzzy" or None."""
    n, nk = needle(term)
    if not n or not text:
        return None
    if thai.found_in(text, n):
        return "exact"
    if key is None:
        key = thai.key_of_normalized(text)
    if nk and len(nk) >= 2 and thai.found_in(key, nk):
        return "fuzzy"
    return None


def _match(text: str, key: str | None, term: str) -> bool:
    return match_term(text, key, term) is not None


def _masked(text: str, key: str, masks: list[str]) -> tuple[str, str]:
    """The text without phrases that contain a term but name something else ("สารจากผู้บริหาร" is
    not the executives list): the rule's ``locate.mask``."""
    hits = [m for m in masks if m and m in text]
    if not hits:
        return text, key
    for m in sorted(hits, key=len, reverse=True):
        text = text.replace(m, " ")
    return text, thai.key_of_normalized(text)


def _truncated_match(term_key: str, trunc: list[tuple[str, frozenset]], num: int, other_keys: list[str]) -> bool:
    """A cut-short anchor names this item: it begins the term and either carries this item's
    code, or (no code) begins no other item's term ("รายงานการกำกับติดตามการดำเ…" is O11 or O40)."""
    for prefix, codes in trunc:
        if not term_key.startswith(prefix):
            continue
        if codes:
            if num in codes:
                return True
            continue
        if not any(k.startswith(prefix) for k in other_keys):
            return True
    return False


DATE_TOKEN = "{date}"  # in a ``locate.about`` group: a full date (day, month, year; Thai, CE or numeric)
# in a ``locate.about`` group: a span of more than one year ("พ.ศ. 2561 - 2565", "2023-2027"): how a multi-year
# plan says what it is, whatever its title calls it
RANGE_TOKEN = "{year_range}"
TOKENS = (DATE_TOKEN, RANGE_TOKEN)
TITLES_TOKEN = "{titles}"  # a ``{titles: [...], min: n}`` group, read by :func:`_titles_of`
ALONE_TOKEN = "{alone}"  # a ``{alone: [...], max_other: n}`` group, read by :func:`_alone_title`


@functools.lru_cache(maxsize=4096)
def _has_full_date(text: str) -> bool:
    """A date with day and year in ``text``, or a day dated by the one event year the text names ("วันที่ ๒๔
    เมษายน" of "วันเทศบาล ประจำปี 2564", ``thai.days_in_named_year``); cached: every item's ``about`` asks it of the
    same openings. The day stands on the month's line: a table's last figure above a row that opens with a month
    ("พฤศจิกายน 2566 | 2 | 14" / "ธันวาคม 2566 | 8 | 412", a monthly statistics table) is a count, not a day."""
    return (any(d.day and d.year and "\n" not in d.text for d in thai.find_dates(text))
            or bool(thai.days_in_named_year(text)))


@functools.lru_cache(maxsize=4096)
def _has_year_range(text: str) -> bool:
    """A range of years longer than one year in ``text`` (BE or CE); cached like :func:`_has_full_date`."""
    return any(y.kind == "range" and y.end_year and y.end_year > y.year for y in thai.find_years(text))


SHORT_KEY = 4  # letters of a fuzzy key below which an ``about`` word must occur as written
EXCLUDE_EXACT_KEY = 5  # letters of a fuzzy key below which an ``exclude`` word must occur as written


def _date_last(terms: list) -> list:
    return [t for t in terms if t not in TOKENS] + [t for t in terms if t in TOKENS]


def _has_date(group) -> bool:
    return any(t in TOKENS for t in (group if isinstance(group, list) else group.get("any", [])))


def about_match(view: View, about: list[dict], masks: list[str] = ()) -> str | None:
    """The first ``locate.about`` pattern whose every group occurs in the document's opening
    (title, headings, first lines) and none of its ``not`` terms: the document says it is the item
    whatever the link pointing to it says ("เอกสาร 3", "ดาวน์โหลด"). Returns the pattern's name.
    The rule's ``locate.mask`` phrases are blanked first: the assessment's wording copied as a heading
    ("หน่วยงานมีแนวปฏิบัติการจัดการเรื่องร้องเรียน…") does not make the page say it is the item."""
    if not about:
        return None
    return about_matcher(about, masks)(view)


class AboutMatcher:
    """:func:`about_match` with the rule's patterns read once: ``candidates`` asks it of every document of
    the corpus (2,000 documents × 40 items), and each word's needle, each group's order (dates last) and
    minimum were looked up again on every document. Same answer as reading the patterns each time."""

    def __init__(self, about: list[dict], masks: list[str] | tuple = ()):
        self.masks = list(masks)
        self.patterns = [(str(pattern.get("name") or f"about#{i + 1}"),
                          tuple(_not_term(t) for t in pattern.get("not", [])),
                          tuple(_about_group(g) for g in sorted(pattern["all"], key=_has_date)))  # dates last
                         for i, pattern in enumerate(about)]

    def __call__(self, view: View) -> str | None:
        return self.match(*view.opening)

    def match(self, text: str, key: str) -> str | None:
        """The first pattern the (normalised) text meets, by name; the rule's masks applied first."""
        if not self.patterns:
            return None
        text, key = _masked(text, key, self.masks)
        for name, nots, groups in self.patterns:
            # the groups first: most documents miss the first one, and the pattern's ``not`` words are many
            if all(_group_met(text, key, g) for g in groups) and not any(_not_hit(text, key, t) for t in nots):
                return name
        return None


def about_matcher(about: list[dict], masks: list[str] | tuple = ()) -> AboutMatcher:
    """The rule's :class:`AboutMatcher`, read once per process for the same patterns (keyed by their content,
    so a rule edited in memory, as ``rules test --mutate`` does, gets its own): a small site is judged item
    by item in a few milliseconds, and reading the patterns again was a third of it."""
    try:
        key = json.dumps(about, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):  # not plain data: read it each time
        return AboutMatcher(about, masks)
    return _about_matcher(key, tuple(masks))


@functools.lru_cache(maxsize=512)
def _about_matcher(about_json: str, masks: tuple[str, ...]) -> AboutMatcher:
    return AboutMatcher(json.loads(about_json), masks)


LINE_START = "^"  # a ``not`` word written "^เรียน" counts only where it opens a line (a letter's salutation)


def _not_term(term: str) -> tuple:
    """A ``not`` word as :func:`match_term` reads it: its needle, and its fuzzy key when long enough to count.
    Written with a leading ``^`` it names how a kind of document opens a line ("^เรียน" of a letter, "^วิสัยทัศน์"
    heading a plan's vision): a pattern for that line start, no fuzzy key — the word inside a sentence or inside
    another word ("อาคารเรียนรวม" of a contact address, "แลกเปลี่ยนวิสัยทัศน์" of a news post) is no veto."""
    if term.startswith(LINE_START):
        n = needle(term[len(LINE_START):])[0]
        return n, None, (re.compile(rf"(?m)^[ \t]*{re.escape(n)}") if n else None)
    n, nk = needle(term)
    return n, (nk if nk and len(nk) >= 2 else None), None


# a letter silenced by THANTHAKHAT, with the marks it carries ("ธ์" of "สัมพันธ์", "ทร์" keeps its ท)
_SILENT_RE = re.compile("[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4b]*\u0e4c")


def _silent_key(text: str) -> str:
    """The fuzzy key of a text without its silenced letters: dropping THANTHAKHAT alone, as the key does, reads a
    silent letter as a spoken one and joins words that are not there."""
    return thai.key_of_normalized(_SILENT_RE.sub("", text))


def _not_hit(text: str, key: str, term: tuple) -> bool:
    n, nk, at_line = term
    if at_line is not None:
        return bool(text) and at_line.search(text) is not None
    if not n or not text:
        return False
    if n in text:
        return True
    if nk is None or nk not in key:
        return False
    # a fuzzy hit that only a silenced letter makes is no hit: "ประชาสัมพันธ์กิจกรรม" (publicising an activity, the
    # commonest news title) is not a plan's "พันธกิจ" (session 21, tuning set O33-1101 titled)
    return "\u0e4c" not in text or _silent_key(n) in _silent_key(text)


# a ``locate.about`` group ``{titles: [...], min: n}``: ``n`` distinct titles, each a list entry (a line, past its
# number or bullet) that begins with one of the words and names its year "พ.ศ. 2542" near its end; a catalogue of
# acts and regulations lists them so, while a page that cites a law does so inside a sentence ("ตามพระราชบัญญัติ…")
TITLE_YEAR_RE = re.compile(r"(?<!เ)พ\.?\s?ศ\.?\s*(2[45]\d\d)")  # not "เพศ" (sex)
_ENTRY_MARK_RE = re.compile(r"^[\s\-–—•*·○●▪►>]*(?:\(?\d{1,3}(?:\.\d{1,3})*\s*[.)]?\s+)?[\-–—•*·○●▪►>]*\s*")
TITLE_MAX = 250  # letters from a title's first word to its year: longer is a paragraph, not a list entry
TITLE_TAIL = 45  # letters after a title's last year: an edition note, a file size, "ดาวน์โหลด"; more is a sentence
TITLE_HEADING_MAX = 30  # a line of one title word and a few letters heads a list of titles by year ("- พ.ศ. 2563")


def _titles_of(text: str, words: tuple[str, ...]) -> set[str]:
    """The distinct titles ``text`` lists, told apart by their (first) year: entries that begin with one of ``words``
    and end with a year, two run together on one line ("…พ.ศ.2542ระเบียบข้าราชการครู… พ.ศ.2553"), or a bare year
    entry ("- พ.ศ. 2563") under a heading line that is one of the words ("กฎกระทรวง"). By year, not by wording: a
    page titled with one law repeats it in its text in other words ("พ.ร.บ.เทศบาล พ.ศ.2496" above "พระราชบัญญัติ
    เทศบาล พ.ศ. 2496 แก้ไขเพิ่มเติมถึง…"), still one law (two laws of one year count once: a miss, not a pass)."""
    found: set[str] = set()
    heading = ""
    for raw in text.split("\n"):
        line = _ENTRY_MARK_RE.sub("", raw).strip()
        if not line:
            continue
        if not any(line.startswith(w) for w in words):
            year = TITLE_YEAR_RE.match(line)
            if heading and year and len(line) - year.end() <= TITLE_TAIL:
                found.add(year.group(1))
            else:
                heading = ""
            continue
        if not TITLE_YEAR_RE.search(line):
            heading = line if len(line) <= TITLE_HEADING_MAX else ""
            continue
        heading = ""
        found |= _line_titles(line, words)
    return found


# a ``locate.about`` group ``{alone: [...], max_other: n}``: the page is one title and little else — a line that
# begins with one of the words (past its number or bullet) among its first lines, and beside the lines that so begin
# (the same title restated in full or abbreviated), at most ``n`` letters: a date, "ดาวน์โหลด", a file's name and size.
# A page that is one law's title leading to its file shows that law (O6's judgement call of session 19); an article,
# a duties page or a news story headed by a law's title says much more (O6.law-article.fail)
ALONE_FIRST_LINES = 3  # the title line is among the first lines: a date or a breadcrumb may come before it
ALONE_TITLE_LINES = 2  # one title, maybe restated in other words; more title lines are a list (the list patterns')
_LETTERS_RE = re.compile(r"[\u0e00-\u0e7fA-Za-z0-9]")


def alone_patterns(cfg: dict) -> set[str]:
    """The names of a rule's ``locate.about`` patterns that are one title alone (``{alone: [...]}``: O6's page
    that is one law's title, the lead's decision of session 19): the rule says such a page is its evidence, so the
    judge must not take it for a heading with nothing under it."""
    return {str(a.get("name")) for a in cfg.get("about", []) or []
            if any(isinstance(g, dict) and "alone" in g for g in a.get("all", []) or [])}


def _alone_title(text: str, words: tuple[str, ...], max_other: int) -> bool:
    """The text is one title (a line beginning with one of ``words``, within ``TITLE_MAX`` letters, restated at most
    once) among its first ``ALONE_FIRST_LINES`` lines, with at most ``max_other`` letters on its other lines."""
    first, other, titles = None, 0, 0
    for n, raw in enumerate(ln for ln in text.split("\n") if ln.strip()):
        line = _ENTRY_MARK_RE.sub("", raw).strip()
        if len(line) <= TITLE_MAX and any(line.startswith(w) for w in words):
            first = n if first is None else first
            titles += 1
            if titles > ALONE_TITLE_LINES:
                return False
            continue
        other += len(_LETTERS_RE.findall(line))
        if other > max_other:
            return False
    return first is not None and first < ALONE_FIRST_LINES


def _line_titles(line: str, words: tuple[str, ...]) -> set[str]:
    """The titles of one entry line that begins with a title word: cut after each year that another title word
    follows; each part names its year within ``TITLE_MAX`` letters, the last ends within ``TITLE_TAIL`` of it."""
    parts, start = [], 0
    for m in TITLE_YEAR_RE.finditer(line):
        rest = line[m.end():].lstrip(" )")
        if any(rest.startswith(w) for w in words):
            parts.append(line[start:m.end()])
            start = len(line) - len(rest)
    parts.append(line[start:])
    out = set()
    for part in parts:
        years = list(TITLE_YEAR_RE.finditer(part))
        if not years or years[0].start() > TITLE_MAX or len(part) - years[-1].end() > TITLE_TAIL:
            return set()  # one part reads as a sentence: the line is prose, not entries
        out.add(years[0].group(1))
    return out


def _about_group(group) -> tuple[int, tuple]:
    """(how many alternatives must occur, the alternatives with the date token last) of an ``about`` group;
    an alternative is the token itself for ``{date}`` or ``{year_range}``, else (needle, fuzzy key). A short
    word ("วันที่", "ปลัด") has no fuzzy key and matches only as written: its key (three consonants, "วนท") occurs
    inside unrelated words of almost any opening ("ส่วนท้องถิ่น"), which made every LAO page "dated"."""
    if isinstance(group, dict) and "titles" in group:
        words = tuple(dict.fromkeys(thai.normalize(w) for w in group["titles"]))
        return int(group.get("min", 2)), ((TITLES_TOKEN, words),)
    if isinstance(group, dict) and "alone" in group:
        words = tuple(dict.fromkeys(thai.normalize(w) for w in group["alone"]))
        return 1, ((ALONE_TOKEN, words, int(group.get("max_other", 120))),)
    alts, need = (group, 1) if isinstance(group, list) else (group["any"], int(group.get("min", 1)))
    terms = []
    for term in _date_last(alts):
        if term in TOKENS:
            terms.append(term)
            continue
        norm, fuzzy = needle(term)
        terms.append((norm, None if len(fuzzy) < SHORT_KEY else fuzzy))
    return need, tuple(terms)


def _group_met(text: str, key: str, group: tuple[int, tuple]) -> bool:
    """``min`` (default 1) of the group's alternatives occur in the text; the dates, the costly part, are
    read only when the words fall short."""
    need, terms = group
    if need <= 0:
        return True
    if terms and terms[0][0] == TITLES_TOKEN:
        return len(_titles_of(text, terms[0][1])) >= need
    if terms and terms[0][0] == ALONE_TOKEN:
        return _alone_title(text, terms[0][1], terms[0][2])
    hits = 0
    for term in terms:
        if term == DATE_TOKEN:
            hits += _has_full_date(text)
        elif term == RANGE_TOKEN:
            hits += _has_year_range(text)
        else:
            norm, fuzzy = term
            hits += (norm in text) if fuzzy is None else (bool(norm) and bool(text) and (norm in text or fuzzy in key))
        if hits >= need:
            return True
    return False


def _listed_where_needed(view: View, index: Index, about: list[dict], said: str, terms: list[str],
                         url_terms: list[str], masks: list[str]) -> bool:
    """An ``about`` pattern marked ``listed: true`` (news: any dated activity page looks like a post)
    counts only for a document the item's own listing presents: its address carries one of the rule's
    ``url_terms`` ("/news/"), or the start page (its latest-news block) or a page whose title or headings
    name the item links to it from its content (not from a menu shown on every page). A dated page of
    another item is not news."""
    pattern = next((p for i, p in enumerate(about) if str(p.get("name") or f"about#{i + 1}") == said), {})
    if not pattern.get("listed"):
        return True
    if any(t in view.url_text for t in url_terms):
        return True
    start = str(index.corpus.crawl.get("start_url") or "").rstrip("/")
    for lk in index.links_to.get(view.doc.url, []) + index.links_to.get(view.doc.final_url or "", []):
        src = index.by_url.get(lk.src)
        if lk.nav or src is None or src is view:
            continue
        if start and lk.src.rstrip("/") == start:
            return True
        for text, key in ((src.title, src.keys["title"]), (src.headings, src.keys["headings"])):
            mtext, mkey = _masked(text, key, masks)
            if any(_match(mtext, mkey, t) for t in terms):
                return True
        if any(t in src.url_text for t in url_terms):
            return True
    return False


def terms_of_other_items(profile, code: str) -> tuple[str, ...]:
    """Locate terms of every other item of the profile, the ``other_terms`` of ``candidates`` (cached on the
    profile: asked for each item, and for each document attribution looks at)."""
    cache = profile.__dict__.setdefault("_oit_other_terms", {})
    if code not in cache:
        cache[code] = tuple(t for r in getattr(profile, "rules", []) if r.code != code
                            for t in r.locate.get("terms", []))
    return cache[code]


# where a term names the document, and the text it was read in (View attribute, key name)
NAME_TEXTS = {"title": ("title", "title"), "heading": ("headings", "headings"), "link": ("links", "links"),
              "opening": ("head", "head"), "content": ("head", "head")}


def named_inside_other(cand: Candidate, rule, other_terms: list[str] | tuple) -> bool:
    """Every word naming the document as this item (its title, headings, link texts, opening) stands inside a longer,
    more specific name of another item that the same text carries, and nothing else ties it here (no index row, no
    code, no content read as the item): the dead PDF linked "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปี…" is
    the annual procurement report's (2565 O24, "รายงานผลการจัดซื้อจัดจ้าง"), met by the notices' generic
    "จัดซื้อจัดจ้าง" only inside that name (session 19, generator seed 9003). The agency's ITA index linking it for
    the item keeps it.

    What the document is called decides over what its first lines mention: when its title names it only inside
    another item's name, this item's generic word met again in its opening or body (a column "วิธีการจัดซื้อจัดจ้าง"
    of the annual report's table) does not name it here (generator seed 15305, ita-2566 O20: the live annual
    procurement report failing "ประกาศ" is not the notices' document). A term of this item that no other item's name
    holds, met there, still ties it here."""
    if cand.hub_linked:
        return False
    named = {m["where"] for m in cand.matched if m["where"] in NAME_TEXTS}
    if not named or any(m["where"] in STRONG and m["where"] not in NAME_TEXTS for m in cand.matched):
        return False
    terms = rule.locate.get("terms", [])
    masks = [needle(m)[0] for m in rule.locate.get("mask", [])]
    own = {needle(t)[1] for t in terms} - {""}
    # the other items' names that hold one of this item's names and say more
    longer = [n for t in other_terms if (k := needle(t)[1]) and k not in own
              and any(o in k and len(o) < len(k) for o in own) and (n := needle(t)[0])]
    if not longer:
        return False
    longer_keys = [needle(n)[1] for n in longer]
    generic = {m["where"]: needle(m["term"])[1] for m in cand.matched if m["where"] in ("opening", "content")}
    if "title" in named and generic and all(any(g in k for k in longer_keys) for g in generic.values()):
        named -= set(generic)  # judged by its title below: the body's generic word is a mention
    v = cand.view
    for where in named:
        attr, key_name = NAME_TEXTS[where]
        text = _masked(getattr(v, attr), v.keys[key_name], masks)[0]
        if not any(n in text for n in longer):
            return False
        text, key = _masked(text, "", longer)  # the other items' names taken out: is this item still named?
        if any(_match(text, key, t) for t in terms):
            return False
    return True


def candidates(rule, index: Index, other_terms: list[str] | tuple = ()) -> list[Candidate]:
    """Documents that may hold the item's evidence, best first, with what matched where.

    ``other_terms``: the other items' terms, so that a truncated anchor shared by two items is
    not attributed to either on its own."""
    loc = rule.locate
    terms = loc.get("terms", [])
    url_terms = [t.lower() for t in loc.get("url_terms", [])]
    content_terms = loc.get("content_terms", [])
    exclude = loc.get("exclude", [])
    firm = loc.get("exclude_over_title", [])
    masks = [needle(m)[0] for m in loc.get("mask", [])]
    about = loc.get("about", [])
    num = code_num(rule.code)
    hub_boost: dict[str, list[str]] = {}
    for hub_url in index.hubs:
        hub = index.by_url[hub_url]
        rows = index.link_rows(hub_url)
        held: dict[str, set[int]] = {}  # link URL → the items of the rows holding it
        for (url, _), codes in rows.items():
            held.setdefault(url, set()).update(codes)
        for lk in index.outlinks(hub):
            text = thai.normalize(lk.text)
            masked = _masked(text, "", masks)[0]
            # a link in no row (the page's own menu) to a page another item's row holds is that row's: the menu's
            # full title "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน" of the page in the complaint manual's row
            # (session 18, generator seed 5527, ita-2569)
            row = rows.get((lk.url, text.strip())) or held.get(lk.url, ())
            # the index's row says which item the link is: words naming this item in another item's row
            # ("คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน" in the complaint manual's row) do not make it this item's
            key = thai.key_of_normalized(masked)  # once per link, not once per term
            if num in code_numbers(text) or num in row or (not row and any(_match(masked, key, t) for t in terms)):
                hub_boost.setdefault(lk.url, []).append(lk.text)
    out: list[Candidate] = []
    keyed = index.views_with_keys(needle(t.removeprefix(LINE_START))[1] for t in terms + exclude)
    said_of = about_matcher(about, masks)
    veto = learned.settings() if learned.settings().get("veto_gap") else None
    concept = getattr(rule, "concept", None)  # a bare rule-like object (tests, tools) has none: no learned signal
    known = {pos for pos, got in index.learned().items() if concept in got} if concept else set()
    if known and learned.settings().get("not_named_other"):
        own = {needle(t)[1] for t in terms}
        others = [t for t in other_terms if needle(t)[1] not in own]
        known = {pos for pos in known if not _named_as(index.views[pos], others)}
    if known and learned.settings().get("about_not_veto"):
        nots = _common_nots(about)
        known = {pos for pos in known if not any(_not_hit(*index.views[pos].opening, t) for t in nots)}
    for pos, v in enumerate(index.views):
        if index.is_hub(v):
            continue
        said = said_of(v) if v.state == DocState.OK else None
        if said and not _listed_where_needed(v, index, about, said, terms, url_terms, masks):
            said = None
        if not (pos in keyed or v.truncated_links or v.doc.url in hub_boost
                or v.doc.final_url in hub_boost or num in v.code_refs or said or pos in known):
            continue
        c = Candidate(v)
        for where, text_attr, key_name in (("title", "title", "title"), ("heading", "headings", "headings"),
                                           ("link", "links", "links"), ("content", "head", "head")):
            text, key = getattr(v, text_attr), v.keys[key_name]
            mtext, mkey = _masked(text, key, masks)
            for term in terms:
                if _match(mtext, mkey, term):
                    if where == "content":
                        # the term that heads a line tells what the document is, whichever comes first in
                        # the rule ("อำนาจหน้าที่" opening a page that mentions "โครงสร้าง" further down)
                        term = next((t for t in terms if v.opens_with(t) and _match(mtext, mkey, t)), term)
                        if v.opens_with(term):
                            where = "opening"
                    c.score += WEIGHTS[where]
                    c.matched.append({"term": term, "where": where})
                    break
            if where in ("content", "opening"):  # another item's name deep in the body is a mention, not what it is
                text, key = v.head[:OPENING_CHARS], None
            if where in ("content", "opening"):
                # a paragraph that mentions another item's document ("…ได้จัดทำคู่มือการจัดการเรื่องร้องเรียน…" on a
                # report channel's page) does not name the page: only a short line (a heading, a list entry) does
                text = "\n".join(ln for ln in text.split("\n") if len(ln.strip()) <= EXCLUDE_LINE_MAX)
            for term in exclude:  # unmasked: an exclude may be a masked phrase itself ("ผู้บริหารท้องถิ่นพบประชาชน")
                if excluded_by(text, key, term, where):
                    c.score -= EXCLUDE_PENALTY
                    c.matched.append({"term": term, "where": f"exclude:{where}"})
                    break
            if where in ("content", "opening"):
                # what the first short lines show the document to be outweighs a title or link naming the item
                firm_term = next((t for t in firm if excluded_by(text, key, t, where)), None)
                if firm_term:
                    c.matched.append({"term": firm_term, "where": "exclude:firm"})
        if v.copies_criteria:
            c.matched.append({"term": "criteria", "where": "exclude:criteria"})
        if said and not any(m["where"] in ("title", "heading", "opening") for m in c.matched):
            c.score += WEIGHTS["about"]
            c.matched.append({"term": said, "where": "about"})
        if not any(m["where"] == "link" for m in c.matched) and v.truncated_links:
            own = {needle(t)[1] for t in terms}
            other_keys = [k for k in (needle(t)[1] for t in other_terms) if k and k not in own]
            for term in terms:
                if _truncated_match(needle(term)[1], v.truncated_links, num, other_keys):
                    c.score += WEIGHTS["link"]
                    c.matched.append({"term": term, "where": "link"})
                    break
        for term in terms + url_terms:
            if term.lower() in v.url_text:
                where = "url" if term in terms else "url_term"
                c.score += WEIGHTS[where]
                c.matched.append({"term": term, "where": where})
                break
        if num in v.code_refs:
            c.score += WEIGHTS["code"]
            c.matched.append({"term": rule.code, "where": "code"})
        for term in content_terms:
            if _match(v.content, v.content_key, term):
                c.score += 1
                c.matched.append({"term": term, "where": "content"})
                break
        for url in {v.doc.url, v.doc.final_url} - {""}:
            if url in hub_boost:
                c.score += WEIGHTS["hub"]
                c.matched.append({"term": hub_boost[url][0], "where": "hub"})
                break
        if pos in known:
            c.score += WEIGHTS["learned"]
            c.matched.append({"term": rule.concept, "where": "learned"})
        if _kept(c) and not (veto and _vetoed(c, index, concept, veto)):
            out.append(c)
    only = learned.settings().get("only_unlocated")
    fallback: list[Candidate] = []
    if known and only and any(c.eligible and any(m["where"] in NAMED_WHERE for m in c.matched) for c in out):
        if only == "fallback":  # judged after every named candidate: found by content when the named ones fail
            fallback = [c for c in out if learned_only(c)]
            out = [c for c in out if not learned_only(c)]
        out = _without_learned(out)  # the item is named somewhere: the learned signal does not compete with it
    out.sort(key=lambda c: (-c.score, c.view.state != "ok", c.view.doc.url))
    fallback.sort(key=lambda c: (-c.score, c.view.state != "ok", c.view.doc.url))
    return out + fallback


def excluded_by(text: str, key: str | None, term: str, where: str = "") -> bool:
    """An ``exclude`` word occurs in the text; a short one (its fuzzy key under ``EXCLUDE_EXACT_KEY`` letters) only
    as written: the key of "คำนำ" ("คานา") occurs across the words of a name and a title ("…ทองคำ นายก…",
    "อบต.นาคำ นาย…"), which dropped real news posts as prefaces. Written with a leading ``^`` the word counts only
    where it opens the document's title or a link's text to it (past a number or bullet; a file presented by a
    post carries the post's title as its link text): what the document is called first ("โครงสร้างการแบ่งส่วน
    ราชการและอัตรากำลัง แผนอัตรากำลัง 3 ปี" is the structure, whatever plan set it, and so is its chart), never a
    chapter heading or a sentence inside it ("วางโครงสร้างส่วนราชการ…" in a staffing plan's objectives)."""
    if term.startswith(LINE_START):
        n = needle(term[len(LINE_START):])[0]
        return (where in ("title", "link") and bool(n)
                and any(_ENTRY_MARK_RE.sub("", line, count=1).startswith(n) for line in text.split("\n")))
    n, nk = needle(term)
    if len(nk) < EXCLUDE_EXACT_KEY:
        return bool(n) and n in text
    return _match(text, key, term)


def _vetoed(c: Candidate, index: Index, concept: str | None, cfg: dict) -> bool:
    """A weak candidate (no title, heading, opening line, link, index row or code names it as the item: only what
    it is about, its content or its address) whose content the learned model confidently reads as another item's
    document or as none (``learned.yaml`` ``veto_gap``): a news post matching an item's ``about`` words in passing,
    another item's report. The catch-all items (news) are never vetoed: every activity post is news too."""
    gap = float(cfg.get("veto_gap") or 0)
    if gap <= 0 or not concept or concept in set(cfg.get("veto_skip_concepts") or []):
        return False
    named = set(cfg.get("veto_named_where") or NAMED_WHERE)
    if any(m["where"] in named for m in c.matched):
        return False
    got = index.learned_gap(c.view, concept)
    return got is not None and got >= gap


def _without_learned(cands: list[Candidate]) -> list[Candidate]:
    """The candidates as the hand-written signals alone found them."""
    out = []
    for c in cands:
        if any(m["where"] == "learned" for m in c.matched):
            c.matched = [m for m in c.matched if m["where"] != "learned"]
            c.score -= WEIGHTS["learned"]
            if not _kept(c):
                continue
        out.append(c)
    return out


def _kept(c: Candidate) -> bool:
    """A candidate worth judging: something positive matched and it scores enough, or the agency's own ITA index
    links it for the item (kept to explain a failure even when its title names another item, though it may not
    pass the item: ``eligible``)."""
    positive = any(not m["where"].startswith(("exclude", "url")) for m in c.matched)
    return positive and (c.score >= MIN_SCORE or c.hub_linked)


def _common_nots(about: list[dict]) -> list[tuple[str, str | None]]:
    """The ``not`` words shared by every ``locate.about`` pattern of the item that has some: what the rule says the
    item's document never opens with, whichever way it is recognised."""
    groups = [set(g["not"]) for g in about if isinstance(g, dict) and g.get("not")]
    if not groups:
        return []
    return [_not_term(w) for w in sorted(set.intersection(*groups))]


def _named_as(view: View, terms) -> bool:
    """The document names itself with one of ``terms`` (another item's) in its title, headings or first lines."""
    text, key = view.title + "\n" + view.headings, view.keys["title"] + view.keys["headings"]
    return any(view.opens_with(t) or _match(text, key, t) for t in terms)


def learned_only(cand: Candidate) -> bool:
    """Recognised by its content alone (the learned signal): no title, link, heading, opening, index row or
    address names it as the item. Its finding says so."""
    where = {m["where"] for m in cand.matched}
    return "learned" in where and not where & (set(STRONG) - {"learned"})
