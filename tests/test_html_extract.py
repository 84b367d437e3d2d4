"""HTML reading: encodings Thai sites get wrong, menus kept apart from content, links, features."""

from __future__ import annotations

from fixtures.real_sites import REAL_SITES, needs_real_sites

from oit_checker.extract.html import decode_html, extract_html

THAI = "ประกาศองค์การบริหารส่วนตำบล เรื่อง แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"


def page(body: str, encoding: str = "utf-8") -> bytes:
    return f"<html><head><title>หน้า</title></head><body>{body}</body></html>".encode(encoding)


def test_cp874_declared_iso_8859_1_is_rescued():
    body = page(f"<p>{THAI}</p>", "cp874")
    text, enc = decode_html(body, "text/html; charset=ISO-8859-1")
    assert enc == "cp874"
    assert THAI in text


def test_cp874_under_utf8_meta_is_rescued():
    html = f'<html><head><meta charset="utf-8"><title>x</title></head><body><p>{THAI}</p></body></html>'
    text, enc = decode_html(html.encode("cp874"))
    assert enc == "cp874"
    assert THAI in text


def test_cp874_without_any_charset():
    text, enc = decode_html(page(f"<p>{THAI}</p>", "cp874"))
    assert (enc, THAI in text) == ("cp874", True)


def test_tis620_header_and_utf8_pages_kept():
    assert decode_html(page(THAI, "cp874"), "tis-620")[1] == "cp874"
    text, enc = decode_html(page(THAI, "utf-8"), "utf-8")
    assert enc == "utf-8" and THAI in text


def test_english_page_declared_latin1_not_turned_into_thai():
    body = "<html><body><p>Caf\xe9 menu and prices for the week</p></body></html>".encode("latin-1")
    text, enc = decode_html(body, "ISO-8859-1")
    assert enc == "cp1252" and "Café" in text


def test_entities_under_windows_1252_become_thai():
    body = b'<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"></head>' \
           b"<body><p>&#3629;&#3635;&#3609;&#3634;&#3592;&#3627;&#3609;&#3657;&#3634;&#3607;&#3637;&#3656;" \
           b"\xa0\x96</p></body></html>"
    doc = extract_html(body, "http://x.go.th/power.html")
    assert "อำนาจหน้าที่" in doc["pages"][0].text
    assert doc["pages"][0].norm


def test_menus_and_footer_are_kept_apart_from_content():
    body = page("""
      <header><h1>อบต.ตัวอย่าง</h1></header>
      <nav><ul><li><a href="/o1">โครงสร้างส่วนราชการ</a></li><li><a href="/o3">อำนาจหน้าที่</a></li></ul></nav>
      <div id="sidebar"><a href="#">รับเรื่องราวร้องทุกข์และเบาะแสการทุจริต</a></div>
      <div class="content"><h2>ข่าว<b>ประชา</b>สัมพันธ์</h2><p>ประกาศผล<span>การจัดซื้อ</span>จัดจ้าง</p>
        <a href="/news/1.pdf">ดาวน์โหลดเอกสาร</a></div>
      <div class="widget-counter">ผู้เข้าชม 12345</div>
      <footer>โทร. ๐๕๔-๕๒๐๕๗๓ อีเมล saraban@example.go.th</footer>""")
    doc = extract_html(body, "http://x.go.th/")
    main = doc["pages"][0].text
    assert "ข่าวประชาสัมพันธ์" in main and "ประกาศผลการจัดซื้อจัดจ้าง" in main  # inline tags do not split words
    for label in ("โครงสร้างส่วนราชการ", "เบาะแสการทุจริต", "ผู้เข้าชม", "saraban"):
        assert label not in main
        assert label in doc["nav_text"]
    assert doc["headings"] == ["ข่าวประชาสัมพันธ์"]
    assert doc["features"]["phones"] == ["054-520573"]
    assert doc["features"]["emails"] == ["saraban@example.go.th"]


def test_article_header_is_content():
    doc = extract_html(page("<article><header><h1>เจตจำนงสุจริตของผู้บริหาร</h1></header><p>ข้อความ</p></article>"),
                       "http://x.go.th/")
    assert "เจตจำนงสุจริตของผู้บริหาร" in doc["pages"][0].text
    assert doc["nav_text"] == ""


def test_features_forms_iframes_maps():
    body = page("""
      <form action="https://docs.google.com/forms/d/e/abc/formResponse" method="POST">
        <input name="name"><input type="hidden" name="t"><textarea name="msg"></textarea>
        <input type="submit" value="ส่ง"></form>
      <form action="/complaint.php"><input name="topic"><button>ส่งเรื่อง</button></form>
      <iframe src="https://www.google.com/maps/embed?pb=1" title="แผนที่"></iframe>
      <iframe src="//www.facebook.com/plugins/page.php?href=x"></iframe>
      <img src="/img/chart.jpg" alt="โครงสร้างองค์กร">
      <script>var x = "ไม่ใช่ข้อความ";</script><style>p{}</style>""")
    doc = extract_html(body, "http://x.go.th/contact.html")
    f = doc["features"]
    assert f["forms"][0] == {"action": "https://docs.google.com/forms/d/e/abc/formResponse", "method": "post",
                             "fields": ["name"], "textareas": 1, "has_submit": True, "external": True}
    assert f["forms"][1]["external"] is False and f["forms"][1]["has_submit"] is True
    assert f["forms"][1]["action"] == "http://x.go.th/complaint.php"
    assert f["maps"] is True
    assert {"src": "https://www.google.com/maps/embed?pb=1", "title": "แผนที่"} in f["iframes"]
    assert any(i["src"].startswith("http://www.facebook.com/plugins/") for i in f["iframes"])
    assert f["images"] == [{"src": "http://x.go.th/img/chart.jpg", "alt": "โครงสร้างองค์กร"}]
    assert "ไม่ใช่ข้อความ" not in doc["pages"][0].text


@needs_real_sites
def test_real_hangdong_power_entities():
    body = (REAL_SITES / "hangdong" / "power.html").read_bytes()
    assert b"\xe0\xb8" not in body  # no raw Thai bytes at all: only &#NNNN; entities
    doc = extract_html(body, "http://hangdong.go.th/power.html", content_type="text/html")
    assert "อำนาจหน้าที่ของเทศบาล" in doc["pages"][0].text


@needs_real_sites
def test_real_saiyoi_member_page_tis620_without_charset():
    body = (REAL_SITES / "saiyoi" / "member" / "index.html").read_bytes()
    doc = extract_html(body, "http://saiyoidenchai.go.th/member/index.html")
    assert doc["encoding"] == "cp874"
    assert "ระบบสมาชิก" in doc["title"]
    assert "สมัครสมาชิก" in doc["pages"][0].text


@needs_real_sites
def test_real_phukradung_menus_are_nav():
    body = (REAL_SITES / "phukradung" / "public" / "index.html").read_bytes()
    doc = extract_html(body, "https://phukradungsao.go.th/public/")
    assert "แผนผังเว็บไซต์" in doc["nav_text"]
    assert "แผนผังเว็บไซต์" not in doc["pages"][0].text
    assert "admin@phukradungsao.go.th" in doc["features"]["emails"]


def test_utf8_page_with_a_stray_byte_stays_utf8():
    body = ("<html><body>" + "ประกาศองค์การบริหารส่วนตำบล " * 20 + "</body></html>").encode() + b"\xff\xfe"
    text, enc = decode_html(body)
    assert enc == "utf-8" and "ประกาศองค์การบริหารส่วนตำบล" in text


@needs_real_sites
def test_real_saiyoi_sidebar_found_as_site_boilerplate():
    from oit_checker.extract.html import find_boilerplate

    names = ["architech.html", "power.html", "excustive.html", "vision.html", "general_basic.html"]
    bodies = {n: (REAL_SITES / "saiyoi" / n).read_bytes() for n in names}
    first = {n: extract_html(b, f"http://saiyoidenchai.go.th/{n}")["pages"][0].text for n, b in bodies.items()}
    boiler = find_boilerplate(first.values())
    assert "จำนวนผู้เข้าชม" in boiler and "ปลัด อบต.ไทรย้อย" in boiler
    doc = extract_html(bodies["excustive.html"], "http://saiyoidenchai.go.th/excustive.html", boilerplate=boiler)
    main = doc["pages"][0].text
    assert "จำนวนผู้เข้าชม" not in main and "จำนวนผู้เข้าชม" in doc["nav_text"]
    assert "รองนายกองค์การบริหารส่วนตำบลไทรย้อย" in main  # the page's own content stays
    assert "จำนวนผู้เข้าชม" not in doc["pages"][0].norm


def test_find_boilerplate_needs_enough_pages():
    from oit_checker.extract.html import find_boilerplate

    assert find_boilerplate(["a\nb", "a\nc"]) == frozenset()
    assert find_boilerplate(["a\nb", "a\nc", "a\nd", "e"]) == frozenset({"a"})


def test_deeply_nested_unclosed_tags_do_not_break_extraction():
    body = page("<p>เริ่ม" + "<font size=2>ข้อความ" * 3000 + "</p><p>จบ</p>")
    doc = extract_html(body, "http://x.go.th/old.html")
    text = doc["pages"][0].text
    assert text.startswith("เริ่ม") and text.count("ข้อความ") == 3000 and text.endswith("จบ")


def test_inline_images_count_and_pdf2htmlex_without_text_needs_ocr():
    """hangdong structure.html: a pdf2htmlEX org chart drawn as data: images, 29 characters of text."""
    from oit_checker.extract.dispatch import flag_unreadable_html

    body = ('<html><head><meta name="generator" content="pdf2htmlEX"/></head><body>'
            '<img src="data:image/png;base64,iVBORw0KGgo="/><div class="t">รอง ปล ั ดเทศบาล</div></body></html>')
    res = extract_html(body.encode(), "http://t.go.th/structure.html")
    assert res["features"]["images"] == [{"src": "data:image/png;inline", "alt": ""}]
    assert res["features"]["generator"] == "pdf2htmlEX"
    assert flag_unreadable_html(res)["pages"][0].needs_ocr
    plain = extract_html(body.replace("pdf2htmlEX", "WordPress").encode(), "http://t.go.th/structure.html")
    assert not flag_unreadable_html(plain)["pages"][0].needs_ocr  # some text and a picture: readable


def test_thai_phone_groupings():
    body = ("<html><body><footer>โทรศัพท์/โทรสาร 0-4203-9209 · 054-520573 · 0 5310 9999 · มือถือ 081-234-5678"
            " · งบประมาณ 0.5 ล้านบาท</footer></body></html>")
    phones = extract_html(body.encode(), "http://t.go.th/")["features"]["phones"]
    assert phones == ["0-4203-9209", "054-520573", "0 5310 9999", "081-234-5678"]
