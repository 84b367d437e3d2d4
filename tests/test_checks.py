"""Each typed check kind on the real ita-2565 rules (Thai digits, 2-digit BE years, "ไม่มี").

Synthetic rules per kind, from each kind module's own examples, are in test_check_kinds.py.
"""

import pytest

from oit_checker import checker, fixtures, profiles

BASE = "https://www.tambon-test.go.th"


@pytest.fixture
def profile(profile_2565):
    return profile_2565


def judge(profile, code, documents, links=(), fy=None, lang="th"):
    prof = profile if fy is None else profiles.load_profile("ita-2565", fiscal_year=fy)
    corpus = fixtures.fixture_corpus({"documents": documents, "links": list(links)})
    return checker.judge(prof.rule(code), corpus, prof, lang)


def kinds(item):
    return [f["kind"] for f in item["findings"]]


def o20(year, text_extra="ปัญหา อุปสรรค\nงบประมาณล่าช้า\nข้อเสนอแนะ\nควรเร่งรัดการเบิกจ่าย", url="/o20.pdf"):
    return {"url": BASE + url, "kind": "pdf", "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี"],
            "pages": [{"n": 1, "text": f"รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. {year}"},
                      {"n": 2, "text": "สรุปผลการใช้จ่ายงบประมาณ ร้อยละ 85\n" + text_extra}]}


# ---------------------------------------------------------------- phrases


def test_phrases_pass_with_page_number_of_evidence(profile):
    item = judge(profile, "O20", [o20(2564)])
    assert item["verdict"] == "pass" and item["score"] == 100
    assert any(e["page"] == 2 and "ข้อเสนอแนะ" in e["snippet"] for e in item["evidence"])
    assert item["answer"]["disclosed"] is True
    assert item["answer"]["url"].endswith("/o20.pdf")
    assert "PDF" in item["answer"]["explanation"]


def test_missing_problems_and_suggestions_in_assessor_words(profile):
    item = judge(profile, "O20", [o20(2564, text_extra="")])
    assert item["verdict"] == "fail" and item["score"] == 0
    (f,) = [f for f in item["findings"] if f["kind"] == "missing_phrases"]
    assert f["phrases"] == ["ปัญหา อุปสรรค", "ข้อเสนอแนะ"]
    assert f["message"] == "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ"
    assert f["evidence"]["url"].endswith("/o20.pdf")


def test_heading_followed_by_none_satisfies_it(profile):
    item = judge(profile, "O20", [o20(2564, text_extra="ปัญหา อุปสรรค : ไม่มี\nข้อเสนอแนะ : - ไม่มี -")])
    assert item["verdict"] == "pass"
    assert any(e.get("said_none") for e in item["evidence"])


def test_english_messages(profile):
    item = judge(profile, "O20", [o20(2564, text_extra="")], lang="en")
    assert item["findings"][0]["message"].startswith("Missing:")
    assert "problems" in item["findings"][0]["message"]


# ---------------------------------------------------------------- period


def test_wrong_year_finding_has_found_and_expected(profile):
    item = judge(profile, "O20", [o20(2563)])
    (f,) = item["findings"]
    assert f["kind"] == "wrong_period" and f["found"] == 2563 and f["expected"] == 2564
    assert f["message"] == "เป็นรายงานผลของปี พ.ศ. 2563 ไม่ใช่ปี พ.ศ. 2564"


def test_thai_digits_in_year(profile):
    doc = o20(2564)
    doc["pages"][0]["text"] = "รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. ๒๕๖๔"
    assert judge(profile, "O20", [doc])["verdict"] == "pass"


def test_old_year_copy_beside_the_right_one_passes(profile):
    item = judge(profile, "O20", [o20(2563, url="/o20-2563.pdf"), o20(2564, url="/o20-2564.pdf")])
    assert item["verdict"] == "pass"
    assert item["answer"]["url"].endswith("/o20-2564.pdf")


def test_fiscal_year_option_shifts_prev(profile):
    assert judge(profile, "O20", [o20(2565)], fy=2566)["verdict"] == "pass"
    assert judge(profile, "O20", [o20(2564)], fy=2566)["verdict"] == "fail"


def test_multi_year_plan_covering_the_year_passes(profile):
    doc = {"url": BASE + "/plan", "kind": "html", "title": "แผนพัฒนาท้องถิ่น (พ.ศ. 2561 - 2565)",
           "text": "ยุทธศาสตร์การพัฒนา\nเป้าหมาย\nตัวชี้วัด"}
    assert judge(profile, "O4", [doc])["verdict"] == "pass"
    doc["title"] = "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)"
    assert kinds(judge(profile, "O4", [doc])) == ["wrong_period"]


def test_two_digit_be_dates_decide_news_year(profile):
    news = {"url": BASE + "/news/1", "kind": "html", "title": "ข่าวประชาสัมพันธ์",
            "text": "ข่าวประชาสัมพันธ์\nโครงการปลูกต้นไม้ เมื่อ 26 ต.ค. 64"}
    assert judge(profile, "O7", [news])["verdict"] == "pass"  # ต.ค. 2564 = fiscal year 2565
    news["text"] = "ข่าวประชาสัมพันธ์\nโครงการปลูกต้นไม้ เมื่อ 26 ก.ย. 64"
    assert kinds(judge(profile, "O7", [news])) == ["wrong_period"]


# ---------------------------------------------------------------- months


def month_doc(i, text, link):
    return {"url": f"{BASE}/egp/{i}.pdf", "kind": "pdf", "link_texts": [link], "pages": [{"n": 1, "text": text}]}


H1 = [("ต.ค. 64", "ตุลาคม ๒๕๖๔"), ("พ.ย. 64", "พฤศจิกายน 2564"), ("ธ.ค. 64", "ธันวาคม 2564"),
      ("ม.ค. 65", "มกราคม 2565"), ("ก.พ. 65", "กุมภาพันธ์ 2565"), ("มี.ค. 65", "มีนาคม 2565")]


def test_month_coverage_across_several_documents(profile):
    docs = [month_doc(i, f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน {full}\nจัดซื้อวัสดุ",
                      f"สรุปผลการจัดซื้อจัดจ้าง {short}") for i, (short, full) in enumerate(H1)]
    item = judge(profile, "O23", docs)
    assert item["verdict"] == "pass"
    assert len({e["url"] for e in item["evidence"]}) == 6


def test_missing_march_is_named(profile):
    docs = [month_doc(i, f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน {full}\nจัดซื้อวัสดุ",
                      f"สรุปผลการจัดซื้อจัดจ้าง {short}") for i, (short, full) in enumerate(H1[:5])]
    item = judge(profile, "O23", docs)
    (f,) = item["findings"]
    assert f["kind"] == "missing_months" and f["months"] == ["2565-03"]
    assert f["message"] == "ไม่มีสรุปผลการจัดซื้อจัดจ้างรายเดือนมีนาคม 2565"


def test_month_stating_no_procurement_counts_and_one_document_can_cover_all(profile):
    text = ("สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2565\n"
            "ประจำเดือน ตุลาคม 2564\nจัดซื้อวัสดุ 5 ต.ค. 64\n"
            "ประจำเดือน พฤศจิกายน 2564\nไม่มีการจัดซื้อจัดจ้าง\n"
            "ประจำเดือน ธันวาคม\nจัดจ้างซ่อมถนน\n"  # year inferred from the fiscal year in the title
            "ประจำเดือน มกราคม 2565\nไม่มีการจัดซื้อจัดจ้าง\n"
            "ประจำเดือน กุมภาพันธ์ 2565\nจัดซื้อครุภัณฑ์ 3 เม.ย. 65\n")
    doc = {"url": BASE + "/sor.pdf", "kind": "pdf", "link_texts": ["สรุปผลการจัดซื้อจัดจ้าง"],
           "pages": [{"n": 1, "text": text}]}
    item = judge(profile, "O23", [doc])
    # a contract date in April does not stand for a monthly summary; March is missing
    assert [f["months"] for f in item["findings"]] == [["2565-03"]]
    doc["pages"].append({"n": 2, "text": "ประจำเดือน มีนาคม 2565\nไม่มีการจัดซื้อจัดจ้าง"})
    assert judge(profile, "O23", [doc])["verdict"] == "pass"


def test_last_years_months_do_not_count(profile):
    old = ["ตุลาคม 2563", "พฤศจิกายน 2563", "ธันวาคม 2563", "มกราคม 2564", "กุมภาพันธ์ 2564", "มีนาคม 2564"]
    docs = [month_doc(i, f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน {m}", "สรุปผลการจัดซื้อจัดจ้าง") for i, m in enumerate(old)]
    item = judge(profile, "O23", docs)
    assert item["verdict"] == "fail" and len(item["findings"][0]["months"]) == 6


# ---------------------------------------------------------------- elements


def test_executive_elements(profile):
    doc = {"url": BASE + "/executive", "kind": "html", "title": "คณะผู้บริหาร",
           "text": "นายสมชาย ใจดี\nนายกองค์การบริหารส่วนตำบล\nโทร ๐๘๑-๒๓๔-๕๖๗๘\n"
                   "นางสาวมาลี ศรีสุข\nรองนายกองค์การบริหารส่วนตำบล\nmalee@tambon-test.go.th",
           "features": {"images": [{"src": "/img/1.jpg", "alt": ""}, {"src": "/img/2.jpg", "alt": ""}]}}
    assert judge(profile, "O2", [doc])["verdict"] == "pass"
    # each executive's own contact (H): the deputy's e-mail gone, the mayor's phone is not hers
    no_mail = dict(doc, text=doc["text"].replace("\nmalee@tambon-test.go.th", ""))
    (f,) = judge(profile, "O2", [no_mail])["findings"]
    assert f["elements"] == ["ช่องทางการติดต่อ"] and f["message"] == "ไม่ปรากฏช่องทางการติดต่อ (ไม่ครบทุกคน: พบ 1 จาก 2 คน)"
    one = dict(doc, features={"images": [{"src": "/img/1.jpg", "alt": ""}]})  # a photo of each executive (H)
    (f,) = judge(profile, "O2", [one])["findings"]
    assert f["kind"] == "missing_elements" and f["elements"] == ["รูปถ่าย"]
    assert f["message"] == "ไม่ปรากฏรูปถ่าย (ไม่ครบทุกคน: พบ 1 จาก 2 คน)"
    alone = dict(doc, text="นายสมชาย ใจดี\nนายกองค์การบริหารส่วนตำบล\nโทร ๐๘๑-๒๓๔-๕๖๗๘")
    (f,) = judge(profile, "O2", [alone])["findings"]  # the top executive without the post-holders
    assert f["kind"] == "missing_elements" and f["elements"] == ["ชื่อ-นามสกุล"]
    doc["features"] = {"images": []}
    doc["text"] = "นายสมชาย ใจดี\nนายกองค์การบริหารส่วนตำบล\nนางสาวมาลี ศรีสุข\nรองนายกองค์การบริหารส่วนตำบล"
    (f,) = judge(profile, "O2", [doc])["findings"]
    assert f["kind"] == "missing_elements" and f["elements"] == ["รูปถ่าย", "ช่องทางการติดต่อ"]
    assert f["message"] == "ไม่ปรากฏรูปถ่าย, ช่องทางการติดต่อ"


def test_contact_map_from_iframe(profile):
    doc = {"url": BASE + "/contact", "kind": "html", "title": "ติดต่อเรา",
           "text": "ที่อยู่ หมู่ 1 ตำบลทดสอบ\nโทร 042-123456 โทรสาร 042-123457\nsaraban@tambon-test.go.th",
           "features": {"iframes": [{"src": "https://www.google.com/maps/embed?pb=1", "title": "map"}]}}
    assert judge(profile, "O5", [doc])["verdict"] == "pass"
    doc["features"] = {"iframes": [{"src": "https://www.youtube.com/embed/x"}]}
    assert judge(profile, "O5", [doc])["findings"][0]["elements"] == ["แผนที่ตั้ง"]


# ---------------------------------------------------------------- channel


def test_facebook_iframe_without_anchor_text_is_a_social_channel(profile):
    home = {"url": BASE + "/", "kind": "html", "title": "หน้าแรก", "text": "Facebook ของเรา",
            "features": {"iframes": [{"src": "https://www.facebook.com/plugins/page.php?href=x", "title": ""}]}}
    assert judge(profile, "O9", [home])["verdict"] == "pass"


def test_downloadable_form_is_not_an_e_service(profile):
    form = {"url": BASE + "/form.pdf", "kind": "pdf", "link_texts": ["E-Service แบบคำร้อง"],
            "pages": [{"n": 1, "text": "แบบคำร้องทั่วไป"}]}
    assert kinds(judge(profile, "O17", [form])) == ["not_online_service"]


def test_google_form_linked_from_site_is_a_complaint_channel(profile):
    page = {"url": BASE + "/complain", "kind": "html", "title": "ร้องเรียนการทุจริต", "text": "แจ้งเรื่องร้องเรียน"}
    link = {"src": BASE + "/complain", "url": "https://forms.gle/abc", "text": "แจ้งเบาะแสการทุจริต", "external": True}
    assert judge(profile, "O30", [page], [link])["verdict"] == "pass"
    foreign = dict(link, src="https://other-site.example.com/x")
    assert judge(profile, "O30", [page], [foreign])["verdict"] == "fail"


def test_search_box_is_not_an_online_form(profile):
    page = {"url": BASE + "/opinion", "kind": "html", "title": "แสดงความคิดเห็น", "text": "แสดงความคิดเห็น",
            "features": {"forms": [{"action": "/search", "fields": 1, "textareas": 0, "has_submit": True}]}}
    assert kinds(judge(profile, "O32", [page])) == ["not_online_service"]


# ---------------------------------------------------------------- on_site


def test_external_document_needs_a_link_from_the_site(profile):
    home = {"url": BASE + "/", "kind": "html", "title": "หน้าแรก", "text": "ยินดีต้อนรับ"}
    ext = o20(2564)
    ext["url"] = "https://drive.google.com/file/d/abc"
    ext["external"] = True
    ext["link_texts"] = []
    item = judge(profile, "O20", [home, dict(ext, title="รายงานผลการใช้จ่ายงบประมาณ ประจำปี 2564")])
    assert "off_site" in kinds(item)
    link = {"src": BASE + "/ita", "url": ext["url"], "text": "O20 รายงานผลการใช้จ่ายงบประมาณ", "external": True}
    assert judge(profile, "O20", [home, ext], [link])["verdict"] == "pass"


def test_pdf_text_with_swapped_sara_am_and_old_year(profile):
    # pdftotext output of a real LAO PDF (hangdong): SARA AA/AM swapped, marks split off, Thai digits
    text = "คำกล่ำวแสดงเจตจำนงของผู้บริหำร\nนำยกเทศมนตรี ต ำบลหำงดง\nจะบริหารงานด้วยความซื่อสัตย์ สุจริต\nประจำปี ๒๕๖๑"
    doc = {"url": BASE + "/file/028.pdf", "kind": "pdf", "link_texts": ["เจตจำนงสุจริตของผู้บริหาร"],
           "pages": [{"n": 1, "text": text}]}
    item = judge(profile, "O34", [doc])
    (f,) = item["findings"]
    assert f["kind"] == "wrong_period" and f["found"] == 2561 and f["expected"] == 2565
    doc["pages"][0]["text"] = text.replace("๒๕๖๑", "๒๕๖5")  # mixed digits
    assert judge(profile, "O34", [doc])["verdict"] == "pass"


def test_channel_answer_says_where_the_link_is(profile):
    home = {"url": BASE + "/", "kind": "html", "title": "หน้าแรก", "text": "ยินดีต้อนรับ"}
    link = {"src": BASE + "/", "url": "https://www.facebook.com/tambon", "text": "Facebook",
            "nav": True, "external": True}
    ans = judge(profile, "O9", [home], [link])["answer"]
    assert ans == {"disclosed": True, "url": "https://www.facebook.com/tambon",
                   "explanation": f"ลิงก์ “Facebook” บนหน้า {BASE}/"}


def test_executive_name_is_a_person_given_with_a_position(profile):
    """A name title + name + surname next to a position; "นายก…" itself is a position, not a name."""
    base = {"url": BASE + "/executive", "kind": "html", "title": "คณะผู้บริหาร",
            "features": {"images": [{"src": "/img/1.jpg", "alt": ""}, {"src": "/img/2.jpg", "alt": ""}],
                         "phones": ["042-123456", "081-234-5679"]}}  # a photo and a phone of each of the two
    for text in ("นายสมชาย ใจดี นายกเทศมนตรีตำบลทดสอบ", "นายกเทศมนตรี\nว่าที่ร้อยตรีสมชาย ใจดี",
                 "นายกมล ใจดี\nนายกองค์การบริหารส่วนตำบลทดสอบ", "นางสาวสมศรี มีสุข ปลัดองค์การบริหารส่วนตำบล"):
        deputy = "\nนายสมปอง รักดี รองนายกเทศมนตรี"  # O2 asks for the post-holders too (min_people: 2)
        assert judge(profile, "O2", [dict(base, text=text + deputy)])["verdict"] == "pass", text
    for text in ("นายกองค์การบริหารส่วนตำบลทดสอบ ร่วมขบวนแห่งานประจำปี",
                 "ถนนสายบ้านนายางเหนือ ซอย 7 นายกองค์การบริหารส่วนตำบล ตรวจงาน",
                 "นายสมชาย ใจดี ผู้ชนะการเสนอราคา"):
        (f,) = judge(profile, "O2", [dict(base, text=text)])["findings"]
        assert f["kind"] == "missing_elements" and "ชื่อ-นามสกุล" in f["elements"], text


# ---------------------------------------------------------------- coverage: a calendar year is not the fiscal half


def stat_doc(text):
    return {"url": BASE + "/stat.htm", "kind": "html", "title": "ข้อมูลเชิงสถิติการให้บริการ",
            "link_texts": ["ข้อมูลเชิงสถิติการให้บริการ"], "text": text}


CALENDAR_TABLE = ("สถิติผู้ป่วยนอก จำแนกรายเดือน {year}\n"
                  "เดือน ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค. รวม\n"
                  "ผู้ป่วยนอก 310 288 301 254 260 231 279 240 222 410 312 330 3,437")


def test_a_calendar_year_table_misses_the_fiscal_years_first_quarter(profile):
    """Months running January to December under a calendar year: its ต.ค.–ธ.ค. are of the next fiscal year."""
    item = judge(profile, "O15", [stat_doc(CALENDAR_TABLE.format(year="พ.ศ. 2565"))])
    (f,) = item["findings"]
    assert f["kind"] == "short_coverage" and f["reason"] == "short_coverage_calendar_year"
    assert "ปีปฏิทิน" in f["message"]
    # the same columns in fiscal order (ต.ค. first) are the fiscal year's: October to December 2564
    fiscal = CALENDAR_TABLE.replace("ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.",
                                    "ต.ค. พ.ย. ธ.ค. ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย.")
    assert judge(profile, "O15", [stat_doc(fiscal.format(year="พ.ศ. 2565"))])["verdict"] == "pass"
    # a fiscal year named: its months are the fiscal year's, whatever their order
    assert judge(profile, "O15", [stat_doc(CALENDAR_TABLE.format(year="ปีงบประมาณ 2565"))])["verdict"] == "pass"


def test_a_calendar_years_totals_without_months_fail_statistics_only(profile):
    """``calendar_year`` (O15): no month, and the year written without a fiscal-year marker."""
    totals = "จำนวนผู้ป่วยในทั่วไป พ.ศ. 2565 จำแนกตามแผนก\nอายุรกรรม 5,865\nศัลยกรรม 6,272\nรวม 12,137"
    (f,) = judge(profile, "O15", [stat_doc(totals)])["findings"]
    assert f["kind"] == "short_coverage" and f["reason"] == "short_coverage_calendar_year"
    assert judge(profile, "O15", [stat_doc(totals.replace("พ.ศ. 2565", "ปีงบประมาณ พ.ศ. 2565"))])["verdict"] == "pass"
    assert judge(profile, "O15", [stat_doc(totals + "\n(ข้อมูล ต.ค. 2564 - มี.ค. 2565)")])["verdict"] == "pass"


def test_a_stated_span_of_days_ending_before_march_is_short(profile):
    """An opening's span of two dates is what the document covers: a campaign week is not the first half-year."""
    week = ("รายงานการให้บริการการแพทย์ฉุกเฉินช่วงเทศกาลปีใหม่ 2565\nระหว่างวันที่ 29 ธ.ค. 2564 - 4 ม.ค. 2565\n"
            "สถิติบริการการแพทย์ฉุกเฉิน จำนวนผู้รับบริการ 7,526 ราย")
    (f,) = judge(profile, "O15", [stat_doc(week)])["findings"]
    assert f["kind"] == "short_coverage" and f["until"] == "มกราคม 2565"
    half = week.replace("29 ธ.ค. 2564 - 4 ม.ค. 2565", "1 ตุลาคม 2564 ถึง 31 มีนาคม 2565")
    assert judge(profile, "O15", [stat_doc(half)])["verdict"] == "pass"
