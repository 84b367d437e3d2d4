"""The documents the ITA working group hands in, from the official result and a scan: analysis (seed 000),
measures O42 (seed 004), O43 report (seed 001). Real DOCX files are written and read back; structure, not pixels."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import run_module
from docx import Document
from docx.oxml.ns import qn

from oit_checker import official, report
from oit_checker.errors import UserError
from oit_checker.report import Settings

FIX = Path(__file__).parent / "fixtures"
SAMPLE = FIX / "result-sample.json"
OFFICIAL = FIX / "official-result-2565.yaml"
PASTED = FIX / "official-result-pasted.txt"
GAPS = ["O13", "O20", "O23", "O28", "O36"]
SCORES = {"i1": 96.55, "i2": 94.18, "i3": 95.78, "i4": 93.23, "i5": 94.67, "i6": 84.53, "i7": 81.37, "i8": 80.64,
          "i9": 89.29, "i10": 100.0}
DISCLAIMER = "ไม่ใช่ผลการประเมินของ ป.ป.ช."


def sample() -> dict:
    r = json.loads(SAMPLE.read_text(encoding="utf-8"))
    r["agency"].update({"district": "จุน", "province": "พะเยา"})
    concepts = {"O13": "work_manual", "O20": "budget_report", "O23": "monthly_procurement", "O28": "hr_report",
                "O36": "risk_assessment"}
    for it in r["items"]:
        it["concept"] = concepts.get(it["code"])
    return r


def texts(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def write(tmp_path: Path, result: dict | None = None, **kw) -> Path:
    settings = Settings(official=official.load(OFFICIAL), **kw)
    report.write(result or sample(), tmp_path, ["measures"], "th", settings=settings)
    return tmp_path


# ------------------------------------------------------------------------------ the official result file


def test_yaml_csv_and_pasted_text_give_the_same_result(tmp_path):
    csv_file = tmp_path / "official.csv"
    rows = ["key,value", "fiscal_year,2565", "total,90.97", "level,A"] + [f"{k},{v}" for k, v in SCORES.items()]
    csv_file.write_text("\n".join(rows + ['suggestions.iit,"(I 19) ทรัพย์สิน"', "oit_findings.O20,ไม่มีปัญหา"]),
                        encoding="utf-8")
    for path in (OFFICIAL, csv_file, PASTED):
        o = official.load(path)
        assert o.indicators == SCORES, path
        assert (o.fiscal_year, o.total, o.level) == (2565, 90.97, "A"), path
        assert o.below() == ["i8", "i7", "i6"]  # under 85, weakest first; 89.29 and 93.23 are not urgent
    assert "(I 19)" in official.load(PASTED).suggestions["iit"]
    assert official.load(csv_file).oit_findings == {"O20": "ไม่มีปัญหา"}


@pytest.mark.parametrize(("text", "needle"), [
    ("indicators: {i1: 90}\n", "ขาดคะแนนตัวชี้วัด: i2 การใช้งบประมาณ"),
    ("indicators: {" + ", ".join(f"i{n}: 90" for n in range(1, 10)) + ", i10: 120}\n", "i10 = \"120\""),
    ("level: Z\nindicators: {" + ", ".join(f"i{n}: 90" for n in range(1, 11)) + "}\n", "ระดับ \"Z\""),
    ("fiscal_year: 2025\nindicators: {" + ", ".join(f"i{n}: 90" for n in range(1, 11)) + "}\n", "2568"),
    ("indicators: {i11: 3}\n", "ไม่รู้จักตัวชี้วัด i11"),
    ("indicators: [1, 2\n", "YAML"),
    ("   \n", "ว่างเปล่า"),
])
def test_bad_official_file_is_one_thai_line(tmp_path, text, needle):
    path = tmp_path / "official.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        official.load(path)
    assert needle in err.value.message()


def test_cli_bad_official_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "official.yaml"
    bad.write_text("indicators: {i1: abc}\n", encoding="utf-8")
    proc = run_module("oit_checker", "report", str(SAMPLE), "--out", str(tmp_path / "o"), "--official", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "ไฟล์ผลการประเมิน" in proc.stderr
    proc = run_module("oit_checker", "--lang", "en", "report", str(SAMPLE), "--out", str(tmp_path / "o"),
                      "--official", str(bad))
    assert proc.returncode == 2 and "Official result file" in proc.stderr and "Traceback" not in proc.stderr


def test_analysis_without_official_result_is_a_user_error(tmp_path):
    proc = run_module("oit_checker", "report", str(SAMPLE), "--out", str(tmp_path), "--format", "analysis")
    assert proc.returncode == 2 and "--official" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_official_adds_the_hand_in_documents(tmp_path):
    proc = run_module("oit_checker", "report", str(SAMPLE), "--out", str(tmp_path), "--format", "measures",
                      "--official", str(OFFICIAL), "--measures-from", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert {"analysis.docx", "measures.docx", "measures.xlsx", "o43.docx"} <= {p.name for p in tmp_path.iterdir()}


# ------------------------------------------------------------------------------ analysis.docx (seed 000)


def test_analysis_structure(tmp_path):
    doc = Document(write(tmp_path) / "analysis.docx")
    body = texts(doc)
    paras = [p.text for p in doc.paragraphs]
    assert paras[0].startswith("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส") and "2565" in paras[0]
    assert paras[1:3] == ["เทศบาลตำบลตัวอย่าง", "อำเภอจุน จังหวัดพะเยา"]
    heads = [p.text for p in doc.paragraphs if p.runs and p.runs[0].bold and re.match(r"[1-6]\. ", p.text)]
    assert len(heads) == 6 and "น้อยกว่า 85 คะแนน" in heads[3]
    assert "คะแนนภาพรวมหน่วยงาน เทศบาลตำบลตัวอย่าง : 90.97 คะแนน ระดับผลการประเมิน A" in body
    table = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["ตัวชี้วัด", "คะแนน", "ผลการประเมิน"]
    scored = [r for r in rows[1:] if r[1] != r[0]]
    assert [r[0].split(".")[0] for r in scored] == [str(n) for n in range(1, 11)]  # IIT 1-5, EIT 6-8, OIT 9-10
    assert [r[2] for r in scored].count("ต่ำกว่าเกณฑ์ 85") == 3
    assert len([r for r in rows[1:] if r[1] == r[0]]) == 3  # the three instrument bands
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    urgent = [p for p in paras if re.match(r"1\.\d ", p)]
    assert urgent == ["1.1 การปรับปรุงการทำงาน ได้คะแนนประเมิน 80.64 คะแนน",
                      "1.2 ประสิทธิภาพการสื่อสาร ได้คะแนนประเมิน 81.37 คะแนน",
                      "1.3 คุณภาพการดำเนินงาน ได้คะแนนประเมิน 84.53 คะแนน"]
    assert "(O 20) รายงานผลการใช้จ่ายงบประมาณประจำปี" in paras
    assert "– ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ" in paras  # the assessors' finding
    assert DISCLAIMER not in body
    for p in doc.paragraphs:  # every heading stays with the text below it
        if p.runs and p.runs[0].bold and p.text.strip():
            assert p.paragraph_format.keep_with_next, p.text


def test_documents_carry_real_metadata(tmp_path):
    write(tmp_path)
    for name in ("analysis.docx", "measures.docx", "o43.docx"):
        cp = Document(tmp_path / name).core_properties
        assert cp.author == "เทศบาลตำบลตัวอย่าง" and cp.last_modified_by == "เทศบาลตำบลตัวอย่าง", name
        assert cp.created.date() >= dt.date.today() - dt.timedelta(days=1), name
        assert cp.title and "python-docx" not in (cp.comments + cp.title + cp.author), name


# ------------------------------------------------------------------------------ measures.docx (seed 004)


def measure_rows(doc) -> list[list[str]]:
    table = next(t for t in doc.tables if len(t.columns) == 7)
    return [[c.text for c in r.cells] for r in table.rows[2:] if len({c.text for c in r.cells}) > 1]


def test_measures_table_from_official_result_and_scan(tmp_path):
    doc = Document(write(tmp_path) / "measures.docx")
    assert len(doc.sections) == 1 and doc.sections[0].page_width > doc.sections[0].page_height
    assert [p.text for p in doc.paragraphs][:4] == ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
                                                   "เทศบาลตำบลตัวอย่าง", "อำเภอจุน จังหวัดพะเยา",
                                                   "ประจำปีงบประมาณ พ.ศ. 2566"]
    rows = measure_rows(doc)
    codes = [r[1].split()[0] for r in rows]
    # IIT 4 (the assessors named I 19, I 20), EIT 6-8 (under 85), then one row per OIT gap
    assert codes == ["i19", "E2", "E7", "E11", *GAPS]
    assert rows[0][1].startswith("i19 บุคลากรในหน่วยงานบางรายมีการนำทรัพย์สิน") and "\ni20 " in rows[0][1]
    assert "E12 " in rows[3][1] and "E13 " not in rows[3][1]  # only the questions the assessors named
    themes = [r[0] for r in rows]
    assert all(re.match(r"\(\d+\) \S", t) for t in themes)
    assert themes[0] == "(1) กระบวนการกำกับดูแลการใช้ทรัพย์สินของราชการ"
    assert themes[2].startswith("(3) ช่องทางและรูปแบบการประชาสัมพันธ์")
    for r in rows:
        assert r[0].split(" ", 1)[1] != r[1].split(" ", 1)[1]  # the theme is not the item name again
    steps = [r[4] for r in rows]
    assert len(set(steps)) == len(steps)  # steps specific to each indicator/item, never the same lines
    by_code = dict(zip(codes, rows, strict=True))
    assert by_code["O23"][5].startswith("ทุกเดือน")  # a monthly item is monthly
    assert "30 เมษายน" not in by_code["O20"][5] and "31 ธันวาคม 2565" in by_code["O20"][5]
    assert by_code["i19"][5] == "1 ตุลาคม 2565 – 30 กันยายน 2566"
    assert by_code["O20"][2].startswith("ผู้ตรวจประเมินพบว่า ไม่ปรากฏปัญหา")  # narrative, assessors first
    assert by_code["i19"][6] == "กองคลัง (งานพัสดุ)" and by_code["E7"][6] == "สำนักปลัด (งานประชาสัมพันธ์)"
    assert "93.23" in by_code["i19"][2]
    assert DISCLAIMER not in texts(doc)


def test_thai_digits_everywhere_in_the_documents(tmp_path):
    write(tmp_path, thai_digits=True)
    for name in ("measures.docx", "analysis.docx", "o43.docx"):
        doc = Document(tmp_path / name)
        arabic = [t for t in texts(doc).split("\n") if re.search(r"[0-9]", t) and "http" not in t]
        assert arabic == [], (name, arabic[:3])
    rows = measure_rows(Document(tmp_path / "measures.docx"))
    assert rows[0][1].startswith("i๑๙ ") and rows[0][0].startswith("(๑) ")


# ------------------------------------------------------------------------------ o43.docx (seed 001)


def test_o43_reports_what_was_fixed_since_the_measures(tmp_path):
    before = sample()
    now = copy.deepcopy(before)
    now["generated_at"] = "2022-09-01T10:00:00+07:00"
    o13 = next(it for it in now["items"] if it["code"] == "O13")
    o13.update(verdict="pass", findings=[], answer={"disclosed": True, "url": "https://example.go.th/manual.pdf"})
    write(tmp_path, now, baseline=before)
    doc = Document(tmp_path / "o43.docx")
    paras = [p.text for p in doc.paragraphs]
    assert paras[0].startswith("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    areas = [p for p in paras if p.startswith("การดำเนินการตาม")]
    assert [a[-5:] for a in areas] == ["(IIT)", "(EIT)", "(OIT)"]
    for label in ("มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผลการดำเนินการ", "ข้อเสนอแนะ"):
        assert label in paras
    assert any("......" in p and "คณะทำงานกรอก" in p for p in paras)  # blanks the working group fills in
    table = doc.tables[0]
    rows = {r.cells[0].text.split()[0]: [c.text for c in r.cells] for r in table.rows[1:]}
    assert list(rows) == GAPS
    assert rows["O13"][1] == "แก้ไขแล้ว (ตรวจวันที่ 1 กันยายน 2565)"
    assert rows["O13"][2] == "https://example.go.th/manual.pdf"
    assert rows["O20"][1] == "ยังต้องดำเนินการ" and "ปัญหา อุปสรรค" in rows["O20"][2]
    assert "แก้ไขแล้ว 1 ข้อ" in texts(doc)


# ------------------------------------------------------------------------------ overrides


def test_an_item_checked_by_hand_is_marked_in_every_document(tmp_path):
    r = sample()
    o36 = next(it for it in r["items"] if it["code"] == "O36")
    o36["override"] = {"verdict": "fail", "original": "unreadable", "reason": "สแกนอ่านแล้วไม่ใช่ปีนี้",
                       "url": "https://example.go.th/risk.pdf", "by": "นายสมชาย", "date": "2022-05-01"}
    write(tmp_path, r)
    for name in ("measures.docx", "analysis.docx", "o43.docx"):
        body = texts(Document(tmp_path / name))
        assert "ตรวจด้วยตนเองแล้ว" in body and "นายสมชาย" in body, name


def test_findings_of_another_round_follow_the_concept(tmp_path):
    """An ita-2566 result (O13 = annual budget report there) against an ita-2565 scan (O20 = that report)."""
    src = OFFICIAL.read_text(encoding="utf-8").replace("round: ita-2565", "round: ita-2566")
    src = src.replace("  O20: ", "  O13: ").replace("  O23: ", "  O21: ")
    off = tmp_path / "official-2566.yaml"
    off.write_text(src, encoding="utf-8")
    settings = Settings(official=official.load(off))
    report.write(sample(), tmp_path, ["measures"], "th", settings=settings)
    rows = {r[1].split()[0]: r for r in measure_rows(Document(tmp_path / "measures.docx"))}
    assert rows["O20"][2].startswith("ผู้ตรวจประเมินพบว่า ไม่ปรากฏปัญหา")  # 2566 O13 -> budget_report -> 2565 O20
    assert rows["O23"][2].startswith("ผู้ตรวจประเมินพบว่า ไม่มีสรุปผล")  # 2566 O21 -> monthly_procurement -> O23
    assert not rows["O13"][2].startswith("ผู้ตรวจประเมิน")  # 2565 O13 is the work manual: not the same thing
    paras = [p.text for p in Document(tmp_path / "analysis.docx").paragraphs]
    # the assessors' own code, named by its concepts (2566 O13 covers the annual results and the budget report)
    assert "(O 13) รายงานผลการดำเนินงานประจำปี / รายงานผลการใช้จ่ายงบประมาณประจำปี" in paras


def test_only_sub_indicators_under_85_are_called_urgent(tmp_path):
    """Without an official result measures.docx keeps its own OIT analysis: 87.50 is not "weakest", 71.43 is."""
    r = sample()
    r["scores"]["subindicators"]["9.2"] = 87.5
    report.write(r, tmp_path, ["measures"], "th")
    body = texts(Document(tmp_path / "measures.docx"))
    weak = [line for line in body.split("\n") if re.match(r"\d\. \d+\.\d .* ได้คะแนน", line)]
    assert weak and all(float(re.search(r"ได้คะแนน ([\d.]+)", w).group(1)) < 85 for w in weak)
    assert not any("9.2" in w for w in weak)
    assert DISCLAIMER not in body


def test_o43_matches_items_by_code_within_a_round_even_without_concepts(tmp_path):
    before = json.loads(SAMPLE.read_text(encoding="utf-8"))  # an older result.json: no concept keys
    now = sample()  # the same round, concepts filled in
    write(tmp_path, now, baseline=before)
    table = Document(tmp_path / "o43.docx").tables[0]
    codes = [r.cells[0].text.split()[0] for r in table.rows[1:]]
    assert codes == GAPS  # each item once, not once as "still open" and again as "new"
    assert all(r.cells[1].text == "ยังต้องดำเนินการ" for r in table.rows[1:])


def test_o43_dates_each_fix_from_the_scan_history(tmp_path):
    """--measures-from DATE: the stored scans since that day say when each gap was fixed, with its URL."""
    from oit_checker.fleet import store

    db = f"sqlite:///{tmp_path / 'history.sqlite'}"
    before = sample()
    middle, now = copy.deepcopy(before), copy.deepcopy(before)
    middle["generated_at"], now["generated_at"] = "2022-06-15T10:00:00+07:00", "2022-09-01T10:00:00+07:00"
    for r in (middle, now):
        o13 = next(it for it in r["items"] if it["code"] == "O13")
        o13.update(verdict="pass", findings=[], answer={"disclosed": True, "url": "https://example.go.th/m.pdf"})
    for r in (before, middle, now):
        store.record_result(r, db)
    result = tmp_path / "result.json"
    result.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
    proc = run_module("oit_checker", "report", str(result), "--out", str(tmp_path / "out"), "--format", "o43",
                      "--official", str(OFFICIAL), "--measures-from", "2565-04-01", "--db", db)
    assert proc.returncode == 0, proc.stderr
    rows = {r.cells[0].text.split()[0]: [c.text for c in r.cells]
            for r in Document(tmp_path / "out" / "o43.docx").tables[0].rows[1:]}
    assert rows["O13"][1:] == ["แก้ไขแล้ว (ตรวจวันที่ 15 มิถุนายน 2565)", "https://example.go.th/m.pdf"]
    assert rows["O20"][1] == "ยังต้องดำเนินการ"
    proc = run_module("oit_checker", "report", str(result), "--out", str(tmp_path / "out"), "--format", "o43",
                      "--measures-from", "2566-01-01", "--db", db)
    assert proc.returncode == 2 and "ไม่พบผลการตรวจ" in proc.stderr and "Traceback" not in proc.stderr


def test_the_blank_template_is_not_filled_in_yet_not_broken(tmp_path):
    """The template ``init`` writes is "not filled in yet" (a scan goes on without the analysis), while a file
    with some scores missing is an error naming them."""
    import pytest

    from oit_checker import official
    from oit_checker.errors import UserError
    from oit_checker.paths import PACKAGE_DIR

    template = PACKAGE_DIR / "templates" / "official-result.yaml"
    with pytest.raises(official.NotFilled):
        official.load(template)
    half = tmp_path / "half.yaml"
    half.write_text(template.read_text(encoding="utf-8").replace("i1:", "i1: 90 #", 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        official.load(half)
    assert not isinstance(err.value, official.NotFilled) and err.value.key == "official.missing_indicators"
