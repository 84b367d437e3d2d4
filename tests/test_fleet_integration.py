"""The fleet commands with the REAL scanner (crawl → extract → check → report).

They run the scanner in a subprocess (or another scanner through OIT_CHECK_SCAN_CMD). Assertions
are about the fleet's side of the contract (files, history rows, exit codes), not about what the checker decides.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from fleet_support import cli, env, free_port, write_csv

from oit_checker.serve import SiteServer

PAGES = {
    "index.html": "<html><head><meta charset='utf-8'><title>เทศบาลตำบลทดสอบ</title></head><body>"
                  "<nav><a href='structure.html'>โครงสร้าง</a> <a href='contact.html'>ติดต่อเรา</a></nav>"
                  "<h1>เทศบาลตำบลทดสอบ</h1></body></html>",
    "structure.html": "<html><head><meta charset='utf-8'><title>โครงสร้างองค์กร</title></head><body>"
                      "<h1>โครงสร้างองค์กร</h1><p>สำนักปลัด กองคลัง กองช่าง</p></body></html>",
    "contact.html": "<html><head><meta charset='utf-8'><title>ติดต่อเรา</title></head><body>"
                    "<p>ที่อยู่ 1 หมู่ 2 ตำบลทดสอบ โทร 053-000000 อีเมล saraban@test.go.th</p></body></html>",
}


def _site(root):
    root.mkdir(parents=True, exist_ok=True)
    for name, html in PAGES.items():
        (root / name).write_text(html, encoding="utf-8")
    return root


def test_real_scan_history_junit_and_diff(tmp_path):
    e = env(tmp_path, fake=False)
    db = tmp_path / "h.sqlite"
    with SiteServer(_site(tmp_path / "www")) as server:
        for n in (1, 2):
            r = cli(["scan", "--profile", "ita-2565",
                     server.url, "--out", tmp_path / f"o{n}", "--format", "json,junit", "--quiet", "--db",
                     db, "--max-time", "60"], e, timeout=300)
            assert r.returncode == 0, r.stderr
    result = json.loads((tmp_path / "o1" / "result.json").read_text(encoding="utf-8"))
    assert result["schema_version"] == 1 and result["items"]
    cases = ET.parse(tmp_path / "o1" / "junit.xml").getroot().findall(".//testcase")
    assert len(cases) == len(result["items"])
    rows = json.loads(cli(["history", server.url, "--db", db, "--json"], e).stdout)
    assert len(rows) == 2 and rows[0]["fails"] == sum(i["verdict"] == "fail" for i in result["items"])
    d = cli(["diff", server.url, "--db", db, "--json"], e)
    assert d.returncode in (0, 1) and json.loads(d.stdout)["score"]["before"] == result["scores"]["oit"]
    same = cli(["diff", tmp_path / "o1" / "result.json", tmp_path / "o1" / "result.json", "--json"], e)
    assert same.returncode == 0 and json.loads(same.stdout)["new_gaps"] == []


def test_real_batch_two_sites_and_a_dead_one(tmp_path):
    e = env(tmp_path, fake=False)
    with SiteServer(_site(tmp_path / "a")) as a, SiteServer(_site(tmp_path / "b")) as b:
        sites = write_csv(tmp_path / "sites.csv", [("A", "ทต.เอ", "", "", a.url), ("B", "ทต.บี", "", "", b.url),
                                                   ("C", "ปิด", "", "", f"http://127.0.0.1:{free_port()}/")])
        r = cli(["batch", "--profile", "ita-2565",
                 sites, "--out", tmp_path / "out", "--workers", "2", "--timeout", "240", "--db",
                 tmp_path / "b.sqlite", "--quiet"], e, timeout=600)
    assert r.returncode == 3, r.stderr  # C could not be checked (README: exit codes)
    rows = {x["code"]: x for x in json.loads((tmp_path / "out" / "summary.json").read_text())["sites"]}
    assert rows["A"]["status"] in ("ok", "partial") and rows["A"]["oit"] is not None
    assert rows["A"]["fails"] == rows["B"]["fails"]  # identical sites, identical verdicts
    assert rows["C"]["status"] in ("unreachable", "error") and rows["C"]["fails"] == []  # never "not disclosed"
