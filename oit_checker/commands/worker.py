"""``oit-check worker``: a Celery worker that scans the sites sent by ``oit-check batch --broker``."""

from __future__ import annotations

import argparse
import os

from oit_checker.commands import options
from oit_checker.commands.history import add_db
from oit_checker.errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="รับงานตรวจจากคิว (Celery) / run a Celery worker for batch scans")
    p.add_argument("--broker", default=None, help="Celery broker URL (default: $OIT_CHECK_BROKER or "
                   "redis://127.0.0.1:6379/0)")
    p.add_argument("--result-backend", default=None, help="Celery result backend (default: the Redis broker)")
    add_db(p)
    p.add_argument("--concurrency", "-c", type=int, default=2,
                   help="scans at once in this worker (default: %(default)s)")
    p.add_argument("--out", "-o", default=None, help="folder for the scans' files (default: "
                   "~/.local/share/oit-checker/worker-out)")
    p.add_argument("--beat", action="store_true", help="also run the Celery beat scheduler (one per fleet; "
                   "see OIT_CHECK_BEAT_CSV in docs/fleet.md)")
    p.add_argument("--hostname", "-n", default=None, help="worker name (default: oit@HOST)")
    p.add_argument("--loglevel", default="INFO", help="Celery log level (default: %(default)s)")
    options.add_common(p)


def run(args: argparse.Namespace) -> int:
    from oit_checker.fleet import store

    try:
        from oit_checker.fleet import celery_app
    except ImportError as exc:
        raise UserError("fleet.celery_missing", reason=exc) from exc

    db = args.db or os.environ.get("OIT_CHECK_DB")
    if db:  # the worker's own database wins over the one a batch names
        os.environ["OIT_CHECK_WORKER_DB"] = store.resolve_url(db)
    if args.out:
        os.environ["OIT_CHECK_WORKER_OUT"] = os.path.abspath(args.out)
    store.engine(os.environ.get("OIT_CHECK_WORKER_DB"))  # fail now, clearly, if the database is unreachable
    app = celery_app.configure(args.broker, args.result_backend)
    loglevel = "WARNING" if args.quiet else args.loglevel
    argv = ["worker", "--concurrency", str(args.concurrency), "--loglevel", loglevel, "--pool", "prefork"]
    if args.hostname:
        argv += ["--hostname", args.hostname]
    if args.beat:
        argv.append("--beat")
    app.worker_main(argv)
    return 0
