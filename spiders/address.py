"""Address safety (no server-side request forgery): the crawl reaches only public addresses, besides the start host.

A provincial office may run the checker as a service on its own network; a hacked agency site
that redirects to ``http://169.254.169.254/`` (cloud metadata) or links to ``http://10.0.0.1/``
must not turn the crawler into a window on that network. The start URL's host is trusted as
given (a local test site or an intranet site still works); every other request is checked twice:

- :class:`AddressGuardMiddleware` (a downloader middleware, before robots.txt and the HTTP
  cache) resolves the host *before* the request and refuses it when any address is loopback,
  private, link-local, multicast, reserved or otherwise not global (IPv4 and IPv6). The
  refusal is an :class:`AddressRefused`, recorded in the corpus as ``address_refused``;
- :class:`GuardedResolver` (Scrapy's ``DNS_RESOLVER``) checks the answer again at connect
  time, so a DNS answer that changes between the check and the connection (DNS rebinding)
  is refused too.

``--public-only`` (setting ``OIT_PUBLIC_ONLY``) trusts no host at all, the start host included.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.parse
from collections.abc import Iterable
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import threads
from twisted.internet.error import DNSLookupError

from spiders.urls import host_key

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(IgnoreRequest):
    """A request refused because its host is (or resolves to) a non-public address."""


def is_public(ip: str | Address) -> bool:
    """A global unicast address: not loopback, private, link-local, multicast, reserved or unspecified."""
    try:
        addr = ipaddress.ip_address(str(ip).split("%", 1)[0]) if not isinstance(ip, Address) else ip
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        mapped = addr.ipv4_mapped or addr.sixtofour
        if mapped is not None:
            return is_public(mapped)
        if addr.teredo is not None:
            return is_public(addr.teredo[1])
    return bool(addr.is_global and not (addr.is_multicast or addr.is_reserved or addr.is_loopback
                                        or addr.is_link_local or addr.is_private or addr.is_unspecified))


def refused_addresses(addresses: Iterable[str]) -> list[str]:
    return [a for a in addresses if not is_public(a)]


def resolve(host: str, port: int | None = None) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6); a literal address is itself. Blocking."""
    host = host.strip("[]")
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def check_host(host: str, port: int | None = None, trusted: Iterable[str] = ()) -> str | None:
    """Why ``host`` must not be fetched (``"10.0.0.1 is not a public address"``), or None when it is public
    (or resolves only to ``trusted`` addresses). A name that does not resolve is not refused here: the
    download then fails as a DNS error."""
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        return None
    bad = [a for a in refused_addresses(addresses) if a not in set(trusted)]
    return f"{host} -> {', '.join(bad)}: not a public address" if bad else None


class Policy:
    """What is trusted as given: the start host (and its www twin, and a per-host spider's extra hosts) and
    the addresses it resolves to (a home on 127.0.0.1 that redirects to ``localhost`` stays on the same
    machine the officer chose). Shared by the middleware and the resolver."""

    def __init__(self) -> None:
        self.trusted: set[str] = set()
        self.trusted_addresses: set[str] = set()
        self.enabled = True
        self.refused_names: set[str] = set()  # names the resolver refused (Twisted reports them as "no results")

    def trusts(self, host: str) -> bool:
        return not self.enabled or host_key(host.strip("[]")) in self.trusted

    def allows_address(self, host: str, address: str) -> bool:
        return self.trusts(host) or is_public(address) or address in self.trusted_addresses

    def configure(self, start_url: str, extra_hosts: Iterable[str] = (), public_only: bool = False,
                  enabled: bool = True) -> None:
        self.enabled = enabled
        self.trusted, self.trusted_addresses = set(), set()
        if public_only:
            return
        hosts = [urllib.parse.urlsplit(start_url).hostname or "", *extra_hosts]
        self.trusted.update(host_key(h) for h in hosts if h)
        for h in hosts:
            try:
                self.trusted_addresses.update(resolve(h))
            except (OSError, UnicodeError):
                pass

    def refusal(self, host: str, port: int | None = None) -> str | None:
        """Why a request to ``host`` is refused, or None."""
        if self.trusts(host):
            return None
        return check_host(host, port, self.trusted_addresses)


POLICY = Policy()  # one crawl per process (the crawl child): configured by the spider (BaseSpider.from_crawler)


class AddressGuardMiddleware:
    """Refuse, before any byte is sent, a request whose host is not public (unless trusted)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.verdicts: dict[tuple[str, int | None], str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> AddressGuardMiddleware:
        return cls(crawler)

    async def process_request(self, request: Any) -> None:
        parts = urllib.parse.urlsplit(request.url)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https"):
            raise AddressRefused(f"scheme {parts.scheme!r} is not fetched")
        if POLICY.trusts(host) or not self.crawler.settings.getbool("OIT_ADDRESS_PRECHECK", True):
            return None  # (tests switch the pre-check off to prove the connect-time check alone)
        key = (host, parts.port)
        if key not in self.verdicts:
            from scrapy.utils.defer import maybe_deferred_to_future

            self.verdicts[key] = await maybe_deferred_to_future(threads.deferToThread(POLICY.refusal, host,
                                                                                      parts.port))
        reason = self.verdicts[key]
        if reason:
            self.crawler.stats.inc_value("oit/address_refused")
            raise AddressRefused(reason)
        return None


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing a non-public answer for an untrusted host at connect time (DNS rebinding)."""

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        d = super().getHostByName(name, timeout)

        def check(address: str) -> str:
            if not POLICY.allows_address(name, address):
                POLICY.refused_names.add(name.lower().strip("[]"))
                raise DNSLookupError(f"address_refused: {name} -> {address}: not a public address")
            return address

        return d.addCallback(check)
