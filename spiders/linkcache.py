"""What the spider read from a page, kept by URL and content hash so a re-scan does not parse it again.

On a re-scan most pages answer ``304 Not Modified`` (``spiders/cache.py``) and come back with the
same bytes as last time, yet parsing each one again for its links was most of a re-scan's crawl.
This cache keeps, per page, what :meth:`spiders.base.BaseSpider.follow_links` needs — the page's
encoding, title, link list (with the menu marks) and the inline pictures that are its content —
under a key made of the final URL, the declared charset, the SHA-1 of the body and a fingerprint
of the code and data that derive them (``html_nav.yaml``, ``words.yaml``, the page-picture
bounds). Same bytes, same URL, same rules: same links. A changed page has another key and is
parsed again. The links are still followed and every target still requested, so a 304 proves a
page is online and a 404 is still a broken link; only the parse is skipped.

One small pickle file per page (``DIR/<key[:2]>/<key>.pickle``), written atomically; a missing or
unreadable entry is a miss.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

VERSION = b"1"  # bump when the stored fields change


@dataclass
class PageLinks:
    """What a page gives the crawl: its encoding, title, links and the pictures that are its content."""

    encoding: str
    title: str
    links: list[dict]
    shown: set[str]


@functools.cache
def fingerprint() -> bytes:
    """A hash of the code and data that derive links from a page: a change there is a cache miss."""
    from oit_checker.extract import html, page_images, page_links

    here = Path(__file__).resolve().parent  # the spider's own files, by path: importing them would be a cycle
    h = hashlib.sha1(VERSION)
    files = [Path(html.__file__), Path(page_links.__file__), html.NAV_FILE, Path(page_images.__file__),
             page_images.SETTINGS_FILE, here / "pictures.py", here / "base.py", here / "words.yaml"]
    for path in files:
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(str(path).encode())
    return h.digest()


class LinkCache:
    """Page summaries on disk under ``folder``; ``folder=None`` keeps nothing (every page is parsed)."""

    def __init__(self, folder: Path | str | None) -> None:
        self.folder = Path(folder) if folder else None
        self.hits = 0
        self.misses = 0

    def key(self, url: str, body: bytes, declared: str | None) -> str:
        h = hashlib.sha1(fingerprint())
        h.update(url.encode("utf-8", "surrogatepass") + b"\0" + (declared or "").encode("latin-1", "replace") + b"\0")
        h.update(hashlib.sha1(body).digest())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> PageLinks | None:
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                found = pickle.load(fh)  # noqa: S301 - written by this class, in the user's own cache folder
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            self.misses += 1
            return None
        if not isinstance(found, PageLinks):
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, summary: PageLinks) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(summary, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time on the next scan
