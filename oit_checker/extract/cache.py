"""Text already read, reused: a body with the same bytes (sha256) is not read again on a re-scan.

Kept in ``CACHE_DIR/extract/<readers>/`` (``CACHE_DIR`` is the scan's ``--cache-dir``, by default
beside the history). ``<readers>`` is a hash of the readers' own source (this package and
``oit_checker/thai``), so a changed reader never serves text read by the old one. An HTML page is
keyed by its URL too (its features hold absolute links). Only successful reads are kept: a
timeout or a crash is tried again next time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

_PACKAGES = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "thai")


@functools.cache
def readers_version() -> str:
    """A hash of the reader code: the extract package and the Thai text helpers (sources and data)."""
    h = hashlib.sha256()
    for folder in _PACKAGES:
        for path in sorted(folder.glob("*")):
            if path.suffix in (".py", ".yaml") and path.is_file():
                h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


class ExtractCache:
    """Extraction results by body hash (and URL for HTML); a no-op when ``root`` is None."""

    def __init__(self, root: Path | str | None) -> None:
        self.root = Path(root) / "extract" / readers_version() if root else None
        self.hits = 0

    def _path(self, sha: str, kind: str, url: str, content_type: str, encoding: str | None) -> Path | None:
        if self.root is None or not sha or len(sha) != 64:
            return None
        extra = f"{kind}\0{url}\0{content_type}\0{encoding or ''}" if kind == "html" else kind
        name = hashlib.sha256(f"{sha}\0{extra}".encode()).hexdigest()
        return self.root / name[:2] / f"{name}.json"

    def get(self, sha: str, kind: str, url: str, content_type: str, encoding: str | None) -> dict | None:
        path = self._path(sha, kind, url, content_type, encoding)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self.hits += 1
        return data

    def put(self, sha: str, kind: str, url: str, content_type: str, encoding: str | None, result: dict) -> None:
        path = self._path(sha, kind, url, content_type, encoding)
        if path is None or result.get("extract_error"):
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:  # a full or read-only disk costs the reuse, never the scan
            pass
