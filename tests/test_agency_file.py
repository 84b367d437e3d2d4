"""The agency file (``oit-check init``, ``--config``, ``./oit-check.yaml``) and items checked by hand.

Real runs only: ``oit-check`` in a child process scanning a tiny site served on 127.0.0.1, the
agency file edited as an officer would (values typed into the template, comments kept).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import docx
import yaml

HOME = """<html><head><meta charset="utf-8"><title>เทศบาลตำบลทดสอบ</title></head><body>
<h1>เทศบาลตำบลทดสอบ</h1><p>ยินดีต้อนรับสู่เว็บไซต์เทศบาลตำบลทดสอบ</p>
<a href="news.html">ข่าวประชาสัมพันธ์</a></body></html>"""
NEWS = """<html><head><meta charset="utf-8"><title>ข่าว</title></head><body><p>ข่าวประชาสัมพันธ์ประจำเดือน</p>
</body></html>"""
ITA = """<html><head><meta charset="utf-8"><title>ITA</title></head><body><h1>การเปิดเผยข้อมูลสาธารณะ ITA</h1>
<a href="evidence.html">โครงสร้าง</a></body></html>"""
EVIDENCE = """<html><head><meta charset="utf-8"><title>แผนผังโครงสร้าง</title></head><body>
<p>ภาพสแกนแผนผังโครงสร้างส่วนราชการ {version}</p></body></html>"""


def _site(root: Path, version: str = "ฉบับปี 2569") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(HOME, encoding="utf-8")
    (root / "news.html").write_text(NEWS, encoding="utf-8")
    (root / "ita.html").write_text(ITA, encoding="utf-8")  # linked from nowhere: only a start page reaches it
    (root / "evidence.html").write_text(EVIDENCE.format(version=version), encoding="utf-8")
    return root


def _set(text: str, section: str, key: str, value: str) -> str:
    """Type ``value`` after ``key:`` inside ``section:`` of the template, as an officer edits it."""
    start = text.index(f"\n{section}:")
    m = re.compile(rf"^(  #? ?{key}:)[^\n#]*", re.M).search(text, start)
    assert m, (section, key)
    return text[:m.start()] + f"  {key}: {value}   " + text[m.end():]


def _agency_file(folder: Path, url: str, run_cli, **extra: str) -> Path:
    r = run_cli("init", folder)
    assert r.returncode == 0, r.stderr
    path = folder / "oit-check.yaml"
    text = path.read_text(encoding="utf-8")
    values = {("site", "url"): url, ("site", "start_pages"): f"[{url}ita.html]",
              ("agency", "name"): "เทศบาลตำบลทดสอบ", ("agency", "district"): "เมือง",
              ("agency", "province"): "ขอนแก่น", ("assessment", "profile"): "ita-2568",
              ("crawl", "max_pages"): "40", ("crawl", "delay"): "0", ("ocr", "enabled"): "false",
              ("output", "formats"): "[json, answers, html, measures]", ("history", "enabled"): "false",
              ("cache", "enabled"): "false", ("site", "exclude"): "[/news]"}
    for (section, key), value in values.items():
        text = _set(text, section, key, value)
    text += extra.get("tail", "")
    path.write_text(text, encoding="utf-8")
    return path


def _override(url: str, date: str = "2026-11-20") -> str:
    return (f"overrides_placeholder\n  - code: O1\n    verdict: pass\n    reason: แผนผังเป็นภาพสแกน เปิดดูแล้วครบ\n"
            f"    url: {url}evidence.html\n    by: นางสาวทดสอบ ใจดี\n    date: {date}\n"
            f"  - code: O3\n    verdict: fail\n    reason: ไม่มีเบอร์โทรศัพท์\n    url: {url}ita.html\n"
            f"    by: นางสาวทดสอบ ใจดี\n    date: {date}\n")


def _with_override(path: Path, url: str) -> None:
    text = path.read_text(encoding="utf-8").replace("overrides: []", _override(url).replace(
        "overrides_placeholder\n", "overrides:\n", 1).rstrip("\n"), 1)
    path.write_text(text, encoding="utf-8")


def _result(out: Path) -> dict:
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


def _item(res: dict, code: str) -> dict:
    return next(i for i in res["items"] if i["code"] == code)


def test_init_writes_the_two_files_and_never_overwrites(tmp_path, run_cli):
    r = run_cli("init", tmp_path / "th")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "th" / "oit-check.yaml").read_text(encoding="utf-8")
    assert "# แฟ้มหน่วยงานสำหรับ oit-check" in text and "ปีงบประมาณ" in text  # Thai comments
    data = yaml.safe_load(text)
    assert set(data) >= {"site", "agency", "assessment", "crawl", "output", "divisions", "overrides"}
    assert data["divisions"]["finance"] == "กองคลัง" and data["overrides"] == []
    official = yaml.safe_load((tmp_path / "th" / "official-result.yaml").read_text(encoding="utf-8"))
    assert list(official["indicators"]) == [f"i{n}" for n in range(1, 11)]
    assert set(official) == {"round", "fiscal_year", "agency", "total", "level", "indicators", "suggestions",
                             "oit_findings"}
    (tmp_path / "th" / "oit-check.yaml").write_text("site:\n  url: https://kept.example\n", encoding="utf-8")
    again = run_cli("init", tmp_path / "th")
    assert again.returncode == 2 and "ไม่เขียนทับ" in again.stderr and "Traceback" not in again.stderr
    assert "kept.example" in (tmp_path / "th" / "oit-check.yaml").read_text(encoding="utf-8")
    forced = run_cli("init", tmp_path / "th", "--force", "--lang", "en")
    assert forced.returncode == 0, forced.stderr
    en = (tmp_path / "th" / "oit-check.yaml").read_text(encoding="utf-8")
    assert "# Agency file for oit-check" in en and "kept.example" not in en
    assert yaml.safe_load(en)["divisions"]["finance"]["en"].startswith("Finance")


def test_bad_agency_file_is_one_line_naming_line_and_key(tmp_path, run_cli):
    bad = tmp_path / "oit-check.yaml"
    bad.write_text("site:\n  url: https://a.example\ncrawl:\n  max_pages: many\n", encoding="utf-8")
    r = run_cli("scan", "--config", bad)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "บรรทัด 4" in r.stderr and "crawl.max_pages" in r.stderr and "จำนวนเต็ม" in r.stderr
    bad.write_text("site:\n  url: https://a.example\n  max_page: 3\n", encoding="utf-8")
    r = run_cli("check", "--lang", "en", cwd=tmp_path)  # picked up from the current folder
    assert r.returncode == 2 and "line 3" in r.stderr and "unknown key site.max_page" in r.stderr
    bad.write_text("overrides:\n  - code: O1\n    verdict: maybe\n", encoding="utf-8")
    r = run_cli("scan", "--config", bad)
    assert r.returncode == 2 and "บรรทัด 2" in r.stderr and "reason" in r.stderr
    bad.write_text("assessment:\n  fiscal_year: 2025\n", encoding="utf-8")  # a Christian-era year
    r = run_cli("scan", "--config", bad)
    assert r.returncode == 2 and "บรรทัด 2" in r.stderr and "assessment.fiscal_year" in r.stderr
    bad.write_text("site: [unclosed\n", encoding="utf-8")
    r = run_cli("report", "--config", bad)
    assert r.returncode == 2 and "YAML" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("scan", "--config", tmp_path / "missing.yaml")
    assert r.returncode == 2 and "ไม่พบแฟ้มหน่วยงาน" in r.stderr


def test_scan_from_the_agency_file_alone_and_the_command_line_wins(tmp_path, serve, run_cli):
    site = _site(tmp_path / "site")
    server = serve(site)
    base = server.url.rstrip("/") + "/"
    docs = base.replace("127.0.0.1", "localhost") + "docs/"  # the same server under another host name
    (site / "docs").mkdir()
    (site / "docs" / "index.html").write_text('<html><body><a href="deep.html">เอกสาร</a></body></html>', "utf-8")
    (site / "docs" / "deep.html").write_text("<html><body>รายงานผล</body></html>", "utf-8")
    (site / "index.html").write_text(HOME.replace("</body>", f'<a href="{docs}index.html">เอกสาร</a></body>'), "utf-8")
    work = tmp_path / "work"
    path = _agency_file(work, base, run_cli)
    path.write_text(_set(path.read_text(encoding="utf-8"), "site", "extra_hosts", "[localhost]"), encoding="utf-8")
    r = run_cli("scan", cwd=work)  # no URL, no options: all from ./oit-check.yaml
    assert r.returncode in (0, 1), r.stderr
    assert "ใช้ค่าจากแฟ้มหน่วยงาน" in r.stderr
    out = work / "oit-out"
    res = _result(out)
    assert res["profile"]["id"] == "ita-2568"
    assert res["agency"]["name"] == "เทศบาลตำบลทดสอบ"
    assert res["agency"]["district"] == "เมือง" and res["agency"]["province"] == "ขอนแก่น"
    fetched = [json.loads(line)["url"] for line in (out / "corpus" / "fetched.jsonl").read_text().splitlines()]
    assert any(u.endswith("/ita.html") for u in fetched)  # the extra start page from site.start_pages
    assert any(u.endswith("/evidence.html") for u in fetched)
    assert not any(u.endswith("/news.html") for u in fetched)  # site.exclude
    assert docs + "deep.html" in fetched  # followed on the document host of site.extra_hosts
    assert (out / "oit-answers.csv").is_file() and not (out / "findings.csv").exists()  # output.formats
    crawl = json.loads((out / "corpus" / "crawl.json").read_text(encoding="utf-8"))
    assert crawl["settings"]["max_pages"] == 40 and crawl["settings"]["delay"] == 0

    r = run_cli("scan", "--out", tmp_path / "other", "--max-pages", "2", "--format", "json", cwd=work)
    assert r.returncode in (0, 1), r.stderr
    crawl = json.loads((tmp_path / "other" / "corpus" / "crawl.json").read_text(encoding="utf-8"))
    assert crawl["settings"]["max_pages"] == 2  # typed beats the file
    assert not (tmp_path / "other" / "oit-answers.csv").exists()
    assert _result(tmp_path / "other")["profile"]["id"] == "ita-2568"  # the rest still from the file


def test_override_survives_rescans_and_expires_when_its_evidence_changes_or_goes(tmp_path, serve, run_cli):
    site = _site(tmp_path / "site")
    server = serve(site)
    work = tmp_path / "work"
    base = server.url.rstrip("/") + "/"
    path = _agency_file(work, base, run_cli)
    _with_override(path, base)
    out = work / "oit-out"

    r = run_cli("scan", cwd=work)
    assert r.returncode in (0, 1), r.stderr
    item = _item(_result(out), "O1")
    assert item["verdict"] == "pass" and item["score"] == 100
    assert item["override"] == {"verdict": "pass", "original": "fail", "reason": "แผนผังเป็นภาพสแกน เปิดดูแล้วครบ",
                                "url": base + "evidence.html", "by": "นางสาวทดสอบ ใจดี", "date": "2026-11-20"}
    assert "ตรวจด้วยตนเอง โดย นางสาวทดสอบ ใจดี เมื่อ 2026-11-20" in r.stdout
    rows = list(csv.reader((out / "oit-answers.csv").open(encoding="utf-8-sig")))
    o1 = next(row for row in rows if row and row[0] == "O1")
    assert o1[3] == base + "evidence.html" and "ตรวจด้วยตนเอง" in o1[4]
    assert "ตรวจด้วยตนเอง" in (out / "report.html").read_text(encoding="utf-8")
    o3 = _item(_result(out), "O3")
    assert o3["verdict"] == "fail" and o3["override"]["original"] == "fail" and o3["answer"]["url"] == ""
    measures = docx.Document(str(out / "measures.docx"))
    cells = [c.text for t in measures.tables for row in t.rows for c in row.cells]
    assert any("ตรวจด้วยตนเอง โดย นางสาวทดสอบ ใจดี" in c and "ไม่มีเบอร์โทรศัพท์" in c for c in cells)
    first = _result(out)["scores"]["subindicators"]
    assert (work / ".oit-check-state.json").is_file()

    r = run_cli("check", cwd=work)  # re-judged without a crawl: the same evidence, still applied
    assert r.returncode in (0, 1), r.stderr
    assert _item(_result(out), "O1")["override"]["verdict"] == "pass"
    assert _result(out)["scores"]["subindicators"] == first

    _site(site, version="ฉบับแก้ไขใหม่")  # the evidence changed after the hand check
    r = run_cli("scan", cwd=work)
    assert r.returncode in (0, 1), r.stderr
    res = _result(out)
    item = _item(res, "O1")
    assert item["verdict"] == "fail" and "override" not in item
    assert item["override_expired"]["why"] == "changed"
    assert any("เปลี่ยนไป" in f["message"] for f in item["findings"])
    assert res["overrides"][0]["state"] == "expired" and "เปลี่ยนไป" in r.stdout
    assert _item(res, "O3")["override"]["verdict"] == "fail"  # re-scanned, its evidence unchanged: still applied

    (site / "evidence.html").unlink()  # gone: 404
    r = run_cli("scan", cwd=work)
    item = _item(_result(out), "O1")
    assert item["verdict"] == "fail" and "override" not in item
    assert item["override_expired"]["why"] == "missing" and "หายไป" in item["override_expired"]["message"]
