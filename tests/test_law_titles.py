"""A list of documents known by its titles: a ``{titles: [...], min: n}`` group in ``locate.about`` (session 18, O6).

Why: an agency's page of the laws it works under is often reached by a neutral link and titled with none of the
item's words ("พระราชบัญญัติ และประกาศ กกอ.", "กฎกระทรวง"); what says it is the list is its entries, two or more
law titles, each a line that begins with the kind of law and ends with its year. One law's title leading to its file
is a catalogue entry, and a page that cites laws inside its sentences lists none."""

from __future__ import annotations

from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import about_match, index_for

HOST = "https://www.law-list-test.go.th"
WORDS = ["พระราชบัญญัติ", "พ.ร.บ.", "กฎกระทรวง", "ระเบียบกระทรวง", "ระเบียบข้าราชการ", "ข้อบังคับ"]
ABOUT = [{"name": "titles", "all": [{"titles": WORDS, "min": 2}]}]


def _said(text: str, title: str = "เอกสาร 1") -> str | None:
    docs = [{"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
            {"url": f"{HOST}/doc/1.html", "kind": "html", "title": title, "text": text}]
    index = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": docs}))
    view = next(v for v in index.views if v.doc.url.endswith("/doc/1.html"))
    return about_match(view, ABOUT)


def test_two_titles_each_on_its_line_are_a_list():
    assert _said("1. พระราชบัญญัติเทศบาล พ.ศ. 2496 (ฉบับที่ 14)\n2. ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน พ.ศ. 2547 "
                 "96 KB") == "titles"
    # two run together on one line, Thai digits, the numbering of a sub-list
    assert _said("พระราชบัญญัติการศึกษาแห่งชาติ พ.ศ.๒๕๔๒ระเบียบข้าราชการครู (ฉ3) พ.ศ.๒๕๕๓") == "titles"
    assert _said("2.1 ข้อบังคับสถาบัน ว่าด้วยการเงิน พ.ศ. 2556\n2.2 ข้อบังคับสถาบัน ว่าด้วยการเงิน (ฉบับที่ 2) พ.ศ. 2559"
                 ) == "titles"
    # years listed under a heading that is one kind of law
    assert _said("กฎกระทรวง\n- พ.ศ. 2563\n- พ.ศ. 2560") == "titles"


def test_one_law_however_often_written_is_no_list():
    assert _said("พ.ร.บ.เทศบาล พ.ศ.2496 (ฉบับรวมแก้ไขเพิ่มเติมถึง ฉบับที่ 11 )") is None
    # the page's title and its text name the same law in other words: one year, one law
    assert _said("พระราชบัญญัติเทศบาล พ.ศ. 2496 แก้ไขเพิ่มเติมถึง (ฉบับที่ 14) พ.ศ. 2562", title="พ.ร.บ.เทศบาล พ.ศ.2496"
                 ) is None
    # a title without its year ("2547 แก้ไข 2562") is not read as one
    assert _said("4.4 พระราชบัญญัติระเบียบข้าราชการครู 2547 แก้ไข 2562\nกฎกระทรวง กำหนดวงเงิน 2560") is None


def test_laws_cited_in_sentences_are_no_list():
    assert _said("ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537 มาตรา 67\n"
                 "และพระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจ พ.ศ. 2542 มาตรา 16") is None
    # an entry that goes on as a sentence after its year is prose
    assert _said("พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 กำหนดให้หน่วยงานของรัฐต้องเปิดเผยข้อมูลข่าวสารต่อประชาชน\n"
                 "พระราชบัญญัติวิธีปฏิบัติราชการทางปกครอง พ.ศ. 2539 กำหนดหลักเกณฑ์การออกคำสั่งทางปกครองของเจ้าหน้าที่") is None
