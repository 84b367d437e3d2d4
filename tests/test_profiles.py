"""The rounds after ITA 2565: profiles ita-2566/2568/2569, ``from:`` reuse, the concept map, year-aware CLI."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys

import pytest

from oit_checker import concepts, fixtures, profiles
from oit_checker.errors import UserError
from oit_checker.paths import RULES_DIR

COUNTS = {"ita-2565": 43, "ita-2566": 43, "ita-2568": 28, "ita-2569": 26}
NEW = ["ita-2566", "ita-2568", "ita-2569"]
FIXTURES = [p for pid in NEW for p in profiles.fixture_files(RULES_DIR / pid)]


@functools.cache
def loaded(pid: str):
    return profiles.load_profile(pid)


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "oit_checker", *args], capture_output=True, text=True,
                          timeout=300, **kw)


@pytest.mark.parametrize("pid", sorted(COUNTS))
def test_profile_validates_with_its_item_count(pid):
    assert profiles.validate_profile_dir(RULES_DIR / pid) == []
    prof = profiles.load_profile(pid)
    assert len(prof.items) == COUNTS[pid] == len(prof.rules)
    grouped = [c for g in prof.subindicators.values() for c in g["items"]]
    assert sorted(grouped) == sorted(prof.items)


@pytest.mark.parametrize("pid", NEW)
def test_every_item_has_a_pass_and_a_fail_fixture(pid):
    prof = profiles.load_profile(pid)
    names = {p.name for p in profiles.fixture_files(RULES_DIR / pid)}
    for code in prof.items:
        assert f"{code}.pass.yaml" in names and f"{code}.fail.yaml" in names, code


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_fixture(path):
    r = fixtures.run_fixture(path, loaded(path.parent.name))
    assert r["ok"], (r["got"], r["got_kinds"], r["want"], r["want_kinds"])


def test_codes_mean_other_things_each_round():
    names = {pid: loaded(pid).rule("O12").name["en"] for pid in COUNTS}
    assert names["ita-2565"] == "Annual operation report"
    assert "Procurement list" in names["ita-2568"]
    assert "procurement summary" in names["ita-2569"]


def test_from_takes_the_source_rule_and_moves_its_period():
    p65, p69 = profiles.load_profile("ita-2565"), profiles.load_profile("ita-2569")
    # O11 (2569) is 2565's O23 as it is: the month-by-month check comes along
    assert p69.rule("O11").checks == p65.rule("O23").checks
    assert p69.rule("O11").raw["from"] == "ita-2565/O23"
    # O18 (2569) is 2565's O31 with the period moved from H1 to the previous full year
    assert p65.rule("O31").period == "H1"
    assert p69.rule("O18").period == "PREV"
    assert {"kind": "period", "period": "PREV"} in p69.rule("O18").checks
    assert not any(c.get("period") == "H1" for c in p69.rule("O18").checks)
    # inherit_rules: false: 2569's O15 is the code of ethics, not 2565's O15 (service statistics)
    assert p69.rule("O15").concept == "ethics" and p65.rule("O15").concept == "service_stats"


def _tmp_profile(tmp_path, rule_text):
    folder = tmp_path / "bad-2569"
    folder.mkdir()
    (folder / "profile.yaml").write_text(
        "extends: ita-2569\ninherit_rules: false\nid: bad-2569\nname: {th: ทดสอบ, en: test}\nfiscal_year: 2569\n"
        "items: [O1]\nsubindicators: {\"1\": {name: {th: ก, en: a}, items: [O1]}}\n"
        "indicators: {\"OIT\": {name: {th: ก, en: a}, subindicators: [\"1\"]}}\n"
        "scoring: {method: mean_of_items}\n", encoding="utf-8")
    (folder / "O1.yaml").write_text(rule_text, encoding="utf-8")
    return folder


def test_from_a_missing_item_is_a_clear_error(tmp_path):
    folder = _tmp_profile(tmp_path, 'code: O1\nfrom: ita-2565/O99\ngroup: "1"\n')
    with pytest.raises(UserError) as exc:
        profiles.load_profile(folder)
    assert "ita-2565/O99" in exc.value.message()


def test_from_with_overrides_only(tmp_path):
    folder = _tmp_profile(tmp_path, 'code: O1\nfrom: ita-2565/O23\ngroup: "1"\nperiod: CUR\n')
    rule = profiles.load_profile(folder).rule("O1")
    assert rule.name["en"] == "Monthly procurement summary"
    assert any(c["kind"] == "months" and c["period"] == "CUR" for c in rule.checks)


def test_concept_map_names_only_existing_codes_and_agrees_with_the_rules():
    loaded = {pid: profiles.load_profile(pid) for pid in COUNTS}
    for key, c in concepts.load().items():
        for pid, codes in c["codes"].items():
            assert pid in loaded, (key, pid)
            for code in codes:
                assert code in loaded[pid].items, (key, pid, code)
    for pid, prof in loaded.items():
        for r in prof.rules:
            own = r.raw.get("concept")
            if own:
                assert r.code in concepts.codes(own, pid), (pid, r.code, own)
            assert r.concept, (pid, r.code)


def test_monthly_procurement_summary_is_one_concept_across_rounds():
    assert {p: concepts.codes("monthly_procurement", p) for p in COUNTS} == {
        "ita-2565": ["O23"], "ita-2566": ["O21"], "ita-2568": ["O12"], "ita-2569": ["O11"]}
    assert concepts.counterparts("ita-2569", "O11", "ita-2565") == ["O23"]
    assert profiles.load_profile("ita-2569").rule("O11").other_rounds["ita-2565"] == ["O23"]


def test_finding_on_a_low_confidence_period_says_so():
    item = fixtures.run_fixture(RULES_DIR / "ita-2569" / "O25.fail.yaml")["item"]
    f = item["findings"][0]
    assert f["kind"] == "wrong_period" and f["low_confidence"] == "period"
    assert "ความเชื่อมั่นต่ำ" in f["message"]
    assert item["confidence_detail"]["period"] == "L"
    # a sure one does not
    item = fixtures.run_fixture(RULES_DIR / "ita-2569" / "O18.fail.yaml")["item"]
    assert all("low_confidence" not in f for f in item["findings"])


def test_unpublished_rollup_is_flagged_in_the_profile():
    for pid in ("ita-2568", "ita-2569"):
        s = profiles.load_profile(pid).scoring
        assert s["published"] is False and "ป.ป.ช." in s["note"]["th"]
    assert profiles.load_profile("ita-2565").scoring.get("published", True) is True


def test_gregorian_fiscal_year_is_refused():
    with pytest.raises(UserError) as exc:
        profiles.load_profile("ita-2569", fiscal_year=2025)
    assert "2568" in exc.value.message()
    for bad in (2030, 2025):
        r = run_cli("scan", "http://127.0.0.1:9/", "--profile", "ita-2569", "--fiscal-year", str(bad))
        assert r.returncode == 2, r.stderr
        assert f"พ.ศ. {bad + 543}" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("scan", "http://127.0.0.1:9/", "--fiscal-year", "2025", "--lang", "en")
    assert r.returncode == 2 and "2568 BE" in r.stderr


def test_fiscal_year_of_another_round_warns(tmp_path):
    corpus = tmp_path / "nothing"
    corpus.mkdir()
    r = run_cli("rules", "list", "--profile", "ita-2569", "--fiscal-year", "2570")
    assert r.returncode == 0 and "ต.ค. 2569 – มี.ค. 2570" in r.stdout
    r = run_cli("scan", "http://127.0.0.1:9/", "--profile", "ita-2565", "--fiscal-year", "2569", "--out",
                str(tmp_path / "out"), "--max-time", "5", "--no-history")
    assert "คำเตือน" in r.stderr and "ita-2565" in r.stderr and "Traceback" not in r.stderr


def test_rules_list_shows_profiles_and_items():
    r = run_cli("rules", "list")
    assert r.returncode == 0
    for pid, n in COUNTS.items():
        assert any(line.startswith(pid) and f"{n} ข้อ" in line for line in r.stdout.splitlines()), pid
    r = run_cli("rules", "list", "--profile", "ita-2569", "--lang", "en")
    assert r.returncode == 0
    assert "26 items" in r.stdout and "not published" in r.stdout
    o11 = next(line for line in r.stdout.splitlines() if line.strip().startswith("O11"))
    assert "H1 Oct 2568 – Mar 2569 BE" in o11 and "2565:O23" in o11


def test_cli_validate_and_test_pass_for_a_renumbered_profile():
    pid = "ita-2569"  # the other profiles' fixtures are judged in process above
    r = run_cli("rules", "validate", pid)
    assert r.returncode == 0, r.stderr
    r = run_cli("rules", "test", pid, "-q")
    assert r.returncode == 0, r.stdout


def test_copy_of_a_profile_keeps_working(tmp_path):
    """A profile folder copied elsewhere (an agency's local tweak) still resolves its from: references."""
    dst = tmp_path / "ita-2569"
    shutil.copytree(RULES_DIR / "ita-2569", dst)
    assert len(profiles.load_profile(dst).rules) == 26


def test_history_and_diff_match_items_across_rounds_by_concept(tmp_path):
    """A 2565 scan failing O23 and a 2569 scan passing O11: the same monthly procurement summary."""
    from fleet_fake_scanner import build

    from oit_checker.fleet import store
    from oit_checker.fleet.diff import diff_results

    url = "https://www.tambon-example.go.th/"
    old = build(url, {"fail": ["O23"]}, "ita-2565", 2565)
    new = build(url, {"fail": ["O20"]}, "ita-2569", 2569)
    new["items"] = new["items"][:26]
    db = str(tmp_path / "h.sqlite")
    store.record_result(old, db)
    store.record_result(new, db)

    d = diff_results(old, new)
    assert d["by_concept"] and not d["same_profile"]
    fixed = {r["code"]: r for r in d["fixed"]}
    assert fixed["O11"]["code_before"] == "O23" and fixed["O11"]["concept"] == "monthly_procurement"
    assert [(r["code"], r["code_before"]) for r in d["new_gaps"]] == [("O20", None)]  # No Gift: new in 2569
    out = run_cli("diff", url, "--db", db)
    assert out.returncode == 1 and "O11" in out.stdout and "(ใน ITA 2565 คือข้อ O23)" in out.stdout

    h = run_cli("history", url, "--db", db, "--item", "O11", "--json")
    assert h.returncode == 0, h.stderr
    rows = [(r["profile"], r["code"], r["verdict"]) for r in json.loads(h.stdout)]
    assert rows == [("ita-2565", "O23", "fail"), ("ita-2569", "O11", "pass")]
    h = run_cli("history", url, "--db", db, "--item", "monthly_procurement")
    assert h.returncode == 0 and "สรุปผลการจัดซื้อจัดจ้างรายเดือน" in h.stdout and "O23" in h.stdout
    bad = run_cli("history", url, "--db", db, "--item", "O99")
    assert bad.returncode == 2 and "O99" in bad.stderr and "Traceback" not in bad.stderr


def _site_corpus(folder, pid: str, gaps: set[str]):
    """A corpus of one agency site holding every item's pass-fixture evidence except the planted gaps (each item's
    pages under its own folder, so two fixtures never share a URL); the truth is: the gaps fail, the rest pass."""
    import re

    import yaml

    from oit_checker import thai
    from oit_checker.corpus import CRAWL_FILE, DOCUMENTS_FILE, LINKS_FILE, write_jsonl

    base = "https://www.tambon-example.go.th/"
    docs, links, seen = [], [], set()
    for code in loaded(pid).items:
        if code in gaps:
            continue
        raw = (RULES_DIR / pid / f"{code}.pass.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(re.sub(re.escape(base) + r"(?=\S)", f"{base}{code.lower()}/", raw))
        for d in data.get("documents", []):
            if d["url"] in seen:
                continue
            seen.add(d["url"])
            pages = d.pop("pages", None) or [{"n": 1, "text": d.pop("text", "")}]
            d.pop("text", None)
            d["pages"] = [{"n": p.get("n", 1), "text": p["text"], "norm": thai.normalize(p["text"]),
                           "needs_ocr": False, "label": ""} for p in pages]
            docs.append({"final_url": d["url"], "status": 200, **d})
        links += data.get("links", [])
    folder.mkdir(parents=True)
    (folder / CRAWL_FILE).write_text(json.dumps({
        "schema_version": 1, "start_url": base, "host": "www.tambon-example.go.th", "status": "ok",
        "interrupted": False, "stats": {"pages": len(docs), "documents": 0, "errors": 0, "external": 0, "bytes": 1},
        "errors": [], "settings": {}}), encoding="utf-8")
    write_jsonl(folder / DOCUMENTS_FILE, docs)
    write_jsonl(folder / LINKS_FILE, [{"kind": "a", "nav": False, "external": False, **lk} for lk in links])
    return folder


@pytest.mark.parametrize("pid,gaps", [("ita-2569", {"O11", "O20"}), ("ita-2568", {"O12", "O22"}),
                                      ("ita-2566", {"O21", "O40"})])
def test_check_a_site_of_the_round_agrees_with_its_truth(tmp_path, pid, gaps):
    from oit_checker import result as result_mod

    corpus = _site_corpus(tmp_path / "corpus", pid, gaps)
    out = tmp_path / "out"
    r = run_cli("check", str(corpus), "--profile", pid, "--out", str(out), "--format", "json,html,answers")
    assert r.returncode == 0, r.stderr
    res = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result_mod.validate(res) == []
    year = loaded(pid).fiscal_year
    assert res["profile"]["id"] == pid and res["profile"]["fiscal_year"] == year
    got = {it["code"]: it["verdict"] for it in res["items"]}
    assert got == {c: "fail" if c in gaps else "pass" for c in loaded(pid).items}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"พ.ศ. {year}" in html and "ข้อเดียวกันในรอบอื่น" in html
    published = loaded(pid).scoring.get("published", True)
    assert ('id="scoring-note"' in html) is (not published)
    assert (res["profile"].get("scoring_published") is False) is (not published)
    from openpyxl import load_workbook

    wb = load_workbook(out / "oit-answers.xlsx")
    assert wb.properties.subject == f"ชุดเกณฑ์ {pid} ปีงบประมาณ พ.ศ. {year}"
    assert f"ตรวจตามชุดเกณฑ์ {pid} ปีงบประมาณ พ.ศ. {year}" in r.stdout
