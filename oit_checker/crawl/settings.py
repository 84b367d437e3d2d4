"""Scrapy settings for one crawl, from the crawl limits in force (defaults: ``options.CRAWL_DEFAULTS``).

The polite defaults every crawl starts from are in ``spiders/settings.py``; this module only
turns the officer's limits into the settings that override them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oit_checker.crawl.target import LOG_FILE
from oit_checker.options import CRAWL_DEFAULTS


def recorded(lim: dict) -> dict:
    """The limits written to ``crawl.json`` ``settings`` (the ones the officer can choose)."""
    return {k: lim[k] for k in CRAWL_DEFAULTS}


def scrapy_settings(lim: dict, corpus_dir: Path) -> dict:
    """Scrapy settings for the limits ``lim`` (from ``options.crawl_limits``)."""
    delay = float(lim["delay"])
    s: dict[str, Any] = {
        "OIT_CORPUS_DIR": str(corpus_dir),
        "OIT_MAX_PAGES": int(lim["max_pages"]),
        "OIT_MAX_DEPTH": int(lim["max_depth"]),
        "DOWNLOAD_MAXSIZE": int(lim["max_bytes"]),
        "CLOSESPIDER_TIMEOUT": int(lim["max_time"]),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(lim["concurrency"]),
        "CONCURRENT_REQUESTS": max(4, 2 * int(lim["concurrency"])),  # small queue: Ctrl-C stops soon
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_START_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0,
        "ROBOTSTXT_OBEY": not lim["ignore_robots"],
        "LOG_FILE": str(corpus_dir / LOG_FILE),
        "OIT_SUMMARY_SETTINGS": recorded(lim),
    }
    if lim.get("timeout"):
        s["DOWNLOAD_TIMEOUT"] = float(lim["timeout"])
        s["DNS_TIMEOUT"] = min(20.0, float(lim["timeout"]))
    if lim.get("retries") is not None:
        s["RETRY_TIMES"] = int(lim["retries"])
    if lim.get("max_calendar_pages"):
        s["OIT_MAX_CALENDAR_PAGES"] = int(lim["max_calendar_pages"])
    if lim.get("max_query_variants"):
        s["OIT_MAX_QUERY_VARIANTS"] = int(lim["max_query_variants"])
    if lim.get("external_docs") is False:
        s["OIT_EXTERNAL_DOCS"] = False
    for key in ("start_pages", "extra_hosts", "include", "exclude"):  # the agency file's crawl scope
        if lim.get(key):
            s[f"OIT_{key.upper()}"] = list(lim[key])
    if lim.get("public_only"):
        s["OIT_PUBLIC_ONLY"] = True
    if lim.get("resume"):
        s["OIT_RESUME"] = True
    if lim["legacy_tls"]:
        s["DOWNLOAD_TLS_MIN_VERSION"] = "TLSv1.0"
    if delay == 0:
        # "No pause" was asked for explicitly (a local test site, a benchmark): AutoThrottle would
        # still set a per-request delay (latency / target concurrency), and any delay makes Scrapy
        # send one request at a time. The polite default (delay 0.25 s, AutoThrottle) is unchanged.
        s["AUTOTHROTTLE_ENABLED"] = False
    if lim.get("cache_dir"):
        s.update(cache_settings(Path(lim["cache_dir"])))
    if lim.get("retry_after_max") is not None:
        s["OIT_RETRY_AFTER_MAX"] = float(lim["retry_after_max"])
    return s


def project_middlewares() -> dict:
    """The downloader middlewares of ``spiders/settings.py`` (the address guard, Retry-After)."""
    from spiders import settings as project

    return dict(project.DOWNLOADER_MIDDLEWARES)


def cache_settings(cache_dir: Path) -> dict:
    """Scrapy's HTTP cache, revalidating every URL (``spiders/cache.py``), in ``cache_dir/http``; the links
    read from each page (``spiders/linkcache.py``) in ``cache_dir/links``."""
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": str(Path(cache_dir).resolve() / "http"),
        "HTTPCACHE_POLICY": "spiders.cache.RevalidatePolicy",
        "HTTPCACHE_STORAGE": "spiders.cache.OneFileCacheStorage",
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "OIT_LINK_CACHE_DIR": str(Path(cache_dir).resolve() / "links"),  # each page's links (spiders/linkcache.py)
        # A setting given here replaces the project's whole dict: keep its middlewares (the address guard, retries).
        "DOWNLOADER_MIDDLEWARES": {**project_middlewares(),
                                   "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
                                   "spiders.cache.RevalidateCacheMiddleware": 900},
    }
