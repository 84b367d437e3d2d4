"""One site's scan in its own subprocess, with a time limit.

Each scan runs in a fresh process because Scrapy's Twisted reactor cannot restart, and
so that one broken site (a hung server, a crash in a PDF library) cannot take the batch
down with it. The scanner is ``python -m oit_checker scan`` unless ``OIT_CHECK_SCAN_CMD``
(or ``options["scan_cmd"]``) names another command taking the same arguments
(``URL --out DIR --format json --quiet --no-history …``).
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from oit_checker.result import is_complete

STATUSES = ("ok", "partial", "unreachable", "blocked", "error")
DEFAULT_TIMEOUT = 3600
_live: set[subprocess.Popen] = set()  # scanners running now, so an interrupted batch can stop them
_stopping = threading.Event()


def stop_all() -> None:
    """Stop every scanner this process started (Ctrl-C on a batch); their scans count as not run."""
    _stopping.set()
    for proc in list(_live):
        _kill_group(proc)


def stopping() -> bool:
    return _stopping.is_set()


def scan_command(options: dict | None = None) -> list[str]:
    cmd = (options or {}).get("scan_cmd") or os.environ.get("OIT_CHECK_SCAN_CMD")
    if cmd:
        return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)
    return [sys.executable, "-m", "oit_checker", "scan"]


def _args(url: str, out_dir: Path, options: dict) -> list[str]:
    args = [url, "--out", str(out_dir), "--format", options.get("format") or "json", "--quiet", "--no-history"]
    if options.get("profile"):
        args += ["--profile", str(options["profile"])]
    if options.get("fiscal_year"):
        args += ["--fiscal-year", str(options["fiscal_year"])]
    if options.get("lang"):
        args += ["--lang", str(options["lang"])]
    if options.get("public_only"):
        args.append("--public-only")
    if options.get("resume_crawl"):  # batch --resume: continue the crawl a killed scan left, not start over
        args.append("--resume")
    args += [str(a) for a in options.get("scan_args") or []]
    return args


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _tail(path: Path, n: int = 3) -> str:
    try:
        lines = [ln for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return " | ".join(lines[-n:])[-500:]


def scan_site(url: str, out_dir: str | Path, options: dict | None = None) -> dict:
    """Scan ``url`` into ``out_dir`` in a subprocess; never raises for a broken site.

    Returns ``{"url", "out", "status", "result_path", "returncode", "error", "seconds", "crawl"}``
    where ``status`` is the site status from result.json (ok/partial/unreachable/blocked),
    else from corpus/crawl.json, else ``error`` (crash, time limit, no result).
    """
    options = dict(options or {})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result_path = out / "result.json"
    if result_path.exists():
        result_path.unlink()  # a stale result must not pass for this run's
    timeout = float(options.get("timeout") or DEFAULT_TIMEOUT)
    cmd = scan_command(options) + _args(url, out, options)
    log_path = out / "scan.log"
    started = time.monotonic()
    error = None
    returncode: int | None = None
    with open(log_path, "wb") as log:
        try:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, env=options.get("env") or None)
        except OSError as exc:
            return {"url": url, "out": str(out), "status": "error", "result_path": None, "returncode": None,
                    "error": f"cannot start scanner {cmd[0]}: {exc}", "seconds": 0.0, "crawl": None}
        _live.add(proc)
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            error = f"time limit of {int(timeout)} s reached"
        finally:
            _live.discard(proc)
    seconds = round(time.monotonic() - started, 3)
    crawl = _read_json(out / "corpus" / "crawl.json")
    status = "error"
    if error is None and is_complete(result_path):
        res_status = ((_read_json(result_path) or {}).get("site") or {}).get("status")
        status = res_status if res_status in STATUSES else "ok"
    else:
        if error is None:
            error = _tail(log_path) or f"scanner exited with code {returncode} and wrote no result"
        if crawl and crawl.get("status") in ("unreachable", "blocked"):
            status = crawl["status"]
    return {"url": url, "out": str(out), "status": status,
            "result_path": str(result_path) if status != "error" and result_path.exists() else None,
            "returncode": returncode, "error": error, "seconds": seconds, "crawl": crawl}


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the scanner and anything it started (its own session)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue
