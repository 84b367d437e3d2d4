"""One vocabulary for states: fetch errors, site status, document state and verdicts.

Every stage names states with these values (they are also the strings in the corpus files and
in result.json, so the values never change); the questions "is this a network error?", "does
this error mean the site blocked us?" are answered here and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """An item's verdict: pass (100), fail (0, with findings) or unreadable (0, flagged)."""

    PASS = "pass"
    FAIL = "fail"
    UNREADABLE = "unreadable"


class SiteStatus(StrEnum):
    """crawl.json ``status``: how much of the site the crawl could read."""

    OK = "ok"
    PARTIAL = "partial"
    UNREACHABLE = "unreachable"
    BLOCKED = "blocked"


SITE_DOWN = (SiteStatus.UNREACHABLE, SiteStatus.BLOCKED)  # nothing can be called "not disclosed"


class DocState(StrEnum):
    """A fetched document as evidence: readable, a dead link on the site, or not readable."""

    OK = "ok"
    BROKEN = "broken"  # 404/410 on the agency's own site: the assessors hit the same dead link
    UNREADABLE = "unreadable"  # could not read or reach: never "not disclosed"


class FetchError(StrEnum):
    """``Document.error`` codes written by the crawler (``http_<status>`` besides these)."""

    DNS = "dns"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION = "connection"
    TIMEOUT = "timeout"
    TLS = "tls"
    DATA_LOSS = "data_loss"
    FETCH_FAILED = "fetch_failed"
    TOO_LARGE = "too_large"
    ROBOTS = "robots"
    IGNORED = "ignored"
    NO_RESPONSE = "no_response"
    ADDRESS_REFUSED = "address_refused"  # not a public address (SSRF guard): never requested
    URL_TOO_LONG = "url_too_long"  # a link longer than the crawler will request: recorded, never dropped


NETWORK_ERRORS = frozenset({FetchError.DNS, FetchError.CONNECTION_REFUSED, FetchError.CONNECTION,
                            FetchError.TIMEOUT, FetchError.TLS, FetchError.DATA_LOSS, FetchError.FETCH_FAILED})
BROKEN_STATUSES = frozenset({404, 410})


def http_error(status: int) -> str:
    """The error code of an HTTP status the site answered with (``http_404``)."""
    return f"http_{int(status)}"


def is_http_error(error: str | None) -> bool:
    return bool(error) and str(error).startswith("http_")


def is_network_error(error: str | None) -> bool:
    """The crawler could not get an answer (as opposed to the site answering with an error)."""
    return bool(error) and str(error) in NETWORK_ERRORS


def is_blocked_error(error: str | None) -> bool:
    """robots.txt forbids us, or the server refuses us (403) — the site blocks the crawler."""
    return error in (FetchError.ROBOTS, http_error(403))


def is_broken(error: str | None, status: int | None = None) -> bool:
    """Gone (404/410): on the agency's own site this is a dead link, not an unreadable one."""
    return (status or 0) in BROKEN_STATUSES or (error or "").lower() in {http_error(s) for s in BROKEN_STATUSES}


def is_server_error(error: str | None, status: int | None = None) -> bool:
    return (status or 0) >= 500 or (error or "").lower().startswith("http_5")


def unreadable_reason(error: str | None, status: int | None = None) -> str:
    """The reason key (``check.reason.<key>``) for a document that could not be fetched."""
    e = (error or "").lower()
    for key in ("address_refused", "url_too_long", "timeout", "too_large", "dns", "connection", "tls", "robots"):
        if key in e:
            return key
    if is_server_error(e, status):
        return "http_5xx"
    return "other"
