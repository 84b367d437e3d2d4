"""The terminal summary: score first, then only the items to act on; wrapped between words on a
terminal, one tab-separated line per item when piped."""

import io
import re

from oit_checker import console

RESULT = {
    "agency": {"name": "อบต.ทดสอบ"}, "site": {"url": "https://x.go.th/"},
    "items": [
        {"code": "O20", "name": "รายงานผลการใช้จ่ายงบประมาณประจำปี", "verdict": "fail",
         "findings": [{"kind": "missing_phrases", "message": "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ"}],
         "answer": {"url": "https://x.go.th/o20.pdf"}},
        {"code": "O36", "name": "การประเมินความเสี่ยงการทุจริตประจำปี", "verdict": "unreadable",
         "findings": [{"kind": "unreadable", "message": "พบเอกสารแต่อ่านไม่ได้"}], "answer": {"url": ""}},
        {"code": "O9", "name": "Social Network", "verdict": "pass", "findings": [], "answer": {"url": "https://fb.com/x"}},
    ],
    "scores": {"indicators": {"9": 97.14, "10": 93.75}, "oit": 95.45, "oit_min": 95.45, "oit_max": 96.1,
               "level": "AA"},
}


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_plain_output_when_piped():
    out = io.StringIO()
    console.show(RESULT, "th", file=out)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("คะแนน OIT 95.45 ระดับ AA")  # the score and level first
    assert lines[2] == "ผ่าน 1 ข้อ ไม่ผ่าน 1 ข้อ อ่านไม่ได้ 1 ข้อ จาก 3 ข้อ"
    assert lines[4].split("\t") == ["O20 รายงานผลการใช้จ่ายงบประมาณประจำปี", "ไม่ผ่าน",
                                    "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ", "https://x.go.th/o20.pdf"]
    assert lines[5].startswith("O36 ")
    assert "O9" not in out.getvalue()  # a pass is only counted


def test_terminal_lists_only_items_to_act_on_in_english():
    out = Tty()
    console.show(RESULT, "en", file=out)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert text.splitlines()[1].startswith("OIT score 95.45, level AA")
    assert "[unreadable]" in text and "[fail]" in text and "Social Network" not in text


def test_terminal_never_breaks_a_thai_word_or_a_url(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    long = {**RESULT, "items": [{**RESULT["items"][0], "findings": [{"kind": "x", "message":
            "ไม่ปรากฏรายงานผลการใช้จ่ายงบประมาณประจำปี พ.ศ. 2566 ในเอกสารที่เผยแพร่บนเว็บไซต์ของหน่วยงาน"}],
            "answer": {"url": "https://www.tambon-example.go.th/files/budget/spending-report-2566-final.pdf"}}]}
    out = Tty()
    console.show(long, "th", file=out)
    lines = [x.strip() for x in re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).splitlines()]
    assert len(lines) > 6  # it did wrap
    assert "https://www.tambon-example.go.th/files/budget/spending-report-2566-final.pdf" in lines
    for word in ("ประจำปี", "งบประมาณ", "ใช้จ่าย", "เผยแพร่", "เว็บไซต์", "หน่วยงาน", "รายงาน"):
        assert any(word in x for x in lines), word  # each word whole on one line
    assert not any(x.endswith(("ประจ", "งบปร", "เว็บไ")) for x in lines)


def test_score_line_names_the_indicators_the_result_carries():
    """A profile's indicators come from the result, not a hard-coded 9 and 10."""
    out = io.StringIO()
    console.show(RESULT, "en", file=out)
    assert "(indicator 9 = 97.14, indicator 10 = 93.75; range" in out.getvalue()
    three = {**RESULT, "profile": {"indicator_names": {"9": "a", "10": "b", "11": "c"}},
             "scores": {**RESULT["scores"], "indicators": {"9": 97.14, "10": 93.75, "11": 50.0}}}
    out = io.StringIO()
    console.show(three, "th", file=out)
    assert "(ตัวชี้วัดที่ 9 = 97.14, ตัวชี้วัดที่ 10 = 93.75, ตัวชี้วัดที่ 11 = 50.00;" in out.getvalue()
