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
