"""The summary an officer acts on, end to end through ``oit-check check``: report.html's place,
``--quiet`` (errors and one line) versus ``--no-progress`` (progress only)."""

from __future__ import annotations

from conftest import run_module
from test_checker_cli import make_corpus


def cli(*args):
    return run_module("oit_checker", *args, "--no-history")


def test_summary_names_report_html_with_path_and_file_url(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    proc = cli("check", "--profile", "ita-2565",
               corpus, "--out", tmp_path / "out", "--format", "json,html", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "out" / "report.html").resolve()
    lines = proc.stdout.splitlines()
    assert lines[1].startswith("คะแนน OIT ")  # the score and level come first
    assert f"เปิดรายงาน: {html}" in proc.stdout and f"  {html.as_uri()}" in lines
    assert "O1 " in proc.stdout  # a failing item is listed …
    assert not any(x.startswith("O9 ") for x in lines)  # … a passing one only counted


def test_quiet_prints_only_the_one_line_result(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    proc = cli("check", "--profile", "ita-2565",
               corpus, "--out", tmp_path / "out", "--format", "json,html", "--quiet", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    assert line.startswith("OIT score ") and "passed" in line
    assert line.endswith(str((tmp_path / "out" / "report.html").resolve()))
