"""Reuse the last judgement of the same corpus: an unchanged re-scan is not judged again.

A weekly re-scan of an unchanged site gives the same corpus (only the fetch dates differ);
locating and checking 40-odd items against thousands of documents again would give the same
verdicts. The result (before the reports, which are always written again: the scan date
changes) is kept in ``CACHE_DIR/judged/<fingerprint>.json``, the fingerprint covering every
input of the judgement:

- the corpus: ``documents.jsonl`` (without the ``fetched_at`` dates), ``links.jsonl`` and
  ``crawl.json`` (without its start/end dates and the re-scan counts);
- the profile chosen, the fiscal year and the language of the result;
- the rules (every file of ``rules/`` and of a profile folder outside it) and the code (every
  file of the package), so an upgrade or an edited rule judges again.

Items checked by hand (overrides) keep state between scans, so a scan with overrides is always
judged. Anything that differs — another byte of text, another rule — is a miss, never a reuse.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from oit_checker.corpus import CRAWL_FILE, DOCUMENTS_FILE, LINKS_FILE
from oit_checker.errors import UserError
from oit_checker.paths import PACKAGE_DIR, RULES_DIR

JUDGED_DIR = "judged"
KEEP = 500  # judgements kept (the newest): one per site and corpus, for a fleet's weekly re-scans
VERSION = "1"
_DATES = re.compile(rb'"fetched_at": "[^"]*"')
_CRAWL_DATES = ("started_at", "finished_at", "revalidated")


def _tree_hash(folder: Path, h: hashlib._Hash) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".tmp"):
            h.update(str(path.relative_to(folder)).encode("utf-8", "surrogatepass") + b"\0")
            h.update(hashlib.sha1(path.read_bytes()).digest())


@functools.cache
def _code_and_rules() -> bytes:
    h = hashlib.sha1(VERSION.encode())
    _tree_hash(PACKAGE_DIR, h)
    _tree_hash(RULES_DIR, h)
    return h.digest()


def fingerprint(corpus_dir: Path, opts: object) -> str | None:
    """The key of this judgement, or None when it must not be reused (overrides, no corpus)."""
    if getattr(opts, "overrides", None):
        return None
    from oit_checker.profiles import profile_dir

    corpus_dir = Path(corpus_dir)
    h = hashlib.sha1(_code_and_rules())
    try:
        folder = profile_dir(getattr(opts, "profile", ""))
        if RULES_DIR.resolve() not in folder.resolve().parents:
            _tree_hash(folder, h)  # a profile of the agency's own, outside rules/
        crawl = json.loads((corpus_dir / CRAWL_FILE).read_text(encoding="utf-8"))
        for key in _CRAWL_DATES:
            crawl.pop(key, None)
        h.update(json.dumps([str(folder), getattr(opts, "fiscal_year", None), getattr(opts, "lang", "th"), crawl],
                            sort_keys=True, ensure_ascii=False).encode("utf-8"))
        with open(corpus_dir / DOCUMENTS_FILE, "rb") as fh:
            h.update(hashlib.sha1(_DATES.sub(b"", fh.read())).digest())
        with open(corpus_dir / LINKS_FILE, "rb") as fh:
            h.update(hashlib.sha1(fh.read()).digest())
    except (OSError, ValueError, TypeError, UserError):  # e.g. an unknown profile: the normal path reports it
        return None
    return h.hexdigest()


def _path(cache_dir: Path | str, key: str) -> Path:
    return Path(cache_dir) / JUDGED_DIR / f"{key}.json"


def get(cache_dir: Path | str | None, key: str | None) -> dict | None:
    """The result judged last time for this key (with today's ``generated_at``), or None."""
    if not cache_dir or not key:
        return None
    try:
        res = json.loads(_path(cache_dir, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(res, dict) or "items" not in res:
        return None
    res["generated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return res


def put(cache_dir: Path | str | None, key: str | None, res: dict) -> None:
    """Keep this judgement for the next scan of the same corpus (one file per key, the newest ``KEEP``)."""
    if not cache_dir or not key:
        return
    path = _path(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(copy.deepcopy(res), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time on the next scan
