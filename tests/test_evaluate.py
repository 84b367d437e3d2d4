"""compare() in scripts/evaluate.py: item-level agreement with a ground truth."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("evaluate", ROOT / "scripts" / "evaluate.py")
evaluate = importlib.util.module_from_spec(_spec)
sys.modules["evaluate"] = evaluate
_spec.loader.exec_module(evaluate)


def _item(code, verdict, *findings, evidence=()):
    return {"code": code, "verdict": verdict, "findings": list(findings),
            "evidence": [{"url": u} for u in evidence]}


def _finding(kind, url="http://127.0.0.1:8000/x.html", **extra):
    return {"kind": kind, "message": f"msg {kind}", "evidence": {"url": url}, **extra}


def test_agreement_and_disagreement_counted():
    truth = {"items": {
        "O1": {"verdict": "pass", "findings": []},
        "O2": {"verdict": "fail", "findings": [{"kind": "not_found"}]},
        "O3": {"verdict": "fail", "findings": [{"kind": "broken_link", "url": "/a.pdf", "status": 404}]},
    }}
    result = {"items": [
        _item("O1", "pass", evidence=["http://127.0.0.1:9/about.html"]),
        _item("O2", "fail", _finding("not_found")),
        _item("O3", "pass", evidence=["http://127.0.0.1:9/wrong.html?id=3"]),
    ]}
    rep = evaluate.compare(result, truth)
    assert (rep["total"], rep["agree"], rep["disagree"]) == (3, 2, 1)
    assert rep["agreement"] == 66.7
    [d] = rep["disagreements"]
    assert d["code"] == "O3" and d["why"] == "verdict"
    assert d["got"]["verdict"] == "pass"
    assert "/wrong.html?id=3" in d["got"]["evidence_urls"]  # port stripped, query kept


def test_failing_item_needs_the_expected_kind():
    truth = {"items": {"O20": {"verdict": "fail", "findings": [{"kind": "missing_phrases"}]}}}
    wrong = {"items": [_item("O20", "fail", _finding("not_found", url="http://h/o20.pdf"))]}
    rep = evaluate.compare(wrong, truth)
    assert rep["agree"] == 0 and rep["disagreements"][0]["why"] == "finding kind"
    assert rep["disagreements"][0]["got"]["messages"] == ["msg not_found"]
    assert rep["disagreements"][0]["got"]["evidence_urls"] == ["/o20.pdf"]
    right = {"items": [_item("O20", "fail", _finding("not_found"), _finding("missing_phrases", phrases=["x"]))]}
    assert evaluate.compare(right, truth)["agree"] == 1


def test_list_of_verdicts_and_optional_findings():
    truth = {"items": {
        "O14": {"verdict": ["fail", "pass"], "findings": [{"kind": ["broken_link", "not_found"]}]},
        "O17": {"verdict": ["pass", "unreadable"]},
    }}
    for v14, kind14, v17, agree in [
        ("pass", None, "unreadable", 2),
        ("fail", "not_found", "pass", 2),
        ("fail", "missing_phrases", "fail", 0),
    ]:
        f14 = [_finding(kind14)] if kind14 else []
        f17 = [_finding("not_found")] if v17 == "fail" else [_finding("unreadable")] if v17 == "unreadable" else []
        result = {"items": [_item("O14", v14, *f14), _item("O17", v17, *f17)]}
        assert evaluate.compare(result, truth)["agree"] == agree, (v14, kind14, v17)


def test_months_and_years_must_match_when_given():
    truth = {"items": {
        "O23": {"verdict": "fail", "findings": [{"kind": "missing_months", "months": ["2565-03", "2564-11"]}]},
        "O28": {"verdict": "fail", "findings": [{"kind": "wrong_period", "found": 2563, "expected": 2564}]},
    }}
    good = {"items": [_item("O23", "fail", _finding("missing_months", months=["2564-11", "2565-03"])),
                      _item("O28", "fail", _finding("wrong_period", found=2563, expected=2564))]}
    assert evaluate.compare(good, truth)["agree"] == 2
    bad = {"items": [_item("O23", "fail", _finding("missing_months", months=["2565-03"])),
                     _item("O28", "fail", _finding("wrong_period", found=None, expected=2564))]}
    rep = evaluate.compare(bad, truth)
    assert rep["agree"] == 0
    assert {d["why"] for d in rep["disagreements"]} == {"finding detail"}


def test_years_bind_the_first_kind_only():
    """"The report is last year's" (wrong_period, with its years) or "this year's post lacks the outcome": the
    alternative kind is accepted by its kind alone; the first kind still needs its years."""
    truth = {"items": {"O20": {"verdict": "fail", "findings": [
        {"kind": ["wrong_period", "missing_phrases"], "found": 2567, "expected": 2568}]}}}
    alt = {"items": [_item("O20", "fail", _finding("missing_phrases", phrases=["ผลการมีส่วนร่วม"]))]}
    assert evaluate.compare(alt, truth)["agree"] == 1
    wrong_years = {"items": [_item("O20", "fail", _finding("wrong_period", found=2566, expected=2568))]}
    assert evaluate.compare(wrong_years, truth)["agree"] == 0


def test_missing_item_and_confusion():
    truth = {"items": {"O1": {"verdict": "unreadable"}, "O2": {"verdict": "pass"}}}
    rep = evaluate.compare({"items": [_item("O1", "fail", _finding("not_found"))]}, truth)
    assert rep["agree"] == 0
    assert rep["confusion"] == {"unreadable": {"fail": 1}, "pass": {"missing": 1}}
    assert rep["disagreements"][1]["why"] == "item missing from result"


def test_real_site_truth_files_cover_every_item():
    """Each hand-written truth names all 43 items with acceptable verdicts and a reason."""
    allowed = {"pass", "fail", "unreadable"}
    for path in sorted((ROOT / "tests" / "real_sites").glob("*.truth.yaml")):
        truth = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(truth["items"]) == {f"O{n}" for n in range(1, 44)}, path.name
        assert isinstance(truth["fiscal_year"], int) and truth["start_url"].startswith("/")
        for code, item in truth["items"].items():
            assert set(evaluate._as_list(item["verdict"])) <= allowed, (path.name, code)
            assert item.get("reason"), (path.name, code)


def test_result_mode_cli(tmp_path, capsys):
    truth = {"items": {"O1": {"verdict": "pass"}, "O2": {"verdict": "fail", "findings": [{"kind": "not_found"}]}}}
    result = {"items": [_item("O1", "pass"), _item("O2", "unreadable", _finding("unreadable"))]}
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(truth), encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(result), encoding="utf-8")
    assert evaluate.main(["result", str(tmp_path / "r.json"), str(tmp_path / "t.yaml"),
                          "--json", str(tmp_path / "out.json")]) == 0
    [rep] = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert rep["agreement"] == 50.0 and rep["disagreements"][0]["code"] == "O2"
    assert "O2" in capsys.readouterr().out


def test_parse_seeds():
    assert evaluate.parse_seeds("4242") == [4242]
    assert evaluate.parse_seeds("4242-4244,5000") == [4242, 4243, 4244, 5000]


def test_phrase_list_difference_is_noted_not_counted():
    truth = {"items": {"O28": {"verdict": "fail", "findings": [
        {"kind": "missing_phrases", "phrases": ["ปัญหา อุปสรรค", "ข้อเสนอแนะ"]}]}}}
    result = {"items": [_item("O28", "fail", _finding("missing_phrases",
                                                      phrases=["ผลการดำเนินการ", "ปัญหา อุปสรรค", "ข้อเสนอแนะ"]))]}
    rep = evaluate.compare(result, truth)
    assert rep["agree"] == 1
    assert rep["phrase_details"] == [{"code": "O28", "expected": ["ปัญหา อุปสรรค", "ข้อเสนอแนะ"],
                                      "got": ["ผลการดำเนินการ", "ปัญหา อุปสรรค", "ข้อเสนอแนะ"]}]
