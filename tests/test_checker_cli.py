"""`oit-check check CORPUS --out DIR` on a small corpus folder writes a valid result.json."""

import json
from pathlib import Path

from conftest import run_module

from oit_checker import result as result_mod
from oit_checker.corpus import CRAWL_FILE, DOCUMENTS_FILE, LINKS_FILE, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://www.tambon-cli.go.th"


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / CRAWL_FILE).write_text(json.dumps({
        "schema_version": 1, "start_url": BASE + "/", "host": "www.tambon-cli.go.th", "status": "ok",
        "interrupted": False, "stats": {"pages": 3, "documents": 2, "errors": 1, "external": 0, "bytes": 1000},
        "errors": [], "settings": {}}), encoding="utf-8")

    def doc(url, kind, title, text, **kw):
        d = {"url": url, "final_url": url, "status": 200, "kind": kind, "title": title,
             "pages": [{"n": 1, "text": text, "norm": "", "needs_ocr": False, "label": ""}]}
        d.update(kw)
        return d

    docs = [
        doc(BASE + "/", "html", "หน้าหลัก - องค์การบริหารส่วนตำบลทดสอบ", "ยินดีต้อนรับ",
            nav_text="ITA | รายงานผลการใช้จ่ายงบประมาณ"),
        doc(BASE + "/o20.pdf", "pdf", "", "รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2564\n"
            "ผลการใช้จ่ายงบประมาณ\nปัญหา อุปสรรค ไม่มี\nข้อเสนอแนะ ไม่มี",
            link_texts=["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"]),
        doc(BASE + "/o36.pdf", "pdf", "", "", link_texts=["การประเมินความเสี่ยงการทุจริต ประจำปี 2565"]),
        doc(BASE + "/o1", "html", "", "", status=404, error="http_404", link_texts=["โครงสร้างส่วนราชการ"]),
    ]
    docs[2]["pages"][0]["needs_ocr"] = True
    write_jsonl(folder / DOCUMENTS_FILE, docs)
    write_jsonl(folder / LINKS_FILE, [
        {"src": BASE + "/", "url": "https://www.facebook.com/tambontest", "text": "Facebook", "kind": "a",
         "external": True, "nav": True}])
    return folder


def run(*args):
    # a bare environment: no locale or venv variables to lean on
    return run_module("oit_checker", *args, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_check_writes_a_valid_result_json(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    proc = run("check", "--profile", "ita-2565", str(corpus), "--out", str(out), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result_mod.validate(res) == []
    assert res["schema_version"] == 1 and res["profile"] == {
        "id": "ita-2565", "fiscal_year": 2565, "name": res["profile"]["name"],
        "indicator_names": {"9": "การเปิดเผยข้อมูล", "10": "การป้องกันการทุจริต"},
        "subindicator_names": res["profile"]["subindicator_names"], "pass_mark": 85, "bands": res["profile"]["bands"]}
    assert res["profile"]["subindicator_names"]["9.3"] == "การบริหารเงินงบประมาณ"
    assert res["profile"]["bands"][1] == {"level": "A", "min": 85, "colour": "#2da44e"}
    assert res["site"] == {"url": BASE + "/", "status": "ok", "pages": 3, "documents": 2, "errors": 1,
                           "broken_links": [{"url": BASE + "/o1", "status": 404, "error": "http_404", "found_on": []}]}
    assert res["agency"]["name"] == "องค์การบริหารส่วนตำบลทดสอบ"
    by = {it["code"]: it for it in res["items"]}
    assert [it["code"] for it in res["items"]] == [f"O{i}" for i in range(1, 44)]
    assert by["O20"]["verdict"] == "pass" and by["O9"]["verdict"] == "pass"
    assert by["O36"]["verdict"] == "unreadable"
    assert by["O1"]["findings"][0]["kind"] == "broken_link"
    assert by["O23"]["findings"][0]["kind"] == "not_found"
    s = res["scores"]
    assert s["oit_min"] == s["oit"] < s["oit_max"]
    assert s["level"] == "F"
    # plain lines when not a terminal: the failing O1 listed, the passing O20 only counted
    assert "\nO1 " in proc.stdout and "ไม่ผ่าน" in proc.stdout and "\nO20 " not in proc.stdout


def test_fiscal_year_option_and_english(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    proc = run("check", "--profile", "ita-2565",
               str(corpus), "--out", str(out), "--format", "json", "--fiscal-year", "2566",
               "--lang", "en", "-q")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip().splitlines()) == 1  # -q: only the one-line result
    assert proc.stdout.startswith("OIT score ")
    res = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert res["profile"]["fiscal_year"] == 2566 and res["lang"] == "en"
    o20 = next(it for it in res["items"] if it["code"] == "O20")
    assert o20["verdict"] == "fail"
    f = o20["findings"][0]
    assert f["kind"] == "wrong_period" and f["found"] == 2564 and f["expected"] == 2565
    assert f["message"] == "It reports on 2564 BE, not 2565 BE"


def test_result_schema_rejects_a_broken_result(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    run("check", "--profile", "ita-2565", str(corpus), "--out", str(tmp_path / "out"), "--format", "json", "-q")
    res = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    res["items"][0]["verdict"] = "maybe"
    del res["scores"]["oit_max"]
    errors = result_mod.validate(res)
    assert any("verdict" in e for e in errors) and any("oit_max" in e for e in errors)


def test_bad_profile_is_one_clear_line(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    proc = run("check", "--profile", "ita-2565", str(corpus), "--out", str(tmp_path / "out"), "--profile", "nope")
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr
