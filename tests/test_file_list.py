"""A page listing a document's files, or naming documents of several kinds, is not the document
(oit_checker/file_list.py): the finding says so; the same list whose entries lead to crawled files stays their
pointer, and a list item (laws) is not affected."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from oit_checker import checker, file_list, thai
from oit_checker.corpus import Document, Page
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import View
from oit_checker.profiles import load_profile

RULES = Path(__file__).resolve().parent.parent / "rules" / "ita-2565"


def _fixture(name: str) -> dict:
    return yaml.safe_load((RULES / name).read_text(encoding="utf-8"))


def _judge(data: dict, code: str, lang: str = "en") -> dict:
    prof = load_profile("ita-2565", fiscal_year=2565, validate=False)
    return checker.judge(prof.rule(code), fixture_corpus(data), prof, lang=lang)


def test_plan_parts_list_is_said_to_be_a_list_of_files():
    item = _judge(_fixture("O25.file-list.fail.yaml"), "O25")
    assert item["verdict"] == "fail"
    finding = item["findings"][0]
    assert finding.get("reason") == "file_list"
    assert "lists documents or files" in finding["message"] and "/doc/4.html" in finding["message"]


def test_the_same_list_linking_a_crawled_file_is_not_judged_as_a_list():
    # the entries lead to a file the crawl holds: the file is judged, the page is not a bare list any more
    data = copy.deepcopy(_fixture("O25.file-list.fail.yaml"))
    page = data["documents"][1]["url"]
    data["documents"].append({"url": "https://www.tambon-neutral.go.th/files/plan.pdf", "kind": "pdf",
                              "title": "plan.pdf", "text": "ตารางกรอบอัตรากำลัง"})
    data["links"].append({"src": page, "url": "https://www.tambon-neutral.go.th/files/plan.pdf", "text": "(1-14)"})
    item = _judge(data, "O25")
    assert all(f.get("reason") != "file_list" for f in item["findings"])


def test_index_of_documents_is_not_the_work_manual():
    item = _judge(_fixture("O13.document-index.fail.yaml"), "O13", lang="th")
    assert item["verdict"] == "fail"
    assert item["findings"][0].get("reason") == "file_list"


def test_a_list_of_laws_is_still_the_laws():
    # laws are a list themselves (not in file_list_never): download entries do not stop O6
    data = {"documents": [
        {"url": "https://www.tambon-neutral.go.th/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": "https://www.tambon-neutral.go.th/law", "kind": "html", "title": "กฎหมายที่เกี่ยวข้อง",
         "link_texts": ["กฎหมายที่เกี่ยวข้อง"],
         "text": "กฎหมายที่เกี่ยวข้อง\nพระราชบัญญัติเทศบาล พ.ศ. 2496 ดาวน์โหลด\n"
                 "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 ดาวน์โหลด\n"
                 "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน พ.ศ. 2566 ดาวน์โหลด"}],
        "links": [{"src": "https://www.tambon-neutral.go.th/", "url": "https://www.tambon-neutral.go.th/law",
                   "text": "กฎหมายที่เกี่ยวข้อง"}]}
    assert _judge(data, "O6")["verdict"] == "pass"


def test_a_plans_year_range_is_no_page_range_nor_a_cover():
    # a five-year plan's opening ends its lines with its years "(2561-2565)": not a list of files, so its preface
    # is still presumed (real-text O4-02 of tests/realtext regressed on this once)
    from oit_checker import file_list

    opening = "แผนพัฒนาท้องถิ่น(พ.ศ.2561-2565)\nรายละเอียดกิจกรรม/โครงการ ที่จะทำในช่วง (2561-2565)"
    assert not file_list.files_cover(opening)
    assert not file_list._PAGE_RANGE.search("ที่จะทำในช่วง (2561-2565)")
    assert file_list._PAGE_RANGE.search("เล่มแผน ส่วนที่ 8 (15-22) แก้ไข")
    assert file_list.files_cover("คู่มือสำหรับประชาชน\nปก\nคำนำ สารบัญ")


def test_sub_numbered_entries_index_documents_and_the_complaint_procedure_is_not_a_list():
    # "1.1 คำสั่ง…", "2.1คู่มือ…", "4.2.สรุป…": sub-entries of an evidence list are entries too (session 17), and the
    # corruption-complaint procedure (O29) is a document's content, never such a list
    from oit_checker import file_list

    assert file_list._ENTRY.match("1.1 คำสั่งแต่งตั้ง").end() == 4
    assert file_list._ENTRY.match("4.2.สรุปเรื่องร้องเรียน").end() == 4
    assert file_list._ENTRY.match("3.คู่มือ").end() == 2
    item = _judge(_fixture("O29.file-index.fail.yaml"), "O29")
    assert item["verdict"] == "fail" and item["findings"][0].get("reason") == "file_list"


def test_one_title_year_after_year_is_an_archive_of_the_document():
    # session 17: spending plans listed by year under a paragraph on the procedure, each line a link to a year's file
    item = _judge(_fixture("O18.year-archive.fail.yaml"), "O18")
    assert item["verdict"] == "fail" and item["findings"][0].get("reason") == "file_list"
    lines = ["แผนการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2565", "แผนการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2564",
             "แผนการใช้จ่ายงบประมาณประ"]
    assert file_list._year_entries(lines) == {0, 1, 2}  # the last line, cut short, begins the title
    # a table's short cells, one year named once, or the same year twice are no archive
    assert file_list._year_entries(["งบประมาณ ปี 2566", "งบประมาณ ปี 2567"]) == set()
    assert file_list._year_entries(["แผนการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2565", "รวม 11,900,000 บาท"]) == set()
    assert file_list._year_entries(["แผนการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2565"] * 2) == set()


def test_the_archives_year_headings_are_part_of_the_list():
    # budget papers under "ปีงบประมาณ 2566" headings, the ordinance once a year among other papers of the year
    item = _judge(_fixture("O18.year-headings.fail.yaml"), "O18")
    assert item["verdict"] == "fail" and item["findings"][0].get("reason") == "file_list"
    assert file_list._YEAR_HEADING.match("ปี พ.ศ. 2565") and file_list._YEAR_HEADING.match("ปีงบประมาณ 2564")
    assert not file_list._YEAR_HEADING.match("งบประมาณ ปี 2566")


def test_the_years_plan_naming_last_year_once_is_still_the_plan():
    assert _judge(_fixture("O18.year-archive.pass.yaml"), "O18")["verdict"] == "pass"


def test_a_bare_list_of_manual_titles_is_not_the_work_manual():
    # session 20 (tuning set b13-1 O13-901): unnumbered, mostly one kind of document, under the page's heading
    item = _judge(_fixture("O13.title-list.fail.yaml"), "O13")
    assert item["verdict"] == "fail"
    assert item["findings"][0].get("reason") == "file_list"


def test_a_manual_whose_lines_are_sentences_is_no_list_of_titles():
    data = copy.deepcopy(_fixture("O13.title-list.fail.yaml"))
    data["documents"][1]["text"] = ("มาตรฐานการปฏิบัติงาน\nคู่มือการลาของบุคลากร\n"
                                    "ขั้นตอนที่ 1 ผู้ขอลากรอกแบบใบลาในระบบและเสนอผู้บังคับบัญชาตามลำดับชั้นภายในหนึ่งวันทำการก่อนวันลา\n"
                                    "ขั้นตอนที่ 2 ผู้บังคับบัญชาพิจารณาอนุญาตและส่งงานการเจ้าหน้าที่บันทึกข้อมูลวันลาภายในสองวันทำการ\n")
    assert _judge(data, "O13")["verdict"] == "pass"


def test_an_announcement_whose_plan_is_attached_is_said_so():
    # session 24: "…ประจำปีงบประมาณ พ.ศ. 2565 ตามเอกสารที่แนบท้ายประกาศนี้", no file linked: the plan is not on the page
    item = _judge(_fixture("O21.attached.fail.yaml"), "O21")
    assert item["verdict"] == "fail"
    finding = item["findings"][0]
    assert finding.get("reason") == "attached"
    assert "attached document" in finding["message"] and "/news/2451" in finding["message"]


def test_the_same_announcement_linking_its_crawled_plan_is_not_judged_as_a_pointer_alone():
    # the attachment is in the crawl: it is judged itself, the page is no bare announcement any more
    data = copy.deepcopy(_fixture("O21.attached.fail.yaml"))
    page = data["documents"][1]["url"]
    data["documents"].append({"url": "https://www.hospital-example.go.th/files/plan-2565.pdf", "kind": "pdf",
                              "title": "plan-2565.pdf", "text": "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565"})
    data["links"].append({"src": page, "url": "https://www.hospital-example.go.th/files/plan-2565.pdf",
                          "text": "เอกสารแนบ"})
    item = _judge(data, "O21")
    assert all(f.get("reason") != "attached" for f in item["findings"])


def test_a_long_document_citing_an_attachment_is_not_an_announcement():
    text = "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2565\n" + "รายการจัดซื้อวัสดุสำนักงาน งบประมาณ 25,000 บาท\n" * 40 \
        + "รายละเอียดตามเอกสารแนบท้าย"
    page = Page(n=1, text=text, norm=thai.normalize(text))
    doc = Document(url="https://x.go.th/p", kind="html", title="แผน", pages=[page])
    assert not file_list.says_attached(View(doc, [], frozenset()))
