"""Read the scanned pages of an extracted corpus with OCR: documents.jsonl → documents.jsonl.

Runs after the extract stage (and again before ``check`` when pages are still waiting).
Pages marked ``needs_ocr`` in PDFs and images are read in the extract worker pool (one page
per call, each with its own time limit, in parallel on the cores), at most ``max_pages``
per scan: every scanned document's first page before anyone's second page, so a huge
scanned annex cannot use up the budget. A page read gets ``ocr: true`` and the mean word
confidence; a page not read keeps ``needs_ocr`` with the reason in ``ocr_skipped`` (OCR
off, not installed, budget reached, time limit, failed), so the item stays "unreadable"
and the report can say how to read it. The file is replaced atomically.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from oit_checker import thai
from oit_checker.corpus import DOCUMENTS_FILE, FILES_DIR, read_jsonl
from oit_checker.extract import page_images as pictures
from oit_checker.extract import pool
from oit_checker.extract.ocr import ocr_page, unavailable
from oit_checker.extract.progress import Progress
from oit_checker.options import OCR_MAX_PAGES, OCR_PAGE_TIMEOUT

OCR_KINDS = ("pdf", "image")
STATS_FILE = "ocr.json"  # the last OCR run: pages waiting, read, skipped by reason, seconds
GRACE = 15.0  # seconds past the page's limit before the pool kills a stuck worker
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")
RETRY_REASONS = {"ocr_unavailable", "ocr_no_thai", "ocr_off", "ocr_budget"}  # worth another try later


def pending(rows: list[dict]) -> list[tuple[int, int]]:
    """(row index, page index) of every page still waiting for OCR, first pages first."""
    out = []
    for i, row in enumerate(rows):
        if row.get("kind") not in OCR_KINDS or row.get("extract_error"):
            continue
        for j, page in enumerate(row.get("pages") or []):
            if page.get("needs_ocr") and page.get("ocr_skipped", "") in ("", *RETRY_REASONS):
                out.append((i, j))
    return sorted(out, key=lambda ij: (ij[1], ij[0]))


def run(corpus_dir: Path, *, enabled: bool = True, max_pages: int = OCR_MAX_PAGES,
        timeout: float = OCR_PAGE_TIMEOUT, workers: int = pool.WORKERS, quiet: bool = False) -> dict:
    """OCR the waiting pages of ``corpus_dir`` and the pictures of its web pages whose content is a picture
    (``page_images``); return (and write to ``ocr.json``) ``{"pages", "pictures", "read", "skipped", "seconds",
    "workers"}`` (``read`` counts each file read once)."""
    import time

    from oit_checker.extract.stage import _body_path, _write_atomic

    corpus_dir = Path(corpus_dir)
    path = corpus_dir / DOCUMENTS_FILE
    rows = list(read_jsonl(path))
    todo = pending(rows)
    shown = pictures.pending(rows, corpus_dir, _body_path, RETRY_REASONS)  # pictures carrying a web page's content
    stats = {"pages": len(todo), "read": 0, "skipped": {}, "seconds": 0.0}
    if shown:
        stats["pictures"] = sum(len(ps) for ps in shown.values())
    if not todo and not shown:
        return stats
    why_not = "ocr_off" if not enabled else unavailable()
    calls, keys, scheduled = [], {}, set()
    # every scan's and every page's first picture before anyone's second: one budget for both
    for i, j in sorted([*todo, *((i, -k - 1) for i, ps in shown.items() for k in range(len(ps)))],
                       key=lambda ij: (abs(ij[1] + 1) if ij[1] < 0 else ij[1], ij[0])):
        if j < 0:
            key, call = pictures.call(shown[i][-j - 1], timeout)
        else:
            page = rows[i]["pages"][j]
            body = _body_path(corpus_dir, rows[i]) or corpus_dir / FILES_DIR / "-"
            if not body.is_file():  # the raw body is gone (a trimmed corpus): nothing to read, nothing to say
                continue
            # the same file at two URLs is read once
            key = (rows[i].get("sha256") or str(body), str(page.get("n", j + 1)))
            call = (ocr_page, (str(body), rows[i]["kind"], int(page.get("n", j + 1)), timeout))
        keys[(i, j)] = key
        if why_not or key in scheduled or len(calls) >= max_pages:
            continue
        scheduled.add(key)
        calls.append((key, *call))
    start = time.monotonic()
    progress = Progress(len(calls), quiet, key="extract.ocr_progress")
    try:
        results = pool.run_calls(calls, workers=workers, timeout=timeout + GRACE, on_done=progress.advance)
    finally:
        progress.close()
    stats["seconds"] = round(time.monotonic() - start, 2)
    stats["workers"] = workers
    if not keys:
        return stats
    for (i, j), key in keys.items():
        if j < 0:
            continue  # pictures of web pages: below, once their own document's page has been read
        page = rows[i]["pages"][j]
        res = results.get(key, {"error": why_not or "ocr_budget"})
        if res.get("error") or "text" not in res:
            # the pool's own failures: killed past the limit ("timeout"), a crashed worker, …
            reason = res.get("error") or ("ocr_timeout" if res.get("extract_error") == "timeout" else "ocr_failed")
            page["ocr_skipped"] = reason
            stats["skipped"][reason] = stats["skipped"].get(reason, 0) + 1
            continue
        text = _tidy(res["text"])
        page.update(text=text, norm=thai.normalize(text), needs_ocr=False, ocr=True, ocr_conf=res["conf"],
                    ocr_skipped="")
        stats["read"] += 1
    page_keys = {key for (_, j), key in keys.items() if j >= 0}
    for i, shown_pictures in shown.items():
        got = [results.get(keys[(i, -k - 1)], {"error": why_not or "ocr_budget"}) if (i, -k - 1) in keys else
               {"error": "ocr_failed"} for k in range(len(shown_pictures))]
        for reason in pictures.attach(rows[i], shown_pictures, got, _tidy):
            stats["skipped"][reason] = stats["skipped"].get(reason, 0) + 1
        # a picture that is also a fetched file was read once, for its own document: counted there
        stats["read"] += sum(1 for k, r in enumerate(got) if "text" in r and not r.get("error")
                             and keys.get((i, -k - 1)) not in page_keys)
    for row in {i for i, _ in todo}:
        _retitle(rows[row])
    _write_atomic(path, rows)
    (corpus_dir / STATS_FILE).write_text(json.dumps(stats), encoding="utf-8")
    return stats


def _retitle(row: dict) -> None:
    """A scan's title is a scanner's name ("Scan", "IMG_0012") or nothing: take the OCR text's first line."""
    pages = row.get("pages") or []
    if thai.count_thai(row.get("title") or "") or not pages or not pages[0].get("ocr"):
        return
    row["title"] = next((ln.strip() for ln in pages[0]["text"].splitlines() if ln.strip()), "")[:200]


def _tidy(text: str) -> str:
    """OCR text as an officer reads it: no trailing spaces, one blank line at most."""
    from oit_checker.thai import nlp

    text = nlp.util().reorder_vowels(text.replace("\u0e4d\u0e32", "\u0e33"))  # NIKHAHIT + SARA AA -> SARA AM
    lines = [ln.rstrip() for ln in text.replace("\f", "\n").splitlines()]
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()
