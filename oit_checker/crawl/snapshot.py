"""The last complete crawl of a site, kept in the re-scan cache so the next scan can revalidate it.

A re-scan writes its corpus to a new folder and the previous one may be gone, so the crawl
that the fast path (:mod:`oit_checker.crawl.revalidate`) checks against is kept here, in
``CACHE_DIR/sites/<key>/``: ``crawl.json``, ``fetched.jsonl``, ``links.jsonl``, the bodies
(``files/<sha256>``, hard links to the corpus's own files when the disk allows) and
``validators.json`` (each URL's ``ETag`` / ``Last-Modified``).

The key is the start URL, the crawl options that decide *which* URLs are crawled (not the
pace: delay, concurrency and time-outs only change how fast) and a fingerprint of the
spider's code and data: another scope or another spider is another crawl. Only a complete
crawl is kept (status ``ok``, no limit hit, not interrupted, no network error): a partial
one cannot prove that nothing else is on the site.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path

from oit_checker.corpus import CRAWL_FILE, FETCHED_FILE, LINKS_FILE, read_jsonl
from oit_checker.states import SiteStatus, is_network_error

SITES_DIR = "sites"
VALIDATORS_FILE = "validators.json"
# Options that change only the pace or the transport of a crawl, not which URLs it finds.
PACE_ONLY = frozenset({"cache_dir", "resume", "delay", "concurrency", "max_time", "timeout", "retries",
                       "retry_after_max", "legacy_tls"})


@functools.cache
def code_fingerprint() -> str:
    """A hash of the spider's files (by path: importing ``spiders`` here is not needed) and the page parser."""
    from spiders.linkcache import fingerprint as parser_fingerprint

    here = Path(__file__).resolve().parents[2] / "spiders"
    h = hashlib.sha1(parser_fingerprint())
    for path in sorted(here.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            h.update(str(path.relative_to(here)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def key(start_url: str, lim: dict) -> str:
    """The snapshot key of a crawl of ``start_url`` with the limits ``lim``."""
    scope = {k: v for k, v in sorted(lim.items()) if k not in PACE_ONLY}
    blob = json.dumps({"start": start_url, "scope": scope, "code": code_fingerprint()}, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def folder(cache_dir: Path | str, snap_key: str) -> Path:
    return Path(cache_dir) / SITES_DIR / snap_key


def complete(data: dict, rows: list[dict]) -> bool:
    """A crawl worth revalidating next time: it finished, hit no limit and reached every URL it tried."""
    return (data.get("status") == SiteStatus.OK and not data.get("interrupted") and not data.get("limits_hit")
            and not any(is_network_error(r.get("error")) for r in rows))


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def save(cache_dir: Path | str, snap_key: str, corpus_dir: Path, validators: dict[str, dict]) -> bool:
    """Keep the crawl in ``corpus_dir`` as the site's snapshot (replacing the old one); False when it is
    not complete (the old snapshot is removed then: it no longer describes the site)."""
    corpus_dir = Path(corpus_dir)
    target = folder(cache_dir, snap_key)
    try:
        data = json.loads((corpus_dir / CRAWL_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    rows = list(read_jsonl(corpus_dir / FETCHED_FILE))
    if not data or not complete(data, rows):
        shutil.rmtree(target, ignore_errors=True)
        return False
    tmp = target.with_name(f".{snap_key}.{os.getpid()}.tmp")
    old = target.with_name(f".{snap_key}.{os.getpid()}.old")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "files").mkdir(parents=True)
        for name in (CRAWL_FILE, FETCHED_FILE, LINKS_FILE):
            shutil.copyfile(corpus_dir / name, tmp / name)
        for row in rows:
            if row.get("file") and not (tmp / row["file"]).exists():
                link_or_copy(corpus_dir / row["file"], tmp / row["file"])
        (tmp / VALIDATORS_FILE).write_text(json.dumps(validators), encoding="utf-8")
        if target.exists():
            target.rename(old)
        tmp.rename(target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written only costs time next scan
        return False
    finally:
        shutil.rmtree(old, ignore_errors=True)
    return True


def load(cache_dir: Path | str, snap_key: str) -> tuple[dict, list[dict], dict[str, dict]] | None:
    """(crawl.json, fetched rows, validators) of the site's snapshot, or None when there is none usable."""
    base = folder(cache_dir, snap_key)
    try:
        data = json.loads((base / CRAWL_FILE).read_text(encoding="utf-8"))
        validators = json.loads((base / VALIDATORS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = list(read_jsonl(base / FETCHED_FILE))
    if not rows or not complete(data, rows) or not (base / LINKS_FILE).exists():
        return None
    return data, rows, validators


def validators_from_http_cache(cache_dir: Path | str, urls: list[str]) -> dict[str, dict]:
    """``ETag`` / ``Last-Modified`` of each URL as Scrapy's HTTP cache (``spiders/cache.py``) kept it."""
    from scrapy import Request
    from scrapy.utils.request import fingerprint

    from spiders.cache import OneFileCacheStorage

    http = Path(cache_dir) / "http"
    spider_dirs = [p for p in http.iterdir() if p.is_dir()] if http.is_dir() else []
    out: dict[str, dict] = {}
    for url in urls:
        try:
            fp = fingerprint(Request(url)).hex()
        except (ValueError, TypeError):
            continue
        for sdir in spider_dirs:
            found = OneFileCacheStorage.read_headers(sdir / fp[:2] / f"{fp}.pickle")
            if found is not None:
                etag, modified = found
                if etag or modified:
                    out[url] = {"etag": etag, "last_modified": modified}
                break
    return out
