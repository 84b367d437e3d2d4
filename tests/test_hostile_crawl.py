"""Hostile sites, crawled for real (one Scrapy process per crawl, served on 127.0.0.1): each test one behaviour.

Address safety (no SSRF), bounded traps, links too long to fetch. Every crawl is bounded by
``--max-time`` and the test's timeout; the request counts asserted are bounds, not timings.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import hostile_site
import pytest
from conftest import run_module
from hostile_site import LONG_PDF, SECRET, TOO_LONG_PDF, HostileHandler, Server, internal_server

from oit_checker.corpus import load

CRAWL = "oit_checker.commands.crawl_stage"


def crawl(url: str, out: Path, *args: str) -> tuple:
    t0 = time.monotonic()
    r = run_module(CRAWL, url, out, "--delay", "0", "--timeout", "5", "--retries", "0", "--quiet",
                   "--max-time", "120", *args, timeout=200)
    seconds = time.monotonic() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nhostile crawl {url}: {seconds:.1f} s, peak child RSS so far {peak_mb:.0f} MB")
    return r, seconds


@pytest.fixture(scope="module")
def internal():
    with internal_server() as server:
        yield server


@pytest.fixture(scope="module")
def hostile(internal):
    hostile_site.GZIP_BOMB = hostile_site.gzip_zeros(100)  # ready before the crawl asks (it takes a second)
    with Server(HostileHandler, internal=internal.url, hits=[]) as server:
        yield server


@pytest.fixture(scope="module")
def ssrf_corpus(hostile, internal, tmp_path_factory):
    out = tmp_path_factory.mktemp("ssrf") / "corpus"
    r, _ = crawl(hostile.url + "ssrf/", out)
    assert r.returncode == 0, r.stderr
    return out


def _errors(corpus: Path) -> dict[str, str]:
    return {d.final_url or d.url: d.error for d in load(corpus).documents if d.error}


def test_internal_service_gets_no_request(ssrf_corpus, internal):
    assert internal.handler.hits == []


def test_internal_links_redirects_and_iframes_recorded_as_refused(ssrf_corpus, internal):
    errors = _errors(ssrf_corpus)
    inner = internal.url.rstrip("/")
    assert errors[f"{inner}/secret.pdf"] == "address_refused"  # a document on another host, and via a redirect
    assert errors["http://169.254.169.254/latest/meta-data/iam.pdf"] == "address_refused"  # cloud metadata
    assert errors["http://[::1]:9/v6.pdf"] == "address_refused"  # IPv6 loopback
    assert not [d for d in load(ssrf_corpus).documents if d.url.startswith("file:") and d.ok]  # never read from disk


def test_internal_content_never_in_the_corpus(ssrf_corpus):
    for path in ssrf_corpus.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_public_content_still_fetched(ssrf_corpus):
    docs = {d.url.rsplit("/", 1)[-1]: d for d in load(ssrf_corpus).documents}
    assert docs["ok.pdf"].ok and docs["ok.pdf"].kind == "pdf"
    data = json.loads((ssrf_corpus / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "ok"  # the start host (127.0.0.1) is trusted as given


def test_start_redirect_to_metadata_is_refused(hostile, tmp_path):
    out = tmp_path / "c"
    r, _ = crawl(hostile.url + "ssrf-home/", out, "--lang", "en")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    home = load(out).documents[0]
    assert home.error == "address_refused" and home.final_url.startswith("http://169.254.169.254")


def test_public_only_refuses_a_private_start_url(hostile, tmp_path):
    r, _ = crawl(hostile.url + "ssrf/", tmp_path / "c", "--public-only", "--lang", "en")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "--public-only" in r.stderr and "127.0.0.1" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r, _ = crawl(hostile.url + "ssrf/", tmp_path / "c")  # Thai by default
    assert r.returncode == 0  # without the switch the same local site is crawled


def test_endless_pagination_ends_on_a_listing_budget(hostile, tmp_path):
    out = tmp_path / "c"
    r, seconds = crawl(hostile.url + "pagination/", out, "--max-pages", "5000", "--max-depth", "3")
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["close_reason"] == "finished"
    assert "max_list_pages" in data["limits_hit"] and data["status"] == "partial"
    assert 50 <= data["stats"]["tried"] <= 110  # the default budget is 100 next pages per listing


def test_session_id_variants_fetched_once(hostile, tmp_path):
    out = tmp_path / "c"
    r, _ = crawl(hostile.url + "sess/", out, "--max-pages", "5000", "--max-depth", "20")
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["close_reason"] == "finished"
    pages = [d.url for d in load(out).documents if "/sess/p" in d.url]
    assert 5 <= len(pages) <= 10, pages  # five pages; at most the first page's links carry a session id


def test_long_links_fetched_or_recorded_never_dropped(hostile, tmp_path):
    out = tmp_path / "c"
    r, _ = crawl(hostile.url + "long/", out)
    assert r.returncode == 0, r.stderr
    docs = {d.url.split("/", 3)[-1]: d for d in load(out).documents}
    assert docs[LONG_PDF.lstrip("/")].ok and docs[LONG_PDF.lstrip("/")].kind == "pdf"
    assert docs[TOO_LONG_PDF.lstrip("/")].error == "url_too_long"


@pytest.mark.parametrize("home", ["jshome/", "metahome/"])
def test_script_or_meta_refresh_home_is_followed(hostile, tmp_path, home):
    out = tmp_path / "c"
    r, _ = crawl(hostile.url + home, out)
    assert r.returncode == 0, r.stderr
    paths = {d.url.split("/", 3)[-1] for d in load(out).documents if d.ok}
    assert {"jshome/p0.html", "jshome/p1.html", "jshome/p2.html"} <= paths
    assert json.loads((out / "crawl.json").read_text(encoding="utf-8"))["status"] == "ok"


def test_script_home_with_a_computed_target_is_partial_not_ok(hostile, tmp_path):
    out = tmp_path / "c"
    r, _ = crawl(hostile.url + "jscomputed/", out)
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "partial" and "script_home" in data["limits_hit"]


def test_connect_time_check_alone_refuses_a_name_that_lands_on_an_internal_address(tmp_path):
    """DNS rebinding: a name may resolve to a public address when checked and to an internal one when the
    crawler connects. With the pre-request check switched off, the resolver Scrapy connects through still
    refuses ``localhost`` (127.0.0.1) on a crawl whose start host is 127.0.0.2."""
    internal = Server(internal_server().handler, host="127.0.0.1", hits=[])
    with internal:
        inner = f"http://localhost:{internal.httpd.server_address[1]}/"
        with Server(HostileHandler, host="127.0.0.2", internal=inner, hits=[]) as start:
            out = tmp_path / "corpus"
            cfg = tmp_path / "cfg.json"
            cfg.write_text(json.dumps({"url": start.url + "ssrf/", "corpus_dir": str(out), "settings": {
                "OIT_ADDRESS_PRECHECK": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0, "ROBOTSTXT_OBEY": False,
                "LOG_FILE": str(tmp_path / "crawl.log"), "CLOSESPIDER_TIMEOUT": 60}}), encoding="utf-8")
            r = run_module("oit_checker.crawl.child", cfg, timeout=120)
            assert r.returncode == 0, r.stderr
    assert internal.handler.hits == []
    errors = _errors(out)
    assert errors[inner + "secret.pdf"] == "address_refused"
    assert [d for d in load(out).documents if d.url.endswith("ok.pdf") and d.ok]  # the start host still works


def test_loops_bombs_liars_and_stalls_are_recorded_and_bounded(hostile, tmp_path):
    out = tmp_path / "c"
    r, seconds = crawl(hostile.url + "misc/", out, "--timeout", "4")
    assert r.returncode == 0, r.stderr
    docs = {d.url.split("/", 3)[-1]: d for d in load(out).documents}
    assert docs["misc/loop-a"].error and docs["misc/chain/0"].error  # redirect loop, endless chain
    assert docs["misc/busy.pdf"].error == "http_503"  # Retry-After: 3600 is not waited for
    assert docs["misc/gzbomb.pdf"].error == "too_large"  # 100 MB inflated from 100 KB: cut at --max-bytes
    assert docs["misc/lying.pdf"].error in ("data_loss", "connection", "timeout")
    assert docs["misc/stalled.pdf"].error == "timeout"
    assert docs["misc/ok.pdf"].ok and docs["misc/framed.pdf"].ok  # a frameset is followed
    assert not [u for u in docs if u.startswith(("ftp:", "javascript:"))]  # other schemes never fetched
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["close_reason"] == "finished" and data["stats"]["tried"] <= 40


def test_scan_of_an_injecting_site_writes_every_report_safely(hostile, internal, tmp_path, run_cli):
    out = tmp_path / "out"
    t0 = time.monotonic()
    r = run_cli("scan", "--profile", "ita-2565",
                hostile.url + "inject/", "--out", str(out), "--format", "all", "--no-history",
                "--delay", "0", "--max-time", "120", "--quiet", timeout=300)
    print(f"\nhostile scan: {time.monotonic() - t0:.1f} s")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name in ("result.json", "report.html", "oit-answers.xlsx", "oit-answers.csv", "measures.docx",
                 "measures.xlsx", "findings.csv", "junit.xml"):
        assert (out / name).exists(), name
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert internal.handler.hits == []
    from openpyxl import load_workbook

    for name in ("oit-answers.xlsx", "measures.xlsx"):
        for ws in load_workbook(out / name).worksheets:
            assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_address_guard_stays_on_with_the_rescan_cache(hostile, internal, tmp_path, run_cli):
    """The HTTP cache's middleware settings once replaced the guard's: a scan with a cache followed internal links."""
    hits = len(internal.handler.hits)
    r = run_cli("scan", hostile.url + "ssrf/", "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
                "--no-history", "--delay", "0", "--max-time", "60", "--quiet", "--format", "json", timeout=300)
    assert r.returncode in (0, 1), r.stderr
    assert internal.handler.hits[hits:] == []
    assert SECRET.encode() not in (tmp_path / "out" / "result.json").read_bytes()
    log = (tmp_path / "out" / "corpus" / "crawl.log").read_text(encoding="utf-8")
    enabled = log.split("Enabled downloader middlewares:", 1)[1].split("]", 1)[0]
    assert "spiders.address.AddressGuardMiddleware" in enabled and "spiders.cache.RevalidateCacheMiddleware" in enabled
    assert "spiders.retry.RetryAfterMiddleware" in enabled
