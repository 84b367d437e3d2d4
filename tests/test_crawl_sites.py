"""End-to-end crawls of small sample sites on 127.0.0.1 (one Scrapy process per crawl).

Each crawler quirk is a static folder under ``tests/sites/`` (``_routes.json`` adds headers,
statuses and delays, see ``oit_checker/serve.py``). ``quirks/`` has a menu, a windows-874 page
served with an ISO-8859-1 header, a PDF behind a PDF.js viewer iframe, a PDF named .html, a dead
link, a file larger than --max-bytes, a robots.txt Disallow, cache-buster and percent-escape
duplicates, and links to other hosts ("localhost" vs "127.0.0.1" stand in for another host;
``{port}`` in a page is replaced by the server's port). ``publiclist/``, ``wordpress/`` and
``joomla/`` are one site per CMS platform of ``spiders/platforms/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, SITES, cli_env, run_module

from oit_checker.corpus import load
from oit_checker.extract.html import extract_html
from oit_checker.serve import SiteServer

CRAWL = "oit_checker.commands.crawl_stage"  # the crawl stage alone: python -m CRAWL URL DIR
THAI = "ประกาศองค์การบริหารส่วนตำบล เรื่อง ราคากลางโครงการก่อสร้างถนน"  # in sites/quirks/tis.html (windows-874)


def crawl(url: str, out: Path, *args: str, timeout: int = 120, quiet: bool = True) -> subprocess.CompletedProcess:
    return run_module(CRAWL, url, out, "--delay", "0", "--timeout", "10", "--retries", "0",
                      *(["--quiet"] if quiet else []), *args, timeout=timeout)


def with_port(name: str, dest: Path, port: int) -> Path:
    """A copy of sample site ``name`` whose pages and routes name ``port`` where they say ``{port}``."""
    shutil.copytree(SITES / name, dest)
    for path in dest.rglob("*"):
        if path.is_file() and b"{port}" in (body := path.read_bytes()):
            path.write_bytes(body.replace(b"{port}", str(port).encode()))
    return dest


def free_port() -> int:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    port = free_port()
    with SiteServer(with_port("quirks", tmp_path_factory.mktemp("site") / "quirks", port), port=port) as server:
        yield server


@pytest.fixture(scope="module")
def corpus(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("crawl") / "corpus"
    r = crawl(site.url + "index.html", out, "--max-bytes", "100000", "--timeout", "1.5")
    assert r.returncode == 0, r.stderr
    return out


def by_path(corpus_dir: Path) -> dict:
    return {urllib.parse.urlsplit(d.url).path: d for d in load(corpus_dir).documents}


def test_crawl_json_written(corpus):
    data = json.loads((corpus / "crawl.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["status"] == "ok" and data["interrupted"] is False
    assert data["stats"]["pages"] >= 3 and data["stats"]["documents"] >= 4
    assert data["stats"]["errors"] == len(data["errors"]) >= 4
    assert data["settings"]["max_bytes"] == 100000


def test_windows_874_page_with_latin1_header(corpus):
    doc = by_path(corpus)["/tis.html"]
    assert doc.kind == "html" and doc.encoding == "cp874" and doc.nav_path == ["ราคากลาง"]
    body = (corpus / doc.file).read_bytes()
    assert THAI in extract_html(body, doc.url, doc.encoding)["pages"][0].text


def test_pdf_viewer_iframe_followed(corpus):
    docs = by_path(corpus)
    report = docs["/docs/report.pdf"]
    assert report.ok and report.kind == "pdf"
    assert "รายงานประจำปี" in report.link_texts
    assert report.nav_path == ["รายงานประจำปี", "รายงานประจำปี"]
    assert "/pdfjs/web/viewer.html" not in docs  # the viewer shell itself is not fetched


def test_pdf_named_html_is_sniffed(corpus):
    doc = by_path(corpus)["/docs/scan.html"]
    assert doc.ok and doc.kind == "pdf"


def test_dead_links_recorded_as_errors(corpus):
    docs = by_path(corpus)
    assert docs["/dead.html"].status == 404 and docs["/dead.html"].error == "http_404"
    assert docs["/broken.php"].error == "http_500"
    assert "แผนพัฒนาท้องถิ่น" in docs["/dead.html"].link_texts


def test_too_large_recorded(corpus):
    doc = by_path(corpus)["/docs/big.pdf"]
    assert doc.error == "too_large" and not doc.file


def test_timeout_recorded(corpus):
    doc = by_path(corpus)["/slow.pdf"]
    assert doc.error == "timeout" and doc.status is None and "ไฟล์ช้า" in doc.link_texts


def test_robots_disallow_obeyed(corpus):
    doc = by_path(corpus)["/private/secret.html"]
    assert doc.error == "robots" and doc.status is None


def test_duplicates_fetched_once(corpus):
    urls = [d.url for d in load(corpus).documents]
    assert len(urls) == len(set(urls))
    plans = [u for u in urls if "plan.pdf" in u]
    assert plans == [plans[0]] and "#" not in plans[0]  # ?time= cache-busters fold into one fetch
    assert sum(1 for u in urls if "/docs/%E0%B8%82" in u) == 1


def test_files_saved_by_hash(corpus):
    for d in load(corpus).documents:
        if d.ok:
            assert (corpus / d.file).stat().st_size == d.size and d.file.endswith(d.sha256)


def test_external_links_recorded_not_crawled(corpus):
    c = load(corpus)
    ext = {lk.url: lk for lk in c.links if lk.external}
    assert "https://www.facebook.com/example.page" in ext
    assert any(u.startswith("https://docs.google.com/forms/") for u in ext)
    assert any(lk.kind == "iframe" and "facebook.com/plugins" in u for u, lk in ext.items())
    fetched = {d.url: d for d in c.documents}
    assert not any("facebook" in u or "google" in u for u in fetched)
    other_page = [u for u in fetched if u.startswith("http://localhost") and u.endswith("other.html")]
    assert other_page == []  # pages on other hosts are not crawled
    ext_pdf = [d for u, d in fetched.items() if u.startswith("http://localhost") and u.endswith("ext.pdf")]
    assert len(ext_pdf) == 1 and ext_pdf[0].external and ext_pdf[0].kind == "pdf"  # documents fetched once


def test_links_have_nav_flag(corpus):
    links = load(corpus).links
    menu = [lk for lk in links if lk.text == "กระดานสนทนา"]
    content = [lk for lk in links if lk.text == "แผนจัดซื้อ"]
    assert menu and all(lk.nav for lk in menu)
    assert content and not any(lk.nav for lk in content)


def test_ignore_robots_overrides(site, tmp_path):
    out = tmp_path / "c"
    r = crawl(site.url + "index.html", out, "--ignore-robots", "--max-depth", "1", "--max-bytes", "100000",
              "--timeout", "1.5")
    assert r.returncode == 0, r.stderr
    doc = by_path(out)["/private/secret.html"]
    assert doc.ok and doc.kind == "html"


def test_max_pages_limit_gives_partial(site, tmp_path):
    out = tmp_path / "c"
    r = crawl(site.url + "index.html", out, "--max-pages", "3", "--lang", "en", quiet=False)
    assert r.returncode == 0, r.stderr
    assert "Crawl finished" in r.stdout and "--max-pages" in r.stdout  # summary + the limit that was hit
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "partial" and "max_pages" in data["limits_hit"]
    assert data["stats"]["tried"] == 3


# ---------------------------------------------------------------- crawler traps


class _TrapHandler(BaseHTTPRequestHandler):
    """An endless calendar, endless day pages and a self-nesting relative link (endless, so not a folder)."""

    def log_message(self, *args):  # noqa: D401 - quiet
        return

    def do_GET(self):  # noqa: N802 - stdlib name
        parts = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(parts.query))
        if parts.path == "/robots.txt":
            self.send_error(404)
            return
        if parts.path == "/":
            links = ['<a href="/calendar.php?month=10&year=2567">ปฏิทินกิจกรรม</a>', '<a href="/loop/">วนซ้ำ</a>']
        elif parts.path == "/calendar.php" and "month" in q:
            m, y = int(q["month"]), int(q["year"])
            nm, ny = (1, y + 1) if m == 12 else (m + 1, y)
            pm, py = (12, y - 1) if m == 1 else (m - 1, y)
            links = [f'<a href="?month={nm}&year={ny}">เดือนถัดไป</a>', f'<a href="?month={pm}&year={py}">ก่อนหน้า</a>']
            links += [f'<a href="?date={y}-{m:02d}-{d:02d}">{d}</a>' for d in range(1, 29)]
        elif parts.path == "/calendar.php" and "date" in q:
            y, m, d = (int(x) for x in q["date"].split("-"))
            links = [f'<a href="?date={y}-{m:02d}-{(d % 28) + 1:02d}">วันถัดไป</a>',
                     f'<a href="?date={y + 1}-{m:02d}-{d:02d}">ปีหน้า</a>']
        elif parts.path.startswith("/loop/"):
            links = ['<a href="loop/">ลึกลงไป</a>', '<a href="x/../loop/">อีกทาง</a>']
        else:
            self.send_error(404)
            return
        body = f"<html><body><nav>{''.join(links)}</nav><p>หน้า {self.path}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_calendar_and_path_traps_end(tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _TrapHandler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        out = tmp_path / "c"
        r = crawl(f"http://127.0.0.1:{httpd.server_address[1]}/", out, "--max-depth", "500", "--max-pages", "5000",
                  "--max-time", "90")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["close_reason"] == "finished" and data["limits_hit"] == []
    assert data["skipped_traps"] > 0
    assert data["stats"]["tried"] <= 80
    loops = [d.url for d in load(out).documents if "/loop/" in d.url]
    assert 1 <= len(loops) <= 2


# ---------------------------------------------------------------- command line


def test_cli_bad_url_thai_one_line(tmp_path, run_cli):
    r = run_cli("scan", "--profile", "ita-2565", "not-a-url", "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert "ที่อยู่เว็บไซต์ไม่ถูกต้อง" in r.stderr and "not-a-url" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_cli_bad_url_english(tmp_path, run_cli):
    r = run_cli("scan", "--profile", "ita-2565", "ftp://x", "--lang", "en", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "Not a valid website address" in r.stderr and "Traceback" not in r.stderr


def test_cli_unreachable_site(tmp_path, run_cli):
    out = tmp_path / "o"
    r = run_cli("scan", "--profile", "ita-2565",
                f"http://127.0.0.1:{free_port()}/", "--out", str(out), "--delay", "0", "--quiet")
    assert r.returncode != 0
    assert "เข้าเว็บไซต์" in r.stderr and "ปฏิเสธการเชื่อมต่อ" in r.stderr and "Traceback" not in r.stderr
    data = json.loads((out / "corpus" / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "unreachable" and data["start_error"] == "connection_refused"
    docs = load(out / "corpus").documents
    assert len(docs) == 1 and docs[0].error == "connection_refused"


def test_crawl_module_unreachable_english(tmp_path):
    r = crawl(f"http://127.0.0.1:{free_port()}/", tmp_path / "c", "--lang", "en")
    assert r.returncode == 2 and "Could not reach" in r.stderr and "Traceback" not in r.stderr


def test_cli_unwritable_out(tmp_path, run_cli):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    r = run_cli("scan", "--profile", "ita-2565", "http://127.0.0.1:9/", "--out", str(blocker / "sub"))
    assert r.returncode == 2 and "เขียนไฟล์ลงโฟลเดอร์" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- stopping early


@pytest.fixture(scope="module")
def slow_site():
    """sites/slow/: a home page linking 40 pages that each answer after 0.3 s."""
    with SiteServer(SITES / "slow") as server:
        yield server


def test_max_time_ends_crawl_as_partial(slow_site, tmp_path):
    out = tmp_path / "c"
    r = crawl(slow_site.url + "index.html", out, "--max-time", "2", "--concurrency", "1")
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "partial" and data["limits_hit"] == ["max_time"]
    assert 1 < data["stats"]["tried"] < 41


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_ctrl_c_keeps_what_was_gathered(slow_site, tmp_path, signame):
    """Ctrl-C (or a scheduler's SIGTERM) stops gracefully: crawl.json says interrupted."""
    import signal
    import time

    out = tmp_path / "c"
    cmd = [sys.executable, "-m", CRAWL, slow_site.url + "index.html", str(out), "--delay", "0", "--concurrency", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=ROOT)
    fetched = out / "fetched.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if fetched.exists() and len(fetched.read_text(encoding="utf-8").splitlines()) >= 3:
            break
        time.sleep(0.1)
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "หยุดตามคำสั่งผู้ใช้" in err and "Traceback" not in err
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["interrupted"] is True and data["status"] == "partial"
    docs = load(out).documents
    assert 3 <= len(docs) < 41 and all(d.ok for d in docs)


# ---------------------------------------------------------------- old TLS


def test_old_tls_server_is_retried_with_legacy_tls(tmp_path):
    """A TLS 1.0-only server (tech-notes §5.6): the default handshake fails, the automatic
    --legacy-tls retry (OPENSSL_CONF with @SECLEVEL=0 + TLSv1.0 minimum) reads the page."""
    import socket
    import time

    assert shutil.which("openssl"), "this test serves TLS 1.0 with the openssl command"
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("<html><body><p>เว็บไซต์เก่า</p></body></html>", encoding="utf-8")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out",
                    "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1"], cwd=www, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", "cert.pem", "-key",
                               "key.pem", "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0", "-WWW", "-quiet"],
                              cwd=www, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        out = tmp_path / "c"
        r = crawl(f"https://127.0.0.1:{port}/index.html", out, "--ignore-robots")
    finally:
        server.kill()
        server.wait()
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "ok" and data["settings"]["legacy_tls"] == "auto"
    (doc,) = load(out).documents
    assert doc.ok and "เว็บไซต์เก่า" in (out / doc.file).read_text(encoding="utf-8")


# ---------------------------------------------------------------- home page refused or moved


def test_robots_disallow_all_is_blocked_with_message(sample_site, tmp_path):
    server = sample_site("robots-all")
    r = crawl(server.url + "index.html", tmp_path / "c")
    assert r.returncode == 2 and "robots.txt" in r.stderr and "--ignore-robots" in r.stderr
    assert "Traceback" not in r.stderr
    data = json.loads((tmp_path / "c" / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "blocked" and data["start_error"] == "robots"


def test_home_redirect_to_twin_host_is_followed(serve, tmp_path):
    port = free_port()
    server = serve(with_port("twin-redirect", tmp_path / "site", port), port=port)
    r = crawl(server.url, tmp_path / "c")
    assert r.returncode == 0, r.stderr
    docs = load(tmp_path / "c").documents
    home = docs[0]
    assert home.url == server.url and home.final_url.startswith("http://localhost:") and home.ok
    about = [d for d in docs if d.url.endswith("/about.html")]
    assert about and about[0].ok and not about[0].external


def test_progress_shown_on_a_terminal_only(slow_site, tmp_path):
    import pty
    import select

    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", CRAWL, slow_site.url + "index.html", str(tmp_path / "c"), "--delay", "0",
           "--concurrency", "1", "--max-time", "2"]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=cli_env(), cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "กำลังสำรวจเว็บไซต์" in shown and "สำรวจเสร็จ" in shown
    piped = crawl(slow_site.url + "index.html", tmp_path / "d", "--concurrency", "1", "--max-time", "1", quiet=False)
    assert "กำลังสำรวจเว็บไซต์" not in piped.stdout + piped.stderr and "สำรวจเสร็จ" in piped.stdout


def test_pagination_does_not_count_as_depth(sample_site, tmp_path):
    """sites/pagination/: documents on page 8 of a list are reached with --max-depth 3; real nesting
    (a/1.html → a/2.html → …) still stops; a year folder of 40 notices is fetched whole (documents are
    leaves, not a calendar trap)."""
    server = sample_site("pagination")
    r = crawl(server.url, tmp_path / "c", "--max-depth", "3")
    assert r.returncode == 0, r.stderr
    urls = {d.url.rsplit("/", 1)[-1]: d for d in load(tmp_path / "c").documents}
    assert "summary.pdf" in urls and urls["summary.pdf"].nav_path == ["ประกาศจัดซื้อจัดจ้าง", "สรุปผลการจัดซื้อจัดจ้าง"]
    assert "3.html" in urls and "5.html" not in urls
    assert sum(1 for name in urls if name.startswith("notice-")) == 40


# ---------------------------------------------------------------- CMS platforms


@pytest.mark.parametrize(("site_name", "start", "platform", "attachment", "nav_path"), [
    ("publiclist", "public/", "publiclist", "/public/list/download/id/77",
     ["ประกาศจัดซื้อจัดจ้าง", "ประกาศผู้ชนะการเสนอราคา", "ดาวน์โหลดเอกสาร"]),
    ("wordpress", "", "wordpress", "/download/31/",
     ["ประกาศจัดซื้อจัดจ้าง", "แผนการจัดซื้อจัดจ้างประจำปี", "ดาวน์โหลดแผน"]),
    ("joomla", "", "joomla", "download=12:report", ["ประกาศ", "รายงานผลการดำเนินงาน", "ดาวน์โหลดรายงาน"]),
])
def test_platform_recognised_and_its_documents_reached(sample_site, tmp_path, site_name, start, platform,
                                                       attachment, nav_path):
    """Each sample site hides its document behind three list pages and an extension-less attachment
    URL: with --max-depth 2 only the platform's pagination and attachment patterns reach it."""
    server = sample_site(site_name)
    out = tmp_path / "c"
    r = crawl(server.url + start, out, "--max-depth", "2")
    assert r.returncode == 0, r.stderr
    assert f"platform recognised: {platform}" in (out / "crawl.log").read_text(encoding="utf-8")
    docs = [d for d in load(out).documents if attachment in urllib.parse.unquote(d.url)]
    assert len(docs) == 1 and docs[0].ok and docs[0].kind == "pdf"
    assert (out / docs[0].file).read_bytes().startswith(b"%PDF-")
    assert docs[0].depth == 3 and docs[0].nav_path == nav_path  # list pages 2 and 3 add no depth, no path


def test_plain_site_has_no_platform(sample_site, tmp_path):
    server = sample_site("pagination")
    out = tmp_path / "c"
    r = crawl(server.url, out, "--max-depth", "1")
    assert r.returncode == 0, r.stderr
    assert "platform recognised" not in (out / "crawl.log").read_text(encoding="utf-8")
