"""Office readers on generated files: tables, sheets, dates, Thai digits, order of content."""

import datetime as dt
import io
import zipfile

import pytest
from fixtures.extract_docs import PHRASE_1, PHRASE_2, make_docx, make_xls, make_xlsx

from oit_checker import thai
from oit_checker.extract import office
from oit_checker.extract.dispatch import extract_body


def test_docx_table_text_in_body_order_and_header():
    body = make_docx(
        "รายงานผลการดำเนินงาน",
        [["หัวข้อ", "รายละเอียด"], [PHRASE_1, PHRASE_2]],
        header="เทศบาลตำบลตัวอย่าง",
    )
    res = office.extract_docx(body)
    (page,) = res["pages"]
    lines = page.text.splitlines()
    assert lines.index("ก่อนตาราง") < lines.index(f"{PHRASE_1}\t{PHRASE_2}") < lines.index("หลังตาราง")
    assert "เทศบาลตำบลตัวอย่าง" in page.text
    assert res["headings"] == ["รายงานผลการดำเนินงาน"]
    assert thai.contains(page.norm, "ประจำเดือนมีนาคม 2565") == "exact"


def test_docx_merged_cells_counted_once():
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "รวมสองช่อง"
    table.cell(0, 2).text = "ช่องสาม"
    buf = io.BytesIO()
    doc.save(buf)
    assert office.extract_docx(buf.getvalue())["pages"][0].text == "รวมสองช่อง\tช่องสาม"


def test_xlsx_one_page_per_sheet_with_dates_and_thai_digits():
    body = make_xlsx({
        "มีนาคม ๒๕๖๕": [["ลำดับ", "งานที่จัดซื้อจัดจ้าง", "วงเงิน", "วันที่"],
                        ["๑", "จัดซื้อวัสดุสำนักงาน", 15000.0, dt.datetime(2022, 3, 15)],
                        [None, None, None, None],
                        ["๒", "จ้างเหมาซ่อมถนน", 12500.5, dt.date(2022, 3, 31)]],
        "สรุป": [["รวม", 27500.5]],
    })
    res = office.extract_xlsx(body)
    assert [p.label for p in res["pages"]] == ["มีนาคม ๒๕๖๕", "สรุป"]
    first = res["pages"][0]
    assert first.text.splitlines()[1] == "๑\tจัดซื้อวัสดุสำนักงาน\t15000\t2022-03-15"
    assert first.text.splitlines()[2].startswith("๒\tจ้างเหมาซ่อมถนน\t12500.5\t2022-03-31")
    assert "2 จ้างเหมาซ่อมถนน 12500.5 2022-03-31" in first.norm  # tabs become spaces
    assert res["pages"][1].text == "รวม\t27500.5"


def test_xls_thai_cells_and_dates():
    body = make_xls([["งานที่จัดซื้อจัดจ้าง", "วันที่"], ["จัดซื้อวัสดุ ๒๕๖๕", dt.date(2022, 3, 15)]], sheet="สขร1")
    res = office.extract_xls(body)
    (page,) = res["pages"]
    assert page.label == "สขร1"
    assert page.text.splitlines()[1] == "จัดซื้อวัสดุ ๒๕๖๕\t2022-03-15"


def test_ods_via_calamine(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="แผน")
    for row in (["ปีงบประมาณ", "๒๕๖๕"], ["โครงการ", "ซ่อมถนน"]):
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "a.ods"
    doc.save(str(path))
    res = extract_body(path.read_bytes(), "ods")
    assert res["pages"][0]["label"] == "แผน"
    assert res["pages"][0]["text"] == "ปีงบประมาณ\t๒๕๖๕\nโครงการ\tซ่อมถนน"


def test_odt_headings_and_paragraphs(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="แผนการจัดซื้อจัดจ้าง"))
    doc.text.addElement(P(text=PHRASE_1))
    path = tmp_path / "a.odt"
    doc.save(str(path))
    res = office.extract_odt(path.read_bytes())
    assert res["headings"] == ["แผนการจัดซื้อจัดจ้าง"]
    assert res["pages"][0].text == f"แผนการจัดซื้อจัดจ้าง\n{PHRASE_1}"


def test_pptx_slides_in_number_order():
    def slide(text: str) -> str:
        return ('<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp>'
                f"<p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>")

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ppt/slides/slide10.xml", slide("สิบ"))
        zf.writestr("ppt/slides/slide2.xml", slide("สอง"))
    res = office.extract_pptx(buf.getvalue())
    assert [p.text for p in res["pages"]] == ["สอง", "สิบ"]


def test_rtf_code_page_bytes_and_unicode_escapes():
    word = "".join(f"\\'{b:02x}" for b in "ประกาศ".encode("cp874"))
    body = ("{\\rtf1\\ansi\\ansicpg874{\\fonttbl{\\f0 Angsana New;}}{\\*\\generator Msftedit;}"
            f"\\pard {word} \\u3666?\\u3669?\\par ที่\\tab x}}").encode("latin-1", errors="ignore")
    text = office.extract_rtf(body)["pages"][0].text
    assert text.startswith("ประกาศ ๒๕")
    assert "Angsana" not in text and "Msftedit" not in text


def test_doc_without_catdoc_is_a_read_error(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    res = extract_body(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "doc")
    assert res["extract_error"] == "no_doc_reader"
    assert res["pages"] == []


def test_real_doc_via_catdoc(tmp_path):
    """Word 97 .doc written by LibreOffice and read by catdoc (both installed by .ci/run)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice writes the .doc fixture: apt-get install libreoffice-writer-nogui"
    assert shutil.which("catdoc"), "catdoc reads .doc files: apt-get install catdoc"
    src = tmp_path / "plan.docx"
    src.write_bytes(make_docx("รายงาน", [[PHRASE_1, "x"]]))
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    doc = tmp_path / "plan.doc"
    assert doc.exists(), f"LibreOffice could not convert the fixture: {proc.stderr[-1000:]}"
    body = doc.read_bytes()
    from oit_checker.extract.sniff import sniff

    assert sniff(body, "http://t.go.th/plan.doc") == "doc"
    res = extract_body(body, "doc")
    assert res["extract_error"] is None
    assert f"{PHRASE_1}\tx" in res["pages"][0]["text"]  # a table row, not wrapped


@pytest.mark.parametrize("kind", ["docx", "xlsx", "xls", "ods", "odt", "pptx", "pdf"])
def test_corrupt_office_files_become_extract_error(kind):
    res = extract_body(b"PK\x03\x04 truncated nonsense" if kind != "xls" else b"\xd0\xcf\x11\xe0junk", kind)
    assert res["extract_error"] == "corrupt"
    assert res["pages"] == []


def test_image_needs_ocr():
    res = extract_body(b"\x89PNG\r\n\x1a\n", "image")
    assert res["pages"] == [{"n": 1, "text": "", "norm": "", "needs_ocr": True, "label": "", "ocr": False,
                             "ocr_conf": None, "ocr_skipped": ""}]  # OCR comes later (extract/ocr_stage)
    assert res["extract_error"] is None
