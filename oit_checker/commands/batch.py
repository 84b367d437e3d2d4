"""``oit-check batch sites.csv``: scan many agency sites, locally or through Celery workers.

Exit codes: 0 = every site was checked (and, with --fail-under, scored at least that),
1 = with --fail-under, some judged site scored below it, 2 = usage or program error,
3 = some site could not be checked (unreachable, blocked, error, or an invalid CSV row).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oit_checker.commands import options
from oit_checker.commands.history import add_db
from oit_checker.errors import UserError
from oit_checker.i18n import t


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="ตรวจหลายเว็บไซต์จากไฟล์ CSV / scan many sites from a CSV file")
    p.add_argument("csv", help="CSV with columns code, name, type, province, url")
    p.add_argument("--out", "-o", default="oit-batch", help="output folder (default: %(default)s)")
    p.add_argument("--workers", "-j", type=int, default=2, help="scans at once on this machine (default: %(default)s)")
    p.add_argument("--resume", action="store_true",
                   help="skip sites whose result in OUT is already complete; continue crawls that were cut off")
    p.add_argument("--timeout", type=float, default=3600, help="most seconds per site (default: %(default)s)")
    p.add_argument("--broker", default=None, help="Celery broker URL (e.g. redis://127.0.0.1:6379/0): "
                   "send one task per site to `oit-check worker` processes instead of scanning here")
    p.add_argument("--result-backend", default=None, help="Celery result backend (default: the Redis broker)")
    p.add_argument("--scan-format", default="json", help="reports written per site (default: %(default)s)")
    add_db(p)
    options.add_common(p)
    p.add_argument("--profile", default=None, help="assessment profile (default: the scanner's)")
    p.add_argument("--fiscal-year", type=int, default=None, help="fiscal year assessed, Buddhist era")
    p.add_argument("--fail-under", type=float, default=None, help="exit 1 when any judged site scores below this")
    p.add_argument("--public-only", action="store_true",
                   help="refuse sites on loopback, private or other non-public addresses (a CSV from other people)")


def run(args: argparse.Namespace) -> int:
    from oit_checker.fleet import batch
    from oit_checker.fleet.sites import read_sites

    if args.workers < 1:
        raise UserError("fleet.bad_workers", n=args.workers)
    from oit_checker.commands.scan import year_check

    year_check(args)  # a Christian-era --fiscal-year stops the batch before any site is scanned
    sites, problems = read_sites(args.csv)
    for pr in problems:
        print(t("fleet.bad_row", line=pr.line, reason=t(pr.key, value=pr.value)), file=sys.stderr)
    if not sites:
        raise UserError("fleet.csv_no_sites", path=args.csv)
    invalid = [pr.as_row(t(pr.key, value=pr.value)) for pr in problems]
    opts = batch.BatchOptions(
        out=Path(args.out), workers=args.workers, resume=args.resume, db=args.db, timeout=args.timeout,
        scan={"profile": args.profile, "fiscal_year": args.fiscal_year, "lang": args.lang, "format": args.scan_format,
              "public_only": args.public_only},
        invalid=invalid,
    )
    show = not args.quiet and not args.no_progress and sys.stderr.isatty()
    progress_cb, stop = _progress(len(sites)) if show else (None, lambda: None)
    try:
        if args.broker:
            rows = batch.run_celery(sites, opts, args.broker, args.result_backend, progress=progress_cb)
        else:
            rows = batch.run_local(sites, opts, progress=progress_cb)
    finally:
        stop()
    if not args.quiet:
        print_summary(rows)
    print(t("fleet.batch_written", path=opts.out / "overview.html", csv=opts.out / "overview.csv"), file=sys.stderr)
    return batch_exit_code(rows, args.fail_under)


def batch_exit_code(rows: list[dict], fail_under: float | None) -> int:
    """NOT_CHECKED when any site could not be checked (unreachable, blocked, error, invalid row), else
    GAPS when --fail-under is given and a judged site scored below it, else OK (README: exit codes)."""
    from oit_checker.commands.exitcode import GAPS, NOT_CHECKED, OK

    unchecked = [r for r in rows if r.get("status") in NOT_CHECKED_STATUSES]
    if unchecked:
        print(t("fleet.exit_not_checked", n=len(unchecked), total=len(rows),
                codes=", ".join(str(r.get("code")) for r in unchecked)), file=sys.stderr)
        return NOT_CHECKED
    if fail_under is not None and any(isinstance(r.get("oit"), int | float) and r["oit"] < fail_under for r in rows):
        return GAPS
    return OK


NOT_CHECKED_STATUSES = ("unreachable", "blocked", "error", "invalid")


def _progress(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=True)
    task = prog.add_task(t("fleet.batch_progress"), total=total)
    prog.start()

    def cb(row: dict) -> None:
        prog.update(task, advance=1, description=f"{row.get('code')}: {t('fleet.status_' + str(row.get('status')))}")

    return cb, prog.stop


def print_summary(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=t("fleet.batch_title"))
    for col in ("code", "name", "status", "oit", "level", "fails", "notes"):
        table.add_column(t(f"fleet.col_{col}"), justify="right" if col in ("oit", "fails") else "left")
    for r in rows:
        notes = "; ".join(t(w["key"], before=w.get("before"), after=w.get("after")) for w in r.get("warnings") or [])
        if r.get("error"):
            notes = (notes + " " + str(r["error"])).strip()
        table.add_row(str(r.get("code")), str(r.get("name") or ""), t(f"fleet.status_{r.get('status')}"),
                      "-" if r.get("oit") is None else f"{r['oit']:.2f}", str(r.get("level") or "-"),
                      str(len(r.get("fails") or [])), notes[:120])
    Console(width=max(100, Console().width)).print(table)
