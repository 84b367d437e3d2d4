"""Retries that honour ``Retry-After`` (429 Too Many Requests, 503 Service Unavailable), within a bound.

Scrapy's RetryMiddleware retries a busy answer at once, which a throttling server answers with
another 429. Here a 429/503 that says ``Retry-After: <seconds>`` or ``Retry-After: <HTTP-date>``
is retried after that wait when it is at most ``OIT_RETRY_AFTER_MAX`` seconds (and RETRY_TIMES
is not used up); a longer wait is not made: the answer goes to the spider, which records the page
as could-not-fetch (``http_429``/``http_503``), never as not published. Other failures keep
Scrapy's own behaviour.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware

BUSY = (429, 503)


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware, waiting as a busy server asks (bounded) before retrying 429/503."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("OIT_RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request: Any, response: Any) -> Any:
        wait = retry_after_seconds(response.headers.get(b"Retry-After")) if response.status in BUSY else None
        if wait is None or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        if wait > self.max_wait:
            return response  # too long to wait: the spider records could-not-fetch (http_429/http_503)
        retry = self._retry(request, f"{response.status} Retry-After {wait:g}s")
        if retry is None:  # RETRY_TIMES used up
            return response
        if wait > 0:
            from scrapy.utils.defer import maybe_deferred_to_future
            from twisted.internet import reactor
            from twisted.internet.task import deferLater

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry
