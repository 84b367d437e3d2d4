"""Scrapy spiders of oit-checker (importable as ``oit_checker.spiders``).

``agency.AgencySpider`` holds all the crawl logic; ``sites.py`` holds site-specific
spiders, each a few attributes. :func:`spider_for` picks the one for a URL.
"""

from __future__ import annotations

import urllib.parse


def spider_for(url: str):
    """The site-specific spider whose start_url is on ``url``'s host, else AgencySpider."""
    from oit_checker.spiders import sites
    from oit_checker.spiders.agency import AgencySpider
    from oit_checker.spiders.urls import host_key

    host = host_key(urllib.parse.urlsplit(url).hostname or "")
    for cls in vars(sites).values():
        if isinstance(cls, type) and issubclass(cls, AgencySpider) and cls is not AgencySpider and cls.start_url:
            if host_key(urllib.parse.urlsplit(cls.start_url).hostname or "") == host:
                return cls
    return AgencySpider
