"""kill -9 while writing: the history store and the reports keep their previous state whole.

Each case runs the real writer in a child process that pauses at the worst moment (inside the
store's open transaction, after its rows are flushed; between two report files), is killed with
SIGKILL there, and the previous state is then read back intact.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, cli_env

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"

# The child: write once completely, then write again with a pause planted at the worst moment.
STORE_CHILD = """
import json, sys, time
from sqlalchemy import event
from sqlalchemy.orm import Session
from oit_checker.fleet import store
result = json.loads(open(sys.argv[2], encoding="utf-8").read())
store.record_result(result, sys.argv[1])
def pause(session, ctx):
    print("IN-TRANSACTION", flush=True)
    time.sleep(60)
event.listen(Session, "after_flush", pause)  # the second scan's rows are written, not committed
result["scores"]["oit"] = 1.0
store.record_result(result, sys.argv[1])
"""

REPORT_CHILD = """
import json, sys, time
from pathlib import Path
from oit_checker import report
from oit_checker.report import measures
result = json.loads(open(sys.argv[2], encoding="utf-8").read())
report.write(result, Path(sys.argv[1]), ["json", "html", "answers", "measures"], "th")
print("FIRST-DONE", flush=True)
real = measures.write
def slow(rep, out):
    print("MID-WRITE", flush=True)
    time.sleep(60)
    return real(rep, out)
measures.write = slow
result["scores"]["oit"] = 1.0
report.write(result, Path(sys.argv[1]), ["json", "html", "answers", "measures"], "th")
"""


def _kill_at(code: str, marker: str, *args: str) -> None:
    """Run ``code`` in a child and SIGKILL it as soon as it prints ``marker``."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=cli_env(), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        for line in proc.stdout:
            if marker in line:
                break
            assert time.monotonic() < deadline
        else:
            raise AssertionError(f"child ended before {marker}: {proc.stderr.read()}")
        proc.kill()
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -9


def test_kill_inside_the_store_transaction_keeps_the_previous_history(tmp_path):
    db = tmp_path / "h.sqlite"
    _kill_at(STORE_CHILD, "IN-TRANSACTION", f"sqlite:///{db}", str(FIXTURE))
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        scans = con.execute("SELECT id, oit FROM scans").fetchall()
        items = con.execute("SELECT scan_id, count(*) FROM item_results GROUP BY scan_id").fetchall()
    finally:
        con.close()
    n_items = len(json.loads(FIXTURE.read_text(encoding="utf-8"))["items"])
    assert len(scans) == 1 and scans[0][1] != 1.0  # only the first scan; the second left no row at all
    assert items == [(scans[0][0], n_items)]


def test_kill_between_report_files_leaves_no_truncated_report(tmp_path):
    out = tmp_path / "out"
    _kill_at(REPORT_CHILD, "MID-WRITE", str(out), str(FIXTURE))
    res = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert res["scores"]["oit"] != 1.0  # the staged second result.json never replaced the first
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    import openpyxl

    for xlsx in out.glob("*.xlsx"):
        openpyxl.load_workbook(xlsx).close()  # every workbook opens: none was cut mid-write
    # the killed write's staging folder is left; the next write clears it once it is an hour old
    import os

    from oit_checker import report

    (left,) = out.glob(".oit-writing-*")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    report.write(res, out, ["json"], "th")
    assert not list(out.glob(".oit-writing-*"))


OVERVIEW_CHILD = """
import sys, time
from pathlib import Path
from oit_checker.fleet import overview
rows = [{"code": f"{i:03d}", "name": f"site {i}", "url": f"http://s{i}.go.th/", "status": "ok", "oit": 50.0}
        for i in range(10)]
overview.write(rows, Path(sys.argv[1]), "th")
print("FIRST-DONE", flush=True)
real, calls = overview.cell, [0]
def slow(value):
    calls[0] += 1
    if calls[0] == 40:  # a few rows of the new overview are written
        print("MID-WRITE", flush=True)
        time.sleep(60)
    return real(value)
overview.cell = slow
overview.write(rows + rows, Path(sys.argv[1]), "th")
"""


def test_kill_while_writing_the_batch_overview_keeps_the_previous_one(tmp_path):
    import csv

    _kill_at(OVERVIEW_CHILD, "MID-WRITE", str(tmp_path))
    with open(tmp_path / "overview.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 11 and rows[-1][0] == "009"  # the first overview, whole
    assert (tmp_path / "overview.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
