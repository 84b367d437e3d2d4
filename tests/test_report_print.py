"""report.html for people and report.pdf for paper: legend, quotes, evidence once, page links, broken
links, phone width (headless Chromium), A4 PDF with Thai text that reads back (WeasyPrint, pypdfium2)."""

from __future__ import annotations

import copy
import html as htmlmod
import json
import re
import sys
from pathlib import Path

import pypdfium2
import pytest
from conftest import run_module
from test_report_render import chromium, dom_title

from oit_checker import report, thai
from oit_checker.errors import UserError
from oit_checker.report import snippets
from oit_checker.report.context import Report

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"
A4 = (595.28, 841.89)  # points
HOST = "http://www.tambon-example.go.th"


def sample() -> dict:
    result = json.loads(FIXTURE.read_text(encoding="utf-8"))
    result["site"]["broken_links"] = [
        {"url": f"{HOST}/files/old-plan.pdf", "status": 404, "error": "http_404", "found_on": [f"{HOST}/ita"]},
        {"url": "http://docs.tambon-example.go.th/x.pdf?a=<b>", "status": None, "error": "dns", "found_on": []},
    ]
    return result


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    """``oit-check report`` with ``--format html,pdf``, as an officer runs it."""
    out = tmp_path_factory.mktemp("print")
    src = out / "in.json"
    src.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    proc = run_module("oit_checker", "report", str(src), "--out", str(out), "--format", "html,pdf")
    assert proc.returncode == 0, proc.stderr
    assert "report.pdf" in proc.stdout
    return out


def pdf_text(path: Path) -> tuple[list[str], list[tuple[float, float]], dict]:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        sizes = [tuple(doc[i].get_size()) for i in range(len(doc))]
        return pages, sizes, doc.get_metadata_dict()
    finally:
        doc.close()


def test_pdf_is_a4_with_thai_that_reads_back_in_order(printed):
    pages, sizes, meta = pdf_text(printed / "report.pdf")
    assert 3 <= len(pages) <= 15  # 43 items: no half-empty page per item, nothing lost
    assert all(w == pytest.approx(A4[0], abs=1) and h == pytest.approx(A4[1], abs=1) for w, h in sizes)
    assert meta.get("Author") and thai.normalize(meta["Author"]) == "เทศบาลตำบลตัวอย่าง"
    text = thai.normalize("\n".join(pages))
    order = ["รายงานผลการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "เทศบาลตำบลตัวอย่าง", "คะแนนรายตัวชี้วัดย่อย",
             "9.3 การบริหารเงินงบประมาณ", "ความหมายของเครื่องหมายความมั่นใจของเกณฑ์",
             "O13", "คู่มือหรือมาตรฐานการปฏิบัติงาน", "O20", "ลิงก์เสียบนเว็บไซต์ (2 รายการ)"]
    at = [text.find(thai.normalize(p)) for p in order]
    assert -1 not in at, dict(zip(order, at, strict=True))
    assert at == sorted(at)
    assert "ไม่ปรากฏสรุปผลการจัดซื้อจัดจ้างเดือนมีนาคม 2565" in text
    # every character is Thai, Latin, digits or punctuation: no glyph mapped back to a stray code point
    # (U+FFFE: pdfium's mark for a hyphen where a line breaks)
    stray = {c for c in "".join(pages) if ord(c) > 0x7e and not "\u0e01" <= c <= "\u0e5b"
             and c not in "–—·•…\u00a0\ufffe"}
    assert not stray
    assert len(re.findall(r"\b\d+ / \d+\b", "\n".join(pages))) == len(pages)  # page numbers "3 / 9"


def test_pdf_without_weasyprint_is_a_clear_message(monkeypatch):
    from oit_checker.report import pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as on a machine without it
    with pytest.raises(UserError) as err:
        pdf.render(Report(sample()))
    assert "WeasyPrint" in err.value.message() and "apt-get install" in err.value.message()


def test_html_legend_in_both_languages(printed, tmp_path):
    page = (printed / "report.html").read_text(encoding="utf-8")
    legend = re.search(r'<details class="legend".*?</details>', page, re.S).group(0)
    assert "ความหมายของเครื่องหมายความมั่นใจของเกณฑ์" in legend
    assert re.findall(r"<dt>(.*?)</dt>", legend) == ["H", "M"]  # the marks this result uses, in order
    assert "ปานกลาง" in legend
    report.write(sample(), tmp_path, ["html"], "en")
    en = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "What the criterion confidence marks mean" in en and "<dt>M</dt><dd>Medium" in en


def item_section(page: str, code: str) -> str:
    return re.search(rf'<section class="item[^"]*"[^>]*id="item-{code}">.*?</section>', page, re.S).group(0)


def test_evidence_said_once_with_page_links(printed):
    page = (printed / "report.html").read_text(encoding="utf-8")
    o20 = item_section(page, "O20")
    assert f'href="{HOST}/files/budget-report-2564.pdf#page=2"' in o20
    # O28's finding quotes the same file, page and text as its evidence: shown once, no "no evidence" line
    o28 = item_section(page, "O28").split('<p class="answer">')[0]
    assert o28.count("hr-report-2563.pdf") == 2  # the finding's link (its text and href) only
    assert "ไม่พบหลักฐาน" not in o28
    assert 'class="badges"' in o28  # one place for every mark beside the verdict
    answer = re.search(r'<p class="answer">.*?</p>', item_section(page, "O28"), re.S).group(0)
    assert "ไม่มี — ต้องเผยแพร่ก่อนตอบ" in answer and "<a " not in answer  # the sheet's answer: a gap has no URL
    assert "hr-report-2563.pdf" in answer  # the partial evidence is named, as in the sheet's explanation


def test_broken_links_listed_and_escaped(printed):
    page = (printed / "report.html").read_text(encoding="utf-8")
    broken = re.search(r'<section class="broken".*?</section>', page, re.S).group(0)
    assert "ลิงก์เสียบนเว็บไซต์ (2 รายการ)" in broken and "HTTP 404" in broken and "(dns)" in broken
    assert f'href="{HOST}/ita"' in broken  # where the broken link sits
    assert "x.pdf?a=&lt;b&gt;" in broken and "<b>" not in broken


def test_snippets_cut_between_words_and_repaired():
    snippets_text = "แผนการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2565 องค์การบริหารส่วนตำบลตัวอย่าง " * 6
    cut = snippets.cut(snippets_text, 100)
    assert cut.endswith(" …") and len(cut) <= 102
    head = cut[:-2]
    assert snippets_text.startswith(head)
    from oit_checker.thai.wrap import tokens

    assert head in {"".join(tokens(snippets_text)[:n]).rstrip() for n in range(1, 40)}  # ends on a word
    assert snippets.tidy("ประจ าปี\n\n  งบประมาณ") == "ประจำปี งบประมาณ"  # broken SARA AM, line breaks
    # words split by PDF extraction are joined (demo site's PDFs); real spaces between words stay
    assert snippets.tidy("ที่ โครงการ/กิจกร รม ถนนคอ นกรีตเสริมเหล็ก โครงสร้างพื้ นฐาน งานนโยบายและแผน งานป้องกัน") \
        == "ที่ โครงการ/กิจกรรม ถนนคอนกรีตเสริมเหล็ก โครงสร้างพื้นฐาน งานนโยบายและแผน งานป้องกัน"
    # an excerpt cut mid-word starts and ends at whole words
    assert snippets.tidy("ายการเมือง นายสมชาย ดอกไม้งาม นายกเทศมนตรี (คลิกเ") == \
        "… การเมือง นายสมชาย ดอกไม้งาม นายกเทศมนตรี (คลิก …"
    assert snippets.page_link("http://x.go.th/a.PDF", 3) == "http://x.go.th/a.PDF#page=3"
    assert snippets.page_link("http://x.go.th/a.html", 3) == "http://x.go.th/a.html"


def test_long_evidence_is_quoted_not_dumped(tmp_path):
    result = sample()
    o1 = next(it for it in result["items"] if it["code"] == "O1")
    o1["evidence"] = [copy.deepcopy(o1["evidence"][0]) for _ in range(3)]  # the same evidence three times
    o1["evidence"][0]["snippet"] = "โครงสร้างองค์กร เทศบาลตำบลตัวอย่าง " * 40
    report.write(result, tmp_path, ["html"], "th")
    sec = item_section((tmp_path / "report.html").read_text(encoding="utf-8"), "O1")
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", sec, re.S)
    assert len(quotes) == 2  # the long one (cut) and the short one, once
    assert quotes[0].endswith(" …") and len(quotes[0]) <= snippets.MAX_CHARS + 2


def test_quote_does_not_repeat_the_title_its_link_shows(tmp_path):
    """A page titled "เอกสาร 31" whose heading repeats it: the link reads "เอกสาร 31", the quote what follows."""
    result = sample()
    o1 = next(it for it in result["items"] if it["code"] == "O1")
    o1["evidence"] = [dict(copy.deepcopy(o1["evidence"][0]), title="เอกสาร 31",
                           snippet="เอกสาร 31 เอกสาร 31 โครงสร้างส่วนราชการ สำนักปลัด กองคลัง กองช่าง")]
    report.write(result, tmp_path, ["html"], "th")
    sec = item_section((tmp_path / "report.html").read_text(encoding="utf-8"), "O1")
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", sec, re.S)
    assert quotes == ["โครงสร้างส่วนราชการ สำนักปลัด กองคลัง กองช่าง"]
    assert "เอกสาร 31</a>" in sec  # the title stays, once, as the link
    assert snippets.without_title("เอกสาร 310 แผน", "เอกสาร 31") == "เอกสาร 310 แผน"  # not a word's prefix


def test_phone_width_has_no_horizontal_scroll(printed, tmp_path):
    """report.html in a 360 px wide frame of headless Chromium: nothing wider than the screen."""
    page = (printed / "report.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>-</title></head><body style="margin:0">'
        f'<iframe id="f" width="360" height="800" srcdoc="{htmlmod.escape(page, quote=True)}"></iframe><script>'
        'document.getElementById("f").onload=function(){var d=this.contentDocument.documentElement;'
        'document.title="W="+d.scrollWidth+"/"+d.clientWidth;};</script></body></html>', encoding="utf-8")
    proc = chromium(tmp_path, "--window-size=800,900", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    m = re.fullmatch(r"W=(\d+)/(\d+)", dom_title(proc.stdout))
    assert m, proc.stdout[-500:]
    scroll, client = map(int, m.groups())
    assert 300 < client <= 360 and scroll <= client


def test_broken_links_come_from_the_crawl_failures():
    from oit_checker.corpus import Document
    from oit_checker.result import broken_links

    docs = [Document(url=f"{HOST}/ok", status=200),
            Document(url=f"{HOST}/gone.pdf", status=404, error="http_404", referrers=[f"{HOST}/ita", f"{HOST}/a"]),
            Document(url="http://dead.tambon-example.go.th/", error="dns"),
            Document(url=f"{HOST}/private", status=403, error="http_403"),  # refused us: not broken for a visitor
            Document(url=f"{HOST}/robots-only", error="robots")]
    assert broken_links(docs) == [
        {"url": f"{HOST}/gone.pdf", "status": 404, "error": "http_404", "found_on": [f"{HOST}/ita", f"{HOST}/a"]},
        {"url": "http://dead.tambon-example.go.th/", "status": None, "error": "dns", "found_on": []}]
