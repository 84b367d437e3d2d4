"""Reports written from the sample result: HTML safety, answer sheet, measures, findings."""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import json
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from oit_checker import report
from oit_checker.errors import UserError
from oit_checker.report import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"
GAPS = ["O13", "O20", "O23", "O28", "O36"]
NEXT_FY = "1 ตุลาคม 2565 – 30 กันยายน 2566"


def sample() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def out_all(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    report.write(sample(), out, ["json", "html", "answers", "measures", "csv"], "th")
    return out


def test_fixture_is_realistic():
    r = sample()
    assert len(r["items"]) == 43
    assert [i["code"] for i in r["items"] if i["verdict"] != "pass"] == GAPS


def test_fixture_honours_result_schema():
    from oit_checker.result import validate

    assert validate(sample()) == []


def test_all_formats_written(tmp_path):
    paths = report.write(sample(), tmp_path / "new" / "dir", ["json", "html", "answers", "measures", "csv"], "th")
    names = sorted(p.name for p in paths)
    assert names == sorted(["result.json", "report.html", "oit-answers.xlsx", "oit-answers.csv", "measures.docx",
                            "measures.xlsx", "findings.json", "findings.csv"])
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    saved = json.loads((tmp_path / "new" / "dir" / "result.json").read_text(encoding="utf-8"))
    assert saved["items"][0]["code"] == "O1" and len(saved["items"]) == 43


def test_only_requested_formats(tmp_path):
    paths = report.write(sample(), tmp_path, ["answers"], "th")
    assert sorted(p.name for p in paths) == ["oit-answers.csv", "oit-answers.xlsx"]
    assert not (tmp_path / "report.html").exists()


# ------------------------------------------------------------------------------ HTML


def test_html_escapes_crawled_markup(out_all):
    html = (out_all / "report.html").read_text(encoding="utf-8")
    assert "<script>document.title" not in html
    assert "<img" not in html
    assert "&lt;script&gt;document.title=&#39;XSS-SCRIPT&#39;" in html
    assert "onerror=&#34;document.title" in html
    assert "&lt;b&gt;ใหม่&lt;/b&gt;" in html  # markup in a crawled title stays text
    assert len(re.findall(r"<script\b", html)) == 1  # ours only


def test_html_links_are_web_only_and_noopener(out_all):
    html = (out_all / "report.html").read_text(encoding="utf-8")
    anchors = re.findall(r"<a\b[^>]*>", html)
    assert anchors
    for a in anchors:
        href = re.search(r'href="([^"]*)"', a).group(1)
        assert href.startswith(("http://", "https://")), a
        assert 'rel="noopener noreferrer"' in a
    assert "javascript:" not in "".join(anchors)
    assert "javascript:document.title=&#39;XSS-URL&#39;" in html  # shown as text, not as a link


def test_html_csp_allows_only_our_inline_script_and_style(out_all):
    html = (out_all / "report.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    for text, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    # self-contained: nothing loaded from elsewhere
    assert not re.search(r"<(link|iframe|object|embed)\b", html)
    assert not re.search(r'\ssrc="(?!data:)', html)
    assert "@font-face" in style and "data:font/ttf;base64," in style


def test_html_content_and_order(out_all):
    html = (out_all / "report.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in html
    assert "เทศบาลตำบลตัวอย่าง" in html and "ปีงบประมาณ พ.ศ. 2565" in html
    assert 'id="oit-score">90.27<' in html and 'id="oit-level">A<' in html
    assert "90.27–93.40" in html  # oit_min/oit_max because O36 could not be read
    assert '"TH Sarabun New","TH SarabunPSK","Sarabun","Laksaman","Noto Sans Thai",sans-serif' in html
    order = re.findall(r'id="item-(O\d+)"', html)
    assert order[:5] == ["O13", "O20", "O23", "O28", "O36"] and len(order) == 43
    chart = re.search(r'<div class="chart".*?<!-- /chart -->', html, re.S).group(0)
    assert "9.3 การบริหารเงินงบประมาณ" in chart and "71.43" in chart
    assert "ไม่ปรากฏสรุปผลการจัดซื้อจัดจ้างเดือนมีนาคม 2565" in html
    assert "(หน้า 2)" in html  # PDF page of the O20 evidence
    assert "สำรวจเว็บไซต์ได้ไม่ครบ" in html  # site status partial is explained


def test_html_english_uses_templates_for_findings(tmp_path):
    report.write(sample(), tmp_path, ["html"], "en", embed_font=False)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "@font-face" not in html
    assert "No data for March 2565 BE" in html  # finding re-worded from its kind, not the Thai message
    assert "The data is for 2563 BE, not 2564 BE" in html
    assert ">Fail<" in html


def test_unreachable_site_is_not_called_undisclosed(tmp_path):
    r = sample()
    r["site"]["status"] = "unreachable"
    report.write(r, tmp_path, ["html"], "th", embed_font=False)
    assert "ไม่ได้หมายความว่าหน่วยงานไม่ได้เปิดเผยข้อมูล" in (tmp_path / "report.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ answer sheet


def expected_answer(item: dict) -> str:
    return {"pass": "มี", "fail": "ไม่มี — ต้องเผยแพร่ก่อนตอบ", "unreadable": "ตรวจสอบเอง"}[item["verdict"]]


def test_answer_sheet_xlsx(out_all):
    ws = load_workbook(out_all / "oit-answers.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) — เทศบาลตำบลตัวอย่าง"  # title rows: agency,
    assert rows[1][0] == ("ITA ประจำปีงบประมาณ พ.ศ. 2565 (แบบตรวจการเปิดเผยข้อมูลสาธารณะ OIT)"
                          " · ตรวจเมื่อ 5 เมษายน 2565")  # round and fiscal year, check date
    assert rows[2] == ("ข้อ", "ชื่อข้อมูล", "มี/ไม่มี", "URL", "คำอธิบายเพิ่มเติม")
    assert len(rows) == 46
    by_code = {i["code"]: i for i in sample()["items"]}
    for code, name, word, url, expl in rows[3:]:
        item = by_code[code]
        assert name == item["name"]
        assert word == expected_answer(item)
        if item["verdict"] == "pass":
            assert url == item["answer"]["url"]
        else:  # a gap is never answered with a URL; the partial evidence is named in the explanation
            assert url is None and item["answer"]["url"] in expl
    o28 = next(r for r in rows if r[0] == "O28")
    assert o28[4].startswith("เป็นรายงานของปี พ.ศ. 2563")
    assert "สิ่งที่พบแต่ยังไม่ผ่านเกณฑ์: http://www.tambon-example.go.th/files/hr-report-2563.pdf" in o28[4]
    o36 = next(r for r in rows if r[0] == "O36")
    assert "ไม่ได้หมายความว่าไม่ได้เปิดเผยข้อมูล" in o36[4] and "ไม่มี" not in o36[2]
    assert ws["A3"].font.b and ws["A1"].font.b and not ws["A4"].font.b
    assert {ws.cell(row=r, column=c).font.name for r in (3, 4, 46) for c in range(1, 6)} == {"TH SarabunPSK"}
    assert ws["B4"].font.sz == 16
    assert ws.column_dimensions["B"].width >= 40
    assert ws["D4"].hyperlink is not None
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"


def test_answer_sheet_csv_has_bom_and_same_rows(out_all):
    raw = (out_all / "oit-answers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 44 and rows[0][2] == "มี/ไม่มี"  # the form only, for pasting: no title rows
    xl = [tuple("" if v is None else v for v in r) for r in load_workbook(out_all / "oit-answers.xlsx").active
          .iter_rows(min_row=3, values_only=True)]
    assert [tuple(r) for r in rows] == xl


def test_answer_sheet_thai_digits_everywhere_but_urls(tmp_path):
    report.write(sample(), tmp_path, ["answers"], "th", thai_digits=True)
    ws = load_workbook(tmp_path / "oit-answers.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0].endswith("ตรวจเมื่อ ๕ เมษายน ๒๕๖๕") and "2565" not in rows[1][0]
    o20 = next(r for r in rows if r[0] == "O๒๐")
    assert "http://www.tambon-example.go.th/files/budget-report-2564.pdf" in o20[4]  # the address still opens
    assert not any(ch.isdigit() and ch.isascii() for ch in o20[4].replace(
        "http://www.tambon-example.go.th/files/budget-report-2564.pdf", ""))


def test_answer_sheet_never_writes_formulas(tmp_path):
    r = sample()
    r["items"][0]["answer"]["explanation"] = "=HYPERLINK(\"http://evil.example\",\"x\")"
    report.write(r, tmp_path, ["answers"], "th")
    cell = load_workbook(tmp_path / "oit-answers.xlsx").active["E4"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    rows = list(csv.reader((tmp_path / "oit-answers.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][4].startswith("'=HYPERLINK")


# ------------------------------------------------------------------------------ measures


def measures_table(doc):
    return next(t for t in doc.tables if len(t.columns) == 7)


def table_items(table) -> dict[str, list[str]]:
    out = {}
    for row in table.rows[2:]:
        cells = [c.text for c in row.cells]
        m = re.match(r"(O\d+) ", cells[1])
        if m and len(set(cells)) > 1:
            out[m.group(1)] = cells
    return out


def test_measures_docx_table(out_all):
    doc = Document(out_all / "measures.docx")
    table = measures_table(doc)
    second = [c.text for c in table.rows[1].cells]
    assert second == ["ประเด็น", "ข้อคำถาม ITA", "ข้อค้นพบ ปี 2565", "แนวทาง/มาตรการ", "ขั้นตอน/วิธีการปฏิบัติ",
                      "ระยะเวลาดำเนินการ", "หน่วยงานผู้รับผิดชอบ"]
    assert table.rows[0].cells[1].text == "วิเคราะห์ผลการประเมิน"
    for r in (0, 1):
        assert table.rows[r]._tr.trPr.find(qn("w:tblHeader")) is not None
    items = table_items(table)
    assert list(items) == GAPS
    for code, cells in items.items():
        assert all(c.strip() for c in cells), code
        assert cells[5] == NEXT_FY
    assert "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ" in items["O20"][2]
    assert "มีนาคม 2565" in items["O23"][2]
    assert "2563" in items["O28"][2]
    assert items["O20"][6] == "กองคลัง"
    assert items["O23"][6] == "กองคลัง (งานพัสดุ)"
    assert items["O28"][6] == "สำนักปลัด (งานการเจ้าหน้าที่)"
    assert items["O13"][6] == "สำนักปลัด (งานวิเคราะห์นโยบายและแผน)"
    # O36 has no measure in the rule file: guideline falls back to the advice, owner to the default
    assert items["O36"][3] == sample()["items"][35]["advice"]
    assert items["O36"][6] == "สำนักปลัด"
    assert items["O20"][4].startswith("1. กองคลังจัดทำรายงาน") and "\n2. " in items["O20"][4]
    groups = [r.cells[0].text for r in table.rows[2:] if len({c.text for c in r.cells}) == 1]
    assert [g.split()[1] for g in groups] == ["9.2", "9.3", "9.4", "10.1"]


def test_measures_docx_layout_and_thai_font(out_all):
    doc = Document(out_all / "measures.docx")
    first, last = doc.sections[0], doc.sections[-1]
    assert first.page_height > first.page_width
    assert last.page_width > last.page_height  # landscape for the table
    assert abs(last.page_width.mm - 297) < 1
    body = "\n".join(p.text for p in doc.paragraphs)
    assert body.startswith("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\nเทศบาลตำบลตัวอย่าง\n"
                           "ประจำปีงบประมาณ พ.ศ. 2566")
    assert "ได้คะแนน 90.27 คะแนน ระดับ A" in body
    assert "(O 20) รายงานผลการใช้จ่ายงบประมาณประจำปี\n– ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ" in body
    assert "1. 9.3 การบริหารเงินงบประมาณ ได้คะแนน 71.43 คะแนน" in body  # weakest first
    runs = list(doc.element.body.iter(qn("w:r")))
    assert len(runs) > 50
    for r in runs:
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == "TH SarabunPSK" and fonts.get(qn("w:ascii")) == "TH SarabunPSK"
        assert r.find(qn("w:rPr")).find(qn("w:szCs")) is not None
        assert r.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:cs")) == "TH SarabunPSK"
    borders = measures_table(doc)._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and borders.find(qn("w:insideV")).get(qn("w:val")) == "single"


def test_measures_say_which_profile_and_year(out_all):
    """The measures DOCX and XLSX name the round whose items they use, as every other output does."""
    from oit_checker.thai import thai_digits

    res = json.loads((out_all / "result.json").read_text(encoding="utf-8"))
    pid, year = res["profile"]["id"], res["profile"]["fiscal_year"]
    text = "\n".join(p.text for p in Document(out_all / "measures.docx").paragraphs)
    assert pid in text
    wb = load_workbook(out_all / "measures.xlsx")
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(pid in c for c in cells)
    assert str(year) in text or thai_digits(str(year)) in text


def test_measures_xlsx_matches_docx(out_all):
    ws = load_workbook(out_all / "measures.xlsx").worksheets[0]
    rows = [tuple("" if v is None else v for v in r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert rows[1][0] == "เทศบาลตำบลตัวอย่าง"
    head = next(i for i, r in enumerate(rows) if r[1] == "ข้อคำถาม ITA")
    assert rows[head][2] == "ข้อค้นพบ ปี 2565" and rows[head - 1][6] == "หน่วยงานผู้รับผิดชอบ"
    items = {r[1].split()[0]: r for r in rows[head + 1:] if r[1]}
    docx_items = table_items(measures_table(Document(out_all / "measures.docx")))
    assert list(items) == GAPS
    for code in GAPS:
        assert list(items[code]) == docx_items[code]
    cell = ws.cell(row=head + 3, column=5)
    assert cell.alignment.wrap_text and cell.font.name == "TH SarabunPSK"
    assert ws.page_setup.orientation == "landscape"


def test_divisions_file_overrides_defaults(tmp_path):
    own = tmp_path / "divisions.yaml"
    own.write_text("finance: กองคลัง เทศบาลตำบลตัวอย่าง\nhr: {th: งานบุคคล, en: Personnel}\n", encoding="utf-8")
    report.write(sample(), tmp_path, ["measures"], "th", divisions=own)
    items = table_items(measures_table(Document(tmp_path / "measures.docx")))
    assert items["O20"][6] == "กองคลัง เทศบาลตำบลตัวอย่าง"
    assert items["O28"][6] == "งานบุคคล"
    assert items["O23"][6] == "กองคลัง (งานพัสดุ)"  # untouched keys keep the default


def test_bad_divisions_file_is_a_user_error(tmp_path):
    bad = tmp_path / "d.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(UserError):
        report.write(sample(), tmp_path, ["measures"], "th", divisions=bad)


def test_thai_digits_and_agency_override(tmp_path):
    report.write(sample(), tmp_path, ["measures", "html"], "th",
                 settings=Settings(thai_digits=True, agency_name="องค์การบริหารส่วนตำบลทดสอบ", embed_font=False))
    doc = Document(tmp_path / "measures.docx")
    items = table_items(measures_table(doc))
    # every digit follows --thai-digits, item codes included ("O๒๐", as seed 004 writes "E๗", "i๒๔")
    assert items["O๒๐"][5] == "๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖"
    assert items["O๒๐"][1].startswith("O๒๐ ") and not re.search(r"[0-9]", "".join(items["O๒๐"]))
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in [p.text for p in doc.paragraphs]
    assert "องค์การบริหารส่วนตำบลทดสอบ" in [p.text for p in doc.paragraphs]
    assert "องค์การบริหารส่วนตำบลทดสอบ" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_no_gaps_says_so(tmp_path):
    r = copy.deepcopy(sample())
    for it in r["items"]:
        it["verdict"], it["findings"] = "pass", []
    report.write(r, tmp_path, ["measures"], "th")
    doc = Document(tmp_path / "measures.docx")
    assert "ไม่พบข้อที่ไม่ผ่าน" in measures_table(doc).rows[2].cells[0].text


# ------------------------------------------------------------------------------ findings


def test_findings_json_and_csv(out_all):
    data = json.loads((out_all / "findings.json").read_text(encoding="utf-8"))
    rows = data["findings"]
    assert [r["code"] for r in rows] == GAPS
    o23 = next(r for r in rows if r["code"] == "O23")
    assert o23["kind"] == "missing_months" and o23["details"] == {"months": ["2565-03"]}
    raw = (out_all / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["code"] for r in table] == GAPS
    o20 = next(r for r in table if r["code"] == "O20")
    assert o20["page"] == "2" and json.loads(o20["details"]) == {"phrases": ["ปัญหา อุปสรรค", "ข้อเสนอแนะ"]}
    assert o20["message"] == "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ"


def test_sparse_result_still_reports(tmp_path):
    """A result with only codes and verdicts (an early checker, a hand-made file) must not crash."""
    r = {"schema_version": 1, "items": [
        {"code": "O1", "verdict": "fail", "findings": [{"kind": "missing_months", "months": ["bad"]}]},
        {"code": "O2", "verdict": "unreadable", "measure": {"owner": "กองช่าง"}},
        {"code": "O3", "verdict": "pass", "findings": [{"kind": "some_new_kind"}]}]}
    paths = report.write(r, tmp_path, ["json", "html", "answers", "measures", "csv"], "th")
    assert len(paths) == 8
    ws = load_workbook(tmp_path / "oit-answers.xlsx").active
    assert [c.value for c in ws["C"]][3:] == ["ไม่มี — ต้องเผยแพร่ก่อนตอบ", "ตรวจสอบเอง", "มี"]  # from the verdict
    items = {row.cells[1].text.split()[0]: [c.text for c in row.cells]
             for row in measures_table(Document(tmp_path / "measures.docx")).rows[2:] if row.cells[1].text}
    assert items["O2"][6] == "กองช่าง"  # an owner named in Thai is printed as it is
    assert "(ไม่ระบุชื่อหน่วยงาน)" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_xlsx_rows_are_tall_enough_for_wrapped_thai(out_all):
    ws = load_workbook(out_all / "measures.xlsx").worksheets[0]
    o20 = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(row=r, column=2).value).startswith("O20 "))
    steps = ws.cell(row=o20, column=5).value
    assert steps.count("\n") == 2
    assert ws.row_dimensions[o20].height >= 3 * 20  # at least one line per step
    answers = load_workbook(out_all / "oit-answers.xlsx").active
    assert answers.row_dimensions[4].height < answers.row_dimensions[14].height  # O11's long name wraps
