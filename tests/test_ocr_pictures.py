"""Web pages whose content is a picture: an org chart embedded in a page, a PDF converted to HTML
by pdf2htmlEX with its words in a ``data:`` picture. A real site is crawled (Scrapy, local
server), the pictures are made here (Thai text rendered, tilted, blurred) and read by Tesseract;
a page whose own text is usable is judged on its text."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from test_ocr import RISK_LINES, org_chart_photo, scanned_page

from oit_checker import checker, corpus
from oit_checker.extract import page_images
from oit_checker.thai import contains

UNITS_TEXT = "\n".join(
    ["โครงสร้างส่วนราชการ องค์การบริหารส่วนตำบลทดสอบ", "นายกองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบล"]
    + [f"{u} มีหน้าที่รับผิดชอบงานตามที่ได้รับมอบหมายจากปลัดองค์การบริหารส่วนตำบล"
       for u in ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม")])


def _page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><nav><a href='index.html'>หน้าแรก</a></nav><main>{body}</main></body></html>")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, serve_module):
    """One crawl of a small site: a picture-only org chart page, the same chart beside a text list, and a
    pdf2htmlEX page whose words are a data: picture."""
    root = tmp_path_factory.mktemp("site")
    (root / "uploads").mkdir()
    org_chart_photo(root / "uploads" / "IMG_0012.jpg")
    shutil.copy(root / "uploads" / "IMG_0012.jpg", root / "uploads" / "IMG_0013.jpg")
    (root / "uploads" / "logo.png").write_bytes((root / "uploads" / "IMG_0012.jpg").read_bytes())
    scanned_page(RISK_LINES, seed=3).convert("RGB").save(root / "uploads" / "IMG_2201.jpg", "JPEG", quality=85)
    buf = io.BytesIO()
    scanned_page(["แผนภูมิโครงสร้างองค์การบริหารส่วนตำบลทดสอบ", "สำนักปลัด กองคลัง กองช่าง",
                  "นายกองค์การบริหารส่วนตำบล ปลัดองค์การบริหารส่วนตำบล"], seed=7).save(buf, "PNG")
    data = base64.b64encode(buf.getvalue()).decode()
    pages = {
        "index.html": _page("องค์การบริหารส่วนตำบลทดสอบ", "<a href='chart.html'>โครงสร้างองค์กร</a> "
                            "<a href='list.html'>ส่วนราชการ</a> <a href='scan.html'>โครงสร้าง (ฉบับสแกน)</a> "
                            "<a href='news.html'>ข่าวประชาสัมพันธ์ 12</a>"),
        # a post that is a heading and a scanned announcement with a camera's file name
        "news.html": _page("ข่าวประชาสัมพันธ์", "<h1>ประกาศ</h1><p>รายละเอียดตามเอกสารแนบ</p>"
                           "<img src='uploads/IMG_2201.jpg' alt=''>"),
        "chart.html": _page("โครงสร้างองค์กร", "<h1>โครงสร้างองค์กร</h1><img src='uploads/logo.png' alt='โลโก้'>"
                            "<img src='uploads/IMG_0012.jpg' alt=''>"),
        "list.html": _page("ส่วนราชการ", f"<h1>ส่วนราชการ</h1><p>{UNITS_TEXT.replace(chr(10), '<br>')}</p>"
                           "<img src='uploads/IMG_0013.jpg' alt='โครงสร้าง'>"),
        "scan.html": _page("", f"<div class='pf'><img class='bi' alt='' src='data:image/png;base64,{data}'></div>",
                           head="<meta name='generator' content='pdf2htmlEX'>"),
    }
    for name, html in pages.items():
        (root / name).write_text(html, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def serve_module():
    from oit_checker.serve import SiteServer

    servers = []

    def start(root: Path) -> SiteServer:
        s = SiteServer(root)
        s.__enter__()
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.__exit__(None, None, None)


@pytest.fixture(scope="module")
def result(scanned, serve_module, tmp_path_factory):
    from conftest import run_module

    server = serve_module(scanned)
    out = tmp_path_factory.mktemp("out")
    proc = run_module("oit_checker", "scan", server.url.rstrip("/") + "/index.html", "--out", str(out), "--quiet",
                      "--format", "json", "--delay", "0", "--no-history", "--fiscal-year", "2565", timeout=600)
    assert (out / "result.json").is_file(), proc.stderr[-2000:]
    return out


def _docs(out: Path) -> dict[str, dict]:
    rows = [json.loads(x) for x in (out / "corpus" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {r["url"].rsplit("/", 1)[1]: r for r in rows}


def _judge_on(out: Path, page: str, profile, code: str = "O1") -> dict:
    """The item judged as if ``page`` were the site's only evidence (with its home page and pictures)."""
    full = corpus.load(out / "corpus")
    keep = [d for d in full.documents if d.url.endswith(("/index.html", "/" + page)) or d.kind == "image"]
    return checker.judge(profile.rule(code), dataclasses.replace(full, documents=keep), profile, "en")


def test_a_picture_only_org_chart_page_is_judged_on_its_picture(result, profile_2565):
    chart = _docs(result)["chart.html"]
    shown = [p for p in chart["pages"] if p.get("ocr")]
    # the org chart is read (the logo beside it is not), attached to the page as OCR text with its confidence
    assert [p["label"].rsplit("/", 1)[1] for p in shown] == ["IMG_0012.jpg"]
    assert shown[0]["ocr_conf"] > 60
    for unit in ("กองคลัง", "กองช่าง", "สำนักปลัด"):
        assert contains(shown[0]["norm"], unit), shown[0]["text"]
    item = _judge_on(result, "chart.html", profile_2565)
    assert item["verdict"] == "pass", item["findings"]
    ev = [e for e in item["evidence"] if e["url"].endswith("/chart.html") and e.get("ocr")]
    assert ev and ev[0]["picture"].endswith("/uploads/IMG_0012.jpg") and ev[0]["ocr_confidence"] > 60


def test_a_page_with_a_text_list_is_judged_on_its_text(result, profile_2565):
    units = _docs(result)["list.html"]
    assert [p["n"] for p in units["pages"]] == [1] and not units["pages"][0].get("ocr")  # its picture not read
    item = _judge_on(result, "list.html", profile_2565)
    assert item["verdict"] == "pass", item["findings"]
    ev = [e for e in item["evidence"] if e["url"].endswith("/list.html")]
    assert ev and not any(e.get("ocr") for e in ev)


def test_a_pdf2htmlex_page_with_its_words_in_a_data_picture_is_read(result, profile_2565):
    scan = _docs(result)["scan.html"]
    assert scan["pages"][0]["needs_ocr"] is False  # it was "needs OCR" until its picture was read
    (shown,) = [p for p in scan["pages"] if p.get("ocr")]
    assert shown["label"] == "data:image/png;inline #1"
    assert contains(shown["norm"], "แผนภูมิโครงสร้าง") and contains(shown["norm"], "กองคลัง"), shown["text"]
    item = _judge_on(result, "scan.html", profile_2565)
    assert item["verdict"] == "pass", item["findings"]
    assert any(e.get("picture") == "data:image/png;inline #1" for e in item["evidence"])
    stats = json.loads((result / "corpus" / "ocr.json").read_text())
    assert stats["pictures"] == 3  # chart.html's, news.html's and scan.html's; list.html's text decides


def test_without_ocr_a_picture_page_stays_unreadable_and_says_why(result, profile_2565, tmp_path):
    from oit_checker.extract import ocr_stage

    copy = tmp_path / "corpus"
    shutil.copytree(result / "corpus", copy)
    rows = [json.loads(x) for x in (copy / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:  # back to before OCR: scan.html's page waits, the pictures' pages are gone
        if r["kind"] == "html":
            r["pages"] = [{**r["pages"][0], "needs_ocr": r["url"].endswith("scan.html"), "ocr_skipped": ""}]
    (copy / "documents.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    stats = ocr_stage.run(copy, enabled=False, quiet=True)
    assert stats["skipped"].get("ocr_off") and stats["pictures"] == 3
    full = corpus.load(copy)
    keep = [d for d in full.documents if d.url.endswith(("/index.html", "/scan.html"))]
    item = checker.judge(profile_2565.rule("O1"), dataclasses.replace(full, documents=keep), profile_2565, "en")
    assert item["verdict"] == "unreadable" and item["findings"][0]["reason"] == "ocr_off"
    assert "--no-ocr" in item["findings"][0]["message"]


def test_a_scanned_announcement_posted_as_a_picture_is_fetched_and_read(result, profile_2565):
    docs = _docs(result)
    # the crawler fetched the picture though its name says nothing: the post's own text is too thin
    assert docs["IMG_2201.jpg"]["kind"] == "image"
    (shown,) = [p for p in docs["news.html"]["pages"] if p.get("ocr")]
    assert shown["label"].endswith("/uploads/IMG_2201.jpg") and contains(shown["norm"], "การประเมินความเสี่ยงการทุจริต")
    item = _judge_on(result, "news.html", profile_2565, "O36")
    assert item["verdict"] == "pass", item["findings"]
    # the evidence is the picture read by OCR: as the post's picture or as the fetched picture itself
    assert any(e.get("ocr") and (e.get("picture", "").endswith("/IMG_2201.jpg") or e["url"].endswith("/IMG_2201.jpg"))
               for e in item["evidence"]), item["evidence"]


def test_decoration_and_small_pictures_are_not_content():
    assert page_images.decoration("https://x.go.th/img/logo-tambon.png", "")
    assert page_images.decoration("https://x.go.th/u/1.jpg", "แบนเนอร์ ITA")
    assert not page_images.decoration("https://x.go.th/u/IMG_0012.jpg", "โครงสร้างองค์กร")
    assert not page_images.big_enough((64, 64)) and not page_images.big_enough((820, 2))
    assert page_images.big_enough((1400, 900))


def test_the_ocr_cut_off_is_profile_data_and_the_finding_names_it(profile_2565):
    from test_ocr import judge, risk_scan

    from oit_checker.profiles import ocr_low_confidence

    assert ocr_low_confidence(profile_2565) == 60  # rules/common/ocr.yaml
    item = judge(profile_2565, "O36", [risk_scan(ocr=True, ocr_conf=55.0)], lang="en")
    (f,) = item["findings"]
    assert item["verdict"] == "unreadable" and f["ocr_cutoff"] == 60 and "55%, below the 60% cut-off" in f["message"]
    from oit_checker.checks.messages import reword

    assert "ต่ำกว่าเกณฑ์ 60%" in reword(f, "th")  # the report in Thai says it from the finding's fields
    # a profile that trusts OCR less: the same scan read at 65 no longer carries the pass
    strict = dataclasses.replace(profile_2565, raw={**profile_2565.raw, "ocr": {"low_confidence": 70}})
    assert judge(strict, "O36", [risk_scan(ocr=True, ocr_conf=65.0)])["verdict"] == "unreadable"
    assert judge(profile_2565, "O36", [risk_scan(ocr=True, ocr_conf=65.0)])["verdict"] == "pass"


def test_a_year_whose_era_ocr_misread_is_still_a_year():
    from oit_checker.thai import find_years, normalize

    (ref,) = find_years(normalize("การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศี. 2565"))  # Tesseract's พ.ศ.
    assert (ref.year, ref.kind) == (2565, "fiscal")


def test_the_report_names_the_picture_the_evidence_was_read_from():
    from types import SimpleNamespace

    from oit_checker.i18n import t
    from oit_checker.report.html import _ocr_label

    rep = SimpleNamespace(t=lambda key, **kw: t(key, "th", **kw))
    ev = {"url": "https://x.go.th/money.html", "ocr": True, "ocr_confidence": 92.9,
          "picture": "data:image/png;inline #1"}
    assert _ocr_label(rep, ev) == "(อ่านจากภาพสแกน ความมั่นใจ 93%) จากรูปภาพบนหน้า: data:image/png;inline #1"
    assert "รูปภาพบนหน้า" not in _ocr_label(rep, {**ev, "picture": ""})  # a scanned file: no picture to name
