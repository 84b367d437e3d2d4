"""Scrapy spiders of oit-checker, a package beside ``oit_checker`` (as a Scrapy project has ``spiders/``).

Three tiers: ``base.BaseSpider`` holds all the crawl logic; ``platforms/`` one spider per CMS
family; ``sites.py`` per-host spiders, each a few attributes. ``agency.AgencySpider`` crawls any
other site and recognises its platform from the home page. :func:`spider_for` picks the one for a URL.
The spider yields items; ``pipelines.CorpusPipeline`` writes the corpus folder.
"""

from __future__ import annotations

import urllib.parse


def spider_for(url: str):
    """The per-host spider whose start_url is on ``url``'s host, else AgencySpider."""
    from spiders import sites
    from spiders.agency import AgencySpider
    from spiders.base import BaseSpider
    from spiders.urls import host_key

    host = host_key(urllib.parse.urlsplit(url).hostname or "")
    for cls in vars(sites).values():
        if isinstance(cls, type) and issubclass(cls, BaseSpider) and cls.start_url:
            if host_key(urllib.parse.urlsplit(cls.start_url).hostname or "") == host:
                return cls
    return AgencySpider
