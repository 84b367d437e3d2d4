"""The text of an unchanged fetch, reused whole: a re-scan of an unchanged site reads and OCRs nothing.

The extract cache (:mod:`oit_checker.extract.cache`) spares reading each body again, but a re-scan
still opened, sniffed and looked up every body, rewrote documents.jsonl and OCR'd every scanned
page again (OCR results are not in that cache). When a scan's ``fetched.jsonl`` is the same as an
earlier scan's (the ``fetched_at`` dates aside) and the readers, the OCR settings
(``--no-ocr``, ``--ocr-max-pages``, ``rules/common/ocr.yaml``) and whether Tesseract is installed
are the same too, that scan's ``documents.jsonl`` and ``ocr.json`` are taken as they are, with
today's dates. Kept in ``CACHE_DIR/documents/<key>/``.

Only a complete read is kept: no document that could not be read (a reader error is tried again
next time, as the extract cache does) and no page whose OCR ran out of time or failed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE, read_jsonl
from oit_checker.extract.cache import readers_version
from oit_checker.extract.ocr_stage import STATS_FILE
from oit_checker.paths import COMMON_DIR

DOCS_DIR = "documents"
KEEP = 200  # documents of this many fetches are kept (the newest)
_DATES = re.compile(rb'"fetched_at": "[^"]*"')
DECIDED = frozenset({"missing_file", "too_large", "empty"})  # extract errors decided without a reader
RETRIED = frozenset({"ocr_timeout", "ocr_failed"})  # OCR outcomes worth another try


def key(corpus_dir: Path, ocr: bool, ocr_max_pages: int) -> str | None:
    """The key of this fetch's reading, or None when there is nothing to key."""
    from oit_checker.extract.ocr import unavailable

    try:
        fetched = (Path(corpus_dir) / FETCHED_FILE).read_bytes()
        ocr_rules = (COMMON_DIR / "ocr.yaml").read_bytes() if (COMMON_DIR / "ocr.yaml").exists() else b""
    except OSError:
        return None
    h = hashlib.sha1(_DATES.sub(b"", fetched))
    h.update(json.dumps([readers_version(), bool(ocr), int(ocr_max_pages), unavailable() if ocr else ""]).encode())
    h.update(hashlib.sha1(ocr_rules).digest())
    return h.hexdigest()


def restore(corpus_dir: Path, cache_dir: Path | str | None, k: str | None) -> bool:
    """Write documents.jsonl (and ocr.json) of the earlier read of this same fetch, with this fetch's
    dates; False when there is none (then read as usual)."""
    if not cache_dir or not k:
        return False
    base = Path(cache_dir) / DOCS_DIR / k
    corpus_dir = Path(corpus_dir)
    fetched = list(read_jsonl(corpus_dir / FETCHED_FILE))
    try:
        with open(base / DOCUMENTS_FILE, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError):
        return False
    if len(rows) != len(fetched) or any(r.get("url") != f.get("url") for r, f in zip(rows, fetched, strict=True)):
        return False
    tmp = corpus_dir / (DOCUMENTS_FILE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row, new in zip(rows, fetched, strict=True):
            row["fetched_at"] = new.get("fetched_at", row.get("fetched_at"))
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, corpus_dir / DOCUMENTS_FILE)
    if (base / STATS_FILE).exists():
        shutil.copyfile(base / STATS_FILE, corpus_dir / STATS_FILE)
    return True


def keep(corpus_dir: Path, cache_dir: Path | str | None, k: str | None) -> None:
    """Keep this fetch's documents.jsonl and ocr.json for the next scan of the same fetch, when complete."""
    if not cache_dir or not k:
        return
    corpus_dir = Path(corpus_dir)
    for row in read_jsonl(corpus_dir / DOCUMENTS_FILE):
        if row.get("extract_error") and row["extract_error"] not in DECIDED:
            return
        if any(p.get("ocr_skipped") in RETRIED for p in row.get("pages") or []):
            return
    root = Path(cache_dir) / DOCS_DIR
    base = root / k
    tmp = root / f".{k}.{os.getpid()}.tmp"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copyfile(corpus_dir / DOCUMENTS_FILE, tmp / DOCUMENTS_FILE)
        if (corpus_dir / STATS_FILE).exists():
            shutil.copyfile(corpus_dir / STATS_FILE, tmp / STATS_FILE)
        shutil.rmtree(base, ignore_errors=True)
        tmp.rename(base)
        kept = sorted((p for p in root.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a cache that cannot be written only costs time next scan
