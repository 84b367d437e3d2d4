"""The terminal summary: a rich table on a terminal, plain lines when piped."""

import io

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
    assert lines[1].split("\t") == ["O20 รายงานผลการใช้จ่ายงบประมาณประจำปี", "ไม่ผ่าน",
                                    "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ", "https://x.go.th/o20.pdf"]
    assert "อ่านไม่ได้ 1 ข้อ" in out.getvalue() and "95.45" in out.getvalue() and "AA" in out.getvalue()


def test_rich_table_on_a_terminal_in_english():
    out = Tty()
    console.show(RESULT, "en", file=out)
    text = out.getvalue()
    assert "Verdict" in text and "unreadable" in text and "fail" in text
    assert "OIT score 95.45, level AA" in text


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
