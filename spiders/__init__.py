"""Scrapy spiders of oit-checker (importable as ``oit_checker.spiders``).

``agency.AgencySpider`` is the base spider holding all the crawl logic; site-specific
spiders are small subclasses setting a few attributes.
"""
