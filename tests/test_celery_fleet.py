"""Distributed mode with real services: Redis broker, PostgreSQL store, two Celery workers.

The same sites are scanned by a single-process batch into SQLite and by two ``oit-check
worker`` subprocesses into PostgreSQL; the stored results must be equal.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from fleet_support import ROOT, cli, env, postgres_server, redis_server, serve_sites, stored_results, write_csv

SPECS = {f"{n:03d}": {"agency": f"อบต.ที่ {n}", "fail": [f"O{n}", "O23"], "unreadable": [f"O{30 + n}"],
                      "pages": 20 + n, "documents": n, "sleep": 0.3} for n in range(1, 7)}
SPECS["007"] = {"agency": "อบต.ค้าง", "sleep": 60}


@pytest.fixture(scope="module")
def services():
    with redis_server() as broker, postgres_server() as pg:
        yield broker, pg


def _start_worker(name: str, broker: str, db: str, e: dict, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "oit_checker", "worker", "--broker", broker, "--db", db,
                             "--concurrency", "1", "--hostname", f"{name}@oit-test", "--out",
                             str(log.name) + ".out", "--loglevel", "INFO"],
                            env=e, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def _wait_workers(broker: str, names: list[str], timeout: float = 60) -> None:
    from celery import Celery

    app = Celery(broker=broker, backend=broker)
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            replies = app.control.ping(timeout=1.0) or []
            seen = {k for r in replies for k in r}
            if all(n in seen for n in names):
                return
        raise TimeoutError(f"workers {names} did not answer")
    finally:
        app.close()


def test_two_workers_store_what_a_local_batch_stores(tmp_path, services):
    broker, pg = services
    e = env(tmp_path)
    names = ["w1@oit-test", "w2@oit-test"]
    logs = [open(tmp_path / f"worker{i}.log", "wb") for i in (1, 2)]
    workers = [_start_worker(n.split("@")[0], broker, pg, e, log) for n, log in zip(names, logs, strict=True)]
    try:
        _wait_workers(broker, names)
        with serve_sites(tmp_path, SPECS) as servers:
            rows = [(c, SPECS[c]["agency"], "อบต.", "ลำปาง", s.url) for c, s in servers.items()]
            sites_csv = write_csv(tmp_path / "sites.csv", rows)
            dist = cli(["batch", sites_csv, "--out", tmp_path / "dist", "--broker", broker, "--db", pg,
                        "--timeout", "4", "--lang", "en"], e, timeout=120)
            assert dist.returncode == 0, dist.stderr + "".join(
                (tmp_path / f"worker{i}.log").read_text(errors="replace") for i in (1, 2))
            local_db = f"sqlite:///{tmp_path / 'local.sqlite'}"
            local = cli(["batch", sites_csv, "--out", tmp_path / "local", "--workers", "3", "--db", local_db,
                         "--timeout", "4", "--lang", "en"], e, timeout=120)
            assert local.returncode == 0, local.stderr
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(timeout=20)
            except subprocess.TimeoutExpired:
                w.kill()
        for log in logs:
            log.close()

    in_pg, in_sqlite = stored_results(pg), stored_results(local_db)
    assert set(in_pg) == set(SPECS)
    assert in_pg == in_sqlite
    assert in_pg["003"]["n_fail"] == 2 and in_pg["007"]["status"] == "error"
    # the batch side wrote the same per-site files and overview as a local run
    d_sum = {r["code"]: r for r in json.loads((tmp_path / "dist" / "summary.json").read_text())["sites"]}
    l_sum = {r["code"]: r for r in json.loads((tmp_path / "local" / "summary.json").read_text())["sites"]}
    for code in SPECS:
        for key in ("status", "oit", "level", "fails", "unreadable", "pages", "documents"):
            assert d_sum[code][key] == l_sum[code][key], (code, key)
    first = json.loads((tmp_path / "dist" / "sites" / "001" / "result.json").read_text())
    assert first["items"][0]["verdict"] == "fail"
    assert (tmp_path / "dist" / "overview.html").read_text(encoding="utf-8").count("<rect") == 6
    # both workers took work, and every scan came through Celery
    done = [(tmp_path / f"worker{i}.log").read_text(errors="replace").count("succeeded in") for i in (1, 2)]
    assert all(n >= 1 for n in done) and sum(done) == len(SPECS), done
    from sqlalchemy import create_engine, text

    eng = create_engine(pg)
    with eng.connect() as c:
        assert {r[0] for r in c.execute(text("SELECT source FROM scans"))} == {"celery"}
    eng.dispose()
