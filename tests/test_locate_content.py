"""Issue 9: evidence recognised by what it says, attachments followed, pointers and headings not taken
for documents, and the year of a document read the way an assessor reads it.

The behaviours are also pinned by rule fixtures beside their rules (``rules/ita-2565/*.neutral.pass.yaml``,
``O10.attachment.*``, ``O6.pointer.fail``, ``O14.drive.fail``, ``O13.heading.fail``, ``O2.perperson.fail``,
``O7.lawyear.fail``, ``O10.bareyear.pass``), run by tests/test_rules.py."""

import subprocess
import sys
from pathlib import Path

import yaml

from oit_checker import thai
from oit_checker.checks.period import _dated_years, view_years, without_citations
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import index_for

ROOT = Path(__file__).resolve().parent.parent
HOST = "https://www.tambon-test.go.th"


def _view(text: str, title: str = "เอกสาร 1", **extra):
    doc = {"url": f"{HOST}/doc/1.html", "kind": "html", "title": title, "text": text, **extra}
    corpus = fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"}, doc]})
    return index_for(corpus).by_url[f"{HOST}/doc/1.html"]


def test_a_cited_laws_year_is_not_the_documents_year():
    text = thai.normalize("ตามระเบียบกระทรวงมหาดไทย ว่าด้วยการจัดทำแผนพัฒนา (ฉบับที่ 2) พ.ศ. 2559 ประจำปีงบประมาณ 2565")
    assert "2559" not in without_citations(text)
    assert "2565" in without_citations(text)
    years, _ = view_years(_view("แผนการดำเนินงาน\nตามพระราชบัญญัติการจัดซื้อจัดจ้าง พ.ศ. 2560"))
    assert 2560 not in years


def test_a_cited_national_plans_span_is_not_the_documents_period():
    text = thai.normalize("1.1 ยุทธศาสตร์ชาติ ระยะ 20 ปี (พ.ศ. 2561 – 2580)\nแผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)")
    kept = without_citations(text)
    assert "2561" not in kept and "2580" not in kept  # the whole cited span, its end too
    assert "2566" in kept and "2570" in kept  # the plan's own span stays
    kept = without_citations(thai.normalize("แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ ฉบับที่ 13 (พ.ศ. 2566-2570) ปี 2565"))
    assert "2570" not in kept and "2565" in kept
    # far from a national plan's name, a span is the document's own
    assert "2566" in without_citations(thai.normalize("ยุทธศาสตร์ชาติ และทิศทางการพัฒนาของตำบลที่สอดคล้องกับแผนพัฒนาจังหวัด "
                                                     "ตามแผนพัฒนาท้องถิ่นฉบับนี้ พ.ศ. 2566 - 2570"))


def test_dates_map_to_their_fiscal_year_in_thai_ce_and_numeric_forms():
    assert _dated_years(thai.normalize("เมื่อวันที่ 9 ธันวาคม 2564")) == [2565]
    assert _dated_years(thai.normalize("15/12/2564")) == [2565]
    assert _dated_years(thai.normalize("13 มี.ค. 2023")) == [2566]
    years, where = view_years(_view("กิจกรรมวันต่อต้านคอร์รัปชันสากล\nเมื่อวันที่ 9 ธันวาคม 2564 นายก… "
                                    "เพื่อจัดทำแผนพัฒนาท้องถิ่น พ.ศ. 2566-2570"))
    assert where == "dates" and years == [2565]  # the plan period it mentions is not the post's year


def test_scores_and_amounts_are_not_years():
    years, _ = view_years(_view("ผลคะแนน 90.34 คะแนน\nงบประมาณ 2,590 บาท"))
    assert years == []
    years, _ = view_years(_view("แผนดำเนินงาน 2565\nส่วนที่ 1 บทนำ"))
    assert years == [2565]


def test_a_post_names_its_attachment_and_a_list_page_does_not():
    docs = [{"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
            {"url": f"{HOST}/news/1", "kind": "html", "title": "แผนการดำเนินงาน ประจำปี 2565",
             "text": "แผนการดำเนินงาน ประจำปี 2565\nรายละเอียดตามไฟล์แนบ"},
            {"url": f"{HOST}/files/a.pdf", "kind": "pdf", "text": "บัญชีโครงการ"},
            {"url": f"{HOST}/list", "kind": "html", "title": "เอกสารเผยแพร่", "text": "เอกสารเผยแพร่"}]
    docs += [{"url": f"{HOST}/files/{i}.pdf", "kind": "pdf", "text": "ตาราง"} for i in range(5)]
    links = [{"src": f"{HOST}/news/1", "url": f"{HOST}/files/a.pdf", "text": "ดาวน์โหลด"}]
    links += [{"src": f"{HOST}/list", "url": f"{HOST}/files/{i}.pdf", "text": "ดาวน์โหลด"} for i in range(5)]
    idx = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": docs, "links": links}))
    assert any("แผนการดำเนินงาน" in t for t in idx.by_url[f"{HOST}/files/a.pdf"].link_texts)
    assert not any("เอกสารเผยแพร่" in t for t in idx.by_url[f"{HOST}/files/0.pdf"].link_texts)


def _excerpt_set(folder: Path) -> None:
    """A two-excerpt set in the labelled set's format (our own words, not a real page)."""
    entries = [
        {"id": "O7-02", "item": "O7", "verdict": "pass", "fiscal_year": 2565, "url": "https://example.go.th/n/2",
         "query": "ข่าวกิจกรรม", "reason": "a dated post of the agency's own activity",
         "text": "โครงการปลูกป่าชุมชน\nเมื่อวันที่ 5 มิถุนายน 2565 องค์การบริหารส่วนตำบลทดสอบ ได้จัดโครงการปลูกป่า"},
        {"id": "N-01", "item": "none", "verdict": "none", "url": "https://example.go.th/x",
         "query": "เกณฑ์", "reason": "a heading only", "text": "หน้าแรก"},
    ]
    (folder / "set.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def test_realtext_script_reports_both_halves_and_needs_a_set(tmp_path):
    _excerpt_set(tmp_path)
    run = [sys.executable, str(ROOT / "scripts" / "realtext.py"), "--mode", "neutral", "--items", "O7"]
    out = subprocess.run(run + ["--set", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "######## dev" in out.stdout and "######## held-out" in out.stdout
    assert "O7" in out.stdout
    print(out.stdout)
    env = {k: v for k, v in __import__("os").environ.items() if k != "OIT_REALTEXT"}
    none = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert none.returncode == 2 and "OIT_REALTEXT" in none.stderr and "Traceback" not in none.stderr


def test_a_scanned_post_is_judged_on_its_attachment(tmp_path, serve, run_cli):
    """Scrapy crawls a served site: a post (title, date, "รายละเอียดตามไฟล์แนบ", a picture) links a real PDF by
    "ดาวน์โหลด"; the PDF never names itself. The item passes on the PDF, not "unreadable" on the picture."""
    import json

    from oit_checker.sitegen.render import write_pdf

    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "images").mkdir()
    (site / "images" / "banner.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_pdf(site / "files" / "a81f3.pdf", "", [
        {"p": "บัญชีโครงการ/กิจกรรม/งบประมาณ องค์การบริหารส่วนตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. 2565"},
        {"table": {"head": ["ลำดับ", "โครงการ", "งบประมาณ (บาท)", "หน่วยงานรับผิดชอบ"],
                   "rows": [["1", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3", "250,000", "กองช่าง"],
                            ["2", "โครงการขยายเขตประปาหมู่บ้าน หมู่ที่ 5", "180,000", "กองช่าง"]]}}])
    page = ('<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{t}</title></head>'
            "<body><main>{b}</main></body></html>")
    (site / "index.html").write_text(page.format(t="หน้าหลัก", b='<p>ยินดีต้อนรับ</p><a href="news/151.html">'
                                                  "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2565</a>"), encoding="utf-8")
    (site / "news" / "151.html").write_text(page.format(
        t="แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2565",
        b="<h1>แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2565</h1><p>ประกาศเมื่อ 3 พฤศจิกายน 2564</p>"
          '<img src="../images/banner.png" alt=""><p>รายละเอียดตามไฟล์แนบ</p>'
          '<p><a href="../files/a81f3.pdf">ดาวน์โหลด</a></p>'), encoding="utf-8")
    server = serve(site)
    out = tmp_path / "out"
    proc = run_cli("scan", server.url + "/index.html", "--out", str(out), "--format", "json", "--quiet",
                   "--delay", "0", "--no-history", "--no-ocr", "--profile", "ita-2565", "--fiscal-year", "2565",
                   timeout=300)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    items = {it["code"]: it for it in json.loads((out / "result.json").read_text(encoding="utf-8"))["items"]}
    o10 = items["O10"]
    assert o10["verdict"] == "pass", o10["findings"]
    assert any(ev["url"].endswith("/files/a81f3.pdf") and ev.get("page") == 1 for ev in o10["evidence"])


def test_a_home_page_linking_a_few_drive_files_is_not_a_pointer():
    """phukradung: the start page links a Drive file and a Google Form among its own pages; its footer
    still publishes the contact details (O5). A page that is a list of Drive files is a pointer."""
    from oit_checker.checks import on_site
    from oit_checker.checks.base import Context
    from oit_checker.profiles import load_profile

    home = {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก",
            "text": "ที่อยู่ หมู่ที่ 2 ตำบลทดสอบ โทรศัพท์ 0-4203-9209\n" + "ข่าวกิจกรรมของตำบล\n" * 5}
    links = [{"src": f"{HOST}/", "url": f"{HOST}/page/{i}", "text": f"หน้า {i}"} for i in range(8)]
    links += [{"src": f"{HOST}/", "url": u, "text": "", "external": True}
              for u in ("https://drive.google.com/file/d/x/view", "https://docs.google.com/forms/d/y")]
    idx = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [home], "links": links}))
    profile = load_profile("ita-2565", validate=False)
    ctx = Context(rule=profile.rule("O5"), profile=profile, index=idx)
    assert not on_site.pointer_only(idx.by_url[f"{HOST}/"], ctx)
    drive = "\n".join(f"{i}. แบบคำขอ https://drive.google.com/file/d/{i}/view" for i in range(3))
    assert on_site.pointer_only(_view("คู่มือสำหรับประชาชน\n" + drive), ctx)
