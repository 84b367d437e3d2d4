"""Scan many sites: N scanner subprocesses on this machine, or one Celery task per site.

Either way every site ends as one summary row (status, score, gaps, health warnings) and
one scan in the history store, and the batch writes the same ``OUT/sites/<code>/``
folders, ``summary.json``, ``overview.csv`` and ``overview.html``. A broken site is one
row with status ``error``; it never stops the others. ``--resume`` skips sites whose
result.json is already complete, and a site whose scan was killed mid-crawl continues that crawl
(``scan --resume``: what was fetched is not fetched again).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from oit_checker import result as result_json
from oit_checker.errors import UserError
from oit_checker.fleet import job, runner, store
from oit_checker.fleet.sites import SiteRow


@dataclass
class BatchOptions:
    out: Path
    workers: int = 2
    resume: bool = False
    db: str | None = None
    timeout: float = runner.DEFAULT_TIMEOUT
    scan: dict = field(default_factory=dict)  # profile, fiscal_year, lang, format, scan_cmd, scan_args
    batch_id: str | None = None
    invalid: list[dict] = field(default_factory=list)  # rows of the CSV that could not be scanned (status invalid)


def _pending(sites: list[SiteRow], opts: BatchOptions, done: dict[str, dict]) -> list[SiteRow]:
    """Sites still to scan; with --resume, reuse complete results (recording any not yet stored)."""
    todo = []
    for s in sites:
        d = job.site_dir(opts.out, s.code)
        if opts.resume and result_json.is_complete(d / "result.json"):
            summary = d / "summary.json"
            if summary.is_file():
                done[s.code] = {**json.loads(summary.read_text(encoding="utf-8")), "resumed": True}
                continue
            outcome = {"url": s.url, "status": (result_json.load(d / "result.json").get("site") or {}).get("status")
                       or "ok", "result_path": str(d / "result.json"),
                       "crawl": runner._read_json(d / "corpus" / "crawl.json")}
            row, _ = job.finish_site(s.as_dict(), outcome, opts.db, opts.batch_id, "batch")
            job.write_json(summary, row)
            done[s.code] = {**row, "resumed": True}
            continue
        todo.append(s)
    return todo


def _prepare(sites: list[SiteRow], opts: BatchOptions) -> None:
    opts.out.mkdir(parents=True, exist_ok=True)
    meta_path = opts.out / "batch.json"
    meta = runner._read_json(meta_path) if opts.resume else None
    opts.batch_id = opts.batch_id or (meta or {}).get("batch") or job.new_batch_id()
    job.write_json(meta_path, {"batch": opts.batch_id, "sites": len(sites), "started_at": datetime.now(UTC).isoformat(),
                            "db": store._redact(store.resolve_url(opts.db))})
    store.engine(opts.db)  # create/upgrade the schema once, before any worker writes


def run_local(sites: list[SiteRow], opts: BatchOptions, progress: Callable[[dict], None] | None = None) -> list[dict]:
    """Scan ``sites`` with at most ``opts.workers`` scanner subprocesses at a time."""
    _prepare(sites, opts)
    done: dict[str, dict] = {}
    todo = _pending(sites, opts, done)
    for row in done.values():
        progress and progress(row)
    scan_opts = {**opts.scan, "timeout": opts.timeout}

    def one(s: SiteRow) -> dict | None:
        d = job.site_dir(opts.out, s.code)
        resume_crawl = opts.resume and (d / "corpus" / "fetched.jsonl").is_file()  # a scan killed mid-crawl
        outcome = runner.scan_site(s.url, d, {**scan_opts, "resume_crawl": True} if resume_crawl else scan_opts)
        if runner.stopping():  # killed by Ctrl-C: not a result, nothing stored; --resume scans it again
            return None
        row, _ = job.finish_site(s.as_dict(), outcome, opts.db, opts.batch_id, "batch")
        job.write_json(d / "summary.json", row)
        return row

    pool = ThreadPoolExecutor(max_workers=max(1, opts.workers), thread_name_prefix="oit-scan")
    try:
        futures = {pool.submit(one, s): s for s in todo}
        for fut in as_completed(futures):
            s = futures[fut]
            try:
                row = fut.result()
                if row is None:
                    continue
            except Exception as exc:  # noqa: BLE001 - e.g. the database went away: one error row
                row = job.summary_row(s.as_dict(), {"status": "error", "error": f"{type(exc).__name__}: {exc}"},
                                  None, None, [])
            done[s.code] = row
            progress and progress(row)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        runner.stop_all()
        raise
    finally:
        pool.shutdown(wait=True)
    return finish_batch(sites, opts, done)


def run_celery(sites: list[SiteRow], opts: BatchOptions, broker: str, backend: str | None = None,
               progress: Callable[[dict], None] | None = None) -> list[dict]:
    """Send one Celery task per site and wait for all of them; workers write to the shared store."""
    try:
        from kombu.exceptions import OperationalError as BrokerError

        from oit_checker.fleet import celery_app
    except ImportError as exc:
        raise UserError("fleet.celery_missing", reason=exc) from exc

    _prepare(sites, opts)
    done: dict[str, dict] = {}
    todo = _pending(sites, opts, done)
    for row in done.values():
        progress and progress(row)
    app = celery_app.configure(broker, backend)
    scan_opts = {**opts.scan, "timeout": opts.timeout}
    pending = {}
    try:
        celery_app.check_reachable()
        for s in todo:
            res = celery_app.scan_site_task.apply_async(
                args=[s.as_dict(), scan_opts, opts.batch_id, opts.db],
                time_limit=opts.timeout + 120, soft_time_limit=opts.timeout + 60,
                retry_policy={"max_retries": 3, "interval_start": 0.5, "interval_step": 1},
            )
            pending[res.id] = (s, res)
    except BrokerError as exc:
        app.close()
        raise UserError("fleet.broker_unreachable", broker=store._redact(broker), reason=exc) from exc
    try:
        while pending:
            for tid, (s, res) in list(pending.items()):
                if not res.ready():
                    continue
                del pending[tid]
                d = job.site_dir(opts.out, s.code)
                if res.successful():
                    payload = res.get()
                    row = payload["summary"]
                    if payload.get("result") is not None:
                        job.write_json(d / "result.json", payload["result"])
                else:
                    row = job.summary_row(s.as_dict(), {"status": "error", "error": f"task failed: {res.result!r}"},
                                      None, None, [])
                res.forget()
                job.write_json(d / "summary.json", row)
                done[s.code] = row
                progress and progress(row)
            if pending:
                time.sleep(0.2)
    except KeyboardInterrupt:
        for _s, res in pending.values():
            res.revoke()
        raise
    finally:
        app.close()
    return finish_batch(sites, opts, done)


def finish_batch(sites: list[SiteRow], opts: BatchOptions, done: dict[str, dict]) -> list[dict]:
    """Rows in CSV order; write summary.json, overview.csv and overview.html."""
    from oit_checker.fleet import overview

    lines = [(s.line, done[s.code]) for s in sites if s.code in done] + [(r.get("line", 0), r) for r in opts.invalid]
    rows = [row for _, row in sorted(lines, key=lambda lr: lr[0])]
    job.write_json(opts.out / "summary.json", {"batch": opts.batch_id, "sites": rows})
    overview.write(rows, opts.out, lang=opts.scan.get("lang"), batch_id=opts.batch_id)
    return rows


def is_terminal() -> bool:
    return sys.stderr.isatty()
