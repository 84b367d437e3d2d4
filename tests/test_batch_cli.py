"""``oit-check batch`` on one machine: bounded subprocesses, broken sites, resume, overview, health."""

from __future__ import annotations

import csv
import json

from fleet_support import cli, env, free_port, serve_sites, stored_results, write_csv, write_site

SPECS = {
    "001": {"agency": "ทต.หนึ่ง", "fail": ["O23", "O5"], "pages": 40, "documents": 15},
    "002": {"agency": "อบต.สอง", "fail": ["O23"], "unreadable": ["O11"], "pages": 60, "documents": 30},
    "003": {"agency": "ทม.สาม", "crash": True},
    "004": {"agency": "อบต.ช้า", "sleep": 30},
    "005": {"agency": "<b>อบต.ห้า</b>", "fail": [], "status": "partial"},
}


def _rows(servers, dead_port):
    rows = [(code, SPECS[code]["agency"], "อบต.", "ลำปาง", s.url) for code, s in servers.items()]
    rows.append(("006", "ปิดปรับปรุง", "อบต.", "ลำปาง", f"http://127.0.0.1:{dead_port}/"))
    rows.append(("007", "ไม่มีเว็บ", "อบต.", "ลำปาง", ""))
    rows.append(("008", "ผิด", "อบต.", "ลำปาง", "mailto:x@y"))
    return rows


def test_batch_statuses_overview_resume_and_health(tmp_path):
    e = env(tmp_path)
    db = f"sqlite:///{tmp_path / 'b.sqlite'}"
    out = tmp_path / "out"
    with serve_sites(tmp_path, SPECS) as servers:
        sites_csv = write_csv(tmp_path / "sites.csv", _rows(servers, free_port()))
        r = cli(["batch", "--profile", "ita-2565",
                 sites_csv, "--out", out, "--workers", "3", "--timeout", "3", "--db", db, "--lang", "en"],
                e, timeout=90)
        assert r.returncode == 3, r.stderr  # some sites could not be checked
        assert "5 of 8 sites could not be checked (003, 004, 006, 007, 008)" in r.stderr
        assert "Skipping line 8: no website address" in r.stderr and "line 9" in r.stderr
        summary = {row["code"]: row for row in json.loads((out / "summary.json").read_text())["sites"]}
        assert {c: row["status"] for c, row in summary.items()} == {
            "001": "ok", "002": "ok", "003": "error", "004": "error", "005": "partial", "006": "unreachable",
            "007": "invalid", "008": "invalid"}
        assert summary["008"]["error"] == "not a website address (mailto:x@y)"
        assert "time limit" in summary["004"]["error"]
        assert "simulated crash" in summary["003"]["error"]
        assert summary["001"]["fails"] == ["O5", "O23"] and summary["002"]["unreadable"] == 1
        assert (out / "sites" / "001" / "result.json").is_file()
        assert not (out / "sites" / "003" / "result.json").exists()
        with open(out / "overview.csv", encoding="utf-8-sig", newline="") as fh:
            ov = {row["code"]: row for row in csv.DictReader(fh)}
        assert ov["002"]["failed_items"] == "O23" and ov["006"]["status"] == "unreachable" and ov["003"]["oit"] == ""
        assert ov["007"]["status"] == "invalid" and ov["007"]["error"] == "no website address"
        html = (out / "overview.html").read_text(encoding="utf-8")
        assert "&lt;b&gt;อบต.ห้า&lt;/b&gt;" in html and "<b>อบต.ห้า" not in html
        assert html.count("<rect") == 3  # three sites have a score
        stored = stored_results(db)
        assert set(stored) == {"001", "002", "003", "004", "005", "006"}
        assert stored["003"]["status"] == "error" and stored["001"]["n_fail"] == 2

        # resume: only the sites without a complete result are scanned again
        write_site(servers["003"].root, {"agency": "ทม.สาม", "fail": ["O1"]})
        write_site(servers["004"].root, {"agency": "อบต.ช้า", "fail": []})
        mtime_001 = (out / "sites" / "001" / "result.json").stat().st_mtime_ns
        r = cli(["batch", "--profile", "ita-2565",
                 sites_csv, "--out", out, "--workers", "2", "--timeout", "10", "--db", db, "--resume",
                 "--quiet"], e, timeout=90)
        assert r.returncode == 3, r.stderr  # 006 is still down and lines 8-9 still invalid
        summary2 = {row["code"]: row for row in json.loads((out / "summary.json").read_text())["sites"]}
        assert summary2["003"]["status"] == "ok" and summary2["004"]["status"] == "ok"
        assert summary2["001"].get("resumed")
        assert (out / "sites" / "001" / "result.json").stat().st_mtime_ns == mtime_001
        assert json.loads((out / "batch.json").read_text())["batch"] == json.loads(
            (out / "summary.json").read_text())["batch"]

        # the crawl of site 002 collapses: a health warning, not just new gaps
        write_site(servers["002"].root, {"agency": "อบต.สอง", "fail": ["O23"] + [f"O{n}" for n in range(24, 44)],
                                         "pages": 2, "documents": 0})
        one = write_csv(tmp_path / "one.csv", [("002", "อบต.สอง", "", "", servers["002"].url)])
        r = cli(["batch", "--profile", "ita-2565",
                 one, "--out", tmp_path / "out2", "--db", db, "--lang", "en", "--fail-under", "90"], e)
        assert r.returncode == 1, r.stderr
        row = json.loads((tmp_path / "out2" / "summary.json").read_text())["sites"][0]
        assert [w["field"] for w in row["warnings"]] == ["pages", "documents", "n_found"]
        assert "far fewer pages" in (tmp_path / "out2" / "overview.html").read_text(encoding="utf-8")


def test_batch_input_errors(tmp_path):
    e = env(tmp_path)
    (tmp_path / "empty.csv").write_text("code,name,type,province,url\n,,,,\n", encoding="utf-8")
    r = cli(["batch", "--profile", "ita-2565", tmp_path / "empty.csv", "--out", tmp_path / "o", "--lang", "en"], e)
    assert r.returncode == 2 and "No usable rows" in r.stderr and "Traceback" not in r.stderr
    r = cli(["batch", "--profile", "ita-2565", tmp_path / "missing.csv", "--lang", "en"], e)
    assert r.returncode == 2 and "File not found" in r.stderr
    r = cli(["batch", "--profile", "ita-2565", tmp_path / "empty.csv", "--workers", "0", "--lang", "en"], e)
    assert r.returncode == 2
    one = write_csv(tmp_path / "one.csv", [("1", "a", "", "", "http://127.0.0.1:9/")])
    r = cli(["batch", "--profile", "ita-2565",
             one, "--out", tmp_path / "o", "--db", tmp_path / "h.sqlite", "--lang", "en",
             "--broker", f"redis://127.0.0.1:{free_port()}/0"], e)
    assert r.returncode == 2 and "Cannot reach the task queue" in r.stderr and "Traceback" not in r.stderr


def test_batch_runs_at_most_n_scans_at_once(tmp_path):
    track = tmp_path / "track"
    track.mkdir()
    specs = {f"{n}": {"agency": f"site {n}", "sleep": 1.0, "track": str(track)} for n in range(5)}
    with serve_sites(tmp_path, specs) as servers:
        sites_csv = write_csv(tmp_path / "s.csv", [(c, c, "", "", s.url) for c, s in servers.items()])
        r = cli(["batch", "--profile", "ita-2565",
                 sites_csv, "--out", tmp_path / "o", "--workers", "2", "--db", tmp_path / "h.sqlite",
                 "--quiet"], env(tmp_path), timeout=90)
    assert r.returncode == 0, r.stderr
    seen = [int(p.read_text()) for p in track.glob("seen-*")]
    assert len(seen) == 5 and max(seen) <= 2
    assert max(seen) == 2  # and the two slots were really used side by side


def test_interrupted_batch_resumes_without_storing_killed_scans(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from fleet_support import ROOT

    e = env(tmp_path)
    db = tmp_path / "h.sqlite"
    specs = {"a": {"agency": "A"}, "b": {"agency": "B", "sleep": 30}, "c": {"agency": "C", "fail": ["O9"]}}
    with serve_sites(tmp_path, specs) as servers:
        sites_csv = write_csv(tmp_path / "s.csv", [(c, c, "", "", s.url) for c, s in servers.items()])
        args = [sys.executable, "-m", "oit_checker", "batch", "--profile", "ita-2565",
                str(sites_csv), "--out", str(tmp_path / "o"),
                "--workers", "1", "--db", str(db), "--quiet"]
        proc = subprocess.Popen(args, env=e, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        end = time.monotonic() + 30
        while not (tmp_path / "o" / "sites" / "b" / "scan.log").exists() and time.monotonic() < end:
            time.sleep(0.1)
        time.sleep(1.0)  # b is running (sleeping in its "crawl")
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert (tmp_path / "o" / "sites" / "a" / "summary.json").is_file()
        assert not (tmp_path / "o" / "sites" / "b" / "summary.json").exists()
        assert set(stored_results(f"sqlite:///{db}")) == {"a"}  # the killed scan of b is not history

        write_site(servers["b"].root, {"agency": "B"})
        r = cli(args[3:] + ["--resume"], e, timeout=60)
        assert r.returncode == 0, r.stderr
    rows = {x["code"]: x for x in json.loads((tmp_path / "o" / "summary.json").read_text())["sites"]}
    assert rows["a"].get("resumed") and not rows["b"].get("resumed") and rows["b"]["status"] == "ok"
    assert rows["c"]["fails"] == ["O9"]
    stored = stored_results(f"sqlite:///{db}")
    assert set(stored) == {"a", "b", "c"}
