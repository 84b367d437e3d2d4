"""Shared helpers for the fleet tests: sites served on 127.0.0.1, the fake scanner, Redis, PostgreSQL.

Each site is a folder with ``oit.json`` (read by ``tests/fleet_fake_scanner.py``) served by
``SiteServer``. Redis and PostgreSQL are the real Debian binaries started on free ports in
temporary folders; the fixtures skip with a clear reason when the binaries are missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from oit_checker.serve import SiteServer

ROOT = Path(__file__).resolve().parents[1]
FAKE = Path(__file__).resolve().with_name("fleet_fake_scanner.py")


def _pg_bin() -> Path:
    """PostgreSQL server binaries: $OIT_TEST_PG_BIN, else the newest /usr/lib/postgresql/<major>/bin."""
    if os.environ.get("OIT_TEST_PG_BIN"):
        return Path(os.environ["OIT_TEST_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if
                   p.parts[-3].isdigit() else 0)
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_site(root: Path, spec: dict) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "oit.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    (root / "index.html").write_text("<html><body>ok</body></html>", encoding="utf-8")
    return root


@contextlib.contextmanager
def serve_sites(tmp: Path, specs: dict[str, dict]) -> Iterator[dict[str, SiteServer]]:
    """Serve one folder per site code; yields ``{code: SiteServer}``."""
    servers = {code: SiteServer(write_site(tmp / "www" / code, spec)).start() for code, spec in specs.items()}
    try:
        yield servers
    finally:
        for s in servers.values():
            s.stop()


def write_csv(path: Path, rows: list[tuple], bom: bool = True) -> Path:
    lines = ["code,name,type,province,url"] + [",".join(f'"{c}"' if "," in str(c) else str(c) for c in r)
                                               for r in rows]
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def env(tmp: Path, fake: bool = True, **extra: str) -> dict:
    """Environment for CLI subprocesses: this worktree on PYTHONPATH, a private data folder."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("OIT_CHECK_")}
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e["XDG_DATA_HOME"] = str(tmp / "xdg")
    if fake:
        e["OIT_CHECK_SCAN_CMD"] = f"{sys.executable} {FAKE} scan"
    e.update(extra)
    return e


def cli(args: list[str], environ: dict, timeout: float = 120, fake: bool = False) -> subprocess.CompletedProcess:
    """``python -m oit_checker ARGS`` (or the CLI with the fake pipeline when ``fake``)."""
    head = [sys.executable, str(FAKE)] if fake else [sys.executable, "-m", "oit_checker"]
    return subprocess.run(head + [str(a) for a in args], env=environ, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def wait_port(port: int, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    exe = shutil.which("redis-server")
    if not exe:
        pytest.fail("redis-server not installed (apt-get install redis-server)")
    port = free_port()
    d = tempfile.mkdtemp(prefix="oit-redis-")
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", d], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(d, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL cluster; as root the server runs as the ``postgres`` user."""
    initdb, pg_ctl = PG_BIN / "initdb", PG_BIN / "pg_ctl"
    if not initdb.exists() or not pg_ctl.exists():
        pytest.fail(f"PostgreSQL binaries not found in {PG_BIN} (apt-get install postgresql)")
    as_user: list[str] = []
    d = Path(tempfile.mkdtemp(prefix="oit-pg-"))
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            pytest.fail("running as root without runuser: cannot start PostgreSQL")
        try:
            shutil.chown(d, "postgres", "postgres")
        except (LookupError, PermissionError) as exc:
            pytest.fail(f"no postgres system user to run PostgreSQL as root: {exc}")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = d / "data", free_port()
    init = subprocess.run(as_user + [str(initdb), "-D", str(data), "-U", "oit", "--auth=trust", "-E", "UTF8",
                                     "--locale=C.UTF-8", "--no-sync"], capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(d, ignore_errors=True)
        pytest.fail(f"initdb failed: {init.stderr.strip()[-300:]}")
    opts = f"-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    start = subprocess.run(as_user + [str(pg_ctl), "-D", str(data), "-o", opts, "-l", str(d / "log"), "-w",
                                      "start"], capture_output=True, text=True)
    if start.returncode != 0:
        log = (d / "log").read_text(errors="replace")[-500:] if (d / "log").exists() else ""
        shutil.rmtree(d, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {start.stderr.strip()[-300:]} {log}")
    try:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={port} user=oit dbname=postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE oit")
        yield f"postgresql+psycopg://oit@127.0.0.1:{port}/oit"
    finally:
        subprocess.run(as_user + [str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(d, ignore_errors=True)


def stored_results(db: str) -> dict[str, dict]:
    """Per site code: the comparable content of its newest stored scan (status, scores, verdicts, evidence)."""
    from sqlalchemy import create_engine, text

    eng = create_engine(db)
    out: dict[str, dict] = {}
    with eng.connect() as c:
        scans = c.execute(text("SELECT s.id, st.code, s.status, s.oit, s.level, s.n_fail, s.pages FROM scans s "
                               "JOIN sites st ON st.id = s.site_id ORDER BY s.id")).all()
        for sid, code, status, oit, level, n_fail, pages in scans:
            items = c.execute(text("SELECT i.code, i.verdict, i.score, e.url, e.sha256 FROM item_results i "
                                   "LEFT JOIN evidence e ON e.item_id = i.id WHERE i.scan_id = :s ORDER BY i.code, "
                                   "e.url"), {"s": sid}).all()
            out[code] = {"status": status, "oit": oit, "level": level, "n_fail": n_fail, "pages": pages,
                         "items": [tuple(r) for r in items]}
    eng.dispose()
    return out
