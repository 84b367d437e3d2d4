"""URL hygiene and trap guard used by the spider (no network); sniffing is tested in test_extract_sniff."""

from __future__ import annotations

from spiders.urls import TrapGuard, clean_url, kind_from_url, url_key, viewer_target


def test_clean_url_keeps_what_the_site_wrote_but_tidies_it():
    assert clean_url("http://Example.go.th:80/%e0%b8%82%e0%b9%88%e0%b8%b2%e0%b8%a7/?time=1699999&id=3#top") == \
        "http://example.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/?time=1699999&id=3"
    assert clean_url("http://example.go.th/ข่าว/") == "http://example.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/"
    assert clean_url("http://x.go.th/index.php?mod=blog&id=1&id_sub=1") == "http://x.go.th/index.php?mod=blog&id=1&id_sub=1"


def test_url_key_folds_cache_busters_escapes_and_order():
    a = url_key("http://Example.go.th:80/%e0%b8%82%e0%b9%88%e0%b8%b2%e0%b8%a7/?time=1699999&id=3#top")
    b = url_key("http://example.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/?id=3&time=42")
    c = url_key("http://example.go.th/ข่าว/?id=3")
    assert a == b == c


def test_url_key_folds_www_and_scheme_but_keeps_query():
    assert url_key("https://www.x.go.th/a?b=1&a=2") == url_key("http://x.go.th/a?a=2&b=1")
    assert url_key("http://x.go.th/a?id=1") != url_key("http://x.go.th/a?id=2")


def test_kind_from_url_and_viewer_target():
    assert kind_from_url("http://x/a/B.PDF") == "pdf"
    assert kind_from_url("http://x/org.JPG") == "image"
    assert kind_from_url("http://x/index.php?id=1") == "html"
    assert viewer_target("http://x.go.th/pdfjs/web/viewer.html?file=%2Fupload%2Fplan.pdf") == \
        "http://x.go.th/upload/plan.pdf"
    assert viewer_target("https://flowpaper.com/flipbook/?pdf=https://x.go.th/a.pdf") == "https://x.go.th/a.pdf"
    assert viewer_target("http://x.go.th/index.php?file=news") is None


def test_trap_guard_ends_calendars_and_nested_paths_but_not_plain_ids():
    g = TrapGuard(max_variants=500, max_calendar=10)
    months = [f"http://x/cal.php?month={m % 12 + 1}&year={2560 + m // 12}" for m in range(100)]
    assert sum(g.allow(u) for u in months) == 10
    days = [f"http://x/events/2024-{m:02d}-{d:02d}/" for m in range(1, 13) for d in range(1, 28)]
    assert sum(g.allow(u) for u in days) == 10
    ids = [f"http://x/index.php?mod=blog&id={i}" for i in range(200)]
    assert all(g.allow(u) for u in ids)
    assert g.allow("http://x/a/b/a/b/") and not g.allow("http://x/a/b/a/b/a/")
    assert g.skipped == 90 + 314 + 1


def test_trap_guard_caps_query_variants_per_path():
    g = TrapGuard(max_variants=5)
    assert sum(g.allow(f"http://x/search.php?q={i}") for i in range(20)) == 5


def test_one_script_cms_keeps_a_budget_per_section():
    g = TrapGuard(max_variants=50)
    blog = [f"http://x/index.php?mod=blog&id={i}" for i in range(80)]
    buject = [f"http://x/index.php?mod=buject&id={i}" for i in range(80)]
    assert sum(g.allow(u) for u in blog) == 50 and sum(g.allow(u) for u in buject) == 50


def test_drive_links_become_direct_downloads():
    from spiders.urls import drive_download_url

    want = "https://drive.google.com/uc?export=download&id=1tr4WAQ5lfrefV039-a_Nyrw8w0hVQGGR"
    assert drive_download_url("https://drive.google.com/file/d/1tr4WAQ5lfrefV039-a_Nyrw8w0hVQGGR/view") == want
    assert drive_download_url("https://drive.google.com/open?id=1tr4WAQ5lfrefV039-a_Nyrw8w0hVQGGR") == want
    assert drive_download_url("https://drive.google.com/drive/folders/abc") is None
    assert drive_download_url("https://www.facebook.com/file/d/1tr4WAQ5lfrefV039") is None


def test_site_specific_spider_is_picked_by_host():
    from spiders import spider_for
    from spiders.agency import AgencySpider
    from spiders.sites import PhukradungSaoSpider

    assert spider_for("http://www.phukradungsao.go.th/") is PhukradungSaoSpider
    assert spider_for("https://unknown.go.th/") is AgencySpider
    assert PhukradungSaoSpider.name != AgencySpider.name


def test_platform_recognised_from_home_page():
    from conftest import SITES

    from spiders.platforms import detect
    from spiders.platforms.joomla import JoomlaSpider
    from spiders.platforms.publiclist import PublicListSpider
    from spiders.platforms.wordpress import WordPressSpider
    from spiders.sites import PhukradungSaoSpider

    def home(path: str) -> str:
        return (SITES / path).read_text(encoding="utf-8")

    assert detect(home("publiclist/public/index.html")) is PublicListSpider
    assert detect(home("wordpress/index.html")) is WordPressSpider
    assert detect(home("joomla/index.html")) is JoomlaSpider
    assert detect(home("pagination/index.html")) is None
    assert issubclass(PhukradungSaoSpider, PublicListSpider) and PhukradungSaoSpider.platform == "publiclist"


def test_platform_patterns_mark_list_pages_and_attachments():
    from spiders.platforms.joomla import JoomlaSpider
    from spiders.platforms.wordpress import WordPressSpider

    wp = WordPressSpider(start_url="http://x.go.th/")
    assert wp.is_list_page("http://x.go.th/category/news/page/2/") and wp.is_list_page("http://x.go.th/?paged=3")
    assert not wp.is_list_page("http://x.go.th/category/news/")
    assert wp.is_document("http://x.go.th/download/31/") and not wp.is_document("http://x.go.th/?p=12")
    joomla = JoomlaSpider(start_url="http://x.go.th/")
    assert joomla.is_list_page("http://x.go.th/index.php?option=com_content&view=category&id=8&start=10")
    assert joomla.is_document("http://x.go.th/index.php?option=com_phocadownload&view=category&download=12:r&id=3")
    assert not joomla.is_document("http://x.go.th/index.php?option=com_content&view=article&id=55")


def test_session_ids_trackers_and_machine_endpoints():
    from spiders.urls import skip_url

    assert clean_url("http://x.go.th/news.php;jsessionid=ABC123?id=4&PHPSESSID=zz&utm_source=fb&fbclid=q") == \
        "http://x.go.th/news.php?id=4"
    assert skip_url("http://x.go.th/wp-json/wp/v2/posts/12")
    assert skip_url("http://x.go.th/2024/05/news/?replytocom=5")
    assert skip_url("http://x.go.th/feed/")
    assert skip_url("http://x.go.th/index.php?option=com_content&id=5&tmpl=component&print=1")
    assert not skip_url("http://x.go.th/news/feed-the-children/")
    assert not skip_url("http://x.go.th/index.php?mod=blog&id=3")


def test_alternate_start_addresses():
    from oit_checker.crawl.target import alternate_start

    assert alternate_start("http://x.go.th/", "dns") == "http://www.x.go.th/"
    assert alternate_start("https://www.x.go.th/a", "dns") == "https://x.go.th/a"
    assert alternate_start("http://x.go.th/", "connection_refused") == "https://x.go.th/"
    assert alternate_start("http://127.0.0.1:8080/", "connection_refused") is None  # an explicit port: no guess
    assert alternate_start("http://127.0.0.1/", "dns") is None
    assert alternate_start("http://x.go.th/", "timeout") is None
    assert alternate_start("http://x.go.th/", "http_404") is None
