"""``oit-check report RESULT.json`` end to end, in a subprocess like an officer runs it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import run_module
from docx import Document

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"


def run(*args: str) -> subprocess.CompletedProcess:
    return run_module("oit_checker", "report", *args)


def test_report_all_formats(tmp_path):
    divisions = tmp_path / "div.yaml"
    divisions.write_text("finance: กองคลัง (งานการเงินและบัญชี)\n", encoding="utf-8")
    proc = run(str(FIXTURE), "--out", str(tmp_path / "out"), "--format", "all", "--agency-name", "เทศบาลตำบลจุน",
               "--divisions", str(divisions), "--thai-digits")
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"result.json", "report.html", "oit-answers.xlsx", "oit-answers.csv", "measures.docx", "measures.xlsx",
            "findings.json", "findings.csv", "report.pdf"} <= names
    assert "report.html" in proc.stdout
    doc = Document(tmp_path / "out" / "measures.docx")
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "เทศบาลตำบลจุน" in [p.text for p in doc.paragraphs]
    assert "กองคลัง (งานการเงินและบัญชี)" in text and "๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖" in text


def test_report_default_formats(tmp_path):
    proc = run(str(FIXTURE), "-o", str(tmp_path), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["result.json", "report.html", "oit-answers.xlsx", "oit-answers.csv", "measures.docx", "measures.xlsx"])
    assert proc.stdout == ""


def test_report_bad_input_is_one_line(tmp_path):
    missing = run(str(tmp_path / "nope.json"), "-o", str(tmp_path))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "ไม่พบไฟล์" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 99, "items": []}', encoding="utf-8")
    proc = run(str(bad), "-o", str(tmp_path), "--lang", "en")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "not a supported oit-checker result" in proc.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    proc = run(str(broken), "-o", str(tmp_path))
    assert proc.returncode == 2 and "อ่านไฟล์ผลการตรวจ" in proc.stderr
    proc = run(str(FIXTURE), "-o", str(tmp_path), "--divisions", str(tmp_path / "none.yaml"))
    assert proc.returncode == 2 and "none.yaml" in proc.stderr and "Traceback" not in proc.stderr
