"""Name a failed download: Scrapy/Twisted exceptions mapped to the corpus error codes (``states.FetchError``)."""

from __future__ import annotations

import urllib.parse
from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)

from oit_checker.states import FetchError
from spiders.address import POLICY, AddressRefused


def classify_failure(failure: Any) -> tuple[str, str]:
    """Map a download failure to a short error code and a one-line detail."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:300]
    chain = [exc]
    for r in getattr(exc, "reasons", None) or []:  # twisted ResponseNeverReceived/ResponseFailed
        chain.append(getattr(r, "value", r))
    if getattr(exc, "__cause__", None) is not None:
        chain.append(exc.__cause__)
    text = " ".join(f"{type(e).__name__} {e}" for e in chain)
    request = getattr(failure, "request", None)
    host = (urllib.parse.urlsplit(request.url).hostname or "") if request is not None else ""
    if isinstance(exc, AddressRefused) or "address_refused" in text or (
            host and host in POLICY.refused_names):  # before DNS: the connect-time refusal looks like one
        return FetchError.ADDRESS_REFUSED, detail
    if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc):  # a gzip bomb, cut while inflating
        return FetchError.TOO_LARGE, detail
    if isinstance(exc, IgnoreRequest):
        return (FetchError.ROBOTS if "robots" in str(exc).lower() else FetchError.IGNORED), detail
    if isinstance(exc, CannotResolveHostError) or "DNSLookupError" in text:
        return FetchError.DNS, detail
    if isinstance(exc, DownloadConnectionRefusedError) or "ConnectionRefused" in text:
        return FetchError.CONNECTION_REFUSED, detail
    if isinstance(exc, DownloadTimeoutError) or "TimeoutError" in text or "TimedOut" in text:
        return FetchError.TIMEOUT, detail
    if isinstance(exc, DownloadCancelledError) or "CancelledError" in text:
        return FetchError.TOO_LARGE, detail  # the only cancellation the spider triggers is DOWNLOAD_MAXSIZE
    if "SSL" in text or "TLS" in text or "certificate" in text.lower() or "handshake" in text.lower():
        return FetchError.TLS, detail
    if isinstance(exc, ResponseDataLossError):
        return FetchError.DATA_LOSS, detail
    if isinstance(exc, DownloadFailedError) or "Connection" in text:
        return FetchError.CONNECTION, detail
    return FetchError.FETCH_FAILED, detail
