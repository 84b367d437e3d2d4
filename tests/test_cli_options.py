"""Every option checked before anything runs: one clear line (Thai; English with --lang en), exit 2,
no traceback, nothing fetched or written; SIGTERM stops a run like Ctrl-C."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, cli_env

from oit_checker.corpus import DOCUMENTS_FILE

URL = "http://127.0.0.1:9/"  # discard port: nothing may be fetched before the options are checked

BAD = [
    (["scan", URL, "--format", "json,htm"], "htm", "รูปแบบไฟล์ผลลัพธ์ไม่รู้จัก", "Unknown report format"),
    (["scan", URL, "--format", "pptx"], "pptx", "เลือกได้: json, html", "known formats: json, html"),
    (["scan", URL, "--format", "xml"], "xml", "รูปแบบไฟล์ผลลัพธ์ไม่รู้จัก", "Unknown report format"),
    (["scan", URL, "--max-pages", "-5"], "--max-pages", "ต้องไม่น้อยกว่า 1", "must be at least 1"),
    (["scan", URL, "--max-time", "0"], "--max-time", "ต้องไม่น้อยกว่า 1", "must be at least 1"),
    (["scan", URL, "--concurrency", "0"], "--concurrency", "ต้องไม่น้อยกว่า 1", "must be at least 1"),
    (["scan", URL, "--fail-under", "150"], "--fail-under", "ระหว่าง 0 ถึง 100", "between 0 and 100"),
    (["scan", URL, "--fiscal-year", "2023"], "--fiscal-year 2566", "ปีงบประมาณ พ.ศ.", "Buddhist-era fiscal year"),
    (["check", "nowhere", "--fail-under", "-1"], "--fail-under", "ระหว่าง 0 ถึง 100", "between 0 and 100"),
    (["batch", "nowhere.csv", "--workers", "0"], "--workers", "ต้องไม่น้อยกว่า 1", "must be at least 1"),
    (["batch", "nowhere.csv", "--scan-format", "pptx"], "--scan-format", "รูปแบบไฟล์ผลลัพธ์ไม่รู้จัก",
     "Unknown report format"),
]


def run(args, tmp_path):
    return subprocess.run([sys.executable, "-m", "oit_checker", *args, "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=cli_env(), cwd=ROOT, timeout=60)


@pytest.mark.parametrize(("args", "value", "th", "en"), BAD, ids=[" ".join(a[2:]) for a, *_ in BAD])
def test_bad_option_is_one_line_exit_2_in_thai_and_english(args, value, th, en, tmp_path):
    for lang, words in (("th", th), ("en", en)):
        proc = run(args + ["--lang", lang], tmp_path)
        assert proc.returncode == 2, (proc.stdout, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert words in lines[0] and value in lines[0], lines[0]
        assert lines[0].startswith("ข้อผิดพลาด:" if lang == "th" else "Error:")
        assert not (tmp_path / "out").exists()  # nothing ran


def test_good_formats_still_accepted(tmp_path):
    from oit_checker.commands.validate import check_formats

    for value in ("json", "json,html", "all", " JSON , csv "):
        check_formats("--format", value)


def test_sigterm_stops_check_while_it_reads_documents(tmp_path):
    """SIGTERM while `check` reads a corpus's documents: it stops within seconds, no traceback."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "sites" / "wordpress", tmp_path / "site")
    from oit_checker.serve import SiteServer

    with SiteServer(tmp_path / "site") as server:
        r = subprocess.run([sys.executable, "-m", "oit_checker.commands.crawl_stage", server.url, str(corpus)],
                           capture_output=True, text=True, env=cli_env(), cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert not (corpus / DOCUMENTS_FILE).exists()
    proc = subprocess.Popen([sys.executable, "-m", "oit_checker", "check", "--profile", "ita-2565",
                             str(corpus), "--out", str(tmp_path / "o")],
                            env=cli_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    def workers_ready() -> bool:
        """Every reader worker is past its start-up: its initializer has loaded the PDF library (a worker
        killed mid-spawn, before the parent handed it its start data, is not the case under test). The pool
        starts its workers from its own thread, so the children of every thread count."""
        try:
            pids = [pid for task in Path(f"/proc/{proc.pid}/task").iterdir()
                    for pid in (task / "children").read_text().split()
                    if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]  # not the resource tracker
            return bool(pids) and all("pdfium" in Path(f"/proc/{pid}/maps").read_text() for pid in pids)
        except OSError:  # a worker came or went while we looked
            return False

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not workers_ready():
        time.sleep(0.05)  # importing; then the reader pool's workers start ("reading documents")
    assert proc.poll() is None, "check ended before it started reading documents"
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err[-2000:]
    assert "Traceback" not in err and "หยุดตามคำสั่งผู้ใช้" in err


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "oit_checker", *args], capture_output=True, text=True,
                          env=cli_env(), cwd=cwd, timeout=60)


def test_help_is_thai_first_and_english_with_lang_en():
    th = cli("scan", "--help")
    assert th.returncode == 0
    assert th.stdout.startswith("วิธีใช้: oit-check scan") and "ตัวเลือก:" in th.stdout
    assert "ขีดจำกัดการสำรวจ" in th.stdout and "จำนวน URL มากที่สุดที่ดาวน์โหลด (ค่าเริ่มต้น: 2000)" in th.stdout
    assert "most URLs to fetch" not in th.stdout and "show this help" not in th.stdout
    en = cli("scan", "--help", "--lang", "en")
    assert en.stdout.startswith("usage: oit-check scan") and "most URLs to fetch (default: 2000)" in en.stdout
    assert "จำนวน URL" not in en.stdout
    top = cli("--help")
    assert "สำรวจและตรวจเว็บไซต์หน่วยงาน" in top.stdout and "crawl and check" not in top.stdout


def test_scan_without_url_or_agency_file_says_what_to_type(tmp_path):
    """The URL may come from oit-check.yaml, so its absence is told once no file gave it either."""
    r = cli("scan", cwd=tmp_path)
    assert r.returncode == 2 and "oit-check scan https://" in r.stderr and "Traceback" not in r.stderr
    r = cli("scan", "--lang", "en", cwd=tmp_path)
    assert r.returncode == 2 and "No website to scan" in r.stderr


def test_usage_errors_are_thai_first_exit_2_no_traceback():
    for args, th, en in ((["batch"], "ข้อผิดพลาด: ต้องระบุ: csv", "error: the following arguments are required: csv"),
                         (["scan", "x", "--max-pages", "abc"], "ค่าไม่ถูกต้อง: 'abc'", "invalid int value: 'abc'"),
                         (["scan", "x", "--bogus"], "ไม่รู้จักตัวเลือก: --bogus", "unrecognized arguments: --bogus")):
        r = cli(*args)
        assert r.returncode == 2 and th in r.stderr and "วิธีใช้:" in r.stderr and "Traceback" not in r.stderr
        r = cli(*args, "--lang", "en")
        assert r.returncode == 2 and en in r.stderr and "usage:" in r.stderr
