"""Distributed mode: one Celery task per site, workers sharing one history database.

``oit-check worker --broker redis://… --db postgresql+psycopg://…`` runs a worker;
``oit-check batch sites.csv --broker … --db …`` sends the tasks and waits for them. Each
task runs the scan in its own subprocess (as the local batch does) and writes to the
shared store. Tasks are acknowledged late (a worker that dies mid-scan gives the site to
another worker), have hard time limits, and are retried when the database is briefly
unavailable. Optional Celery beat schedule: ``OIT_CHECK_BEAT_CSV`` (sites CSV) and
``OIT_CHECK_BEAT_CRON`` (crontab, default ``0 2 * * 1``: Mondays 02:00).
"""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery, signals
from celery.schedules import crontab
from sqlalchemy.exc import OperationalError

from oit_checker.errors import UserError

app = Celery("oit_checker.fleet")
app.conf.update(
    task_serializer="json", result_serializer="json", accept_content=["json"],
    task_acks_late=True, task_reject_on_worker_lost=True,  # a killed worker's site goes back to the queue
    worker_prefetch_multiplier=1,  # scans are long: do not hoard tasks
    task_time_limit=int(os.environ.get("OIT_CHECK_TASK_TIME_LIMIT", "4000")),
    task_soft_time_limit=int(os.environ.get("OIT_CHECK_TASK_TIME_LIMIT", "4000")) - 60,
    result_expires=7 * 24 * 3600, broker_connection_retry_on_startup=True,
    task_track_started=True, worker_hijack_root_logger=False,
    # Redis re-delivers an unacknowledged task after the visibility timeout: it must exceed
    # the longest scan, or a slow site would be scanned twice by two workers.
    broker_transport_options={"visibility_timeout": int(os.environ.get("OIT_CHECK_VISIBILITY_TIMEOUT", "21600"))},
)


@signals.worker_process_init.connect
def _fresh_connections(**_kw: object) -> None:
    """Prefork children must not share the parent's database connections."""
    from oit_checker.fleet import store

    store.dispose_all()


class StoreUnavailable(Exception):
    """The history database could not be reached: worth a retry."""


def configure(broker: str | None = None, backend: str | None = None) -> Celery:
    """Point the app at a broker (and result backend: the broker itself for Redis, else rpc://)."""
    broker = broker or os.environ.get("OIT_CHECK_BROKER") or "redis://127.0.0.1:6379/0"
    if backend is None:
        backend = os.environ.get("OIT_CHECK_RESULT_BACKEND") or (broker if broker.startswith("redis") else "rpc://")
    app.conf.update(broker_url=broker, result_backend=backend)
    _beat_schedule()
    return app


def check_reachable(timeout: float = 5.0) -> None:
    """Raise ``kombu.exceptions.OperationalError`` quickly when the broker cannot be reached.

    (Otherwise sending a task retries for a long time before giving up.)
    """
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=2, interval_start=0.2, interval_step=0.5, timeout=timeout)


def _beat_schedule() -> None:
    csv_path = os.environ.get("OIT_CHECK_BEAT_CSV")
    if not csv_path:
        return
    minute, hour, dom, month, dow = (os.environ.get("OIT_CHECK_BEAT_CRON") or "0 2 * * 1").split()
    app.conf.beat_schedule = {
        "oit-weekly-batch": {
            "task": "oit_checker.enqueue_batch",
            "schedule": crontab(minute=minute, hour=hour, day_of_month=dom, month_of_year=month, day_of_week=dow),
            "args": [csv_path, {"profile": os.environ.get("OIT_CHECK_PROFILE") or None}],
        }
    }


def worker_db(task_db: str | None) -> str | None:
    """The worker's own --db wins; else the database named by the batch."""
    return os.environ.get("OIT_CHECK_WORKER_DB") or task_db


def worker_out() -> Path:
    from oit_checker.fleet.store import data_dir

    return Path(os.environ.get("OIT_CHECK_WORKER_OUT") or data_dir() / "worker-out")


@app.task(name="oit_checker.scan_site", bind=True, acks_late=True, autoretry_for=(StoreUnavailable,),
          retry_backoff=5, retry_backoff_max=120, max_retries=5)
def scan_site_task(self, site: dict, options: dict, batch: str | None, db: str | None = None) -> dict:
    """Scan one site in a subprocess, store it, return ``{"summary": row, "result": result|None}``."""
    from oit_checker.fleet import job
    from oit_checker.fleet.sites import safe_code

    out_dir = worker_out() / (batch or "adhoc") / safe_code(str(site.get("code") or "site"))
    try:
        row, result = job.scan_and_finish(site, out_dir, options, worker_db(db), batch, "celery")
    except (OperationalError, UserError) as exc:
        if isinstance(exc, UserError) and exc.key != "fleet.db_open_failed":
            raise
        raise StoreUnavailable(str(exc)) from exc
    return {"summary": row, "result": result}


@app.task(name="oit_checker.enqueue_batch")
def enqueue_batch(csv_path: str, options: dict | None = None, db: str | None = None) -> dict:
    """Beat entry point: read the sites CSV and send one scan task per site (a new batch id)."""
    from oit_checker.fleet.job import new_batch_id
    from oit_checker.fleet.sites import read_sites

    sites, problems = read_sites(csv_path)
    batch = new_batch_id()
    opts = {k: v for k, v in (options or {}).items() if v is not None}
    for s in sites:
        scan_site_task.apply_async(args=[s.as_dict(), opts, batch, db])
    return {"batch": batch, "sites": len(sites), "bad_rows": len(problems)}
