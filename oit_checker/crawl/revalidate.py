"""The re-scan fast path: ask again for every URL of the last complete crawl, without Scrapy.

An officer re-scans after fixing three documents; a provincial office re-scans hundreds of
unchanged sites every week. Scrapy's machinery costs far more than the 304 answers themselves
(a warm re-scan of 2,285 URLs spent most of its 20 s in Scrapy's scheduler), so when the site's
snapshot exists (:mod:`oit_checker.crawl.snapshot`) this module re-requests each of its URLs
with aiohttp, as a conditional GET (``If-None-Match`` / ``If-Modified-Since``), at the scan's
own pace: the same user agent and headers, the same delay and AutoThrottle rule, the same
concurrency per host, robots.txt asked first, and the address guard of ``spiders/address.py``
on every host and every redirect.

- Every page answers 304 (or the same bytes, or the same error status as before), robots.txt
  still allows and forbids the same URLs: the site's link graph is the one already known. The
  corpus is written as a full crawl would write it — fresh dates, the 304 as proof that the page
  or document is online — with the stored bodies.
- A document changed (200 with other bytes): it is downloaded here and the extract stage reads
  only it. A document now answering 404 is a broken link, recorded as the crawl would.
- A page changed, a redirect goes elsewhere, robots.txt decides otherwise, a server error, a
  time-out, a refused connection: :class:`Fallback`, and the caller runs the normal crawl.
  A URL is never reported missing because this path failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import shutil
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from oit_checker.corpus import FETCHED_FILE, FILES_DIR, LINKS_FILE, now_iso
from oit_checker.crawl import snapshot
from oit_checker.crawl.target import LOG_FILE
from oit_checker.states import FetchError, http_error, is_http_error

REDIRECTS = (301, 302, 303, 307, 308)
KEPT_ERRORS = frozenset({FetchError.URL_TOO_LONG})  # never requested by the spider either


class Fallback(Exception):  # noqa: N818 - a decision, not an error
    """The fast path cannot vouch for the site: run the full crawl. ``code`` names why (``crawl.fast.<code>``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class Outcome:
    """What the fast path found: rows to write, bodies of changed documents, counts for the officer."""

    rows: list[dict]
    bodies: dict[str, bytes] = field(default_factory=dict)  # sha256 → body of a changed document
    validators: dict[str, dict] = field(default_factory=dict)
    unchanged: int = 0
    changed: int = 0
    broken: int = 0
    requests: int = 0


@dataclass
class Answer:
    status: int
    url: str  # the final URL, after redirects
    headers: dict[str, str]
    body: bytes


class Slot:
    """One host's pace, as Scrapy's download slot keeps it: at most ``concurrency`` requests at once and,
    with a delay, one request started per delay (±50 %), the delay adapted by AutoThrottle's rule."""

    def __init__(self, concurrency: int, delay: float, throttle: dict | None) -> None:
        self.sem = asyncio.Semaphore(max(1, concurrency))
        self.delay = delay
        self.min_delay = delay
        self.throttle = throttle  # {"target": …, "max": …} when AutoThrottle is on
        self.next_at = 0.0
        self.lock = asyncio.Lock()

    async def __aenter__(self) -> Slot:
        await self.sem.acquire()
        if self.delay > 0:
            async with self.lock:
                wait = self.next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self.next_at = time.monotonic() + self.delay * random.uniform(0.5, 1.5)  # noqa: S311 - jitter
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.sem.release()

    def observe(self, latency: float, status: int) -> None:
        """Scrapy's AutoThrottle: delay towards latency / target concurrency, never below the chosen delay."""
        if not self.throttle:
            return
        target = latency / self.throttle["target"]
        new = max(target, (self.delay + target) / 2.0)
        new = min(max(self.min_delay, new), self.throttle["max"])
        if status != 200 and new <= self.delay:
            return
        self.delay = new


class Client:
    """GET with the scan's headers, pace and address guard; redirects followed by hand (each hop guarded)."""

    def __init__(self, session: object, settings: dict) -> None:
        self.session = session
        self.settings = settings
        self.slots: dict[str, Slot] = {}
        self.guarded: dict[tuple[str, int | None], str | None] = {}
        self.requests = 0
        throttle = None
        if settings.get("AUTOTHROTTLE_ENABLED") and float(settings.get("DOWNLOAD_DELAY") or 0) > 0:
            throttle = {"target": float(settings["AUTOTHROTTLE_TARGET_CONCURRENCY"]),
                        "max": float(settings["AUTOTHROTTLE_MAX_DELAY"])}
        self.throttle = throttle

    def slot(self, host: str) -> Slot:
        if host not in self.slots:
            s = self.settings
            start = float(s.get("AUTOTHROTTLE_START_DELAY") or 0) if self.throttle else 0.0
            self.slots[host] = Slot(int(s["CONCURRENT_REQUESTS_PER_DOMAIN"]),
                                    max(float(s.get("DOWNLOAD_DELAY") or 0), start), self.throttle)
        return self.slots[host]

    async def refused(self, url: str) -> str | None:
        """The spider's address guard (``spiders.address.POLICY``) on this URL's host."""
        from spiders.address import POLICY

        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme!r} is not fetched"
        host = parts.hostname or ""
        if POLICY.trusts(host):
            return None
        k = (host, parts.port)
        if k not in self.guarded:
            self.guarded[k] = await asyncio.to_thread(POLICY.refusal, host, parts.port)
        return self.guarded[k]

    async def get(self, url: str, validators: dict | None = None, final: str = "") -> Answer:
        """Follow ``url`` to its last hop; ``validators`` are sent only to the hop at ``final``."""
        import aiohttp
        from w3lib.url import safe_url_string
        from yarl import URL

        from spiders.urls import url_key

        s = self.settings
        current = url
        for _ in range(int(s.get("REDIRECT_MAX_TIMES") or 10) + 1):
            reason = await self.refused(current)
            if reason:
                raise Fallback("fetch_failed", f"{current}: {reason}")
            headers = dict(s["DEFAULT_REQUEST_HEADERS"])
            headers["User-Agent"] = s["USER_AGENT"]
            if validators and final and url_key(current) == url_key(final):
                if validators.get("etag"):
                    headers["If-None-Match"] = validators["etag"]
                if validators.get("last_modified"):
                    headers["If-Modified-Since"] = validators["last_modified"]
            host = urllib.parse.urlsplit(current).hostname or ""
            slot = self.slot(host)
            try:
                async with slot:
                    t0 = time.monotonic()
                    self.requests += 1
                    async with self.session.get(URL(current, encoded=True), headers=headers,
                                                allow_redirects=False) as resp:
                        location = resp.headers.get("Location")
                        if resp.status in REDIRECTS and location:
                            slot.observe(time.monotonic() - t0, resp.status)
                            current = safe_url_string(urllib.parse.urljoin(current, location))
                            continue
                        limit = int(s["DOWNLOAD_MAXSIZE"] or 0)
                        if limit and (resp.content_length or 0) > limit:
                            raise Fallback("fetch_failed", f"{current}: larger than the download limit")
                        body = await resp.read()
                        if limit and len(body) > limit:
                            raise Fallback("fetch_failed", f"{current}: larger than the download limit")
                        slot.observe(time.monotonic() - t0, resp.status)
                        return Answer(resp.status, current, {k.lower(): v for k, v in resp.headers.items()}, body)
            except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
                raise Fallback("fetch_failed", f"{current}: {type(exc).__name__}: {exc}") from None
        raise Fallback("redirect_changed", f"{url}: too many redirects")


def _settings(lim: dict, corpus_dir: Path) -> dict:
    """The spider's settings for these limits: ``spiders/settings.py`` overridden by ``scrapy_settings``."""
    from oit_checker.crawl.settings import scrapy_settings
    from spiders import settings as project

    merged = {k: getattr(project, k) for k in dir(project) if k.isupper()}
    merged.update(scrapy_settings(lim, corpus_dir))
    return merged


def _robots_urls(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        if row.get("error") in KEPT_ERRORS or row.get("error") == FetchError.ADDRESS_REFUSED:
            continue
        for u in (row.get("url"), row.get("final_url")):
            parts = urllib.parse.urlsplit(u or "")
            if parts.scheme in ("http", "https") and parts.netloc:
                seen.setdefault(f"{parts.scheme}://{parts.netloc}/robots.txt", None)
    return list(seen)


async def _robots(client: Client, rows: list[dict], user_agent: str) -> dict[str, object]:
    """robots.txt of every host the crawl asked, parsed as Scrapy parses it (any answer's body, as
    ``RobotsTxtMiddleware`` does); a failure to get one is a fallback."""
    from scrapy.robotstxt import ProtegoRobotParser

    parsers: dict[str, object] = {}
    for robots_url in _robots_urls(rows):
        answer = await client.get(robots_url)
        if answer.status >= 500:
            raise Fallback("robots_changed", f"{robots_url}: {answer.status}")
        parts = urllib.parse.urlsplit(robots_url)
        parsers[f"{parts.scheme}://{parts.netloc}"] = ProtegoRobotParser(answer.body, None)
    return parsers


def _allowed(parsers: dict[str, object], url: str, user_agent: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    parser = parsers.get(f"{parts.scheme}://{parts.netloc}")
    return parser is None or bool(parser.allowed(url, user_agent))


def _is_page(row: dict) -> bool:
    """A page whose links the crawl followed (or might have): any change in it may change the link graph."""
    return row.get("kind") == "html" and not row.get("external")


async def _check_row(client: Client, row: dict, validators: dict, out: Outcome, lim: dict) -> dict:
    """The row as a crawl today would write it, or Fallback."""
    from oit_checker.extract.sniff import sniff
    from spiders.urls import kind_from_url, url_key

    url, final = row["url"], row.get("final_url") or row["url"]
    old_error = row.get("error")
    asked = None if old_error else (validators.get(final) or validators.get(url))  # a 304 proves an answer
    answer = await client.get(url, asked, final)
    new = dict(row, fetched_at=now_iso())
    if url_key(answer.url) != url_key(final) and answer.status < 400:
        raise Fallback("redirect_changed", f"{url} → {answer.url}, was {final}")
    if answer.status == 304:
        if old_error:
            raise Fallback("fetch_failed", f"{url}: 304 for a URL that answered {old_error}")
        out.unchanged += 1
        return new
    if answer.status >= 500 or answer.status in (408, 429):
        raise Fallback("fetch_failed", f"{url}: {answer.status}")
    if answer.status >= 400:
        if old_error == http_error(answer.status):  # the same broken link as last time
            out.unchanged += 1
            return dict(new, final_url=answer.url, size=len(answer.body))
        if _is_page(row) or old_error:
            raise Fallback("page_changed", f"{url}: {answer.status}, was {old_error or row.get('status')}")
        out.broken += 1  # a document gone: a broken link, as the crawl records it
        return dict(new, final_url=answer.url, status=answer.status, error=http_error(answer.status),
                    kind=kind_from_url(url), sha256="", file="", size=len(answer.body), content_type=
                    answer.headers.get("content-type", ""), encoding="")
    if old_error:
        raise Fallback("page_changed", f"{url}: {answer.status}, was {old_error}")
    sha = hashlib.sha256(answer.body).hexdigest()
    if sha == row.get("sha256"):
        out.unchanged += 1
        return new
    ctype = answer.headers.get("content-type", "")
    kind = sniff(answer.body, answer.url, ctype) if answer.body else kind_from_url(answer.url)
    if _is_page(row) or kind == "html" or not answer.body:
        raise Fallback("page_changed", url)
    out.changed += 1
    out.bodies[sha] = answer.body
    keep = {k: answer.headers[h] for k, h in (("etag", "etag"), ("last_modified", "last-modified"))
            if answer.headers.get(h)}
    if keep:
        out.validators[answer.url] = keep
    return dict(new, status=answer.status, content_type=ctype, kind=kind, sha256=sha, file=f"{FILES_DIR}/{sha}",
                size=len(answer.body))


async def _revalidate(rows: list[dict], validators: dict, settings: dict, lim: dict) -> Outcome:
    import aiohttp

    out = Outcome(rows=[])
    timeout = aiohttp.ClientTimeout(total=float(settings.get("DOWNLOAD_TIMEOUT") or 30))
    connector = aiohttp.TCPConnector(limit=int(settings.get("CONCURRENT_REQUESTS") or 16),
                                     limit_per_host=int(settings["CONCURRENT_REQUESTS_PER_DOMAIN"]))
    async with aiohttp.ClientSession(timeout=timeout, connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     auto_decompress=True) as session:
        client = Client(session, settings)
        ua = settings["USER_AGENT"]
        parsers = await _robots(client, rows, ua) if settings.get("ROBOTSTXT_OBEY") else {}
        jobs: list[dict] = []  # the rows in the crawl's order; those in ``asks`` are requested again
        asks: list[int] = []
        for row in rows:
            error = row.get("error")
            if error in KEPT_ERRORS:
                jobs.append(dict(row, fetched_at=now_iso()))
                continue
            if error == FetchError.ROBOTS:
                if _allowed(parsers, row["url"], ua):
                    raise Fallback("robots_changed", row["url"])
                jobs.append(dict(row, fetched_at=now_iso()))
                continue
            if error == FetchError.ADDRESS_REFUSED:
                if not await client.refused(row["url"]):
                    raise Fallback("fetch_failed", f"{row['url']}: no longer refused")
                jobs.append(dict(row, fetched_at=now_iso()))
                continue
            if error and not is_http_error(error):
                raise Fallback("fetch_failed", f"{row['url']}: {error} last time")
            final = row.get("final_url") or row["url"]
            if not (_allowed(parsers, row["url"], ua) and _allowed(parsers, final, ua)):
                raise Fallback("robots_changed", row["url"])
            jobs.append(row)
            asks.append(len(jobs) - 1)
        # Pages first: a changed page means the full crawl, and its documents need not be asked twice.
        for phase in ([i for i in asks if _is_page(jobs[i])], [i for i in asks if not _is_page(jobs[i])]):
            tasks = [asyncio.ensure_future(_check_row(client, jobs[i], validators, out, lim)) for i in phase]
            try:
                await asyncio.gather(*tasks)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            for i, task in zip(phase, tasks, strict=True):
                jobs[i] = task.result()
        out.rows = jobs
        out.requests = client.requests
    return out


def run(start_url: str, corpus_dir: Path, lim: dict) -> tuple[dict, Outcome]:
    """Revalidate the site's snapshot into ``corpus_dir``; returns (crawl.json data, outcome) or raises Fallback.

    ``corpus_dir`` is only written once every URL has been checked, so after a Fallback the
    normal crawl starts from an empty folder."""
    from oit_checker.crawl.settings import recorded
    from oit_checker.crawl.summary import finalize, write
    from oit_checker.crawl.target import prepare_dir
    from spiders.address import POLICY

    cache_dir = lim.get("cache_dir")
    if not cache_dir or lim.get("resume"):
        raise Fallback("no_snapshot")
    snap_key = snapshot.key(start_url, lim)
    found = snapshot.load(cache_dir, snap_key)
    if found is None:
        raise Fallback("no_snapshot")
    old, rows, validators = found
    started_at = now_iso()
    settings = _settings(lim, Path(corpus_dir))
    POLICY.configure(start_url, settings.get("OIT_EXTRA_HOSTS") or (), public_only=bool(lim.get("public_only")),
                     enabled=bool(settings.get("OIT_ADDRESS_GUARD", True)))
    outcome = asyncio.run(_revalidate(rows, validators, settings, lim))

    corpus_dir = Path(corpus_dir)
    prepare_dir(corpus_dir)
    files = corpus_dir / FILES_DIR
    files.mkdir(exist_ok=True)
    base = snapshot.folder(cache_dir, snap_key)
    for sha, body in outcome.bodies.items():
        (files / sha).write_bytes(body)
    with open(corpus_dir / FETCHED_FILE, "w", encoding="utf-8") as fh:
        for row in outcome.rows:
            if row.get("file") and not (corpus_dir / row["file"]).exists():
                snapshot.link_or_copy(base / row["file"], corpus_dir / row["file"])
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    shutil.copyfile(base / LINKS_FILE, corpus_dir / LINKS_FILE)  # a copy: a later --resume appends to it
    data = finalize(corpus_dir, start_url=start_url, started_at=started_at, close_reason="finished",
                    limits_hit=[], skipped_traps=int(old.get("skipped_traps") or 0), settings=recorded(lim),
                    aggregate=False)  # the rows carry the inbound link texts of these same links
    data["revalidated"] = {"unchanged": outcome.unchanged, "changed": outcome.changed, "broken": outcome.broken,
                           "requests": outcome.requests}
    write(corpus_dir, data)
    if outcome.changed or outcome.broken:  # otherwise the snapshot still describes the site as it is
        snapshot.save(cache_dir, snap_key, corpus_dir, {**validators, **outcome.validators})
    return data, outcome


def try_fast(start_url: str, corpus_dir: Path, lim: dict, quiet: bool) -> tuple[dict | None, str]:
    """The fast path for ``crawl.run``: (crawl.json data, "") when it vouched for the site, else
    (None, why in English for crawl.log); tells the officer which way the re-scan went."""
    from oit_checker.crawl.progress import fmt_elapsed
    from oit_checker.i18n import t

    t0 = time.monotonic()
    try:
        data, outcome = run(start_url, corpus_dir, lim)
    except Fallback as fb:
        if fb.code != "no_snapshot" and not quiet:
            print(t("crawl.fast.fallback", reason=t(f"crawl.fast.{fb.code}")), file=sys.stderr)
        return None, str(fb)
    if not quiet:
        print(t("crawl.fast.done", unchanged=outcome.unchanged, changed=outcome.changed, broken=outcome.broken,
                elapsed=fmt_elapsed(time.monotonic() - t0)), file=sys.stderr)
    with open(Path(corpus_dir) / LOG_FILE, "a", encoding="utf-8") as log:
        log.write(f"re-scan fast path: {len(outcome.rows)} URLs, {outcome.requests} requests, {outcome.unchanged} "
                  f"unchanged, {outcome.changed} documents changed, {outcome.broken} newly broken\n")
    return data, ""


def remember(start_url: str, corpus_dir: Path, lim: dict, note: str = "") -> None:
    """After a full crawl: keep it as the site's snapshot (with the validators Scrapy's HTTP cache holds),
    and say in crawl.log why the fast path was not taken."""
    cache_dir = lim.get("cache_dir")
    if not cache_dir or lim.get("resume"):
        return
    corpus_dir = Path(corpus_dir)
    if note:
        with open(corpus_dir / LOG_FILE, "a", encoding="utf-8") as log:
            log.write(f"re-scan fast path not taken: {note}\n")
    from oit_checker.corpus import read_jsonl

    urls = list(dict.fromkeys(u for row in read_jsonl(corpus_dir / FETCHED_FILE) if not row.get("error")
                              for u in (row.get("final_url"), row.get("url")) if u))
    snapshot.save(cache_dir, snapshot.key(start_url, lim), corpus_dir,
                  snapshot.validators_from_http_cache(cache_dir, urls))
