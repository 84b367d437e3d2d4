"""``--resume`` after ``kill -9``: a real crawl of a slow local site is killed mid-way, then continued.

The server counts every request per path. After the resume the corpus must hold exactly the URLs
of a clean crawl, each once, and no URL already recorded at the kill may be requested again (a
request in flight at the kill was never received, so it is fetched by the resumed crawl).
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from conftest import cli_env, run_module
from hostile_site import Server, _page, _pdf

from oit_checker.corpus import read_jsonl

CRAWL = "oit_checker.commands.crawl_stage"
SECTIONS, PAGES = 5, 6  # 1 home + 5 sections + 30 pages + 5 PDFs = 41 URLs


class SlowSite(BaseHTTPRequestHandler):
    """A small site answering each request after a pause, so a crawl can be killed mid-way."""

    hits: collections.Counter
    pause = 0.0

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.hits[self.path] += 1
        time.sleep(self.pause)
        parts = [p for p in self.path.split("/") if p]
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif not parts:
            body, ctype = _page("home", [f"<a href='/s{i}/'>section {i}</a>" for i in range(SECTIONS)]), "text/html"
        elif len(parts) == 1:
            links = [f"<a href='/{parts[0]}/p{j}.html'>page {j}</a>" for j in range(PAGES)]
            body, ctype = _page(parts[0], links + [f"<a href='/{parts[0]}/report.pdf'>report</a>"]), "text/html"
        elif parts[1].endswith(".pdf"):
            body, ctype = _pdf(f"report of {parts[0]}"), "application/pdf"
        else:
            body, ctype = _page(self.path, ["<a href='/'>home</a>"], text=f"text of {self.path}"), "text/html"
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype == "text/html" else ""))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the crawler was killed while this answer was on its way
            pass


def _args(url: str, corpus: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", CRAWL, url, str(corpus), "--delay", "0", "--concurrency", "2", "--timeout", "5",
            "--retries", "0", "--no-progress", "--max-time", "120", *extra]


def _urls(corpus: Path) -> list[str]:
    return [r["url"] for r in read_jsonl(corpus / "fetched.jsonl")]


def _kill_crawl(proc: subprocess.Popen) -> None:
    """kill -9 the crawler (its own process group) and the command that started it, as a power cut would."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    for pid in map(int, children):
        os.killpg(pid, signal.SIGKILL)
    proc.kill()
    proc.wait()


def _fetched(corpus: Path) -> int:
    return sum(1 for _ in read_jsonl(corpus / "fetched.jsonl"))


def test_resume_after_kill_fetches_the_rest_once(tmp_path):
    with Server(SlowSite, hits=collections.Counter(), pause=0.0) as clean_site:
        r = run_module(CRAWL, *_args(clean_site.url, tmp_path / "clean")[3:], timeout=120)
        assert r.returncode == 0, r.stderr
    clean = {u.split("/", 3)[3] for u in _urls(tmp_path / "clean")}
    assert len(clean) == 1 + SECTIONS * (PAGES + 2)

    corpus = tmp_path / "c"
    with Server(SlowSite, hits=collections.Counter(), pause=0.15) as site:
        proc = subprocess.Popen(_args(site.url, corpus), env=cli_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _fetched(corpus) < 12 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        _kill_crawl(proc)
        at_kill = _urls(corpus)
        before = collections.Counter(site.handler.hits)
        assert 12 <= len(at_kill) < len(clean)

        r = run_module(CRAWL, *_args(site.url, corpus, "--resume", "--lang", "en")[3:], timeout=120)
        assert r.returncode == 0, r.stderr
        after = site.handler.hits - before
    in_flight = sum(n for path, n in after.items() if path != "/robots.txt") - (len(_urls(corpus)) - len(at_kill))
    print(f"\nresume: {len(at_kill)} URLs at kill -9, {len(_urls(corpus)) - len(at_kill)} fetched after --resume, "
          f"clean crawl {len(clean)}, recorded URLs requested again 0, extra requests {in_flight}")
    assert f"{len(at_kill)} pages and documents already fetched" in r.stderr
    urls = _urls(corpus)
    assert len(urls) == len(set(urls)), "a URL was recorded twice"
    assert {u.split("/", 3)[3] for u in urls} == clean  # nothing lost
    again = [u for u in at_kill if after["/" + u.split("/", 3)[3]]]
    assert again == [], f"fetched again after --resume: {again}"
    crawl_json = (corpus / "crawl.json").read_text(encoding="utf-8")
    assert '"status": "ok"' in crawl_json


def test_resume_refuses_a_corpus_of_another_site(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "fetched.jsonl").write_text('{"url": "http://other.go.th/", "depth": 0, "kind": "html"}\n',
                                          encoding="utf-8")
    r = run_module(CRAWL, "http://127.0.0.1:9/", corpus, "--resume", "--lang", "en", timeout=120)
    assert r.returncode == 2 and "Cannot resume" in r.stderr and "other.go.th" in r.stderr
    assert "Traceback" not in r.stderr


def test_resume_without_an_earlier_crawl_starts_a_new_one(tmp_path):
    with Server(SlowSite, hits=collections.Counter(), pause=0.0) as site:
        r = run_module(CRAWL, *_args(site.url, tmp_path / "c", "--resume", "--lang", "en")[3:], timeout=120)
    assert r.returncode == 0, r.stderr
    assert "No earlier crawl to resume" in r.stderr
    assert len(_urls(tmp_path / "c")) == 1 + SECTIONS * (PAGES + 2)


def test_resume_asks_again_for_what_got_no_answer(tmp_path):
    """A home page that timed out last time is tried again; an HTTP error answer is kept as it was."""
    import json

    from oit_checker.crawl import resume

    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [{"url": "http://a.go.th/", "depth": 0, "error": "timeout"},
            {"url": "http://a.go.th/gone.pdf", "depth": 1, "error": "http_404"},
            {"url": "http://a.go.th/x.html", "depth": 1, "sha256": "0" * 64, "kind": "html"}]
    (corpus / "fetched.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"url": "http://a.go',
                                          encoding="utf-8")  # and a line torn by kill -9
    assert resume.prepare(corpus, "http://a.go.th/") == 2
    assert [r["url"] for r in read_jsonl(corpus / "fetched.jsonl")] == ["http://a.go.th/gone.pdf",
                                                                        "http://a.go.th/x.html"]
    assert (corpus / "fetched.jsonl").read_text(encoding="utf-8").endswith("\n")


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (each scanner and crawler runs in its own session)."""
    kids: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):  # every thread: a job thread's subprocess is its child
        try:
            kids += (task / "children").read_text().split()
        except OSError:
            pass
    return [pid] + [p for k in kids for p in _tree(int(k))]


def test_batch_resume_continues_a_crawl_killed_with_the_batch(tmp_path):
    """kill -9 of the whole batch (batch, scanner, crawler) mid-crawl; ``batch --resume`` continues that crawl."""
    sites_csv = tmp_path / "sites.csv"
    corpus = tmp_path / "o" / "sites" / "s1" / "corpus"
    with Server(SlowSite, hits=collections.Counter(), pause=0.15) as site:
        sites_csv.write_text(f"code,name,type,province,url\ns1,site,,,{site.url}\n", encoding="utf-8")
        args = [sys.executable, "-m", "oit_checker", "batch", str(sites_csv), "--out", str(tmp_path / "o"),
                "--workers", "1", "--db", str(tmp_path / "h.sqlite"), "--quiet"]
        env = cli_env(XDG_DATA_HOME=str(tmp_path / "xdg"))  # the scans' cache, not the user's
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while _fetched(corpus) < 12 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before it could be killed"
        for pid in reversed(_tree(proc.pid)):
            os.kill(pid, signal.SIGKILL)
        proc.wait()
        at_kill = _urls(corpus)
        before = collections.Counter(site.handler.hits)
        r = run_module("oit_checker", *args[3:], "--resume", timeout=300, env=env)
        after = site.handler.hits - before
    assert r.returncode in (0, 1), r.stderr
    urls = _urls(corpus)
    assert len(urls) == len(set(urls)) == 1 + SECTIONS * (PAGES + 2)
    assert [u for u in at_kill if after["/" + u.split("/", 3)[3]]] == []
    print(f"\nbatch resume: {len(at_kill)} URLs at kill -9, {len(urls) - len(at_kill)} after batch --resume")
