"""Issue 9 (real agency texts): a short ``locate.about`` word matches only as written.

The fuzzy key of a short word is three consonants ("วันที่" → "วนท"); it occurs inside unrelated words of
almost every LAO page ("ส่วนท้องถิ่น"), so a plan's strategy page looked "dated" and became O7's news."""

from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import about_match, index_for

HOST = "https://www.tambon-about.go.th"
DOC = f"{HOST}/doc/1.html"
ABOUT = [{"name": "dated", "all": [["วันที่"], ["จัดกิจกรรม"]]}]


def _view(text: str):
    corpus = fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": "เอกสาร 1", "text": text}]})
    return index_for(corpus).by_url[DOC]


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

