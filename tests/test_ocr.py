"""Thai OCR of scanned evidence: real scans made here (Thai text rendered, rasterised, tilted,
noisy, saved as an image-only PDF) and a photographed org chart, read by Tesseract; the
budget, the switch and the verdicts that rest on OCR text."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from oit_checker import checker, fixtures
from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE, write_jsonl
from oit_checker.extract import ocr, ocr_stage
from oit_checker.extract import run as extract_run
from oit_checker.sitegen.fonts import thai_fonts
from oit_checker.thai import contains, normalize

BASE = "https://www.tambon-test.go.th"
RISK_LINES = [
    "การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2565",
    "องค์การบริหารส่วนตำบลทดสอบ",
    "เหตุการณ์ความเสี่ยง ระดับความเสี่ยง มาตรการป้องกัน",
    "การเรียกรับผลประโยชน์ในการออกใบอนุญาตก่อสร้างอาคาร ระดับสูง",
    "ผลประโยชน์ทับซ้อนในการจัดซื้อจัดจ้าง ระดับสูง",
]


def scanned_page(lines: list[str], seed: int = 1, tilt: float = 1.2) -> Image.Image:
    """A page as a scanner makes it: 200 dpi A4, a little tilted, blurred, with speckle noise."""
    font = ImageFont.truetype(str(thai_fonts()[0]), 34)
    img = Image.new("L", (1654, 2339), 245)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((140, 160 + i * 64), line, fill=25, font=font)
    img = img.rotate(tilt, fillcolor=245, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.7))
    rnd = random.Random(seed)
    px = img.load()
    for _ in range(12000):
        x, y = rnd.randrange(img.width), rnd.randrange(img.height)
        px[x, y] = rnd.choice((40, 90, 200))
    return img


def save_scan_pdf(path: Path, pages: list[Image.Image]) -> Path:
    pages[0].save(path, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return path


def org_chart_photo(path: Path) -> Path:
    """An org chart photographed on a phone: boxes and lines, tilted, soft, saved as a JPEG."""
    font = ImageFont.truetype(str(thai_fonts()[0]), 30)
    img = Image.new("RGB", (1400, 900), (238, 236, 228))
    draw = ImageDraw.Draw(img)
    boxes = {"นายกองค์การบริหารส่วนตำบล": (450, 60), "ปลัดองค์การบริหารส่วนตำบล": (450, 300),
             "กองคลัง": (120, 560), "กองช่าง": (580, 560), "สำนักปลัด": (1000, 560)}
    for text, (x, y) in boxes.items():
        draw.rectangle((x - 20, y - 20, x + 440 if x == 450 else x + 260, y + 60), outline=(30, 30, 30), width=3)
        draw.text((x, y), text, fill=(20, 20, 20), font=font)
    draw.line((670, 140, 670, 280), fill=(30, 30, 30), width=3)
    draw.line((230, 480, 1110, 480), fill=(30, 30, 30), width=3)
    img = img.rotate(-1.5, fillcolor=(238, 236, 228), resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.8))
    img.save(path, "JPEG", quality=80)
    return path


def test_thai_ocr_is_installed_for_the_tests():
    # CI installs tesseract-ocr + tesseract-ocr-tha and the test extra pulls in pytesseract
    assert ocr.unavailable() is None


def test_scanned_pdf_page_is_read_in_thai(tmp_path):
    pdf = save_scan_pdf(tmp_path / "scan.pdf", [scanned_page(RISK_LINES)])
    res = ocr.ocr_page(str(pdf), "pdf", 1)
    assert "error" not in res, res
    norm = normalize(res["text"])
    for phrase in ("การประเมินความเสี่ยงการทุจริต", "ประจำปีงบประมาณ", "เหตุการณ์ความเสี่ยง", "มาตรการป้องกัน",
                   "องค์การบริหารส่วนตำบลทดสอบ"):
        assert contains(norm, phrase), (phrase, res["text"])
    assert 60 < res["conf"] <= 100


def test_photographed_org_chart_is_read(tmp_path):
    photo = org_chart_photo(tmp_path / "chart.jpg")
    res = ocr.ocr_page(str(photo), "image", 1)
    norm = normalize(res["text"])
    for phrase in ("นายกองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบล", "กองคลัง", "กองช่าง"):
        assert contains(norm, phrase), (phrase, res["text"])


def _corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A corpus folder as the crawler leaves it: fetched.jsonl + files/ (one row per URL)."""
    corpus = tmp_path / "corpus"
    (corpus / "files").mkdir(parents=True)
    rows = []
    for i, (name, body) in enumerate(files.items()):
        sha = f"{i:064d}"
        (corpus / "files" / sha).write_bytes(body)
        ctype = "image/jpeg" if name.endswith(".jpg") else "application/pdf"
        rows.append({"url": f"{BASE}/files/{name}", "final_url": f"{BASE}/files/{name}", "status": 200,
                     "content_type": ctype, "sha256": sha, "size": len(body), "file": f"files/{sha}"})
    write_jsonl(corpus / FETCHED_FILE, rows)
    (corpus / "crawl.json").write_text(json.dumps({"schema_version": 1, "start_url": BASE + "/", "status": "ok"}))
    return corpus


def _pages(corpus: Path) -> dict[str, list[dict]]:
    rows = [json.loads(x) for x in (corpus / DOCUMENTS_FILE).read_text(encoding="utf-8").splitlines()]
    return {r["url"].rsplit("/", 1)[1]: r["pages"] for r in rows}


def test_ocr_stage_reads_first_pages_first_within_the_budget(tmp_path):
    annex = save_scan_pdf(tmp_path / "a.pdf", [scanned_page(RISK_LINES[:2], seed=s) for s in (1, 2, 3)])
    risk = save_scan_pdf(tmp_path / "b.pdf", [scanned_page(RISK_LINES, seed=4)])
    corpus = _corpus(tmp_path, {"annex.pdf": annex.read_bytes(), "risk.pdf": risk.read_bytes()})
    extract_run(corpus, quiet=True)
    assert all(p["needs_ocr"] for ps in _pages(corpus).values() for p in ps)
    stats = ocr_stage.run(corpus, max_pages=2, quiet=True)
    pages = _pages(corpus)
    # the budget goes to every document's first page before the annex's second and third
    assert [p["ocr"] for p in pages["annex.pdf"]] == [True, False, False]
    assert pages["risk.pdf"][0]["ocr"] and not pages["risk.pdf"][0]["needs_ocr"]
    assert [p["ocr_skipped"] for p in pages["annex.pdf"][1:]] == ["ocr_budget", "ocr_budget"]
    assert contains(pages["risk.pdf"][0]["norm"], "การประเมินความเสี่ยงการทุจริต")
    assert pages["risk.pdf"][0]["ocr_conf"] > 60
    assert stats["read"] == 2 and stats["skipped"] == {"ocr_budget": 2}
    # a later run (oit-check check) reads what the budget left over
    assert ocr_stage.run(corpus, max_pages=10, quiet=True)["read"] == 2
    assert all(p["ocr"] for p in _pages(corpus)["annex.pdf"])


def test_without_tesseract_scans_wait_with_the_reason(tmp_path, monkeypatch):
    import pytesseract

    risk = save_scan_pdf(tmp_path / "b.pdf", [scanned_page(RISK_LINES, seed=4)])
    corpus = _corpus(tmp_path, {"risk.pdf": risk.read_bytes()})
    extract_run(corpus, quiet=True)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    assert ocr.unavailable() == "ocr_unavailable"
    assert ocr_stage.run(corpus, quiet=True)["skipped"] == {"ocr_unavailable": 1}
    assert _pages(corpus)["risk.pdf"][0]["ocr_skipped"] == "ocr_unavailable"


def test_no_ocr_leaves_scans_unreadable_with_the_reason(tmp_path):
    risk = save_scan_pdf(tmp_path / "b.pdf", [scanned_page(RISK_LINES, seed=4)])
    corpus = _corpus(tmp_path, {"risk.pdf": risk.read_bytes()})
    extract_run(corpus, quiet=True)
    assert ocr_stage.run(corpus, enabled=False, quiet=True)["skipped"] == {"ocr_off": 1}
    (page,) = _pages(corpus)["risk.pdf"]
    assert page["needs_ocr"] and not page["ocr"] and page["ocr_skipped"] == "ocr_off"


def test_a_page_over_its_time_limit_is_left_with_the_reason(tmp_path):
    risk = save_scan_pdf(tmp_path / "b.pdf", [scanned_page(RISK_LINES, seed=4)])
    corpus = _corpus(tmp_path, {"risk.pdf": risk.read_bytes()})
    extract_run(corpus, quiet=True)
    # Tesseract is stopped at the page's limit; the scan goes on and the page says why it has no text
    assert ocr_stage.run(corpus, timeout=0.05, quiet=True)["skipped"] == {"ocr_timeout": 1}
    (page,) = _pages(corpus)["risk.pdf"]
    assert page["needs_ocr"] and page["ocr_skipped"] == "ocr_timeout"


# ---------------------------------------------------------------- verdicts on OCR text

@pytest.fixture
def profile(profile_2565):
    return profile_2565


def judge(profile, code, documents, lang="th"):
    corpus = fixtures.fixture_corpus({"documents": documents, "links": []})
    return checker.judge(profile.rule(code), corpus, profile, lang)


def risk_scan(**page) -> dict:
    return {"url": BASE + "/files/Scan-risk.pdf", "kind": "pdf", "title": "Scan",
            "link_texts": ["การประเมินความเสี่ยงการทุจริตประจำปี"],
            "pages": [{"n": 1, "text": "\n".join(RISK_LINES), **page}]}


def test_a_scan_read_by_ocr_passes_and_its_evidence_says_so(profile):
    item = judge(profile, "O36", [risk_scan(ocr=True, ocr_conf=91.5)])
    assert item["verdict"] == "pass"
    ev = next(e for e in item["evidence"] if e["url"].endswith("Scan-risk.pdf"))
    assert ev["ocr"] is True and ev["ocr_confidence"] == 91.5
    assert "ภาพสแกน" in ev["ocr_note"]  # the year it rests on was read by OCR


def test_a_pass_resting_on_low_confidence_ocr_stays_unreadable(profile):
    item = judge(profile, "O36", [risk_scan(ocr=True, ocr_conf=41.0)], lang="en")
    assert item["verdict"] == "unreadable"
    (f,) = item["findings"]
    assert f["reason"] == "ocr_low_confidence" and "low confidence" in f["message"]


def test_a_wrong_year_read_by_ocr_says_the_year_may_be_misread(profile):
    old = risk_scan(ocr=True, ocr_conf=90.0)
    old["pages"][0]["text"] = old["pages"][0]["text"].replace("2565", "2505")  # ๒๕๖๕ read as ๒๕๐๕
    item = judge(profile, "O36", [old])
    assert item["verdict"] == "fail"
    (f,) = [f for f in item["findings"] if f["kind"] == "wrong_period"]
    assert f["ocr"] is True and "เลขไทยผิด" in f["message"]


@pytest.mark.parametrize("reason,words", [("ocr_unavailable", "pip install 'oit-checker[ocr]'"),
                                          ("ocr_off", "--no-ocr"), ("ocr_budget", "--ocr-max-pages")])
def test_an_unread_scan_says_how_to_read_it(profile, reason, words):
    scan = risk_scan(needs_ocr=True, ocr_skipped=reason)
    scan["pages"][0]["text"] = ""
    item = judge(profile, "O36", [scan], lang="en")
    assert item["verdict"] == "unreadable"
    (f,) = item["findings"]
    assert f["reason"] == reason and words in f["message"]


def test_a_scan_whose_ocr_gave_only_its_title_is_unreadable_not_a_gap(profile):
    """saiyoi's org chart: OCR reads its big title and nothing of its boxes. A missing element there is
    "could not read" (the lettering is too small), never "not disclosed"; a full read still fails on it."""
    chart = {"url": BASE + "/images/structure.jpg", "kind": "image", "title": "",
             "link_texts": ["โครงสร้างองค์กร"],
             "pages": [{"n": 1, "text": "โครงสร้างองค์การบริหารส่วนตำบลทดสอบ", "ocr": True, "ocr_conf": 88.0}]}
    item = judge(profile, "O1", [chart], lang="en")
    assert item["verdict"] == "unreadable"
    assert item["findings"][0]["reason"] == "ocr_too_little" and "too small" in item["findings"][0]["message"]
    words = " ".join(f"ตำแหน่งที่{i} งานธุรการ" for i in range(30))  # plenty read, and still no division named
    chart["pages"][0]["text"] = "โครงสร้างองค์การบริหารส่วนตำบลทดสอบ\n" + words
    assert judge(profile, "O1", [chart])["verdict"] == "fail"
