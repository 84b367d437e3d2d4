"""Issue 9: when one document passes several items, each item cites the one that fits it best.

News (a catch-all: any dated post of the agency) yields a post another item claims (an executive's
integrity activity) when another news post passes, and falls back to it when it is the only one; a
report or a plan is never cited as news (``rules/common/attribution.yaml``)."""

from oit_checker import attribution, checker
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import index_for
from oit_checker.profiles import load_profile

HOST = "https://www.tambon-attr.go.th"
EXECUTIVES = {"url": f"{HOST}/executive", "kind": "html", "title": "คณะผู้บริหาร", "link_texts": ["คณะผู้บริหาร"],
              "text": "คณะผู้บริหาร\nนายประเสริฐ ดีงาม นายกองค์การบริหารส่วนตำบลทดสอบ โทร 081-111-1111"}
# an activity post the executive led: O35's evidence, and a dated post of the agency (news) too
ACTIVITY = {"url": f"{HOST}/news/1", "kind": "html", "title": "กิจกรรมวันต่อต้านคอร์รัปชันสากล",
            "text": "กิจกรรมวันต่อต้านคอร์รัปชันสากล\nเมื่อวันที่ 9 ธันวาคม 2564 นายประเสริฐ ดีงาม "
                    "นายกองค์การบริหารส่วนตำบลทดสอบ เป็นประธานเปิดกิจกรรมต่อต้านการทุจริต "
                    "ร่วมแสดงเจตนารมณ์ต่อต้านการทุจริต พร้อมด้วยพนักงานส่วนตำบล"}
# an ordinary news post of the agency
NEWS = {"url": f"{HOST}/news/2", "kind": "html", "title": "ปลูกต้นไม้เฉลิมพระเกียรติ",
        "text": "ปลูกต้นไม้เฉลิมพระเกียรติ\nเมื่อวันที่ 15 มกราคม 2565 องค์การบริหารส่วนตำบลทดสอบ ได้จัดกิจกรรม"
                "ปลูกต้นไม้ ณ สวนสาธารณะหมู่ที่ 3 ร่วมกับประชาชนในพื้นที่"}
# a dated six-month report posted on the home page: a report, never a news post
REPORT = {"url": f"{HOST}/news/0", "kind": "html", "title": "เอกสาร 1",
          "text": "รายงานผลการดำเนินงานตามแผนการดำเนินงาน รอบ 6 เดือน\nเมื่อวันที่ 19 มีนาคม 2565 องค์การบริหาร"
                  "ส่วนตำบลทดสอบ ได้จัดประชุมคณะกรรมการติดตามและประเมินผล โครงการที่ได้ดำเนินการ 12 โครงการ"}


def _site(*posts):
    home = {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับสู่เว็บไซต์"}
    links = [{"src": f"{HOST}/", "url": EXECUTIVES["url"], "text": "คณะผู้บริหาร"}]
    links += [{"src": f"{HOST}/", "url": p["url"], "text": p["title"]} for p in posts]
    docs = [home, EXECUTIVES] + [dict(p, link_texts=[p["title"]], referrers=[f"{HOST}/"]) for p in posts]
    return fixture_corpus({"start_url": f"{HOST}/", "documents": docs, "links": links})


def _judge(corpus, code: str, profile: str = "ita-2565") -> dict:
    prof = load_profile(profile, fiscal_year=2565)
    return checker.judge(prof.rule(code), corpus, prof)


def _cited(item: dict) -> list[str]:
    return [e.get("url") for e in item["evidence"] if e.get("url")]


def test_news_cites_the_news_post_and_the_activity_stays_the_executives():
    corpus = _site(ACTIVITY, NEWS)  # the activity comes first in the located order (same score, its address)
    news, activity = _judge(corpus, "O7"), _judge(corpus, "O35")
    assert news["verdict"] == "pass" and activity["verdict"] == "pass"
    assert _cited(news)[0] == NEWS["url"]
    assert _cited(activity)[0] == ACTIVITY["url"]


def test_the_only_dated_post_is_still_news():
    news = _judge(_site(ACTIVITY), "O7")
    assert news["verdict"] == "pass"
    assert _cited(news)[0] == ACTIVITY["url"]  # shared: nothing else passes


def test_a_report_is_not_cited_as_news():
    news = _judge(_site(REPORT, NEWS), "O7")
    assert news["verdict"] == "pass" and _cited(news)[0] == NEWS["url"]
    alone = _judge(_site(REPORT), "O7")
    assert alone["verdict"] == "fail"  # a dated report is the only post: no news published
    assert REPORT["url"] not in _cited(alone)


def test_the_catch_all_and_kinds_are_rule_data_by_concept():
    for pid, code in (("ita-2565", "O7"), ("ita-2566", "O7"), ("ita-2568", "O4"), ("ita-2569", "O4")):
        prof = load_profile(pid, validate=False)
        assert attribution.is_catch_all(prof.rule(code), prof), (pid, code)
    prof = load_profile("ita-2565", validate=False)
    assert not attribution.is_catch_all(prof.rule("O35"), prof)
    index = index_for(_site(REPORT, NEWS, ACTIVITY))
    assert attribution.declared_kind(index.by_url[REPORT["url"]]) == "report"
    assert attribution.declared_kind(index.by_url[ACTIVITY["url"]]) is None
    assert attribution.foreign_kind(index.by_url[REPORT["url"]], prof.rule("O7"), prof)
    assert not attribution.foreign_kind(index.by_url[REPORT["url"]], prof.rule("O12"), prof)


# the complaint-handling manual posted under a work-manual title: O29's evidence, not a work manual lacking parts
COMPLAINT_MANUAL = {"url": f"{HOST}/complaint/manual.html", "kind": "html",
                    "title": "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์",
                    "text": "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์\nคู่มือการดำเนินการเรื่องร้องเรียนการทุจริต"
                            "และประพฤติมิชอบ\nแนวปฏิบัติในการรับเรื่องร้องเรียนการทุจริตของเทศบาล"}


def test_another_items_document_does_not_explain_a_failure():
    corpus = _site(COMPLAINT_MANUAL)
    complaints, manual = _judge(corpus, "O29"), _judge(corpus, "O13")
    assert complaints["verdict"] == "pass" and _cited(complaints)[0] == COMPLAINT_MANUAL["url"]
    assert manual["verdict"] == "fail"
    assert [f["kind"] for f in manual["findings"]] == ["not_found"]  # not "the work manual lacks its parts"


# a quarterly statement posted as a public-relations item: the post's own title goes on with the statement's name
STATEMENT_POST = {"url": f"{HOST}/news/5", "kind": "html",
                  "title": "ประชาสัมพันธ์งบแสดงผลการดำเนินงาน ไตรมาส 2 ประจำปีงบประมาณ พ.ศ. 2565",
                  "text": "ผลการดำเนินงานระหว่างวันที่ 1 ตุลาคม 2564 ถึง 31 มีนาคม 2565\nรายรับรวม 9,100,000 บาท\n"
                          "รายจ่ายรวม 7,250,000 บาท"}
# news of a meeting that mentions the spending: its title names the meeting first
MEETING_POST = {"url": f"{HOST}/news/6", "kind": "html",
                "title": "ข่าวประชาสัมพันธ์ ประชุมติดตามการเบิกจ่ายงบประมาณ ไตรมาส 2",
                "text": "วันที่ 5 เมษายน 2565 ประชุมติดตามการเบิกจ่ายงบประมาณ 1 ตุลาคม 2564 ถึง 31 มีนาคม 2565 "
                        "เบิกจ่ายแล้ว 7,250,000 บาท"}


def test_a_post_titled_as_the_budget_report_is_the_report():
    prof = load_profile("ita-2565", validate=False)
    index = index_for(_site(STATEMENT_POST, MEETING_POST))
    rule = prof.rule("O19")
    assert attribution.declared_kind(index.by_url[STATEMENT_POST["url"]]) == "news"
    assert attribution.titled_as_item(index.by_url[STATEMENT_POST["url"]], rule, {"news"})
    assert not attribution.titled_as_item(index.by_url[MEETING_POST["url"]], rule, {"news"})
    assert not attribution.titled_as_item(index.by_url[STATEMENT_POST["url"]], rule, {"report"})
    judged = _judge(_site(STATEMENT_POST), "O19")
    assert judged["verdict"] == "pass" and STATEMENT_POST["url"] in _cited(judged)
    assert _judge(_site(MEETING_POST), "O19")["verdict"] == "fail"
