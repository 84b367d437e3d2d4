"""Hostile bodies and frames, crawled for real: a 2 GB declared body, an endless stream, an endless
iframe chain. Each ends inside the crawl's bounds (--max-bytes, --max-depth) with an honest record,
and the site's ordinary document is still fetched."""

from __future__ import annotations

import json
import resource
import time
from http.server import BaseHTTPRequestHandler

from conftest import run_module
from hostile_site import Server, _page, _pdf

from oit_checker.corpus import load

CRAWL = "oit_checker.commands.crawl_stage"
SERVED_CAP = 64 * 1024 * 1024  # the server itself stops after this much (the crawler must stop far sooner)


class StreamSite(BaseHTTPRequestHandler):
    sent: dict

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def _stream(self, length: str | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        if length:
            self.send_header("Content-Length", length)
        self.end_headers()
        chunk, sent = b"%PDF-1.4\n" + b"\0" * 65527, 0
        try:
            while sent < SERVED_CAP:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.sent[self.path] = sent
        self.close_connection = True

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path == "/":
            self._send(_page("หน้าแรก", ['<a href="/big.pdf">ใหญ่</a>', '<a href="/endless.pdf">ไม่สิ้นสุด</a>',
                                         '<a href="/frame/0.html">กรอบ</a>', '<a href="/ok.pdf">แผนการจัดซื้อ</a>']))
        elif self.path == "/big.pdf":
            self._stream(str(2 * 1024**3))  # says 2 GB
        elif self.path == "/endless.pdf":
            self._stream(None)  # no length: bytes until the connection closes
        elif self.path.startswith("/frame/"):
            n = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            self._send(f"<html><body><p>frame {n}</p><iframe src='/frame/{n + 1}.html'></iframe></body></html>"
                       .encode())
        elif self.path == "/ok.pdf":
            self._send(_pdf("procurement plan 2567"), "application/pdf")
        else:
            self._send(b"not found", "text/plain", 404)


def test_huge_endless_bodies_and_iframe_chains_are_bounded(tmp_path):
    out = tmp_path / "c"
    t0 = time.monotonic()
    with Server(StreamSite, sent={}) as site:
        r = run_module(CRAWL, site.url, out, "--delay", "0", "--timeout", "10", "--retries", "0", "--quiet",
                       "--max-time", "120", "--max-bytes", "1000000", "--max-depth", "4", timeout=200)
        sent = dict(site.handler.sent)
    seconds = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nhostile streams: {seconds:.1f} s, peak child RSS so far {peak:.0f} MB, server sent {sent}")
    assert r.returncode == 0, r.stderr
    docs = {d.url.split("/", 3)[-1]: d for d in load(out).documents}
    assert docs["big.pdf"].error == "too_large"  # refused from its Content-Length
    assert docs["endless.pdf"].error == "too_large"  # cut at --max-bytes
    assert all(n < SERVED_CAP for n in sent.values())  # the crawler hung up long before the server's own cap
    frames = sorted(int(u.split("/")[-1].split(".")[0]) for u in docs if u.startswith("frame/"))
    assert frames == list(range(len(frames))) and 2 <= len(frames) <= 5  # followed, then ended by --max-depth
    assert docs["ok.pdf"].ok and docs["ok.pdf"].kind == "pdf"
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "partial" and "max_depth" in data["limits_hit"]
