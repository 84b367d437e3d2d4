"""The crawler's one-pass lxml reading of a page (links, menu marks, title, amount of content) agrees with
the extract stage's BeautifulSoup reading, so both stages still agree on what a menu is."""

from __future__ import annotations

from pathlib import Path

import pytest

from oit_checker.extract.html import HtmlPage, absolute_url, in_nav
from oit_checker.extract.page_links import read_page
from oit_checker.sitegen import generate_site
from spiders.pictures import content_pictures, thin

SITES = Path(__file__).resolve().parent / "sites"


def page(body: str, head: str = "<title>หน้า</title>") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_links_kinds_texts_and_nav_flag():
    p = read_page(page("""
      <base href="http://x.go.th/sub/">
      <nav><a href="a.html">เมนู</a></nav>
      <a href="../doc.pdf"><img src="pdf.png" alt="คู่มือ"></a>
      <a href="#">ไม่ใช่ลิงก์</a><a href="javascript:void(0)">js</a><a href="mailto:a@b.go.th">mail</a>
      <a href="images\\org\\chart.jpg">ผังองค์กร</a>
      <map><area href="/o2.html" alt="ผู้บริหาร"></map>
      <iframe src="/pdfjs/web/viewer.html?file=/files/plan.pdf" title="แผน"></iframe>
      <embed src="/files/x.pdf"><a href="list.php" onclick="window.open('files/y.pdf')">เปิด</a>
      <meta http-equiv="refresh" content="0; url=/moved.html">"""),
                  "http://x.go.th/index.html")
    links = {(lk["kind"], lk["url"]): lk for lk in p.links}
    assert links[("a", "http://x.go.th/sub/a.html")]["nav"] is True
    assert links[("a", "http://x.go.th/doc.pdf")]["text"] == "คู่มือ"
    assert links[("a", "http://x.go.th/doc.pdf")]["nav"] is False
    assert ("a", "http://x.go.th/sub/images/org/chart.jpg") in links  # backslashes as a browser reads them
    assert links[("area", "http://x.go.th/o2.html")]["text"] == "ผู้บริหาร"
    assert links[("iframe", "http://x.go.th/pdfjs/web/viewer.html?file=/files/plan.pdf")]["text"] == "แผน"
    assert ("embed", "http://x.go.th/files/x.pdf") in links
    assert ("a", "http://x.go.th/sub/files/y.pdf") in links
    assert ("a", "http://x.go.th/moved.html") in links
    assert not any("mailto" in u or "javascript" in u or u.endswith("#") for _, u in links)


def test_menus_text_and_title_like_the_extract_stage():
    body = page("""
      <div class="page-wrapper menu"><main><article><header><a href="/own.html">หัวเรื่อง</a></header>
        <p>ประกาศ<b>จัดซื้อ</b>จัดจ้าง<!-- ความเห็น -->ประจำปี</p>
        <div id="sidebar"><ul><li><a href="/s1.html">ลิงก์ข้าง</a></li></ul></div></article></main></div>
      <div class="footer"><nav><a href="/f.html">ท้าย</a></nav></div>
      <table><tr><td><a href="/t.html"><span>ตาราง</span><td>ช่อง</a></td></tr></table>
      <script>var a = '<a href="/no.html">x</a>';</script>""", head="")
    p = read_page(body, "http://x.go.th/")
    nav = {lk["url"]: lk["nav"] for lk in p.links}
    assert nav["http://x.go.th/own.html"] is False  # an article's own header is content
    assert nav["http://x.go.th/s1.html"] is True  # a sidebar inside the article is still a menu
    assert nav["http://x.go.th/f.html"] is True
    assert "http://x.go.th/no.html" not in nav  # scripts are not read
    texts = {lk["url"]: lk["text"] for lk in p.links}
    assert texts["http://x.go.th/t.html"] == "ตาราง"
    assert p.title == "" == HtmlPage(body, "http://x.go.th/").title  # no <title>, og:title or <h1>
    assert _crawl_view(body, "http://x.go.th/") == _extract_view(body, "http://x.go.th/")


@pytest.mark.parametrize("head,title", [("<title> ประกาศ   ข่าว </title>", "ประกาศ ข่าว"),
                                        ('<meta property="og:title" content=" หน้า  หลัก ">', "หน้า หลัก"),
                                        ("<title> </title>", "หัว เรื่อง")])
def test_title_sources(head, title):
    body = page("<h1>หัว<br>เรื่อง</h1>", head)
    assert read_page(body, "http://x.go.th/").title == title == HtmlPage(body, "http://x.go.th/").title


def test_thin_page_pictures_are_its_content():
    photo = '<img src="/up/scan1.jpg" alt=""><img src="/up/scan2.jpg">'
    thin_page = read_page(page(f"<nav>{'เมนู ' * 400}</nav><h2>ประกาศ</h2>{photo}"), "http://x.go.th/")
    assert thin(thin_page.content_chars)  # the menu's words do not count as content
    assert content_pictures(thin_page.links, thin_page.content_chars) == {"http://x.go.th/up/scan1.jpg",
                                                                          "http://x.go.th/up/scan2.jpg"}
    full = read_page(page(f"<p>{'ข้อความ' * 100}</p>{photo}"), "http://x.go.th/")
    assert not thin(full.content_chars) and content_pictures(full.links, full.content_chars) == set()


def _extract_view(body: bytes, url: str) -> tuple[str, str, list[tuple[str, bool]]]:
    """What the extract stage (BeautifulSoup) reads: encoding, title, and each <a>'s URL with its menu mark."""
    p = HtmlPage(body, url)
    return p.encoding, p.title, [(u, in_nav(a)) for a in p.soup.find_all("a")
                                 if (u := absolute_url(p.base, a.get("href")))]


def _crawl_view(body: bytes, url: str) -> tuple[str, str, list[tuple[str, bool]]]:
    p = read_page(body, url)
    return p.encoding, p.title, [(lk["url"], lk["nav"]) for lk in p.links if lk["kind"] == "a"]


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".html", ".htm", ""))


def test_crawl_and_extract_agree_on_the_test_sites_and_generated_sites(tmp_path):
    files = _pages(SITES)
    for structure in ("menus", "cp874", "deep"):  # vendor menus, TIS-620 pages, a deep hierarchy
        files += _pages(generate_site(tmp_path / structure, seed=5, structure=structure, size=8))
    compared = 0
    for path in files:
        body = path.read_bytes()
        if b"<" not in body[:2000] or b"http-equiv" in body.lower() or b"onclick" in body.lower():
            continue  # meta refresh and onclick links are extra "a" links only the crawler lists
        url = "http://x.go.th/" + path.name
        assert _crawl_view(body, url) == _extract_view(body, url), path
        compared += 1
    assert compared > 100
