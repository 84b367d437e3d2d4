"""The Scrapy item pipeline that writes the corpus: ``fetched.jsonl``, ``links.jsonl`` and ``files/<sha256>``.

Every item is flushed as it is written (a page's links together), so a Ctrl-C or a crash loses nothing
already fetched.
Links are written once per (page, target, text); each fetched row carries the link texts and
referrers seen so far (the crawl stage completes them from links.jsonl when the crawl ends).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from oit_checker.corpus import FETCHED_FILE, FILES_DIR, LINKS_FILE, read_jsonl
from spiders.items import FetchedItem, LinkItem, LinksItem
from spiders.urls import url_key

MAX_INBOUND = 20  # link texts / referrers kept per target (menus link every page to every page)


class _Jsonl:
    """Append JSON lines, flushed per line (nothing lost on Ctrl-C)."""

    def __init__(self, path: Path) -> None:
        self.fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close_spider

    def write(self, row: dict, flush: bool = True) -> None:
        self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        if flush:
            self.fh.flush()

    def flush(self) -> None:
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


class CorpusPipeline:
    """Write the spider's items into its corpus folder (``spider.corpus_dir``)."""

    def open_spider(self, spider: Any) -> None:
        self.corpus_dir = Path(spider.corpus_dir)
        self.corpus_dir.mkdir(parents=True, exist_ok=True)
        (self.corpus_dir / FILES_DIR).mkdir(exist_ok=True)
        self.fetched = _Jsonl(self.corpus_dir / FETCHED_FILE)
        self.links = _Jsonl(self.corpus_dir / LINKS_FILE)
        self.link_seen: set[tuple[str, str, str]] = set()
        self.inbound: dict[str, tuple[list[str], list[str]]] = {}
        if getattr(spider, "resume", False):  # --resume: links already written are not written again
            old = read_jsonl(self.corpus_dir / LINKS_FILE)
            self.link_seen.update((r.get("src"), r.get("url"), r.get("text")) for r in old)

    def close_spider(self, spider: Any) -> None:
        self.fetched.close()
        self.links.close()

    def process_item(self, item: Any, spider: Any) -> Any:
        if isinstance(item, FetchedItem):
            self.write_fetched(item)
        elif isinstance(item, LinksItem):  # a page's links: one flush for all of them
            for link in item.links:
                self.write_link(LinkItem(link), flush=False)
            self.links.flush()
        elif isinstance(item, LinkItem):
            self.write_link(item)
        return item

    def write_fetched(self, item: FetchedItem) -> None:
        doc = item.doc
        if item.body and not doc.error:
            doc.sha256, doc.file = self.save_body(item.body)
        texts, refs = self.inbound.get(url_key(doc.url), ([], []))
        doc.link_texts, doc.referrers = list(texts), list(refs)
        self.fetched.write(doc.to_json())
        item.body = b""  # the body is on disk now; do not keep it in memory

    def write_link(self, item: LinkItem, flush: bool = True) -> None:
        link = item.link
        sig = (link.src, link.url, link.text)
        if sig in self.link_seen:
            return
        self.link_seen.add(sig)
        self.links.write(link.__dict__, flush)
        texts, refs = self.inbound.setdefault(url_key(link.url), ([], []))
        if link.text and link.text not in texts and len(texts) < MAX_INBOUND:
            texts.append(link.text)
        if link.src not in refs and len(refs) < MAX_INBOUND:
            refs.append(link.src)

    def save_body(self, body: bytes) -> tuple[str, str]:
        sha = hashlib.sha256(body).hexdigest()
        rel = f"{FILES_DIR}/{sha}"
        path = self.corpus_dir / rel
        if not path.exists():
            tmp = path.with_suffix(".part")
            tmp.write_bytes(body)
            os.replace(tmp, path)
        return sha, rel
