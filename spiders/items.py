"""The items the spider yields: what it fetched (with the body) and the links it saw."""

from __future__ import annotations

from dataclasses import dataclass

from oit_checker.corpus import Document, Link


@dataclass
class FetchedItem:
    """One URL tried (failures too); ``body`` is the raw response, empty when there is none."""

    doc: Document
    body: bytes = b""


@dataclass
class LinkItem:
    """One link seen on a page, external ones too."""

    link: Link


@dataclass
class LinksItem:
    """All the links seen on one page: one item instead of one per link, because each item costs
    Scrapy a round of its asyncio machinery (spider middlewares, pipeline), more than writing it."""

    links: list[Link]
