"""Exit codes a scheduler can trust (README: exit codes), end to end through ``oit-check batch``."""

from __future__ import annotations

import csv

from fleet_support import cli, env, free_port, serve_sites, write_csv


def test_batch_of_unreachable_sites_is_not_a_success(tmp_path):
    rows = [("a", "ปิดปรับปรุง", "", "", f"http://127.0.0.1:{free_port()}/"),
            ("b", "ไม่มีเว็บ", "", "", f"http://127.0.0.1:{free_port()}/")]
    r = cli(["batch", "--profile", "ita-2565",
             write_csv(tmp_path / "s.csv", rows), "--out", tmp_path / "o", "--db", tmp_path / "h.sqlite",
             "--fail-under", "85", "--quiet"], env(tmp_path), timeout=90)
    assert r.returncode == 3, r.stderr
    assert "ตรวจไม่ได้ 2 จาก 2 เว็บไซต์ (a, b)" in r.stderr and "Traceback" not in r.stderr


def test_batch_with_a_bad_row_lists_it_as_invalid_and_exits_3(tmp_path):
    e = env(tmp_path)
    with serve_sites(tmp_path, {"ok": {"agency": "อบต.ดี", "fail": []}}) as servers:
        rows = [("ok", "อบต.ดี", "", "", servers["ok"].url), ("bad", "อบต.ผิด", "อบต.", "ลำปาง", "ftp://x y")]
        r = cli(["batch", "--profile", "ita-2565", write_csv(tmp_path / "s.csv", rows), "--out", tmp_path / "o", "--db",
                 tmp_path / "h.sqlite", "--quiet"], e, timeout=90)
    assert r.returncode == 3, r.stderr
    with open(tmp_path / "o" / "overview.csv", encoding="utf-8-sig", newline="") as fh:
        ov = {row["code"]: row for row in csv.DictReader(fh)}
    assert ov["ok"]["status"] == "ok"
    assert ov["bad"]["status"] == "invalid" and ov["bad"]["name"] == "อบต.ผิด"
    assert ov["bad"]["error"] == "ที่อยู่เว็บไซต์ไม่ถูกต้อง (ftp://x y)"
    html = (tmp_path / "o" / "overview.html").read_text(encoding="utf-8")
    assert "แถวไม่ถูกต้อง" in html and "อบต.ผิด" in html


def test_batch_of_good_sites_exits_0_and_1_below_the_threshold(tmp_path):
    e = env(tmp_path)
    with serve_sites(tmp_path, {"ok": {"agency": "อบต.ดี", "fail": ["O1", "O2", "O3", "O4", "O5", "O6", "O7"]}}) as s:
        csv_path = write_csv(tmp_path / "s.csv", [("ok", "อบต.ดี", "", "", s["ok"].url)])
        r = cli(["batch", "--profile", "ita-2565",
                 csv_path, "--out", tmp_path / "o", "--db", tmp_path / "h.sqlite", "--quiet"], e, timeout=90)
        assert r.returncode == 0, r.stderr
        r = cli(["batch", "--profile", "ita-2565",
                 csv_path, "--out", tmp_path / "o2", "--db", tmp_path / "h.sqlite", "--quiet",
                 "--fail-under", "99"], e, timeout=90)
        assert r.returncode == 1, r.stderr


def test_check_records_history_and_baseline_last_without_history_says_so(tmp_path):
    from test_checker_cli import make_corpus

    from oit_checker.fleet import store

    corpus = make_corpus(tmp_path / "corpus")
    db = f"sqlite:///{tmp_path / 'h.sqlite'}"
    e = env(tmp_path)
    first = cli(["check", "--profile", "ita-2565",
                 corpus, "--out", tmp_path / "o1", "--format", "json", "--db", db, "--baseline", "last"], e)
    assert first.returncode == 0, first.stderr  # nothing to compare with: no gap is "new"
    assert "ยังไม่มีผลการตรวจครั้งก่อน" in first.stderr and "ข้อที่ไม่ผ่านใหม่" in first.stderr
    assert "พบข้อที่ไม่ผ่านใหม่" not in first.stderr
    assert store.last_result("https://www.tambon-cli.go.th/", db) is not None  # check keeps history like scan

    again = cli(["check", "--profile", "ita-2565",
                 corpus, "--out", tmp_path / "o2", "--format", "json", "--db", db, "--baseline", "last",
                 "--lang", "en"], e)
    assert again.returncode == 0, again.stderr
    assert "No earlier scan" not in again.stderr and "new gap" not in again.stderr

    skipped = cli(["check", "--profile", "ita-2565",
                   corpus, "--out", tmp_path / "o3", "--format", "json", "--db", db, "--no-history"], e)
    assert skipped.returncode == 0, skipped.stderr
    with store.session(db) as s:
        from sqlalchemy import func, select

        from oit_checker.fleet.models import Scan

        assert s.scalar(select(func.count()).select_from(Scan)) == 2
