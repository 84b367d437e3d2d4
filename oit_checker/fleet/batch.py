"""Scan many sites: N scanner subprocesses on this machine, or one Celery task per site.

Either way every site ends as one summary row (status, score, gaps, health warnings) and
one scan in the history store, and the batch writes the same ``OUT/sites/<code>/``
folders, ``summary.json``, ``overview.csv`` and ``overview.html``. A broken site is one
row with status ``error``; it never stops the others. ``--resume`` skips sites whose
result.json is already complete.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from oit_checker.errors import UserError
from oit_checker.fleet import health, results, runner, store
from oit_checker.fleet.sites import SiteRow, safe_code


@dataclass
class BatchOptions:
    out: Path
    workers: int = 2
    resume: bool = False
    db: str | None = None
    timeout: float = runner.DEFAULT_TIMEOUT
    scan: dict = field(default_factory=dict)  # profile, fiscal_year, lang, format, scan_cmd, scan_args
    batch_id: str | None = None


def new_batch_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def site_dir(out: Path, code: str) -> Path:
    return Path(out) / "sites" / safe_code(code)


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _prev_facts(url: str, db: str | None) -> dict | None:
    prev = store.previous_scan(url, db)
    if prev is None:
        return None
    return {"pages": prev.pages, "documents": prev.documents, "n_found": prev.n_found}


def finish_site(site: dict, outcome: dict, db: str | None, batch_id: str | None,
                source: str) -> tuple[dict, dict | None]:
    """Compare with the previous stored scan, store this one, and build the site's summary row."""
    result = None
    if outcome.get("result_path"):
        try:
            result = results.load(outcome["result_path"])
        except Exception:  # noqa: BLE001 - an unreadable result is an error row, not a crash
            result = None
            outcome = {**outcome, "status": "error", "error": "result.json could not be read"}
    crawl = outcome.get("crawl") or {}
    warns = health.warnings(_prev_facts(site["url"], db), health.facts(result, crawl)) if result else []
    if result is not None:
        scan_id = store.record_result(result, db, site=site, source=source, batch=batch_id,
                                      started_at=crawl.get("started_at"))
    else:
        scan_id = store.record_failure(site["url"], outcome["status"], outcome.get("error") or "", db, site=site,
                                       source=source, batch=batch_id, crawl=crawl)
    return summary_row(site, outcome, result, scan_id, warns), result


def summary_row(site: dict, outcome: dict, result: dict | None, scan_id: int | None, warns: list[dict]) -> dict:
    scores = (result or {}).get("scores") or {}
    res_site = (result or {}).get("site") or {}
    stats = (outcome.get("crawl") or {}).get("stats") or {}
    items = (result or {}).get("items") or []
    return {
        "code": site.get("code"), "name": site.get("name"), "type": site.get("type"),
        "province": site.get("province"), "url": site.get("url"),
        "status": outcome.get("status"), "oit": scores.get("oit"), "level": scores.get("level"),
        "fails": results.gaps(result) if result else [],
        "unreadable": sum(1 for i in items if isinstance(i, dict) and i.get("verdict") == "unreadable"),
        "pages": res_site.get("pages", stats.get("pages")), "documents": res_site.get("documents",
                                                                                      stats.get("documents")),
        "error": outcome.get("error"), "seconds": outcome.get("seconds"), "scan_id": scan_id, "warnings": warns,
    }


def scan_and_finish(site: dict, out_dir: Path, scan_opts: dict, db: str | None, batch_id: str | None,
                    source: str) -> tuple[dict, dict | None]:
    """The whole job for one site: scan in a subprocess, then health check and history."""
    outcome = runner.scan_site(site["url"], out_dir, scan_opts)
    return finish_site(site, outcome, db, batch_id, source)


def _pending(sites: list[SiteRow], opts: BatchOptions, done: dict[str, dict]) -> list[SiteRow]:
    """Sites still to scan; with --resume, reuse complete results (recording any not yet stored)."""
    todo = []
    for s in sites:
        d = site_dir(opts.out, s.code)
        if opts.resume and results.is_complete(d / "result.json"):
            summary = d / "summary.json"
            if summary.is_file():
                done[s.code] = {**json.loads(summary.read_text(encoding="utf-8")), "resumed": True}
                continue
            outcome = {"url": s.url, "status": (results.load(d / "result.json").get("site") or {}).get("status")
                       or "ok", "result_path": str(d / "result.json"),
                       "crawl": runner._read_json(d / "corpus" / "crawl.json")}
            row, _ = finish_site(s.as_dict(), outcome, opts.db, opts.batch_id, "batch")
            _write_json(summary, row)
            done[s.code] = {**row, "resumed": True}
            continue
        todo.append(s)
    return todo


def _prepare(sites: list[SiteRow], opts: BatchOptions) -> None:
    opts.out.mkdir(parents=True, exist_ok=True)
    meta_path = opts.out / "batch.json"
    meta = runner._read_json(meta_path) if opts.resume else None
    opts.batch_id = opts.batch_id or (meta or {}).get("batch") or new_batch_id()
    _write_json(meta_path, {"batch": opts.batch_id, "sites": len(sites), "started_at": datetime.now(UTC).isoformat(),
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
        d = site_dir(opts.out, s.code)
        outcome = runner.scan_site(s.url, d, scan_opts)
        if runner.stopping():  # killed by Ctrl-C: not a result, nothing stored; --resume scans it again
            return None
        row, _ = finish_site(s.as_dict(), outcome, opts.db, opts.batch_id, "batch")
        _write_json(d / "summary.json", row)
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
                row = summary_row(s.as_dict(), {"status": "error", "error": f"{type(exc).__name__}: {exc}"},
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
                d = site_dir(opts.out, s.code)
                if res.successful():
                    payload = res.get()
                    row = payload["summary"]
                    if payload.get("result") is not None:
                        _write_json(d / "result.json", payload["result"])
                else:
                    row = summary_row(s.as_dict(), {"status": "error", "error": f"task failed: {res.result!r}"},
                                      None, None, [])
                res.forget()
                _write_json(d / "summary.json", row)
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

    rows = [done[s.code] for s in sites if s.code in done]
    _write_json(opts.out / "summary.json", {"batch": opts.batch_id, "sites": rows})
    overview.write(rows, opts.out, lang=opts.scan.get("lang"), batch_id=opts.batch_id)
    return rows


def is_terminal() -> bool:
    return sys.stderr.isatty()
