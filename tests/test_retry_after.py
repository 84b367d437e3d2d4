"""429/503 with Retry-After, crawled for real: a short wait is honoured, a long one is not waited for
(the page is could-not-fetch, never not published), and retries are bounded."""

from __future__ import annotations

import collections
import email.utils
import time
from http.server import BaseHTTPRequestHandler

from conftest import run_module
from hostile_site import Server, _page, _pdf

from oit_checker.corpus import load
from spiders.retry import retry_after_seconds

CRAWL = "oit_checker.commands.crawl_stage"
DATE_WAIT = 3  # seconds ahead in the HTTP-date form


class BusySite(BaseHTTPRequestHandler):
    hits: dict

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def _send(self, body: bytes, ctype: str, status: int = 200, retry_after: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        times = self.hits.setdefault(self.path, [])
        times.append(time.monotonic())
        if self.path == "/":
            names = ("seconds", "date", "long", "always")
            self._send(_page("home", [f"<a href='/{n}.pdf'>{n}</a>" for n in names]), "text/html; charset=utf-8")
        elif self.path == "/seconds.pdf" and len(times) == 1:
            self._send(b"slow down", "text/plain", 429, "1")
        elif self.path == "/date.pdf" and len(times) == 1:
            when = email.utils.formatdate(time.time() + DATE_WAIT, usegmt=True)
            self._send(b"busy", "text/plain", 503, when)
        elif self.path == "/long.pdf":
            self._send(b"come back tomorrow", "text/plain", 429, "86400")
        elif self.path == "/always.pdf":
            self._send(b"busy", "text/plain", 503, "0")
        elif self.path.endswith(".pdf"):
            self._send(_pdf(f"document {self.path}"), "application/pdf")
        else:
            self._send(b"not here", "text/plain", 404)


def test_retry_after_header_forms():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(email.utils.formatdate(1_000_030, usegmt=True), now=1_000_000) == 30
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: retry now
    assert retry_after_seconds("soon") is None and retry_after_seconds("") is None and retry_after_seconds(None) is None


def test_busy_server_waited_for_within_a_bound(tmp_path):
    with Server(BusySite, hits={}) as site:
        r = run_module(CRAWL, site.url, tmp_path / "c", "--delay", "0", "--timeout", "5", "--retries", "2",
                       "--retry-after-max", "10", "--quiet", "--max-time", "60", timeout=120)
        hits = dict(site.handler.hits)
    assert r.returncode == 0, r.stderr
    docs = {d.url.rsplit("/", 1)[-1]: d for d in load(tmp_path / "c").documents}
    # Retry-After: 1 and an HTTP-date 3 s ahead: retried once, after (at least) the wait asked for
    assert docs["seconds.pdf"].ok and docs["seconds.pdf"].kind == "pdf"
    assert docs["date.pdf"].ok and docs["date.pdf"].kind == "pdf"
    assert len(hits["/seconds.pdf"]) == 2 and hits["/seconds.pdf"][1] - hits["/seconds.pdf"][0] >= 0.9
    assert len(hits["/date.pdf"]) == 2 and hits["/date.pdf"][1] - hits["/date.pdf"][0] >= DATE_WAIT - 1.1
    # a day's wait is beyond the bound: asked once, recorded as could-not-fetch with the status
    assert len(hits["/long.pdf"]) == 1 and docs["long.pdf"].error == "http_429"
    # busy every time: 1 request + 2 retries, then could-not-fetch
    assert len(hits["/always.pdf"]) == 3 and docs["always.pdf"].error == "http_503"
    counts = collections.Counter(len(v) for v in hits.values())
    print(f"\nretry-after: requests per URL {dict(counts)}")
