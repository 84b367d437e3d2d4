"""A picture of a table shown above a readable file is that file's copy, never this item's evidence left unread.

Found on generated sites with fresh seeds (session 15, 2566 seed 7723, hub and menus): the complaint manual's page
"คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์" shows its table as a picture above "คลิกที่นี่" to the Word
file (O27's evidence, which passes). The picture's OCR reads little, and its page's title carries the work
manual's term "คู่มือการปฏิบัติงาน", so 2566 O14 (work manual) was judged "unreadable: the data is an image"
while the work manual's own link answers 404: the officer must be told to fix the dead link.

A small site crawled by Scrapy from a local server (a real PNG read by OCR, a real Word file, a dead PDF link)."""

import pytest
from conftest import scan_items

PAGE = ('<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{t} - เทศบาลตำบลทดสอบ</title></head>'
        '<body><nav><a href="/index.html">หน้าหลัก</a></nav><main><h2>{t}</h2>{b}</main></body></html>')
MANUAL = "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์"


def _site(root):
    from oit_checker.sitegen.render import write_docx, write_png

    for d in ("ita", "files/complaint", "images"):
        (root / d).mkdir(parents=True, exist_ok=True)
    write_png(root / "images" / "table-1.png", "table", f"O29:{MANUAL}")
    title = "คู่มือการดำเนินการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ เทศบาลตำบลทดสอบ"
    write_docx(root / "files" / "complaint" / "complaint-manual.docx", title, [
        {"p": title},
        {"p": "1. ช่องทางการร้องเรียน"},
        {"p": "ร้องเรียนด้วยตนเอง ณ ศูนย์รับเรื่องร้องเรียน สำนักปลัดเทศบาล ทางโทรศัพท์ 0 7731 4255"},
        {"p": "2. ขั้นตอนการดำเนินการ"},
        {"table": {"head": ["ขั้นตอน", "การดำเนินการ", "ระยะเวลา"],
                   "rows": [["1", "รับและลงทะเบียนเรื่องร้องเรียน", "1 วันทำการ"],
                            ["2", "ตรวจสอบข้อเท็จจริงและแจ้งผลให้ผู้ร้องเรียนทราบ", "15 วันทำการ"]]}},
        {"p": "3. หน่วยงานที่รับผิดชอบ ศูนย์รับเรื่องร้องเรียนการทุจริต สำนักปลัดเทศบาล"}])
    (root / "index.html").write_text(PAGE.format(t="หน้าหลัก", b=(
        '<p><a href="/ita/o13.html">ศูนย์รวมเอกสารเผยแพร่</a></p>'
        f'<p><a href="/ita/o29.html">{MANUAL}</a></p>')), encoding="utf-8")
    (root / "ita" / "o13.html").write_text(PAGE.format(t="ศูนย์รวมเอกสารเผยแพร่", b=(
        '<p>เอกสารเผยแพร่ของหน่วยงาน</p><table border="1"><tr><th>ลำดับ</th><th>ชื่อเอกสาร</th><th>ไฟล์</th></tr>'
        '<tr><td>1</td><td><a href="/files/manual/work-manual.pdf">คู่มือการปฏิบัติงาน เทศบาลตำบลทดสอบ</a></td>'
        "<td>PDF</td></tr></table>")), encoding="utf-8")
    (root / "ita" / "o29.html").write_text(PAGE.format(t=MANUAL, b=(
        '<p class="img"><img src="/images/table-1.png" alt="" width="800"></p>'
        '<p class="attach"><a href="/files/complaint/complaint-manual.docx">คลิกที่นี่</a></p>')), encoding="utf-8")


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    root = tmp_path_factory.mktemp("pictured-copy")
    _site(root / "site")
    return scan_items(root / "site", root / "out", "ita-2566", ocr=True)["ita-2566"]


def test_a_pictured_copy_beside_a_readable_file_does_not_make_another_item_unreadable(judged):
    o14 = judged["O14"]
    assert o14["verdict"] == "fail", o14["findings"]
    kinds = [f["kind"] for f in o14["findings"]]
    assert kinds[0] == "broken_link" and "unreadable" not in kinds, o14["findings"]
    assert o14["findings"][0]["evidence"]["url"].endswith("/files/manual/work-manual.pdf")
