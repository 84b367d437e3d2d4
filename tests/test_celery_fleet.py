"""Distributed mode with real services: Redis broker, PostgreSQL store, two Celery workers.

The same sites are scanned by a single-process batch into SQLite and by two ``oit-check
worker`` subprocesses into PostgreSQL; the stored results must be equal.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from fleet_support import ROOT, cli, env, postgres_server, redis_server, serve_sites, stored_results, write_csv

SPECS = {f"{n:03d}": {"agency": f"อบต.ที่ {n}", "fail": [f"O{n}", "O23"], "unreadable": [f"O{30 + n}"],
                      "pages": 20 + n, "documents": n, "sleep": 0.3} for n in range(1, 7)}
SPECS["007"] = {"agency": "อบต.ค้าง", "sleep": 60}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """Redis, PostgreSQL and two single-slot workers, shared by the tests of this module."""
    tmp = tmp_path_factory.mktemp("fleet")
    with redis_server() as broker, postgres_server() as pg:
        e = env(tmp)
        names = ["w1@oit-test", "w2@oit-test"]
        logs = [open(tmp / f"worker{i}.log", "wb") for i in (1, 2)]
        workers = [_start_worker(n.split("@")[0], broker, pg, e, log) for n, log in zip(names, logs, strict=True)]
        try:
            _wait_workers(broker, names)
            yield {"broker": broker, "db": pg, "env": e, "logs": [tmp / f"worker{i}.log" for i in (1, 2)]}
        finally:
            for w in workers:  # each worker leads its own process group (with its pool children)
                os.killpg(w.pid, signal.SIGTERM)
            for w in workers:
                try:
                    w.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(w.pid, signal.SIGKILL)
                    w.wait()
            for log in logs:
                log.close()


def _start_worker(name: str, broker: str, db: str, e: dict, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "oit_checker", "worker", "--broker", broker, "--db", db,
                             "--concurrency", "1", "--hostname", f"{name}@oit-test", "--out",
                             str(log.name) + ".out", "--loglevel", "INFO"],
                            env=e, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)


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


def test_two_workers_store_what_a_local_batch_stores(tmp_path, fleet):
    broker, pg, e = fleet["broker"], fleet["db"], fleet["env"]
    with serve_sites(tmp_path, SPECS) as servers:
        rows = [(c, SPECS[c]["agency"], "อบต.", "ลำปาง", s.url) for c, s in servers.items()]
        sites_csv = write_csv(tmp_path / "sites.csv", rows)
        dist = cli(["batch", "--profile", "ita-2565",
                    sites_csv, "--out", tmp_path / "dist", "--broker", broker, "--db", pg,
                    "--timeout", "4", "--lang", "en"], e, timeout=120)
        # 007 times out: a batch with a site that could not be checked exits 3 (README: exit codes)
        assert dist.returncode == 3, dist.stderr + "".join(p.read_text(errors="replace") for p in fleet["logs"])
        local_db = f"sqlite:///{tmp_path / 'local.sqlite'}"
        local = cli(["batch", "--profile", "ita-2565",
                     sites_csv, "--out", tmp_path / "local", "--workers", "3", "--db", local_db,
                     "--timeout", "4", "--lang", "en"], e, timeout=120)
        assert local.returncode == 3, local.stderr

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
    done = [p.read_text(errors="replace").count("succeeded in") for p in fleet["logs"]]
    assert all(n >= 1 for n in done) and sum(done) == len(SPECS), done
    from sqlalchemy import create_engine, text

    eng = create_engine(pg)
    with eng.connect() as c:
        assert {r[0] for r in c.execute(text("SELECT source FROM scans"))} == {"celery"}
    eng.dispose()


def test_scheduled_enqueue_reaches_the_shared_store(tmp_path, fleet):
    """What Celery beat runs weekly: enqueue_batch reads the CSV and fans out one task per site."""
    from sqlalchemy import create_engine, text

    from oit_checker.fleet import celery_app

    specs = {"101": {"agency": "ทต.ตามกำหนด", "fail": ["O2"]}, "102": {"agency": "อบต.ตามกำหนด", "fail": []}}
    with serve_sites(tmp_path, specs) as servers:
        sites_csv = write_csv(tmp_path / "weekly.csv", [(c, specs[c]["agency"], "", "", s.url)
                                                         for c, s in servers.items()])
        app = celery_app.configure(fleet["broker"])
        try:
            sent = celery_app.enqueue_batch.apply_async(args=[str(sites_csv), {"timeout": 20}]).get(timeout=30)
        finally:
            app.close()
        assert sent["sites"] == 2 and sent["bad_rows"] == 0
        eng = create_engine(fleet["db"])
        try:
            end = time.monotonic() + 60
            rows = []
            while time.monotonic() < end and len(rows) < 2:
                with eng.connect() as c:
                    rows = c.execute(text("SELECT st.code, s.n_fail, s.status FROM scans s JOIN sites st "
                                          "ON st.id = s.site_id WHERE s.batch = :b ORDER BY st.code"),
                                     {"b": sent["batch"]}).all()
                time.sleep(0.2)
        finally:
            eng.dispose()
    assert [tuple(r) for r in rows] == [("101", 1, "ok"), ("102", 0, "ok")]


def test_beat_schedule_from_environment(monkeypatch):
    from celery.schedules import crontab

    from oit_checker.fleet import celery_app

    monkeypatch.setenv("OIT_CHECK_BEAT_CSV", "/srv/oit/sites.csv")
    monkeypatch.setenv("OIT_CHECK_BEAT_CRON", "30 3 * * 0")
    app = celery_app.configure("redis://127.0.0.1:1/0")
    entry = app.conf.beat_schedule["oit-weekly-batch"]
    assert entry["task"] == "oit_checker.enqueue_batch" and entry["args"][0] == "/srv/oit/sites.csv"
    assert entry["schedule"] == crontab(minute="30", hour="3", day_of_week="0")
    assert app.conf.task_acks_late and app.conf.worker_prefetch_multiplier == 1


def test_a_scan_whose_worker_process_dies_is_run_again(tmp_path, fleet):
    """acks_late + reject_on_worker_lost: kill the pool process running a scan; the site is still scanned."""
    track = tmp_path / "track"
    track.mkdir()
    specs = {"201": {"agency": "อบต.ทนทาน", "fail": ["O3"], "sleep": 3, "track": str(track)}}
    with serve_sites(tmp_path, specs) as servers:
        sites_csv = write_csv(tmp_path / "one.csv", [("201", "อบต.ทนทาน", "", "", servers["201"].url)])
        proc = subprocess.Popen([sys.executable, "-m", "oit_checker", "batch", "--profile", "ita-2565",
                                 str(sites_csv), "--out",
                                 str(tmp_path / "o"), "--broker", fleet["broker"], "--db", fleet["db"], "--timeout",
                                 "30", "--quiet"], env=fleet["env"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        first = None
        end = time.monotonic() + 30
        while first is None and time.monotonic() < end:
            runs = list(track.glob("run-*"))
            first = int(runs[0].name.split("-")[1]) if runs else None
            time.sleep(0.05)
        assert first is not None, "the scan never started"
        pool_child = int(open(f"/proc/{first}/stat").read().rsplit(")", 1)[1].split()[1])  # ppid of the scanner
        os.kill(pool_child, signal.SIGKILL)
        try:
            _out, err = proc.communicate(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(first, signal.SIGKILL)  # the orphaned first scanner
    assert proc.returncode == 0, err
    row = json.loads((tmp_path / "o" / "summary.json").read_text())["sites"][0]
    assert row["status"] == "ok" and row["fails"] == ["O3"]
    assert len(list(track.glob("seen-*"))) >= 1 and any(
        int(p.name.split("-")[1]) != first for p in track.glob("seen-*"))  # a second scanner finished it
