"""Issue 9, remaining elements on real crawls: an executives page whose photos are <img> tags beside each
name is judged on its text and pictures (not "data is an image"), per person; the rule fixtures beside the
rules pin the rest (``O8.empty-board.fail``, ``O8.share-button.fail``, ``O3.*`` of ita-2569 …)."""

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

PERSONS = [("นายสมชาย ใจดี", "นายกองค์การบริหารส่วนตำบลทดสอบ", "081-234-5678"),
           ("นางมาลี ศรีสุข", "รองนายกองค์การบริหารส่วนตำบลทดสอบ", "081-234-5679"),
           ("นายวิชัย มั่นคง", "ปลัดองค์การบริหารส่วนตำบลทดสอบ", "081-234-5670")]


def _photo(path: Path, shade: int) -> None:
    """A portrait-like picture with no text (what an executive's photo is to OCR)."""
    im = Image.new("RGB", (240, 320), (shade, 120, 200))
    ImageDraw.Draw(im).ellipse((60, 50, 180, 190), fill=(240, 200, 170))
    im.save(path)


def _post(root: Path) -> str:
    """A news post (a title and "รายละเอียดตามไฟล์แนบ") with the plan as a PDF behind "ดาวน์โหลด"."""
    from oit_checker.sitegen.render import write_pdf

    write_pdf(root / "files" / "plan65.pdf", "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2565", [
        {"p": "องค์การบริหารส่วนตำบลทดสอบ"},
        {"h": "บัญชีโครงการ/กิจกรรม"},
        {"table": {"head": ["โครงการ", "งบประมาณ (บาท)", "ระยะเวลาดำเนินการ"],
                   "rows": [["โครงการก่อสร้างถนนคอนกรีต หมู่ที่ 3", "500,000", "ต.ค. 2564 - ก.ย. 2565"],
                            ["โครงการอบรมอาสาสมัคร", "30,000", "ม.ค. 2565"]]}}])
    (root / "news").mkdir()
    (root / "news" / "88.html").write_text(
        '<html><head><meta charset="utf-8"><title>แผนการดำเนินงาน ประจำปีงบประมาณ 2565</title></head><body>'
        '<nav><a href="../index.html">หน้าหลัก</a></nav><div class="content"><h1>แผนการดำเนินงาน ประจำปีงบประมาณ 2565</h1>'
        '<p>รายละเอียดตามไฟล์แนบ</p><p><a href="../files/plan65.pdf">ดาวน์โหลด</a></p></div></body></html>',
        encoding="utf-8")
    return '<a href="news/88.html">ข่าวประชาสัมพันธ์</a>'


def _site(root: Path, phones: bool, post: bool = False) -> Path:
    (root / "img").mkdir(parents=True)
    blocks = []
    for i, (name, pos, phone) in enumerate(PERSONS):
        _photo(root / "img" / f"p{i}.jpg", 40 + 60 * i)
        tel = f"<p>โทร {phone}</p>" if phones else ""
        blocks.append(f'<div class="person"><img src="img/p{i}.jpg" width="120"><p>{name}</p><p>{pos}</p>{tel}</div>')
    page = ('<html><head><meta charset="utf-8"><title>คณะผู้บริหาร</title></head><body>'
            '<nav><a href="index.html">หน้าหลัก</a></nav><div class="content"><h1>คณะผู้บริหาร</h1>'
            + "".join(blocks) + "</div></body></html>")
    (root / "executive.html").write_text(page, encoding="utf-8")
    news = _post(root) if post else ""
    (root / "index.html").write_text('<html><head><meta charset="utf-8"><title>อบต.ทดสอบ</title></head><body>'
                                     f'<nav><a href="executive.html">คณะผู้บริหาร</a> {news}</nav>'
                                     '<p>ยินดีต้อนรับสู่เว็บไซต์ องค์การบริหารส่วนตำบลทดสอบ</p></body></html>',
                                     encoding="utf-8")
    return root


def _scan(run_cli, serve, root: Path, out: Path, *extra: str) -> dict:
    server = serve(root)
    res = run_cli("scan", f"{server.url}/index.html", "--profile", "ita-2565", "--out", out, "--no-progress",
                  "--lang", "en", *extra, timeout=300)
    assert res.returncode in (0, 1), res.stderr[-2000:]
    items = json.loads((out / "result.json").read_text(encoding="utf-8"))["items"]
    return {it["code"]: it for it in items}


def test_short_executives_page_with_photos_passes_on_its_text(run_cli, serve, tmp_path):
    # OCR on (the default): the photos are read with the page and give no text; they are its photos
    items = _scan(run_cli, serve, _site(tmp_path / "site", phones=True, post=True), tmp_path / "out")
    o2 = items["O2"]
    assert o2["verdict"] == "pass", o2["findings"]
    assert any(e["url"].endswith("/executive.html") for e in o2["evidence"])
    # the plan attached to a news post: the document is the evidence, the post the page the assessor opens
    o10 = items["O10"]
    assert o10["verdict"] == "pass", o10["findings"]
    assert o10["answer"]["url"].endswith("/news/88.html") and o10["answer"]["document"].endswith("/files/plan65.pdf")
    assert all(e["via"].endswith("/news/88.html") for e in o10["evidence"] if e["url"].endswith(".pdf"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "attached to the post" in html
    rows = [r for r in (tmp_path / "out" / "oit-answers.csv").read_text(encoding="utf-8-sig").splitlines()
            if r.startswith("O10")]
    assert rows and "/news/88.html" in rows[0] and "/files/plan65.pdf" in rows[0]


def test_short_executives_page_without_contacts_names_what_is_missing(run_cli, serve, tmp_path):
    # OCR off: the photos are unread pictures, yet the rule counts them as its photo element
    o2 = _scan(run_cli, serve, _site(tmp_path / "site", phones=False), tmp_path / "out", "--no-ocr")["O2"]
    assert o2["verdict"] == "fail"
    assert [f["kind"] for f in o2["findings"]] == ["missing_elements"]
    assert "contact channel" in o2["findings"][0]["message"]
    assert o2["findings"][0]["evidence"]["url"].endswith("/executive.html")


MONTHS_2565 = ["ต.ค. 64", "พฤศจิกายน 2564", "ธ.ค.๖๔", "ม.ค. 65", "กุมภาพันธ์ ๒๕๖๕", "มี.ค.65"]


def _monthly_xlsx(sheets: list[str], nothing: str, year_ce: int) -> bytes:
    """A สขร.1 workbook with one sheet per month; the ``nothing`` month declares it had no procurement."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for i, name in enumerate(sheets):
        ws = wb.create_sheet(name)
        ws.append(["ลำดับ", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินงบประมาณ", "วิธีซื้อหรือจ้าง", "เลขที่และวันที่ของสัญญา"])
        if name == nothing:
            ws.append(["", "ไม่มีการจัดซื้อจัดจ้าง"])
        else:
            ws.append([1, "จัดซื้อวัสดุสำนักงาน", 5000 + i, "เฉพาะเจาะจง", f"ส.{i + 1}/{year_ce} ลงวันที่ 15 มี.ค. 65"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _judge_workbook(profile: str, code: str, body: bytes, fy: int | None = None) -> dict:
    from oit_checker import checker
    from oit_checker.extract.dispatch import extract_body
    from oit_checker.fixtures import fixture_corpus
    from oit_checker.profiles import load_profile

    res = extract_body(body, "xlsx")
    pages = [{"n": p["n"], "text": p["text"], "label": p.get("label", "")} for p in res["pages"]]
    host = "https://www.tambon-sheet.go.th"
    corpus = fixture_corpus({"start_url": f"{host}/", "documents": [
        {"url": f"{host}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": f"{host}/files/sor.xlsx", "kind": "xlsx", "pages": pages}],
        "links": [{"src": f"{host}/", "url": f"{host}/files/sor.xlsx",
                   "text": "สรุปผลการจัดซื้อจัดจ้างรายเดือน"}]})
    prof = load_profile(profile, fiscal_year=fy, validate=False)
    return checker.judge(prof.rule(code), corpus, prof, "en")


@pytest.mark.parametrize(("profile", "code"), [("ita-2565", "O23"), ("ita-2566", "O21")])
def test_a_sheet_per_month_reports_each_month_and_a_month_with_nothing_counts(profile, code):
    item = _judge_workbook(profile, code, _monthly_xlsx(MONTHS_2565, "ม.ค. 65", 2022), fy=2565)
    assert item["verdict"] == "pass", item["findings"]


@pytest.mark.parametrize(("profile", "code"), [("ita-2569", "O11"), ("ita-2568", "O12")])
def test_a_sheet_per_month_in_the_default_round(profile, code):
    sheets = ["ต.ค. 68", "พ.ย. 68", "ธันวาคม 2568", "ม.ค. 69", "ก.พ. ๖๙", "มีนาคม 2569"]
    item = _judge_workbook(profile, code, _monthly_xlsx(sheets, "ก.พ. ๖๙", 2026), fy=2569)
    assert item["verdict"] == "pass", item["findings"]


def test_a_missing_month_sheet_is_named():
    item = _judge_workbook("ita-2565", "O23", _monthly_xlsx(MONTHS_2565[:4] + MONTHS_2565[5:], "ม.ค. 65", 2022),
                           fy=2565)
    assert item["verdict"] == "fail"
    missing = [f for f in item["findings"] if f["kind"] == "missing_months"]
    assert missing and missing[0]["months"] == ["2565-02"], item["findings"]


@pytest.mark.parametrize(("profile", "fixture", "reason"), [
    ("ita-2565", "O1.placeholder.fail", "heading_only"), ("ita-2565", "O21.placeholder.fail", "heading_only"),
    ("ita-2566", "O19.placeholder.fail", "heading_only"), ("ita-2565", "O13.heading.fail", "heading_only"),
    ("ita-2565", "O1.unrelated.fail", "heading_unrelated"), ("ita-2565", "O6.unrelated.fail", "heading_unrelated"),
    ("ita-2566", "O10.unrelated.fail", "heading_unrelated")])
def test_a_heading_with_nothing_under_it_is_said_and_the_page_cited(profile, fixture, reason):
    from oit_checker.checks.messages import reword
    from oit_checker.fixtures import run_fixture
    from oit_checker.paths import RULES_DIR

    item = run_fixture(RULES_DIR / profile / f"{fixture}.yaml")["item"]
    assert item["verdict"] == "fail"
    (f,) = item["findings"]
    assert f["reason"] == reason and "/p" in f["evidence"]["url"]
    assert f["evidence"]["url"] in f["message"] and f["message"].startswith(f"พบหัวข้อ “{f['heading']}”")
    assert reword(f, "en").startswith(f"The heading “{f['heading']}” is at {f['evidence']['url']}")


@pytest.mark.parametrize(("fixture", "reason", "words"), [
    ("O8.empty-board.fail", "empty_board", "medium confidence"),
    ("O35.deputy.fail", "top_executive_deputy", "a deputy"),
    ("O35.former.fail", "top_executive_other", "นายสมศักดิ์ เก่าแก่"),
    ("O35.no-top.fail", "top_executive_none", "does not name the top executive")])
def test_variant_findings_keep_their_words_in_english(fixture, reason, words):
    from oit_checker.checks.messages import reword
    from oit_checker.fixtures import run_fixture
    from oit_checker.paths import RULES_DIR

    item = run_fixture(RULES_DIR / "ita-2565" / f"{fixture}.yaml")["item"]
    f = next(f for f in item["findings"] if f.get("reason") == reason)
    assert words in reword(f, "en")


@pytest.mark.parametrize(("fixture", "reason"), [
    ("O30.general-grievance.fail", "channel_out_of_scope"), ("O8.empty-board.fail", "empty_board")])
def test_a_channel_that_does_not_count_is_quoted(fixture, reason):
    """The officer sees which page's channel was set aside: the finding quotes its title and first words."""
    from oit_checker.fixtures import run_fixture
    from oit_checker.paths import RULES_DIR

    item = run_fixture(RULES_DIR / "ita-2565" / f"{fixture}.yaml")["item"]
    f = next(f for f in item["findings"] if f.get("reason") == reason)
    assert f["evidence"]["url"] and len(f["evidence"]["snippet"]) > 10
