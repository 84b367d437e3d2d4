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
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy


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
