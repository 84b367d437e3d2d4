"""The ``{alone: [...]}`` about group: a page that is one title and little else (O6's one-law page)."""

from oit_checker.locate import _alone_title

WORDS = ("พระราชบัญญัติ", "ระเบียบกระทรวง", "พ.ร.บ.")


def test_one_title_with_a_date_and_its_file_is_alone():
    text = "13/10/2559\nพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540\nดาวน์โหลดไฟล์ (1.2 MB)"
    assert _alone_title(text, WORDS, 120)


def test_a_title_restated_in_other_words_is_still_one():
    text = "พ.ร.บ.เทศบาล พ.ศ.2496\nพระราชบัญญัติเทศบาล พ.ศ. 2496 แก้ไขเพิ่มเติมถึงฉบับที่ 14"
    assert _alone_title(text, WORDS, 120)


def test_a_title_over_an_article_is_not_alone():
    text = "พระราชบัญญัติเทศบาล พ.ศ. 2496\n" + "ความเป็นมาของเทศบาลในประเทศไทยเริ่มจากสุขาภิบาล " * 5
    assert not _alone_title(text, WORDS, 120)


def test_a_list_of_three_titles_is_a_list_not_one_title():
    text = "พระราชบัญญัติเทศบาล\nพระราชบัญญัติข้อมูลข่าวสารของราชการ\nระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน"
    assert not _alone_title(text, WORDS, 120)


def test_the_title_must_open_the_page():
    text = "ข่าวประชาสัมพันธ์\nประชุมสภา\nกิจกรรมวันเด็ก\nพระราชบัญญัติเทศบาล พ.ศ. 2496"
    assert not _alone_title(text, WORDS, 120)
