"""Where a crawl starts and where it writes: start-URL validation, its twin address, the corpus folder."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from oit_checker.corpus import CRAWL_FILE, FETCHED_FILE, LINKS_FILE
from oit_checker.errors import UserError
from oit_checker.states import FetchError

LOG_FILE = "crawl.log"


def check_url(url: str) -> str:
    """An http(s) URL to start from; a bare host name gets ``http://``. Else UserError."""
    raw = (url or "").strip()
    if raw and "://" not in raw and "." in raw.split("/")[0] and " " not in raw:
        raw = "http://" + raw
    try:
        parts = urllib.parse.urlsplit(raw)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        raise UserError("cli.bad_url", url=url) from None
    if parts.scheme not in ("http", "https") or not host or " " in raw:
        raise UserError("cli.bad_url", url=url)
    if "." not in host and host != "localhost" and ":" not in host:
        raise UserError("cli.bad_url", url=url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def alternate_start(url: str, error: str | None) -> str | None:
    """The twin address worth one more try after a fast failure: the www/non-www host after a
    DNS failure, the other scheme after a refused connection. None otherwise."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if error == FetchError.DNS and "." in host and not host.replace(".", "").isdigit():
        twin = host[4:] if host.startswith("www.") else "www." + host
        netloc = twin + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if error == FetchError.CONNECTION_REFUSED and parts.port is None:
        scheme = "https" if parts.scheme == "http" else "http"
        return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    return None


def prepare_dir(corpus_dir: Path, keep: bool = False) -> None:
    """Create the corpus folder (or fail with a clear message) and clear a previous crawl
    (with ``keep``, for --resume, only its crawl.json: what was fetched is continued)."""
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        probe = corpus_dir / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise UserError("cli.out_not_writable", path=str(corpus_dir), reason=exc.strerror or str(exc)) from None
    for name in (CRAWL_FILE,) if keep else (CRAWL_FILE, FETCHED_FILE, LINKS_FILE, LOG_FILE):
        (corpus_dir / name).unlink(missing_ok=True)
