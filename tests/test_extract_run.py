"""The extract stage end to end on a small corpus folder built in tmp."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import cli_env, run_module
from fixtures.extract_docs import PHRASE_1, PHRASE_2, make_docx, make_image_pdf, make_pdf, make_xlsx

from oit_checker import corpus
from oit_checker.corpus import Document
from oit_checker.extract import pool, stage
from oit_checker.extract.dispatch import extract_body
from oit_checker.extract.html import extract_html

HTML = "<html><head><title>หน้าแรก</title></head><body><h1>ข่าวประชาสัมพันธ์</h1><p>ประกาศ ๒๕๖๕</p></body></html>"


def _build(tmp_path: Path) -> Path:
    cdir = tmp_path / "corpus"
    (cdir / "files").mkdir(parents=True)
    pdf = make_pdf([[PHRASE_1], [PHRASE_2]])
    bodies = [
        ("http://t.go.th/", "text/html; charset=utf-8", HTML.encode()),
        ("http://t.go.th/plan.pdf", "application/pdf", pdf),
        ("http://t.go.th/copy-of-plan.pdf", "application/pdf", pdf),
        ("http://t.go.th/31.html", "text/html", pdf),
        ("http://t.go.th/broken.pdf", "application/pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF"),
        ("http://t.go.th/scan.pdf", "application/pdf", make_image_pdf()),
        ("http://t.go.th/report.doc", "application/msword", make_docx("รายงาน", [[PHRASE_1, "x"]])),
        ("http://t.go.th/egp.xlsx", "application/octet-stream", make_xlsx({"มี.ค.": [["งาน", "วงเงิน"]]})),
        ("http://t.go.th/empty.pdf", "application/pdf", b""),
    ]
    rows = []
    for url, ctype, body in bodies:
        sha = hashlib.sha256(body).hexdigest()
        (cdir / "files" / sha).write_bytes(body)
        rows.append(Document(url=url, status=200, content_type=ctype, kind="other", sha256=sha,
                             size=len(body), file=f"files/{sha}", link_texts=["ลิงก์"]).to_json())
    rows.append(Document(url="http://t.go.th/gone.pdf", status=None, error="timeout", kind="pdf").to_json())
    rows.append(Document(url="http://t.go.th/404.pdf", status=404, error="http_404", kind="pdf").to_json())
    lost = "0" * 64
    rows.append(Document(url="http://t.go.th/lost.pdf", status=200, sha256=lost, file=f"files/{lost}").to_json())
    with open(cdir / "fetched.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return cdir


def test_run_extracts_dedupes_and_never_crashes(tmp_path, monkeypatch):
    cdir = _build(tmp_path)
    seen_tasks = []
    real = pool.read_all

    def counting(tasks, **kw):
        tasks = list(tasks)
        seen_tasks.extend(tasks)
        return real(tasks, **kw)

    monkeypatch.setattr(pool, "read_all", counting)
    stage.run(cdir, quiet=True)

    assert not (cdir / "documents.jsonl.tmp").exists()
    fetched = list(corpus.read_jsonl(cdir / "fetched.jsonl"))
    docs = {d.url: d for d in corpus.load(cdir).documents}
    assert list(docs) == [r["url"] for r in fetched]  # same rows, same order

    # identical PDF bodies at three URLs are read once
    assert sum(1 for t in seen_tasks if t.kind == "pdf") == 3  # plan (x3 urls), broken, scan
    plan, copy = docs["http://t.go.th/plan.pdf"], docs["http://t.go.th/copy-of-plan.pdf"]
    disguised = docs["http://t.go.th/31.html"]
    assert plan.kind == copy.kind == disguised.kind == "pdf"
    assert plan.pages == copy.pages == disguised.pages
    assert PHRASE_1 in plan.pages[0].text and "2565" in plan.pages[1].norm
    assert plan.link_texts == ["ลิงก์"]  # crawl fields are kept

    broken = docs["http://t.go.th/broken.pdf"]
    assert broken.extract_error == "corrupt" and broken.pages == [] and broken.ok

    scan = docs["http://t.go.th/scan.pdf"]
    assert scan.needs_ocr and scan.extract_error is None

    report = docs["http://t.go.th/report.doc"]
    assert report.kind == "docx" and PHRASE_1 in report.text

    egp = docs["http://t.go.th/egp.xlsx"]
    assert egp.kind == "xlsx" and egp.pages[0].label == "มี.ค."

    home = docs["http://t.go.th/"]
    assert home.kind == "html" and "ประกาศ" in home.text and home.extract_error is None

    # failed fetches are copied through unchanged; a missing body is an extract error
    by_url = {r["url"]: r for r in corpus.read_jsonl(cdir / "documents.jsonl")}
    for url in ("http://t.go.th/gone.pdf", "http://t.go.th/404.pdf"):
        assert by_url[url] == next(r for r in fetched if r["url"] == url)
    assert docs["http://t.go.th/lost.pdf"].extract_error == "missing_file"
    assert docs["http://t.go.th/empty.pdf"].extract_error == "empty"


def test_worker_alarm_stops_a_hung_reader(tmp_path):
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)  # opening it blocks forever: a stand-in for a parser that hangs
    task = pool.Task(("x", ""), str(fifo), "pdf", "http://t.go.th/x.pdf")
    started = time.monotonic()
    results = pool.read_all([task], workers=1, timeout=1.0)
    assert results[("x", "")]["extract_error"] == "timeout"
    assert time.monotonic() - started < 60  # the alarm, not the hard deadline (timeout + 30 s)


def test_stage_entry_point(tmp_path):
    cdir = _build(tmp_path)
    proc = run_module("oit_checker.commands.extract_stage", cdir, "--quiet", timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert (cdir / "documents.jsonl").exists()

    proc = run_module("oit_checker.commands.extract_stage", tmp_path / "nothing-here", timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "nothing-here" in proc.stderr


def test_dead_and_stuck_workers_are_contained():
    """A reader that kills its worker costs that document ("crash"); one stuck where the alarm cannot
    reach it is killed at the hard deadline ("timeout"); every other document is still read."""
    from fixtures.extract_docs import misbehaving_worker

    names = ["ok1", "a-crash", "ok2", "b-hang", "ok3", "ok4"]
    tasks = [pool.Task((n, ""), n, "pdf") for n in names]
    results = pool.read_all(tasks, workers=2, timeout=1.0, grace=1.0, reader=misbehaving_worker)
    assert results[("a-crash", "")]["extract_error"] == "crash"
    assert results[("b-hang", "")]["extract_error"] == "timeout"
    for n in ("ok1", "ok2", "ok3", "ok4"):
        assert results[(n, "")] == {"pages": [], "extract_error": None, "kind": "pdf", "path": n}


def test_ctrl_c_stops_the_pool_and_its_workers(tmp_path):
    """Ctrl-C during a hung read ends the run within seconds, with documents still queued, and leaves
    no worker behind."""
    marker = tmp_path / "hang"
    script = ("from fixtures.extract_docs import hang_and_tell; from oit_checker.extract import pool; "
              f"pool.read_all([pool.Task((str(i), ''), {str(marker)!r}, 'pdf') for i in range(3)], workers=1, "
              "timeout=600, reader=hang_and_tell)")
    env = cli_env(PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), cli_env()["PYTHONPATH"]]))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.2)
    worker = int(marker.read_text())
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert proc.returncode != 0 and "KeyboardInterrupt" in err
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def test_html_goes_through_the_html_extractor():
    body = HTML.encode()
    expected = extract_html(body, "http://t.go.th/", None, "text/html")
    res = extract_body(body, "html", "http://t.go.th/", "text/html", None)
    assert res["title"] == expected["title"]
    assert res.get("features") == expected.get("features")
    assert "ประกาศ" in res["pages"][0]["text"]


def test_html_with_legacy_font_garbage_needs_ocr():
    soup = "tl':i:m1Ab'V1A'U1 1'U 'III1 b el tl':i::\"!f1fl11W't.!fi utl':i::1J1W':i1£11ii1£Jtl':i:::1il1U"
    body = f"<html><body><div><p>{soup}</p><p>{soup}</p></div></body></html>".encode()
    res = extract_body(body, "html", "http://t.go.th/PRspend.html", "text/html", None)
    assert res["pages"][0]["needs_ocr"] is True
    clean = extract_body(HTML.encode(), "html", "http://t.go.th/", "text/html", None)
    assert clean["pages"][0]["needs_ocr"] is False


def test_sidebar_repeated_on_every_page_moves_to_nav(tmp_path):
    """A sidebar without telling class names (saiyoi) is boilerplate, not content of each page."""
    cdir = tmp_path / "corpus"
    (cdir / "files").mkdir(parents=True)
    rows = []
    for i, topic in enumerate(["ข้อมูลทั่วไป", "อำนาจหน้าที่", "ผู้บริหาร", "ติดต่อเรา"]):
        body = (f"<html><body><div class='col'><h3>คู่มือประชาชน</h3><p>รับเรื่องราวร้องทุกข์และเบาะแสการทุจริต</p></div>"
                f"<div class='col2'><h2>{topic}</h2><p>เนื้อหาหน้า {i}</p></div></body></html>").encode()
        sha = hashlib.sha256(body).hexdigest()
        (cdir / "files" / sha).write_bytes(body)
        rows.append(Document(url=f"http://t.go.th/p{i}.html", status=200, content_type="text/html", kind="html",
                             sha256=sha, size=len(body), file=f"files/{sha}").to_json())
    with open(cdir / "fetched.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    stage.run(cdir, quiet=True, workers=1)
    docs = corpus.load(cdir).documents
    assert all("เบาะแสการทุจริต" not in d.text and "เบาะแสการทุจริต" in d.nav_text for d in docs)
    assert "อำนาจหน้าที่" in docs[1].text and "เนื้อหาหน้า 1" in docs[1].pages[0].norm
    assert docs[1].headings == ["อำนาจหน้าที่"]  # the sidebar heading is not the page's heading
