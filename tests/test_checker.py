"""Locating evidence like an assessor: menus and ITA index pages lead to evidence but are
never evidence; "could not read" is kept apart from "not disclosed"."""

import pytest

from oit_checker import checker, fixtures, profiles

BASE = "https://www.tambon-test.go.th"
O20_TEXT = "รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ 2564\nผลการใช้จ่ายงบประมาณ\nปัญหา อุปสรรค ไม่มี\nข้อเสนอแนะ ไม่มี"


@pytest.fixture
def profile(profile_2565):
    return profile_2565


def judge(profile, code, documents, links=()):
    corpus = fixtures.fixture_corpus({"documents": documents, "links": list(links)})
    return checker.judge(profile.rule(code), corpus, profile, "th")


def kinds(item):
    return [f["kind"] for f in item["findings"]]


def test_menu_text_is_not_evidence(profile):
    home = {"url": BASE + "/", "kind": "html", "title": "หน้าแรก", "text": "ยินดีต้อนรับ",
            "nav_text": "ITA | O20 รายงานผลการใช้จ่ายงบประมาณประจำปี 2564 | ปัญหา อุปสรรค ข้อเสนอแนะ"}
    item = judge(profile, "O20", [home])
    assert item["verdict"] == "fail" and kinds(item) == ["not_found"]
    assert item["answer"] == {"disclosed": False, "url": "", "explanation": "ไม่พบข้อมูลบนเว็บไซต์"}


def test_menu_link_to_an_empty_page_is_not_evidence(profile):
    empty = {"url": BASE + "/o20", "kind": "html", "title": "", "text": "อยู่ระหว่างปรับปรุงข้อมูล"}
    link = {"src": BASE + "/", "url": BASE + "/o20", "text": "รายงานผลการใช้จ่ายงบประมาณประจำปี 2564", "nav": True}
    item = judge(profile, "O20", [empty], [link])
    # the menu's heading over "being updated": said as a heading without content, the page cited (issue 9)
    assert item["verdict"] == "fail" and kinds(item) == ["not_found"]
    assert item["findings"][0]["reason"] == "heading_only" and item["findings"][0]["evidence"]["url"] == BASE + "/o20"
    assert item["answer"]["url"] == BASE + "/o20"  # located through the menu, judged on content


def hub_page():
    lines = [f"O{i} หัวข้อที่ {i}" for i in range(1, 44)]
    lines[19] = "O20 รายงานผลการใช้จ่ายงบประมาณประจำปี ปัญหา อุปสรรค ข้อเสนอแนะ ปีงบประมาณ 2564"
    return {"url": BASE + "/ita", "kind": "html", "title": "ITA 2565 การเปิดเผยข้อมูลสาธารณะ", "text": "\n".join(lines)}


def test_hub_page_is_never_evidence(profile):
    item = judge(profile, "O20", [hub_page()])
    assert item["verdict"] == "fail" and kinds(item) == ["not_found"]


def test_hub_page_links_are_followed(profile):
    report = {"url": BASE + "/files/abc123.pdf", "kind": "pdf", "link_texts": ["ดาวน์โหลด"],
              "pages": [{"n": 1, "text": "ผลการใช้จ่ายงบประมาณ ปีงบประมาณ 2564\nปัญหา อุปสรรค ไม่มี\nข้อเสนอแนะ ไม่มี"}]}
    link = {"src": BASE + "/ita", "url": report["url"], "text": "O20"}
    item = judge(profile, "O20", [hub_page(), report], [link])
    assert item["verdict"] == "pass"
    assert item["answer"]["url"] == report["url"]
    assert any(m["where"] == "hub" for m in item["located"][0]["matched"])


def test_evidence_in_a_generic_category_is_found_by_content(profile):
    news = {"url": BASE + "/news/77", "kind": "html", "title": "ข่าวสาร",
            "text": "การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ 2565\nเหตุการณ์ความเสี่ยง ระดับความเสี่ยง\nมาตรการควบคุม"}
    assert judge(profile, "O36", [news])["verdict"] == "pass"


def test_procurement_manual_is_not_the_procurement_plan(profile):
    manual = {"url": BASE + "/manual", "kind": "html", "title": "คู่มือการจัดซื้อจัดจ้าง",
              "text": "คู่มือการจัดซื้อจัดจ้าง\nขั้นตอนการจัดทำแผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2565 วงเงิน"}
    assert kinds(judge(profile, "O21", [manual])) == ["not_found"]
    assert judge(profile, "O13", [manual])["verdict"] == "pass"


def test_scanned_pdf_is_unreadable_not_failed(profile):
    scan = {"url": BASE + "/o20-scan.pdf", "kind": "pdf", "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"],
            "pages": [{"n": 1, "text": "", "needs_ocr": True}, {"n": 2, "text": "", "needs_ocr": True}]}
    item = judge(profile, "O20", [scan])
    assert item["verdict"] == "unreadable" and item["score"] == 0
    (f,) = item["findings"]
    assert f["kind"] == "unreadable" and f["reason"] == "needs_ocr"
    assert "สแกน" in f["message"]
    assert item["answer"]["disclosed"] is True


def test_unreadable_evidence_beats_a_failing_old_copy(profile):
    old = {"url": BASE + "/o20-2563.pdf", "kind": "pdf", "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2563"],
           "pages": [{"n": 1, "text": O20_TEXT.replace("2564", "2563")}]}
    down = {"url": BASE + "/o20-2564.pdf", "kind": "pdf", "status": None, "error": "timeout",
            "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"]}
    item = judge(profile, "O20", [old, down])
    assert item["verdict"] == "unreadable" and item["findings"][0]["reason"] == "timeout"


def test_server_error_is_unreadable_but_own_404_is_a_broken_link(profile):
    link_texts = ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"]
    e500 = {"url": BASE + "/o20", "kind": "html", "status": 503, "error": "http_503", "link_texts": link_texts}
    item = judge(profile, "O20", [e500])
    assert item["verdict"] == "unreadable" and item["findings"][0]["reason"] == "http_5xx"
    e404 = dict(e500, status=404, error="http_404")
    item = judge(profile, "O20", [e404])
    assert item["verdict"] == "fail" and kinds(item) == ["broken_link"]
    assert item["findings"][0]["message"] == "ไม่สามารถเข้าถึง URL ที่ระบุได้"
    ext404 = dict(e404, url="https://drive.google.com/x", external=True)
    assert judge(profile, "O20", [ext404])["verdict"] == "unreadable"


def test_readable_pass_wins_over_an_unreadable_copy(profile):
    good = {"url": BASE + "/o20.pdf", "kind": "pdf", "link_texts": ["รายงานผลการใช้จ่ายงบประมาณ"],
            "pages": [{"n": 1, "text": O20_TEXT}]}
    scan = {"url": BASE + "/o20-scan.pdf", "kind": "pdf", "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"],
            "pages": [{"n": 1, "text": "", "needs_ocr": True}]}
    assert judge(profile, "O20", [scan, good])["verdict"] == "pass"


def test_answer_explanation_uses_the_menu_path(profile):
    doc = {"url": BASE + "/o20.pdf", "kind": "pdf", "link_texts": ["O20 รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"],
           "nav_path": ["ITA", "O20 รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"],
           "pages": [{"n": 1, "text": "หน้าปก"}, {"n": 2, "text": O20_TEXT}]}
    ans = judge(profile, "O20", [doc])["answer"]
    assert ans["explanation"] == "เมนู ITA > O20 รายงานผลการใช้จ่ายงบประมาณประจำปี 2564 (ไฟล์ PDF หน้า 2)"


def test_every_item_judges_an_empty_corpus_as_not_found(profile):
    corpus = fixtures.fixture_corpus({"documents": [{"url": BASE + "/", "kind": "html", "text": "ยินดีต้อนรับ"}]})
    for rule in profile.rules:
        item = checker.judge(rule, corpus, profile, "en")
        assert item["verdict"] == "fail" and kinds(item) == ["not_found"], rule.code


def test_hub_found_by_its_item_links(profile):
    hub = {"url": BASE + "/ita-2565", "kind": "html", "title": "ITA", "text": "การเปิดเผยข้อมูลสาธารณะ"}
    links = [{"src": hub["url"], "url": f"{BASE}/x{i}", "text": f"O{i}"} for i in range(1, 8)]
    report = {"url": BASE + "/x20", "kind": "pdf", "pages": [{"n": 1, "text": O20_TEXT}]}
    links.append({"src": hub["url"], "url": report["url"], "text": "O20 รายงานผลการใช้จ่ายงบประมาณประจำปี"})
    item = judge(profile, "O20", [hub, report], links)
    assert item["verdict"] == "pass" and item["answer"]["url"] == report["url"]
    assert all(loc["url"] != hub["url"] for loc in item["located"])


def test_analysis_citing_a_few_codes_is_evidence_not_a_hub(profile):
    text = ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2565\n"
            "การวิเคราะห์ผลการประเมิน ITA ปี 2564\n(O 20) ไม่ปรากฏปัญหา อุปสรรค\n(O 23) ไม่มีสรุปผลเดือนมีนาคม\n"
            "(O 28) ไม่ปรากฏปัญหา\n(o33) การมีส่วนร่วม\n(O 12) รายงานผล\n"
            "มาตรการ: ผู้รับผิดชอบ กองคลัง ระยะเวลา ต.ค. 64 - ก.ย. 65")
    doc = {"url": BASE + "/o42.pdf", "kind": "pdf", "link_texts": ["มาตรการภายใน"], "pages": [{"n": 1, "text": text}]}
    assert judge(profile, "O42", [doc])["verdict"] == "pass"


def test_page_wrapping_a_dead_attachment_is_a_broken_link(profile):
    page = {"url": BASE + "/docs/view-o21.html", "kind": "html",
            "title": "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565",
            "text": "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565\nเอกสารแนบ : แผนการจัดซื้อจัดจ้าง 2565"}
    pdf = {"url": BASE + "/files/plan-2565.pdf", "kind": "pdf", "status": 404, "error": "http_404",
           "link_texts": ["แผนการจัดซื้อจัดจ้าง 2565"]}
    link = {"src": page["url"], "url": pdf["url"], "text": "แผนการจัดซื้อจัดจ้าง 2565"}
    item = judge(profile, "O21", [page, pdf], [link])
    assert item["verdict"] == "fail" and "broken_link" in kinds(item)
    scan = dict(pdf, status=200, error=None, pages=[{"n": 1, "text": "", "needs_ocr": True}])
    assert judge(profile, "O21", [page, scan], [link])["verdict"] == "unreadable"
    text = "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2565\nวงเงิน 500,000 บาท"
    good = dict(pdf, status=200, error=None, pages=[{"n": 1, "text": text}])
    assert judge(profile, "O21", [page, good], [link])["verdict"] == "pass"


def test_an_item_excluded_by_name_does_not_make_another_unreadable(profile):
    scan = {"url": BASE + "/ac-report.pdf", "kind": "pdf", "pages": [{"n": 1, "text": "", "needs_ocr": True}],
            "link_texts": ["รายงานผลการดำเนินงานตามแผนป้องกันการทุจริต ประจำปี 2564"]}
    item = judge(profile, "O12", [scan])
    assert item["verdict"] == "fail"


def test_truncated_anchor_text_still_locates(profile):
    scan = {"url": BASE + "/files/x.pdf", "kind": "pdf", "pages": [{"n": 1, "text": "", "needs_ocr": True}],
            "link_texts": ["O41 รายงานผลการดำเนินการป้องกั…"]}
    assert judge(profile, "O41", [scan])["verdict"] == "unreadable"
    scan["link_texts"] = ["รายงานผล…"]  # too short to tell which report
    assert judge(profile, "O41", [scan])["verdict"] == "fail"


def test_org_chart_as_a_picture_is_unreadable_not_failed(profile):
    page = {"url": BASE + "/structure", "kind": "html", "title": "โครงสร้างส่วนราชการ", "text": "โครงสร้างส่วนราชการ",
            "features": {"images": [{"src": "/img/chart.jpg", "alt": "คลิกเพื่อดูภาพที่ขนาดใหญ่ขึ้น"}]}}
    item = judge(profile, "O1", [page])
    assert item["verdict"] == "unreadable" and item["findings"][0]["reason"] == "image_only"
    page["features"] = {}
    assert judge(profile, "O1", [page])["verdict"] == "fail"


def test_partly_scanned_pdf_is_unreadable_when_text_is_missing(profile):
    doc = {"url": BASE + "/o20.pdf", "kind": "pdf", "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"],
           "pages": [{"n": 1, "text": "รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ 2564"},
                     {"n": 2, "text": "", "needs_ocr": True}]}
    assert judge(profile, "O20", [doc])["findings"][0]["reason"] == "needs_ocr"
    doc["pages"][0]["text"] = "รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ 2563"  # wrong year is readable
    assert judge(profile, "O20", [doc])["verdict"] == "fail"


def test_unreachable_site_makes_every_item_unreadable(profile):
    corpus = fixtures.fixture_corpus({"documents": [{"url": BASE + "/", "status": None, "error": "dns"}]})
    corpus.crawl["status"] = "unreachable"
    for code in ("O1", "O9", "O23"):
        item = checker.judge(profile.rule(code), corpus, profile, "th")
        assert item["verdict"] == "unreadable" and item["findings"][0]["reason"] == "site_unreachable"


def test_a_passing_mention_is_not_found_rather_than_a_false_gap(profile):
    news = {"url": BASE + "/news/5", "kind": "html", "title": "ข่าวกีฬาตำบล",
            "text": "การแข่งขันฟุตบอล\nประชาชนที่สนใจขอดูรายงานผลการใช้จ่ายงบประมาณประจำปีได้ที่สำนักงาน"}
    item = judge(profile, "O20", [news])
    assert kinds(item) == ["not_found"] and item["answer"]["url"] == ""


def test_ita_tree_left_in_every_page_does_not_hide_the_evidence(profile):
    tree = "\n".join(f"O{i} หัวข้อ" for i in range(1, 44))
    pages = [{"url": f"{BASE}/p{i}", "kind": "html", "title": f"หน้า {i}", "text": f"ข่าวทั่วไป {i}\n{tree}"}
             for i in range(8)]
    report = {"url": BASE + "/o20", "kind": "html", "title": "รายงานผลการใช้จ่ายงบประมาณประจำปี 2564",
              "text": O20_TEXT + "\n" + tree}
    item = judge(profile, "O20", pages + [report])
    assert item["verdict"] == "pass" and item["answer"]["url"] == report["url"]


def test_failing_item_reports_the_attachment_closest_to_passing():
    """The short page presenting an attachment ("เอกสารแนบ : …") lacks every phrase; the attached
    report lacks two. The officer is told about the report, not asked to add results it has."""
    profile = profiles.load_profile("ita-2565")
    base = "https://www.tambon-test.go.th"
    corpus = fixtures.fixture_corpus({"documents": [
        {"url": base + "/hr/report.html", "kind": "html", "title": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี",
         "link_texts": ["รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี"],
         "text": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี 2564\nเอกสารแนบ : รายงานผล (PDF)"},
        {"url": base + "/files/hr-report-2564.pdf", "kind": "pdf",
         "link_texts": ["รายงานผล (PDF)"],
         "pages": [{"n": 1, "text": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2564\n"
                                    "ผลการดำเนินงาน พัฒนาบุคลากร 32 คน"}]}],
        "links": [{"src": base + "/hr/report.html", "url": base + "/files/hr-report-2564.pdf",
                   "text": "รายงานผล (PDF)"}]})
    item = checker.judge(profile.rule("O28"), corpus, profile)
    assert item["verdict"] == "fail"
    (f,) = item["findings"]
    assert f["kind"] == "missing_phrases" and f["phrases"] == ["ปัญหา อุปสรรค", "ข้อเสนอแนะ"]
    assert f["evidence"]["url"].endswith("hr-report-2564.pdf")


def test_page_presenting_a_scanned_notice_is_its_wrapper_whatever_the_attachment_label():
    """A notices page (a short table + "เอกสารแนบ : …" to a scanned PDF) is judged by its attachment:
    the attachment's own long label does not make the page stand on its own."""
    profile = profiles.load_profile("ita-2565")
    base = "https://www.tambon-test.go.th"
    label = ("ประกาศผู้ชนะการเสนอราคา จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 2 บ้านหนองบัวทอง ตำบลหนองบัวทอง"
             " ขนาดผิวจราจรกว้าง 4.00 เมตร ยาว 980.00 เมตร หนา 0.15 เมตร (PDF)")
    table = "\n".join(f"{d} ประกาศประกวดราคาจ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {i}"
                      for i, d in enumerate(("2 ธ.ค. 2564", "28 ธ.ค. 2564", "10 มี.ค. 2565"), 2))
    corpus = fixtures.fixture_corpus({"documents": [
        {"url": base + "/news/view-o22.html", "kind": "html", "title": "ประกวดราคา / ประกาศผู้ชนะ",
         "link_texts": ["ประกาศจัดซื้อจัดจ้าง"], "text": "ประกวดราคา / ประกาศผู้ชนะ\n" + table + "\nเอกสารแนบ : " + label},
        {"url": base + "/files/winner-2565.pdf", "kind": "pdf", "link_texts": [label],
         "pages": [{"n": 1, "text": "", "needs_ocr": True}]}],
        "links": [{"src": base + "/news/view-o22.html", "url": base + "/files/winner-2565.pdf", "text": label}]})
    assert len(corpus.documents[0].pages[0].text) > 400
    item = checker.judge(profile.rule("O22"), corpus, profile)
    assert item["verdict"] == "unreadable"


def test_contact_details_in_the_footer_pass_o5_and_the_answer_says_so():
    """No contact page, a dead one: the footer of every page (start page nav_text) carries the details."""
    profile = profiles.load_profile("ita-2565")
    base = "https://www.tambon-test.go.th"
    corpus = fixtures.fixture_corpus({"start_url": base + "/", "documents": [
        {"url": base + "/", "kind": "html", "title": "อบต.ทดสอบ",
         "text": "ข่าวกิจกรรม ซ่อมถนน หมู่ที่ 10 ตำบลทดสอบ",
         "nav_text": "ติดต่อ/แผนที่\nที่อยู่ หมู่ที่ 2 ตำบลทดสอบ อำเภอเมือง จังหวัดเลย 42000\nโทรศัพท์/โทรสาร 0-4203-9209\n"
                     "saraban@tambon-test.go.th",
         "features": {"maps": True}},
        {"url": base + "/contact", "kind": "html", "status": 404, "error": "http_404", "link_texts": ["ติดต่อ/แผนที่"]}]})
    item = checker.judge(profile.rule("O5"), corpus, profile)
    assert item["verdict"] == "pass" and item["answer"]["url"] == base + "/"
    assert "ส่วนท้าย" in item["answer"]["explanation"]
    # the footer (read as page 2 of the start page) is the evidence, not the village in the news item
    assert "หมู่ที่ 2" in item["evidence"][0]["snippet"] and item["evidence"][0]["page"] == 2
    corpus.documents[0].nav_text = "ติดต่อ/แผนที่\nโทรศัพท์ 0-4203-9209"
    corpus.__dict__.pop("_oit_index", None)
    item = checker.judge(profile.rule("O5"), corpus, profile)
    assert item["verdict"] == "fail" and item["findings"][0]["kind"] == "broken_link"
