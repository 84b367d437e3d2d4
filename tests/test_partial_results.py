"""Never a false "not disclosed": a crawl stopped or cut short, then ``oit-check check``.

The bundled demo municipality (38 passes, 90.27 A when crawled to the end) is scanned for real:
Ctrl-C during the crawl, a crawl stopped while its documents were being read, a crawl cut by
``--max-time``. "Not found" is only said after a complete crawl; otherwise an item without
evidence is ``unreadable`` ("ยังสำรวจไม่ครบ") and the score shows the range.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, cli_env, run_module

from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE


def cli(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    return run_module("oit_checker", *args, timeout=timeout)


def result(out: Path) -> dict:
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


def verdicts(res: dict) -> dict[str, str]:
    return {i["code"]: i["verdict"] for i in res["items"]}


@pytest.fixture(scope="module")
def complete(demo_scan) -> Path:
    """The demo crawled to the end: the reference verdicts (one shared run, conftest.demo_scan)."""
    assert demo_scan.returncode == 0, demo_scan.stderr[-2000:]
    return demo_scan.out


def assert_honest_partial(res: dict, reference: dict) -> None:
    """No item failed; every pass is a reference pass; the others are unreadable "ยังสำรวจไม่ครบ"."""
    assert res["site"]["status"] == "partial"
    got = verdicts(res)
    assert "fail" not in got.values(), {c: v for c, v in got.items() if v == "fail"}
    assert all(reference[c] == "pass" for c, v in got.items() if v == "pass")
    open_items = [i for i in res["items"] if i["verdict"] == "unreadable"]
    assert open_items
    for it in open_items:
        if reference[it["code"]] == "unreadable":
            continue  # unreadable in the full crawl too (a scanned page)
        first = it["findings"][0]
        assert first["reason"] == "incomplete_crawl" and first["message"].startswith("ยังสำรวจไม่ครบ"), first
    s = res["scores"]
    assert s["oit_min"] == s["oit"] < s["oit_max"]


def test_check_reads_the_documents_a_stopped_scan_had_not_read(complete, tmp_path):
    """Stopped after the crawl, while reading documents: documents.jsonl is missing."""
    corpus = tmp_path / "corpus"
    shutil.copytree(complete / "corpus", corpus)
    (corpus / DOCUMENTS_FILE).unlink()
    proc = cli("check", "--profile", "ita-2565", corpus, "--out", tmp_path / "out", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = result(tmp_path / "out")
    assert verdicts(res) == verdicts(result(complete))
    assert res["scores"]["oit"] == result(complete)["scores"]["oit"]
    # idempotent: a second check finds nothing left to read and leaves documents.jsonl alone
    before = (corpus / DOCUMENTS_FILE).stat().st_mtime_ns
    proc = cli("check", "--profile", "ita-2565", corpus, "--out", tmp_path / "out2", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (corpus / DOCUMENTS_FILE).stat().st_mtime_ns == before
    assert verdicts(result(tmp_path / "out2")) == verdicts(res)


def test_check_reads_documents_fetched_after_the_last_extract(complete, tmp_path):
    """documents.jsonl older than the crawl (stopped mid-way before): the new documents are read."""
    corpus = tmp_path / "corpus"
    shutil.copytree(complete / "corpus", corpus)
    docs = (corpus / DOCUMENTS_FILE).read_text(encoding="utf-8").splitlines()
    (corpus / DOCUMENTS_FILE).write_text("\n".join(docs[: len(docs) // 2]) + "\n", encoding="utf-8")
    proc = cli("check", "--profile", "ita-2565", corpus, "--out", tmp_path / "out", "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert verdicts(result(tmp_path / "out")) == verdicts(result(complete))


def test_ctrl_c_during_the_crawl_then_check_reports_no_false_gap(complete, tmp_path):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "oit_checker", "demo", "--profile", "ita-2565", "--out", str(out), "--format", "json",
            "--concurrency", "1", "--delay", "0.3"]
    proc = subprocess.Popen(args, env=cli_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    fetched = out / "corpus" / FETCHED_FILE
    end = time.monotonic() + 120
    while time.monotonic() < end and proc.poll() is None:
        if fetched.exists() and len(fetched.read_text(encoding="utf-8").splitlines()) >= 4:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out_text, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert "oit-check check" in err and "Traceback" not in err
    assert "หยุดการสำรวจก่อนเสร็จ" in out_text and "สำรวจเสร็จ:" not in out_text
    crawl = json.loads((out / "corpus" / "crawl.json").read_text(encoding="utf-8"))
    assert crawl["interrupted"] and crawl["status"] == "partial"

    r = cli("check", "--profile", "ita-2565", out / "corpus", "--out", tmp_path / "judged", "--format", "json")
    assert r.returncode == 0, r.stderr[-2000:]
    res = result(tmp_path / "judged")
    assert_honest_partial(res, verdicts(result(complete)))
    assert "การสำรวจถูกหยุดก่อนเสร็จ" in json.dumps(res, ensure_ascii=False)


def test_scan_cut_by_max_time_calls_nothing_a_gap(complete, tmp_path):
    out = tmp_path / "out"
    proc = cli("demo", "--profile", "ita-2565", "--out", out, "--format", "json", "--max-time", "2",
               "--concurrency", "1", "--delay", "0.3")
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = result(out)
    assert_honest_partial(res, verdicts(result(complete)))
    assert "การสำรวจถึงขีดจำกัด --max-time" in json.dumps(res["items"], ensure_ascii=False)


def test_only_the_agencys_own_site_partly_down_makes_a_crawl_incomplete():
    from oit_checker.corpus import Corpus, Document
    from oit_checker.verdict import crawl_gap_reason

    def corpus(crawl, errors_external: bool):
        docs = [Document(url=f"https://x.go.th/p{n}", kind="html") for n in range(10)]
        docs += [Document(url=f"https://drive.example/f{n}", error="dns", external=errors_external) for n in range(6)]
        return Corpus(root=Path("."), crawl=crawl, documents=docs, links=[])

    partial = {"status": "partial", "interrupted": False, "limits_hit": [], "close_reason": "finished"}
    assert crawl_gap_reason(corpus(partial, errors_external=True)) is None  # dead Google Drive links only
    assert crawl_gap_reason(corpus(partial, errors_external=False)) == "crawl_errors"
    assert crawl_gap_reason(corpus({**partial, "limits_hit": ["max_pages"]}, True)) == "crawl_limits"
    assert crawl_gap_reason(corpus({**partial, "interrupted": True}, True)) == "crawl_interrupted"
    assert crawl_gap_reason(corpus({**partial, "status": "ok"}, False)) is None
