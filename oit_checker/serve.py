"""Serve a folder as a website on 127.0.0.1: the demo site, generated sites and test sites.

Plain files are served as they are. A ``_routes.json`` at the root can add what real
agency sites do and a static folder cannot: query-string URLs, wrong or missing charset
headers, redirects, error statuses and slow answers::

    {"/index.php?mod=blog&id=3": {"file": "pages/blog-3.html",
                                  "headers": {"Content-Type": "text/html; charset=ISO-8859-1"}},
     "/old": {"status": 301, "headers": {"Location": "/new.html"}},
     "/slow.pdf": {"file": "docs/a.pdf", "delay": 2.0}}

Plain files carry ``Last-Modified`` and an ``ETag`` (modification time and size) and are
answered ``304 Not Modified`` on a matching ``If-None-Match`` (or, without one, an
``If-Modified-Since`` no older than the file), as a real web server does for re-scans.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
import time
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    routes: dict = {}
    log: list | None = None
    _etag: str | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def _route(self) -> dict | None:
        raw = self.path
        if raw in self.routes:
            return self.routes[raw]
        unq = urllib.parse.unquote(raw)
        return self.routes.get(unq)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._etag = None
        if self.log is not None:
            self.log.append((self.path, dict(self.headers)))
        route = self._route()
        if route is None:
            if "?" in self.path:  # a query string on a static file: serve the file
                self.path = self.path.split("?", 1)[0]
            return super().do_GET()
        time.sleep(float(route.get("delay", 0)))
        status = int(route.get("status", 200))
        body = b""
        if route.get("file"):
            body = (Path(self.directory) / route["file"]).read_bytes()
        elif "body" in route:
            body = route["body"].encode("utf-8")
        self.send_response(status)
        headers = dict(route.get("headers") or {})
        if body and "Content-Type" not in headers and route.get("file"):
            ctype = mimetypes.guess_type(route["file"])[0] or "application/octet-stream"
            headers["Content-Type"] = ctype
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_head(self):  # noqa: ANN201 - stdlib signature
        """Plain files: an ETag, and 304 when the client's copy is current (If-None-Match)."""
        self._etag = None
        path = self.translate_path(self.path)
        if os.path.isfile(path):
            st = os.stat(path)
            self._etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
            match = self.headers.get("If-None-Match")
            if match and (match.strip() == "*" or self._etag in [m.strip() for m in match.split(",")]):
                self.send_response(304)
                self.end_headers()
                return None
        return super().send_head()  # If-Modified-Since (without If-None-Match) is handled there

    def end_headers(self) -> None:
        if self._etag:
            self.send_header("ETag", self._etag)
        super().end_headers()

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._etag = None
        if "?" in self.path and self._route() is None:
            self.path = self.path.split("?", 1)[0]
        return super().do_HEAD()


class SiteServer:
    """A folder served on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, root: Path, port: int = 0, request_log: list | None = None) -> None:
        self.root = Path(root)
        routes_file = self.root / "_routes.json"
        routes = json.loads(routes_file.read_text(encoding="utf-8")) if routes_file.exists() else {}
        handler = type("Handler", (_Handler,), {"routes": routes, "log": request_log})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(self.root)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> SiteServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
