"""Run the extract stage: fetched.jsonl + files/ → documents.jsonl with the text of every page.

Each body is sniffed (the bytes decide the kind, not the URL) and read once per distinct
content hash in the worker pool. A document that cannot be read gets ``extract_error`` and
the run goes on — "could not read" is never "not disclosed". documents.jsonl is replaced
atomically, so an interrupted run leaves the previous one intact.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE, FILES_DIR, Document, read_jsonl
from oit_checker.extract import pool
from oit_checker.extract.cache import ExtractCache
from oit_checker.extract.dispatch import DOC_TIMEOUT
from oit_checker.extract.progress import Progress
from oit_checker.extract.sniff import sniff

MAX_BYTES = 300 * 1024 * 1024


def run(corpus_dir: Path, *, quiet: bool = False, workers: int = pool.WORKERS, timeout: float = DOC_TIMEOUT,
        cache_dir: Path | str | None = None) -> None:
    """Extract every fetched document of a corpus folder into documents.jsonl (atomically).

    With ``cache_dir``, bodies read by an earlier run (same bytes) take their text from the cache."""
    corpus_dir = Path(corpus_dir)
    cache = ExtractCache(cache_dir)
    rows = list(read_jsonl(corpus_dir / FETCHED_FILE))
    tasks: dict[pool.Key, pool.Task] = {}
    row_keys: list[pool.Key | None] = []
    early: dict[int, dict] = {}  # row index -> update decided without a worker
    for i, row in enumerate(rows):
        task, update = plan(corpus_dir, row)
        row_keys.append(task.key if task else None)
        if update is not None:
            early[i] = update
        if task is not None and task.key not in tasks:
            tasks[task.key] = task
    results: dict[pool.Key, dict] = {}
    for key, task in tasks.items():
        hit = cache.get(key[0], task.kind, task.url, task.content_type, task.encoding)
        if hit is not None:
            results[key] = hit
    todo = [task for key, task in tasks.items() if key not in results]
    progress = Progress(len(todo), quiet)
    try:
        read = pool.read_all(todo, workers=workers, timeout=timeout, on_done=progress.advance)
    finally:
        progress.close()
    for task in todo:
        cache.put(task.key[0], task.kind, task.url, task.content_type, task.encoding, read[task.key])
    results.update(read)
    out_rows = []
    for i, (row, key) in enumerate(zip(rows, row_keys, strict=True)):
        row = dict(row)
        if key is not None:
            row.update(results[key])
        elif i in early:
            row.update(early[i])
        out_rows.append(row)
    _move_site_boilerplate(out_rows)
    _write_atomic(corpus_dir / DOCUMENTS_FILE, out_rows)


def plan(corpus_dir: Path, row: dict) -> tuple[pool.Task | None, dict | None]:
    """What to do with one fetched row: a body to read (a Task), or its fields decided without
    reading (missing, empty, too large), or neither (a fetch error)."""
    if not Document.from_json(row).ok:
        return None, None
    path = _body_path(corpus_dir, row)
    try:
        if path is None or not path.is_file():
            raise FileNotFoundError
        size = path.stat().st_size
        with open(path, "rb") as fh:
            body = fh.read(MAX_BYTES + 1) if size <= MAX_BYTES else fh.read(65536)
    except OSError:
        return None, {"extract_error": "missing_file", "pages": []}
    kind = sniff(body, row.get("final_url") or row.get("url", ""), row.get("content_type", ""))
    if size > MAX_BYTES or size == 0:
        return None, {"kind": kind, "extract_error": "too_large" if size else "empty", "pages": []}
    # HTML features hold absolute links, so identical HTML at two URLs is read twice.
    key = (row.get("sha256") or str(path), row.get("url", "") if kind == "html" else "")
    return pool.Task(key, str(path), kind, row.get("final_url") or row.get("url", ""),
                     row.get("content_type", ""), row.get("encoding") or None), None


def _body_path(corpus_dir: Path, row: dict) -> Path | None:
    if row.get("file"):
        return corpus_dir / row["file"]
    if row.get("sha256"):
        return corpus_dir / FILES_DIR / row["sha256"]
    return None


def _move_site_boilerplate(rows: list[dict]) -> None:
    """Lines repeated on most pages of the site (a sidebar with no telling class names, as on
    saiyoi) are menus, not content: move them from the page text to ``nav_text``."""
    from oit_checker.extract.html import find_boilerplate
    from oit_checker.thai import normalize

    pages = [r for r in rows if r.get("kind") == "html" and not r.get("external") and r.get("pages")]
    repeated = find_boilerplate(r["pages"][0].get("text", "") for r in pages)
    if not repeated:
        return
    for row in pages:
        page = row["pages"][0]
        lines = page.get("text", "").split("\n")
        moved = [x for x in lines if x.strip() in repeated]
        if not moved:
            continue
        row["headings"] = [h for h in row.get("headings") or [] if h.strip() not in repeated]
        page["text"] = "\n".join(x for x in lines if x.strip() not in repeated)
        page["norm"] = normalize(page["text"])
        row["nav_text"] = "\n".join(x for x in (row.get("nav_text", ""), *moved) if x)


def _write_atomic(path: Path, rows: list[dict]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
