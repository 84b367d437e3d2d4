"""Issue 9 (real agency texts): a short ``locate.exclude`` word counts only as written.

The fuzzy key of the preface word "คำนำ" ("คานา") occurs across a surname and a title ("…ทองคำ นายก…",
"อบต.นาคำ นาย…"), which dropped real dated news posts as if they were a document's preface."""

from types import SimpleNamespace

from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import candidates, index_for

HOST = "https://www.tambon-exclude.go.th"
DOC = f"{HOST}/doc/1.html"
RULE = SimpleNamespace(code="O99", locate={"terms": ["ข่าวประชาสัมพันธ์"], "exclude": ["คำนำ"]})


def _matched(text: str) -> list[dict]:
    index = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": "เอกสาร 1", "text": text}]}))
    return [m for c in candidates(RULE, index) if c.view.doc.url == DOC for m in c.matched]


def test_a_short_exclude_word_across_two_words_does_not_exclude():
    post = "ข่าวประชาสัมพันธ์\nวันที่ 2 มีนาคม 2565 นายสมปอง ทองคำ นายกองค์การบริหารส่วนตำบลทดสอบ ลงพื้นที่ตรวจถนน"
    matched = _matched(post)
    assert any(m["where"] == "opening" for m in matched)
    assert not any(m["where"].startswith("exclude") for m in matched)


def test_a_short_exclude_word_as_written_still_excludes():
    preface = "ข่าวประชาสัมพันธ์\nคำนำ\nการประเมินความเสี่ยงการทุจริตเป็นเครื่องมือของหัวหน้าส่วนราชการ"
    assert _matched(preface) == []  # named by its opening, dropped by the preface word


MANUAL_RULE = SimpleNamespace(code="O99", locate={"terms": ["แจ้งเรื่องร้องเรียน"], "exclude": ["คู่มือ"]})


def _matched_for(rule, text: str) -> list[dict]:
    index = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": "เอกสาร 1", "text": text}]}))
    return [m for c in candidates(rule, index) if c.view.doc.url == DOC for m in c.matched]


def test_an_exclude_word_inside_an_opening_paragraph_is_a_mention():
    # session 17: a report channel's first paragraph says the agency also wrote a complaint manual; the paragraph
    # does not name the page, so the page stays the channel's candidate
    page = ("แจ้งเรื่องร้องเรียนการทุจริต\nสำนักงานได้จัดทำคู่มือการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของบุคลากรไว้แล้ว "
            "เพื่อให้ผู้รับผิดชอบดำเนินการกับเรื่องที่ท่านแจ้งในแนวทางเดียวกันและเก็บข้อมูลของผู้แจ้งไว้เป็นความลับทุกกรณี")
    matched = _matched_for(MANUAL_RULE, page)
    assert any(m["where"] == "opening" for m in matched)
    assert not any(m["where"].startswith("exclude") for m in matched)


def test_an_exclude_word_on_a_short_opening_line_still_excludes():
    page = "แจ้งเรื่องร้องเรียนการทุจริต\nคู่มือการจัดการเรื่องร้องเรียนการทุจริต\nขั้นตอนการรับเรื่อง"
    assert _matched_for(MANUAL_RULE, page) == []


TITLE_RULE = SimpleNamespace(code="O99", locate={"terms": ["แผนอัตรากำลัง"], "exclude": ["^โครงสร้าง"]})


def _matched_titled(title: str, text: str) -> list[dict]:
    index = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": title, "text": text}]}))
    return [m for c in candidates(TITLE_RULE, index) if c.view.doc.url == DOC for m in c.matched]


def test_a_caret_exclude_word_counts_where_it_opens_the_title():
    matched = _matched_titled("โครงสร้างการแบ่งส่วนราชการและอัตรากำลัง แผนอัตรากำลัง 3 ปี", "แผนภูมิโครงสร้าง")
    assert matched == []  # named by its title, dropped: the title says it is the structure first


def test_a_caret_exclude_word_inside_the_title_or_opening_a_line_is_no_exclusion():
    plan = "แผนอัตรากำลัง 3 ปี\nโครงสร้างส่วนราชการ\nวัตถุประสงค์ เพื่อวางโครงสร้างการแบ่งงานให้เหมาะสม"
    for title in ("แผนอัตรากำลัง 3 ปี (ปรับปรุงโครงสร้าง)", "แผนอัตรากำลัง 3 ปี"):
        matched = _matched_titled(title, plan)
        assert matched and not any(m["where"].startswith("exclude") for m in matched)


def test_a_caret_exclude_word_opening_a_link_text_excludes_a_file_not_named_itself():
    chart = f"{HOST}/images/chart.png"
    index = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": chart, "kind": "pdf", "title": "แผนผัง", "text": "ผังองค์กร",
         "link_texts": ["โครงสร้างการแบ่งส่วนราชการและอัตรากำลัง แผนอัตรากำลัง 3 ปี"]}]}))
    assert [c for c in candidates(TITLE_RULE, index) if c.view.doc.url == chart] == []
