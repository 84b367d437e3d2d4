"""Crawls of the three real Thai LAO site snapshots in ``shared/real-sites`` (served on 127.0.0.1).

The snapshots are not part of the repository: they are found in ``$OIT_REAL_SITES`` or in a
``shared/real-sites`` folder beside the checkout (or beside the folder holding a worktree).
``--no-external-docs`` keeps the tests offline: the snapshots link real documents on other
hosts (inthai.info, Google Drive), which a normal crawl would fetch once.
"""

from __future__ import annotations

import collections
import json
import os
import urllib.parse
from pathlib import Path

import pytest
from conftest import ROOT, run_module

from oit_checker.corpus import load
from oit_checker.extract.html import extract_html
from oit_checker.serve import SiteServer


def _real_sites() -> Path:
    if os.environ.get("OIT_REAL_SITES"):
        return Path(os.environ["OIT_REAL_SITES"])
    candidates = [parent / "shared" / "real-sites" for parent in ROOT.parents[:2]]
    return next((c for c in candidates if c.is_dir()), candidates[0])


REAL = _real_sites()
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"real-site snapshots not found at {REAL}")


def crawl(site: str, start: str, out: Path, *args: str) -> Path:
    with SiteServer(REAL / site) as server:
        r = run_module("oit_checker.commands.crawl_stage", server.url + start, out, "--delay", "0", "--timeout", "5",
                       "--retries", "0", "--quiet", "--no-external-docs", *args, timeout=180)
    assert r.returncode == 0, r.stderr
    return out


def path_of(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path)


@pytest.fixture(scope="module")
def hangdong(tmp_path_factory):
    return crawl("hangdong", "index.html", tmp_path_factory.mktemp("hangdong") / "corpus")


def test_hangdong_entity_pages_read_as_thai(hangdong):
    docs = {path_of(d.url): d for d in load(hangdong).documents}
    power = docs["/power.html"]
    assert power.ok and power.kind == "html" and power.nav_path == ["อำนาจและหน้าที่ของเทศบาล"]
    text = extract_html((hangdong / power.file).read_bytes(), power.url, content_type=power.content_type)
    assert "อำนาจหน้าที่ของเทศบาล" in text["pages"][0].text


def test_hangdong_dead_menu_targets_are_errors_not_absent(hangdong):
    c = load(hangdong)
    dead = [d for d in c.documents if d.error == "http_404"]
    assert len(dead) >= 40
    monthly = [d for d in dead if "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน" in d.link_texts]
    assert monthly and monthly[0].status == 404 and monthly[0].referrers
    data = json.loads((hangdong / "crawl.json").read_text(encoding="utf-8"))
    assert data["status"] == "ok" and data["stats"]["errors"] == len([d for d in c.documents if d.error])
    assert {e["error"] for e in data["errors"]} == {"http_404"}


def test_hangdong_menu_links_marked_nav(hangdong):
    links = [lk for lk in load(hangdong).links if path_of(lk.src) == "/index.html"]
    assert links and sum(lk.nav for lk in links) >= 0.8 * len(links)


def test_hangdong_pdf_saved_as_html_is_sniffed(tmp_path):
    out = crawl("hangdong", "31.html", tmp_path / "c")
    (doc,) = load(out).documents
    assert doc.ok and doc.kind == "pdf" and (out / doc.file).read_bytes()[:5] == b"%PDF-"


def test_saiyoi_facebook_iframe_is_an_external_link(tmp_path):
    out = crawl("saiyoi", "index.html", tmp_path / "c")
    c = load(out)
    frames = [lk for lk in c.links if lk.kind == "iframe" and "facebook.com/plugins" in lk.url]
    assert frames and frames[0].external
    assert not any("facebook.com" in d.url for d in c.documents)


def test_saiyoi_tis620_member_pages_decode(tmp_path):
    out = crawl("saiyoi", "member/index.html", tmp_path / "c")
    docs = {path_of(d.url): d for d in load(out).documents}
    for path in ("/member/index.html", "/member/forgetpassword.html"):
        doc = docs[path]
        assert doc.ok and doc.encoding == "cp874"
        text = extract_html((out / doc.file).read_bytes(), doc.url, content_type=doc.content_type)
        assert "สมาชิก" in text["title"] + text["pages"][0].text


def test_saiyoi_org_chart_image_fetched_as_evidence(tmp_path):
    out = crawl("saiyoi", "architech.html", tmp_path / "c", "--max-depth", "1")
    charts = [d for d in load(out).documents if "structure" in d.url]
    assert charts and charts[0].ok and charts[0].kind == "image"


def test_phukradung_links_deduplicated_and_external_not_crawled(tmp_path):
    out = crawl("phukradung", "public/", tmp_path / "c", "--max-depth", "1")
    assert "platform recognised: publiclist" in (out / "crawl.log").read_text(encoding="utf-8")
    c = load(out)
    sigs = collections.Counter((lk.src, lk.url, lk.text) for lk in c.links)
    assert sigs and max(sigs.values()) == 1
    urls = [d.url for d in c.documents]
    assert len(urls) == len(set(urls))
    ext = {lk.url for lk in c.links if lk.external}
    assert "https://www.facebook.com/profile.php?id=100089753126712" in ext
    assert any(u.startswith("https://eservice.phukradungsao.go.th/") for u in ext)
    assert not any("facebook.com" in u or "eservice.phukradungsao" in u for u in urls)
    menu = [d for d in c.documents if "/public/list/data/index/menu/" in d.url]
    assert menu and all(d.error == "http_404" for d in menu)  # only the home page exists in the snapshot
