"""Issue 9 (real agency texts): a short ``locate.about`` word matches only as written.

The fuzzy key of a short word is three consonants ("วันที่" → "วนท"); it occurs inside unrelated words of
almost every LAO page ("ส่วนท้องถิ่น"), so a plan's strategy page looked "dated" and became O7's news."""

from types import SimpleNamespace

from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import about_match, candidates, index_for

HOST = "https://www.tambon-about.go.th"
DOC = f"{HOST}/doc/1.html"
ABOUT = [{"name": "dated", "all": [["วันที่"], ["จัดกิจกรรม"]]}]


def _index(text: str):
    return index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": "เอกสาร 1", "text": text}]}))


def _view(text: str):
    return _index(text).by_url[DOC]


def test_a_short_word_inside_another_word_is_not_a_match():
    plan = "ยุทธศาสตร์ขององค์กรปกครองส่วนท้องถิ่น\nเพื่อให้สามารถดำเนินการจัดกิจกรรมต่างๆ บรรลุเป้าประสงค์"
    assert about_match(_view(plan), ABOUT) is None


def test_a_short_word_as_written_still_matches():
    post = "วันที่ 9 ธันวาคม 2564 องค์การบริหารส่วนตำบลจัดกิจกรรมทำความสะอาด"
    assert about_match(_view(post), ABOUT) == "dated"


def test_a_long_word_keeps_its_fuzzy_match():
    # split vowels of a damaged PDF text: the long word's fuzzy key still finds it
    about = [{"name": "plan", "all": [["แผนพัฒนาท้องถิ่น"]]}]
    assert about_match(_view("แผนพัฒนำท้องถิ่น 4 ปี (พ.ศ.2561-2564)"), about) == "plan"



def test_the_term_heading_a_line_decides_the_opening_whatever_its_place_in_the_rule():
    # 2569 O1 lists "โครงสร้าง" before "อำนาจหน้าที่": a duties page that mentions the structure further
    # down opens with the duties term, and that is what it is
    text = ("อำนาจหน้าที่ขององค์การบริหารส่วนจังหวัด\n"
            "องค์การบริหารส่วนจังหวัดมีโครงสร้างประกอบด้วยสภาและนายก และมีอำนาจหน้าที่ตามพระราชบัญญัติ")
    rule = SimpleNamespace(code="O99", locate={"terms": ["โครงสร้าง", "อำนาจหน้าที่"]})
    found = [c for c in candidates(rule, _index(text)) if c.view.doc.url == DOC]
    assert found and {"term": "อำนาจหน้าที่", "where": "opening"} in found[0].matched


CONTACT = [{"name": "contact", "all": [["โทรศัพท์"], ["อีเมล"]], "not": ["^เรียน"]}]


def test_a_line_start_not_word_vetoes_a_letter():
    letter = "ที่ อต 0001/123\nเรียน นายอำเภอตัวอย่าง\nโทรศัพท์ 042-123456 อีเมล saraban@example.go.th"
    assert about_match(_view(letter), CONTACT) is None


def test_a_line_start_not_word_inside_a_word_or_a_sentence_is_no_veto():
    contact = "สำนักงานคณะ อาคารเรียนรวม ชั้น 6\nโทรศัพท์ 042-123456 อีเมล office@example.ac.th\nติดต่อเรียนสอบถามได้"
    assert about_match(_view(contact), CONTACT) == "contact"


def test_a_table_figure_above_the_next_rows_month_is_no_date():
    # session 20 (tuning set b13-1 O15-901): "… | 2 | 14" / "ธันวาคม 2566 | …" is a count, not 14 December
    about = [{"name": "dated", "all": [["{date}"], ["จัดโครงการ"]]}]
    table = ("เดือน | จำนวนการจัดโครงการ | ผู้เข้าร่วม\nพฤศจิกายน 2566 | 2 | 14\nธันวาคม 2566 | 8 | 412")
    assert about_match(_view(table), about) is None
    assert about_match(_view("วันที่ 14 ธันวาคม 2566 สำนักงานจัดโครงการอบรม"), about) == "dated"


NOT_MISSION = [{"name": "forum", "all": [["ประชาคม"]], "not": ["พันธกิจ"]}]


def test_a_not_word_met_only_through_a_silenced_letter_is_no_veto():
    # "ประชาสัมพันธ์กิจกรรม" (publicising an activity): with THANTHAKHAT dropped its key holds "พันธกิจ"'s
    post = "ประชาสัมพันธ์กิจกรรม\nศูนย์ป่าไม้จัดประชุมประชาคมกิจกรรมป่าชุมชนที่บ้านหนองแก"
    assert about_match(_view(post), NOT_MISSION) == "forum"


def test_a_not_word_with_damaged_marks_still_vetoes():
    plan = "วิสยัทศัน์ พนัธกจิ\nการประชุมประชาคมเพื่อจัดทำแผน"
    assert about_match(_view(plan), NOT_MISSION) is None
    assert about_match(_view("วิสัยทัศน์ พันธกิจ\nประชาคม"), NOT_MISSION) is None
