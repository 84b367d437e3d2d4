"""The base spider: every crawl rule for an agency website, shared by platform and per-host spiders.

In the manner of Querido Diário's base spiders, three tiers:

- :class:`BaseSpider` (here) carries all the logic;
- ``spiders/platforms/`` holds one subclass per CMS family common on Thai local-government
  sites (the "/public/list/data" vendor CMS, WordPress, Joomla), each a handful of
  attributes: how to recognise it from the home page (``home_markers``), extra entry points
  (``extra_start_paths``), list-pagination URLs (``pagination_patterns``) and attachment URLs
  without a document extension (``attachment_patterns``);
- ``spiders/sites.py`` holds per-host spiders, each a subclass of a platform (or of
  ``AgencySpider``) with a ``name``, a ``start_url`` and what else that one site needs.

The spider yields items (``spiders/items.py``); ``spiders/pipelines.py`` writes them into the
corpus folder. It stays on the start host and its www twin, follows menus, pagination, frames
and PDF viewers, fetches documents (sniffed by their bytes), fetches a document on another host
once without following it, and records everything else it sees without crawling it. A failed
fetch is recorded too: "could not reach" must never look like "not published".
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
import yaml

from oit_checker.corpus import Document, Link, now_iso
from oit_checker.extract.page_links import PageRead, read_page
from oit_checker.extract.sniff import sniff
from oit_checker.options import CRAWL_DEFAULTS
from oit_checker.states import FetchError, http_error
from oit_checker.thai import arabic_digits
from spiders.address import POLICY
from spiders.failures import classify_failure
from spiders.items import FetchedItem, LinkItem, LinksItem
from spiders.linkcache import LinkCache, PageLinks
from spiders.pictures import content_pictures
from spiders.urls import (
    SKIP_EXTENSIONS,
    TrapGuard,
    clean_url,
    drive_download_url,
    extension,
    has_script_redirect,
    host_key,
    is_document_url,
    is_viewer,
    js_redirect,
    kind_from_url,
    listing_key,
    skip_url,
    strip_busters,
    url_key,
    viewer_target,
)

_WORDS = yaml.safe_load((Path(__file__).with_name("words.yaml")).read_text(encoding="utf-8"))


class BaseSpider(scrapy.Spider):
    """Crawl one agency site into a corpus folder. Arguments: ``start_url``, ``corpus_dir``."""

    start_url: str = ""
    extra_start_paths: tuple[str, ...] = ()  # other entry points on the same site, e.g. ("/public/",)
    extra_hosts: tuple[str, ...] = ()  # other hosts that belong to the agency's site
    # Vocabulary from spiders/words.yaml: evidence pictures (org charts…) and pagination link texts.
    evidence_image_words: tuple[str, ...] = tuple(_WORDS["evidence_image_words"])
    pagination_words: tuple[str, ...] = tuple(_WORDS["pagination_words"])
    # The platform tier (spiders/platforms/) sets these; regular expressions searched in URLs / the home page.
    platform: str = ""  # CMS family, "" when unknown
    home_markers: tuple[str, ...] = ()  # a home page whose HTML matches one is on this platform
    pagination_patterns: tuple[str, ...] = ()  # next pages of a list: as deep as the list's first page
    attachment_patterns: tuple[str, ...] = ()  # attachments without a document extension: fetched as documents
    include: tuple[re.Pattern, ...] = ()  # agency file site.include: only pages matching one are crawled
    exclude: tuple[re.Pattern, ...] = ()  # agency file site.exclude: URLs never requested

    def __init__(self, start_url: str | None = None, corpus_dir: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if start_url:
            self.start_url = start_url
        if not self.start_url:
            raise ValueError("start_url is required")
        self.corpus_dir = Path(corpus_dir or "corpus")
        self.start_url = clean_url(self.start_url)
        self.hosts = {host_key(urllib.parse.urlsplit(self.start_url).hostname or "")}
        self.hosts.update(host_key(h) for h in self.extra_hosts)
        self.seen: set[str] = set()  # url keys scheduled
        self.processed: set[str] = set()  # url keys whose links were read
        self.scheduled = 0
        self.limits_hit: set[str] = set()
        self.list_pages: dict[str, int] = {}  # next pages fetched per listing (pagination budget)
        self.max_list_pages = 100
        self.max_url_length = 16384
        self.started_at = now_iso()
        self.resumed_from = 0  # URLs already in the corpus when --resume continued it
        # One bound method for every request: Scrapy caches its per-callback source inspection
        # (warn_on_generator_with_return_value) by the callback object, and a fresh ``self.parse``
        # per request is a cache miss that re-parses this module's source for every response.
        self._on_response = self.parse
        self._on_failure = self.on_error
        self.link_cache = LinkCache(None)  # from_crawler: OIT_LINK_CACHE_DIR when the HTTP cache is on

    # -- set-up -------------------------------------------------------------------------

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BaseSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        if s.get("OIT_CORPUS_DIR") and not kwargs.get("corpus_dir"):
            spider.corpus_dir = Path(s.get("OIT_CORPUS_DIR"))
        spider.max_pages = s.getint("OIT_MAX_PAGES", CRAWL_DEFAULTS["max_pages"])
        spider.max_depth = s.getint("OIT_MAX_DEPTH", CRAWL_DEFAULTS["max_depth"])
        spider.external_docs = s.getbool("OIT_EXTERNAL_DOCS", True)
        spider.traps = TrapGuard(max_variants=s.getint("OIT_MAX_QUERY_VARIANTS", 500),
                                 max_calendar=s.getint("OIT_MAX_CALENDAR_PAGES", 24),
                                 max_token_variants=s.getint("OIT_MAX_TOKEN_VARIANTS", 3),
                                 max_shape_pages=s.getint("OIT_MAX_PATTERN_PAGES", 1000))
        spider.scope(s.getlist("OIT_START_PAGES"), s.getlist("OIT_EXTRA_HOSTS"), s.getlist("OIT_INCLUDE"),
                     s.getlist("OIT_EXCLUDE"))
        POLICY.configure(spider.start_url, spider.extra_hosts, public_only=s.getbool("OIT_PUBLIC_ONLY"),
                         enabled=s.getbool("OIT_ADDRESS_GUARD", True))
        spider.max_list_pages = s.getint("OIT_MAX_LIST_PAGES", 100)
        spider.max_url_length = s.getint("OIT_MAX_URL_LENGTH", 16384)
        spider.resume = s.getbool("OIT_RESUME", False)
        spider.link_cache = LinkCache(s.get("OIT_LINK_CACHE_DIR") or None)
        return spider

    def scope(self, start_pages: list[str], extra_hosts: list[str], include: list[str], exclude: list[str]) -> None:
        """The agency file's crawl scope: more entry points (the ITA index page), hosts that belong to the site
        (a document sub-domain), and URL patterns to keep to (``include``) or to leave out (``exclude``)."""
        self.extra_start_paths = (*self.extra_start_paths, *start_pages)
        self.extra_hosts = (*self.extra_hosts, *extra_hosts)
        self.hosts.update(host_key(h) for h in extra_hosts)
        self.include = tuple(re.compile(p) for p in include)
        self.exclude = tuple(re.compile(p) for p in exclude)

    def in_scope(self, url: str) -> bool:
        """Not excluded, and (when ``include`` is set) a page of the site matching one of its patterns;
        documents and other hosts' evidence are not held to ``include``."""
        if any(p.search(url) for p in self.exclude):
            return False
        if self.include and self.is_site(url) and not self.is_document(url):
            return any(p.search(url) for p in self.include)
        return True

    async def start(self):
        if getattr(self, "resume", False):  # --resume: what the corpus holds is done; its pages' links come back
            from spiders.resume import replay

            for out in replay(self):
                yield out
        urls = [self.start_url] + [urllib.parse.urljoin(self.start_url, p) for p in self.extra_start_paths]
        for url in urls:
            on_site = self.is_site(url)  # an override's evidence on another host is fetched once, not crawled
            req = self.schedule(clean_url(url), depth=0, nav_path=[], external=not on_site, follow=on_site)
            if req is not None:
                yield req

    # -- helpers --------------------------------------------------------------------------

    def is_site(self, url: str) -> bool:
        return host_key(urllib.parse.urlsplit(url).hostname or "") in self.hosts

    def is_document(self, url: str) -> bool:
        """A document file by its extension, or an attachment URL of the site's platform."""
        return is_document_url(url) or any(re.search(p, url) for p in self.attachment_patterns)

    def is_list_page(self, url: str) -> bool:
        """A next page of a list, by the platform's URL pattern (``/page/2/``, ``?start=10``)."""
        return any(re.search(p, url) for p in self.pagination_patterns)

    def schedule(self, url: str, depth: int, nav_path: list[str], external: bool, follow: bool,
                 referrer: str = "", listing: str | None = None) -> scrapy.Request | FetchedItem | None:
        key = url_key(url)
        if key in self.seen:
            return None
        if len(url) > self.max_url_length:  # never dropped silently: recorded as could-not-fetch
            self.seen.add(key)
            return FetchedItem(Document(url=url, final_url=url, status=None, error=FetchError.URL_TOO_LONG,
                                        kind=kind_from_url(url), external=external, depth=depth,
                                        nav_path=list(nav_path), fetched_at=now_iso()))
        if depth > 0 and not self.in_scope(url):  # start pages are always fetched
            return None
        if self.scheduled >= self.max_pages:
            self.limits_hit.add("max_pages")
            return None
        doc_like = self.is_document(url)
        # Documents are leaves (never followed), so they cannot open an endless URL space: a year
        # archive of 300 procurement PDFs is not a calendar trap. --max-pages still bounds them.
        if not external and not (doc_like and not follow) and not self.traps.allow(strip_busters(url)):
            return None
        if listing is not None:  # a next page of a list: one page budget per listing
            if self.list_pages.get(listing, 0) >= self.max_list_pages:
                self.limits_hit.add("max_list_pages")
                return None
            self.list_pages[listing] = self.list_pages.get(listing, 0) + 1
        self.seen.add(key)
        self.scheduled += 1
        meta = {"oit": {"url": url, "depth": depth, "nav_path": nav_path, "external": external, "follow": follow}}
        headers = {"Referer": referrer} if referrer else None
        return scrapy.Request(url, callback=self._on_response, errback=self._on_failure, dont_filter=True, meta=meta,
                              headers=headers, priority=-depth * 10 + (5 if doc_like else 0))

    def link(self, src: str, url: str, text: str, kind: str, external: bool, nav: bool) -> LinkItem:
        return LinkItem(Link(src=src, url=url, text=text, kind=kind, external=external, nav=nav))

    def on_home(self, body: bytes) -> None:
        """Called with the home page before its links are followed (``AgencySpider`` recognises the platform)."""

    # -- callbacks ------------------------------------------------------------------------

    def parse(self, response: scrapy.http.Response):
        info = response.meta["oit"]
        url, depth = info["url"], info["depth"]
        final = response.url
        if depth == 0 and not info["external"] and not self.is_site(final):  # the home page moved to another host
            self.hosts.add(host_key(urllib.parse.urlsplit(final).hostname or ""))
        external = info["external"] or not self.is_site(final)
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        body = response.body or b""
        status = response.status
        doc = Document(url=url, final_url=final, status=status, content_type=ctype, external=external, depth=depth,
                       nav_path=list(info["nav_path"]), fetched_at=now_iso(), size=len(body))
        if status >= 400:
            doc.error = http_error(status)
            doc.kind = kind_from_url(url)
            yield FetchedItem(doc)
            return
        doc.kind = sniff(body, final, ctype) if body else kind_from_url(final)
        page = None
        summary = None  # what an earlier scan read from these same bytes (spiders/linkcache.py)
        cache_key = ""
        if doc.kind == "html" and body:
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
            if depth > 0 and self.link_cache.folder is not None:  # a home page is always parsed (script redirects)
                cache_key = self.link_cache.key(final, body, charset)
                summary = self.link_cache.get(cache_key)
            if summary is not None:
                doc.encoding = summary.encoding
            else:
                try:
                    page = read_page(body, final, charset)
                    doc.encoding = page.encoding
                except Exception as exc:  # noqa: BLE001 - a broken page must not stop the crawl
                    self.logger.warning("could not parse %s: %s", final, exc)
        yield FetchedItem(doc, body)
        final_key = url_key(final)
        self.seen.add(final_key)
        if (page is None and summary is None) or external or not info["follow"] or final_key in self.processed:
            return
        self.processed.add(final_key)
        if depth == 0:
            self.on_home(body)
            yield from self.follow_script_redirect(page, final)
        if summary is None:
            summary = self.page_links(page)
            if cache_key:
                self.link_cache.put(cache_key, summary)
        yield from self.follow_links(summary, final, depth, info["nav_path"])

    @staticmethod
    def page_links(page: PageRead) -> PageLinks:
        """What the crawl reads from a parsed page; kept by :class:`LinkCache` for the next scan."""
        return PageLinks(encoding=page.encoding, title=page.title, links=page.links,
                         shown=content_pictures(page.links, page.content_chars))

    # A home page that only sends the browser on with a script (``window.location = "/th/"``): the site is
    # behind it. Followed as another home page; when its target cannot be read from the script, the crawl
    # is "partial" with the reason ``script_home`` instead of "ok" with nothing found.
    THIN_HOME_LINKS = 3

    def follow_script_redirect(self, page: PageRead, final: str):
        links = [lk for lk in page.links if lk["kind"] in ("a", "area", "iframe")]
        if len(links) >= self.THIN_HOME_LINKS:
            return
        target = js_redirect(page.html, final)
        if target:
            self.logger.info("home page redirects by script to %s", target)
            try:
                item = self.schedule(clean_url(target), depth=0, nav_path=[], external=False, follow=True,
                                     referrer=final)
            except ValueError:
                item = None
            if item is not None:
                yield item
        elif not links and has_script_redirect(page.html):
            self.limits_hit.add("script_home")

    def follow_links(self, page: PageLinks, src: str, depth: int, nav_path: list[str]):
        """The page's links as one :class:`LinksItem`, then its requests in the order they were decided."""
        links: list = []
        rest: list = []
        for out in self.each_link(page, src, depth, nav_path):
            if isinstance(out, LinkItem):
                links.append(out.link)
            else:
                rest.append(out)
        if links:
            yield LinksItem(links)
        yield from rest

    def each_link(self, page: PageLinks, src: str, depth: int, nav_path: list[str]):
        title = page.title
        links = page.links
        sessions = self.traps.sessions
        for link in links:  # learn session-id parameters from the whole page before following any link
            sessions.observe(link["url"])
        shown = page.shown  # a thin page's pictures are its content (spiders/pictures.py)
        for link in links:
            try:
                url = clean_url(sessions.strip(link["url"]))
            except ValueError:
                continue
            kind, text, nav = link["kind"], link["text"], link["nav"]
            external = not self.is_site(url)
            is_image = kind == "img" or kind_from_url(url) == "image"
            if is_image:
                # Pictures are fetched only as evidence (org charts…): outside menus, on this site, and
                # named as such or shown on a page reached through such a menu. Others are page features.
                context = " ".join([urllib.parse.unquote(url), text, title, *nav_path]).lower()
                wanted = (not nav and not external and (any(w.lower() in context for w in self.evidence_image_words)
                                                        or link["url"] in shown))
                if kind == "img" and not wanted:
                    continue  # inline pictures are listed in the page's features by the extract stage
            yield self.link(src, url, text, kind, external, nav)
            if is_image and not wanted:
                continue
            if kind == "form":
                continue
            targets = [url]
            inner = viewer_target(url) if is_viewer(url) else None  # not download.php?file=… scripts
            if inner:
                inner = clean_url(inner)
                yield self.link(src, inner, text, kind, not self.is_site(inner), nav)
                targets = [inner]  # the viewer's own page is only a shell
            for target in targets:
                req = self.decide(target, kind, depth, nav_path, text, src)
                if req is not None:
                    yield req

    def is_pagination(self, text: str) -> bool:
        label = text.strip().strip("[]()").strip().lower()
        return bool(label) and (len(label) <= 3 and arabic_digits(label).isdigit() or label in self._page_words)

    @functools.cached_property
    def _page_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.pagination_words)

    def decide(self, url: str, kind: str, depth: int, nav_path: list[str], text: str, src: str):
        ext = extension(url)
        if ext in SKIP_EXTENSIONS or skip_url(url):
            return None
        external = not self.is_site(url)
        doc_like = self.is_document(url) or kind_from_url(url) == "image"
        listing = None
        if not doc_like and (self.is_pagination(text) or self.is_list_page(url)):
            # Page 2 of a list is as deep as page 1, so depth cannot end an endless listing
            # (/category/news/page/N/ forever): a page budget per listing does.
            listing = listing_key(url)
            depth -= 1
            text = ""
        child_path = nav_path + [text] if text else list(nav_path)
        if external:
            drive = drive_download_url(url)
            if drive and url_key(drive) != url_key(url):
                return self.decide(drive, kind, depth, nav_path, text, src)
            if not self.external_docs or not (self.is_document(url) or drive) or depth + 1 > self.max_depth + 1:
                return None  # other hosts are recorded, not crawled; their documents are fetched once
            return self.schedule(url, depth + 1, child_path, external=True, follow=False, referrer=src)
        limit = self.max_depth + 1 if doc_like else self.max_depth
        if depth + 1 > limit:
            if url_key(url) not in self.seen:
                self.limits_hit.add("max_depth")
            return None
        return self.schedule(url, depth + 1, child_path, external=False, follow=not doc_like, referrer=src,
                             listing=listing)

    def on_error(self, failure: Any) -> Iterator[FetchedItem]:
        request = failure.request
        info = request.meta.get("oit") or {"url": request.url, "depth": 0, "nav_path": [], "external": False}
        code, detail = classify_failure(failure)
        self.logger.info("fetch failed %s: %s (%s)", request.url, code, detail)
        doc = Document(url=info["url"], final_url=request.url, status=None, error=code,
                       kind=kind_from_url(info["url"]), external=info["external"], depth=info["depth"],
                       nav_path=list(info["nav_path"]), fetched_at=now_iso())
        yield FetchedItem(doc)
