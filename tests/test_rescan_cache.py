"""Re-scans that revalidate: unchanged pages and documents answer 304 and are not read again,
yet every URL is still asked for (a 304 proves presence, a 404 is a broken link)."""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from fixtures.extract_docs import PHRASE_1, PHRASE_2, make_pdf

from oit_checker.corpus import Document
from oit_checker.extract import pool, stage
from oit_checker.serve import SiteServer

PAGE = ("<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<nav><a href='/index.html'>หน้าแรก</a> <a href='/plan.html'>แผนการจัดซื้อจัดจ้าง</a></nav>"
        "<main><h1>{title}</h1><p>{body}</p></main></body></html>")


def _site(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "index.html").write_text(PAGE.format(title="เทศบาลตำบลทดสอบ", body="ยินดีต้อนรับ"), encoding="utf-8")
    (root / "plan.html").write_text(PAGE.format(
        title="แผนการจัดซื้อจัดจ้าง", body="<a href='/docs/plan.pdf'>แผนการจัดซื้อจัดจ้าง ประจำปี ๒๕๖๕</a>"),
        encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "plan.pdf").write_bytes(make_pdf([[PHRASE_1], [PHRASE_2]]))
    return root


def _get(url: str, **headers: str) -> tuple[int, dict]:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers)


def test_site_server_answers_conditional_requests(tmp_path):
    root = _site(tmp_path / "site")
    with SiteServer(root) as server:
        url = server.url + "docs/plan.pdf"
        status, headers = _get(url)
        assert status == 200 and headers["ETag"] and headers["Last-Modified"]
        assert _get(url, **{"If-None-Match": headers["ETag"]})[0] == 304
        assert _get(url, **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        (root / "docs" / "plan.pdf").write_bytes(make_pdf([[PHRASE_2]]))  # changed: a new ETag
        status, changed = _get(url, **{"If-None-Match": headers["ETag"]})
        assert status == 200 and changed["ETag"] != headers["ETag"]
        assert _get(server.url + "nothing.pdf", **{"If-None-Match": headers["ETag"]})[0] == 404


def test_rescan_revalidates_and_still_sees_broken_links(tmp_path, run_cli):
    root = _site(tmp_path / "site")
    cache = tmp_path / "cache"
    log: list = []
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    with SiteServer(root, request_log=log) as server:
        args = ["--no-history", "--delay", "0", "--quiet", "--format", "json", "--cache-dir", str(cache)]
        first = run_cli("scan", "--profile", "ita-2565", server.url, "--out", tmp_path / "one", *args, env=env)
        assert first.returncode in (0, 1), first.stderr
        first_requests = len(log)
        assert not any("If-None-Match" in h for _, h in log)
        assert any((cache / "http").rglob("*.pickle")) and any((cache / "extract").rglob("*.json"))

        second = run_cli("scan", "--profile", "ita-2565", server.url, "--out", tmp_path / "two", *args, env=env)
        assert second.returncode == first.returncode, second.stderr
        again = log[first_requests:]
        asked = {p for p, _ in again}
        assert {"/", "/plan.html", "/docs/plan.pdf"} <= asked  # every URL is asked again ...
        conditional = {p for p, h in again if "If-None-Match" in h}
        assert {"/plan.html", "/docs/plan.pdf"} <= conditional  # ... with its validator: 304, not a download
        docs = {}
        for name in ("one", "two"):
            rows = [json.loads(x) for x in (tmp_path / name / "corpus" / "documents.jsonl").read_text(
                encoding="utf-8").splitlines()]
            docs[name] = {r["url"]: r for r in rows}
        pdf_url = server.url + "docs/plan.pdf"
        assert docs["two"][pdf_url]["status"] == 200 and not docs["two"][pdf_url].get("error")
        assert docs["two"][pdf_url]["pages"] == docs["one"][pdf_url]["pages"]  # same text, from the cache
        assert PHRASE_1.split()[0] in docs["two"][pdf_url]["pages"][0]["text"]
        one = json.loads((tmp_path / "one" / "result.json").read_text(encoding="utf-8"))
        two = json.loads((tmp_path / "two" / "result.json").read_text(encoding="utf-8"))
        assert [(i["code"], i["verdict"]) for i in one["items"]] == [(i["code"], i["verdict"]) for i in two["items"]]

        (root / "docs" / "plan.pdf").unlink()  # the officer's document is gone: the cache must not hide it
        third = run_cli("scan", "--profile", "ita-2565", server.url, "--out", tmp_path / "three", *args, env=env)
        assert third.returncode in (0, 1), third.stderr
    rows = [json.loads(x) for x in (tmp_path / "three" / "corpus" / "fetched.jsonl").read_text(
        encoding="utf-8").splitlines()]
    gone = next(r for r in rows if r["url"] == pdf_url)
    assert gone["status"] == 404 and gone["error"] == "http_404"


def test_extract_reuses_text_of_unchanged_bodies(tmp_path, monkeypatch):
    cdir = tmp_path / "corpus"
    (cdir / "files").mkdir(parents=True)
    pdf = make_pdf([[PHRASE_1]])
    sha = hashlib.sha256(pdf).hexdigest()
    (cdir / "files" / sha).write_bytes(pdf)
    row = Document(url="http://t.go.th/plan.pdf", status=200, content_type="application/pdf", kind="other",
                   sha256=sha, size=len(pdf), file=f"files/{sha}").to_json()
    (cdir / "fetched.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    read: list = []
    real = pool.read_all

    def counting(tasks, **kw):
        tasks = list(tasks)
        read.extend(tasks)
        return real(tasks, **kw)

    monkeypatch.setattr(pool, "read_all", counting)
    stage.run(cdir, quiet=True, cache_dir=tmp_path / "cache")
    first = (cdir / "documents.jsonl").read_text(encoding="utf-8")
    assert len(read) == 1
    stage.run(cdir, quiet=True, cache_dir=tmp_path / "cache")
    assert len(read) == 1  # the second run read nothing: same bytes, same text
    assert (cdir / "documents.jsonl").read_text(encoding="utf-8") == first
    stage.run(cdir, quiet=True)  # no cache folder: read again
    assert len(read) == 2


def test_documents_are_read_while_the_crawl_goes_on(tmp_path, monkeypatch):
    import time

    from oit_checker.extract import ReadAhead

    cdir = tmp_path / "corpus"
    (cdir / "files").mkdir(parents=True)
    pdf = make_pdf([[PHRASE_2]])
    sha = hashlib.sha256(pdf).hexdigest()
    (cdir / "files" / sha).write_bytes(pdf)
    row = Document(url="http://t.go.th/report.pdf", status=200, content_type="application/pdf", kind="other",
                   sha256=sha, size=len(pdf), file=f"files/{sha}").to_json()
    line = json.dumps(row, ensure_ascii=False) + "\n"
    with ReadAhead(cdir, tmp_path / "cache") as ahead, open(cdir / "fetched.jsonl", "w", encoding="utf-8") as fh:
        fh.write(line[:20])  # the crawler is half-way through writing the line
        fh.flush()
        time.sleep(1)
        fh.write(line[20:])
        fh.flush()
        deadline = time.monotonic() + 120  # a wait for the worker, not a speed check
        while ahead.read < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert ahead.read == 1
    read: list = []
    real = pool.read_all
    monkeypatch.setattr(pool, "read_all", lambda tasks, **kw: read.extend(tasks) or real(list(tasks), **kw))
    stage.run(cdir, quiet=True, cache_dir=tmp_path / "cache")
    assert read == []  # the stage found the text already read
    doc = json.loads((cdir / "documents.jsonl").read_text(encoding="utf-8"))
    assert doc["kind"] == "pdf" and "สรุปผลการจัดซื้อจัดจ้าง" in doc["pages"][0]["text"]
