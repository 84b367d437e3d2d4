"""Rebuild a spider's state from the corpus of an interrupted crawl (``--resume``).

Every URL in fetched.jsonl is marked as seen (never requested again) and counted against
``--max-pages`` and the trap budgets; every saved HTML page of the site is parsed again from
``files/`` (no request) so its links are offered to the spider once more: those already fetched
are skipped, the rest — including requests in flight when the crawl was killed — are scheduled.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from oit_checker.corpus import FETCHED_FILE, read_jsonl
from oit_checker.extract.page_links import read_page
from spiders.urls import host_key, strip_busters, url_key


def _charset(content_type: str) -> str | None:
    if "charset=" not in content_type.lower():
        return None
    return content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None


def replay(spider: Any) -> Iterator[Any]:
    """Mark what the corpus already holds as done and yield the links and requests of its pages."""
    corpus_dir = Path(spider.corpus_dir)
    rows = list(read_jsonl(corpus_dir / FETCHED_FILE))
    for row in rows:
        url = row.get("url") or ""
        try:
            keys = {url_key(url), url_key(row.get("final_url") or url)}
        except ValueError:
            continue
        if not row.get("external") and not spider.is_document(url):
            spider.traps.allow(strip_busters(url))  # the trap budgets count what was fetched before
        spider.seen.update(keys)
        spider.scheduled += 1
    spider.resumed_from = len(rows)
    for row in rows:
        if row.get("error") or row.get("kind") != "html" or not row.get("sha256"):
            continue
        url, depth = row.get("url") or "", int(row.get("depth") or 0)
        final = row.get("final_url") or url
        if depth == 0 and not spider.is_site(final):  # the home page had moved to another host
            spider.hosts.add(host_key(urllib.parse.urlsplit(final).hostname or ""))
        if row.get("external") or (depth > 0 and spider.is_document(url)) or url_key(final) in spider.processed:
            continue
        path = corpus_dir / (row.get("file") or f"files/{row['sha256']}")
        try:
            body = path.read_bytes()
            page = read_page(body, final, _charset(row.get("content_type") or ""))  # as parse() decoded it
        except Exception as exc:  # noqa: BLE001 - a page that cannot be parsed again is not followed again
            spider.logger.warning("resume: could not parse %s again: %s", final, exc)
            continue
        spider.processed.add(url_key(final))
        if depth == 0:
            spider.on_home(body)
            yield from spider.follow_script_redirect(page, final)
        yield from spider.follow_links(spider.page_links(page), final, depth, list(row.get("nav_path") or []))
