"""The HTTP cache of re-scans: every URL is asked again, but an unchanged one is not downloaded again.

Scrapy's ``HttpCacheMiddleware`` with an RFC 2616 policy keeps each response (in
``$XDG_DATA_HOME/oit-checker/cache/http``, beside the history, or ``--cache-dir``). On the next
scan this module makes it a *revalidating* cache only:

- a cached response is never "fresh": every URL is requested again, with ``If-None-Match`` /
  ``If-Modified-Since`` when the server gave an ``ETag`` / ``Last-Modified``. A ``304 Not
  Modified`` proves the page or document is still online and the cached body is used (not
  downloaded again); any other answer replaces it — a 404 on the re-scan is a broken link;
- a server error (5xx) or a network failure is reported as it is, never hidden behind the
  cached copy (Scrapy's policy would serve the old response): "could not reach" must stay
  visible to the officer.

Each response is kept in one file (:class:`OneFileCacheStorage`): Scrapy's filesystem storage opens
about a dozen files per URL, which cost more than the download itself on a re-scan of a local site.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from time import time
from typing import Any

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import FilesystemCacheStorage, RFC2616Policy
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes


class RevalidatePolicy(RFC2616Policy):
    """RFC 2616 validation (conditional GET), without ever answering from the cache unasked."""

    def is_cached_response_fresh(self, cachedresponse: Any, request: Any) -> bool:
        self._set_conditional_validators(request, cachedresponse)  # If-None-Match / If-Modified-Since
        return False  # always ask the server: evidence must be shown to be online today

    def is_cached_response_valid(self, cachedresponse: Any, response: Any, request: Any) -> bool:
        return response.status == 304  # a 5xx is an error of today, not a reason to use yesterday's copy


class RevalidateCacheMiddleware(HttpCacheMiddleware):
    """``HttpCacheMiddleware`` that reports a failed download as failed instead of serving the cache."""

    def process_exception(self, request: Any, exception: Exception, spider: Any = None) -> None:
        request.meta.pop("cached_response", None)
        return None


class OneFileCacheStorage(FilesystemCacheStorage):
    """Scrapy's filesystem cache layout (``DIR/<spider>/<fp[:2]>/<fp>``), one pickle file per response.

    A response revalidated by a 304 is not written again: its body did not change, and its
    freshness is never used (every URL is revalidated)."""

    def _file(self, spider: Any, request: Any) -> Path:
        return Path(self._get_request_path(spider, request) + ".pickle")

    def retrieve_response(self, spider: Any, request: Any) -> Any:
        path = self._file(spider, request)
        try:
            with open(path, "rb") as fh:
                data = pickle.load(fh)  # noqa: S301 - written by this class, in the user's own cache folder
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
            return None
        if 0 < self.expiration_secs < time() - data["timestamp"]:
            return None
        headers = Headers(data["headers"])
        cls = responsetypes.from_args(headers=headers, url=data["url"], body=data["body"])
        request.meta["cache_timestamp"] = data["timestamp"]
        return cls(url=data["url"], status=data["status"], headers=headers, body=data["body"])

    @staticmethod
    def read_headers(path: Path) -> tuple[str, str] | None:
        """(ETag, Last-Modified) of one stored response ("" when absent), or None when there is no entry
        (the re-scan fast path, ``oit_checker/crawl/revalidate.py``, asks with them)."""
        try:
            with open(path, "rb") as fh:
                data = pickle.load(fh)  # noqa: S301 - written by this class, in the user's own cache folder
            headers = {k.lower(): v for k, v in data["headers"].items()}
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, KeyError, TypeError):
            return None

        def first(name: bytes) -> str:
            value = headers.get(name) or b""
            value = value[0] if isinstance(value, list) and value else value
            return value.decode("latin-1") if isinstance(value, bytes) else ""

        return first(b"etag"), first(b"last-modified")

    def store_response(self, spider: Any, request: Any, response: Any) -> None:
        path = self._file(spider, request)
        if "cached" in response.flags and path.exists():
            return  # revalidated (304): unchanged
        data = {"url": response.url, "status": response.status, "timestamp": time(),
                "headers": {k: v for k, v in response.headers.items()}, "body": response.body}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(data, fh, protocol=4)
        os.replace(tmp, path)
