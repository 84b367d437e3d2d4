"""Each check kind on synthetic rules: its docstring's PASS and FAIL examples are judged, so the
docs cannot drift; the registry, the generated schema/docs and the finding catalogue agree."""

from __future__ import annotations

import inspect
import re

import pytest
import yaml

from oit_checker import answer, checker, fixtures, verdict
from oit_checker.checks import gen, messages, registry
from oit_checker.checks.base import Scope
from oit_checker.checks.findings import FindingKind, message_key
from oit_checker.i18n import catalog
from oit_checker.profiles import Rule, validate_data

KINDS = list(registry.KINDS.values())
RULE_WORDED = {"period", "months"}  # their wording takes words from the rule (PREV/H1, subject) a finding lacks


def examples(kind) -> dict[str, dict]:
    """The ``PASS::`` / ``FAIL::`` literal blocks of a kind module's docstring, parsed as YAML."""
    doc = inspect.getmodule(kind.check).__doc__ or ""
    out = {}
    for label, block in re.findall(r"^(PASS|FAIL)::\n\n((?:    .*\n|\n)+)", doc, re.M):
        out[label] = yaml.safe_load("\n".join(line[4:] for line in block.splitlines()))
    return out


def synthetic_rule(example: dict) -> Rule:
    data = {"code": "O99", "name": {"th": "ข้อทดสอบ", "en": "Test item"}, "group": "9.1",
            "criterion": {"th": "ทดสอบ", "en": "test", "confidence": "M", "source": "test"},
            "period": example.get("period", "CUR"), "locate": example["locate"], "checks": example["checks"],
            "advice": {"th": "เผยแพร่", "en": "Publish"},
            "measure": {"issue": {"th": "ก", "en": "a"}, "guideline": {"th": "ข", "en": "b"},
                        "steps": {"th": ["ค"], "en": ["c"]}, "owner": "it"}}
    assert validate_data(data, "rule", "example") == []  # the example is a valid rule
    return Rule(**{k: data[k] for k in ("code", "name", "group", "criterion", "period", "locate", "checks",
                                         "advice", "measure")})


def judge_example(example: dict, profile, lang: str = "th") -> dict:
    corpus = fixtures.fixture_corpus({"documents": example["documents"], "links": example.get("links", [])})
    return checker.judge(synthetic_rule(example), corpus, profile, lang)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_module_docstring_names_the_kind_and_shows_pass_and_fail(kind):
    doc = inspect.getmodule(kind.check).__doc__
    assert doc.splitlines()[0].startswith(f"Check kind ``{kind.name}``: ")
    assert set(examples(kind)) == {"PASS", "FAIL"}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
@pytest.mark.parametrize("label", ["PASS", "FAIL"])
def test_docstring_example_is_judged_as_it_says(kind, label, profile_2565):
    ex = examples(kind)[label]
    assert [c["kind"] for c in ex["checks"]] == [kind.name]
    item = judge_example(ex, profile_2565)
    want = ex["expect"]
    assert item["verdict"] == want["verdict"] == label.lower(), item["findings"]
    assert sorted({f["kind"] for f in item["findings"]}) == sorted(want.get("findings", []))
    if label == "FAIL":
        assert set(want["findings"]) <= set(kind.findings)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_failing_example_message_is_filled_from_the_catalogue(kind, lang, profile_2565):
    item = judge_example(examples(kind)["FAIL"], profile_2565, lang)
    (f,) = item["findings"]
    assert f["message"] and "{" not in f["message"] and not f["message"].startswith("finding.")
    # a report in the other language re-words the same finding from the same catalogue
    other = "en" if lang == "th" else "th"
    text = messages.reword(f, other)
    assert text and "{" not in text and not text.startswith("finding.")
    if kind.name not in RULE_WORDED:
        assert messages.reword(f, lang) == f["message"]


def test_failing_example_messages_in_assessor_words(profile_2565):
    fail = {k.name: judge_example(examples(k)["FAIL"], profile_2565)["findings"][0] for k in KINDS}
    assert fail["phrases"]["message"] == "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ"
    assert fail["period"]["message"] == "เป็นรายงานผลของปี พ.ศ. 2562 ไม่ใช่ปี พ.ศ. 2564"
    assert fail["months"]["months"] == ["2564-12", "2565-01", "2565-02", "2565-03"]
    assert fail["months"]["message"] == ("ไม่มีสรุปผลการจัดซื้อจัดจ้างรายเดือนธันวาคม 2564, มกราคม 2565, "
                                         "กุมภาพันธ์ 2565, มีนาคม 2565")
    assert fail["elements"]["elements"] == ["แผนที่ตั้ง"]
    assert fail["on_site"]["evidence"]["url"] == "https://drive.google.com/file/d/abc"
    assert fail["channel"]["message"] == "เป็นเพียงแบบฟอร์มให้ดาวน์โหลด ไม่ใช่ช่องทางออนไลน์ที่ใช้งานได้จริง"


def test_closest_candidate_speaks_for_a_failing_item(profile_2565):
    """Of two failing documents, the one missing fewer parts gives the finding (registry distance)."""
    ex = examples(registry.KINDS["phrases"])["FAIL"]
    near = dict(ex["documents"][0], url="https://www.tambon-test.go.th/near", text="ข้อเสนอแนะ : ไม่มี")
    item = judge_example(dict(ex, documents=[ex["documents"][0], near]), profile_2565)
    (f,) = item["findings"]
    assert f["phrases"] == ["ปัญหา อุปสรรค"] and item["answer"]["url"].endswith("/near")


def test_registry_scopes():
    document_kinds = {"phrases", "period", "coverage", "elements", "on_site", "top_executive"}
    assert {k.name for k in KINDS if k.scope == Scope.DOCUMENT} == document_kinds
    assert {k.name for k in KINDS if k.scope == Scope.ITEM} == {"months", "channel"}
    assert all(k.item_views for k in KINDS if k.scope == Scope.ITEM)
    assert [k.name for k in KINDS if not k.alone_is_evidence] == ["on_site"]


def test_generated_schema_and_docs_are_up_to_date():
    assert gen.outdated() == [], "run: python -m oit_checker.checks.gen --write"


def test_schema_kind_list_is_the_registry():
    import json

    schema = json.loads(gen.RULE_SCHEMA.read_text(encoding="utf-8"))
    check = schema["$defs"]["check"]
    assert check["properties"]["kind"]["enum"] == list(registry.KINDS)
    assert [c["then"] for c in check["allOf"]] == [k.schema for k in KINDS]


@pytest.mark.parametrize("kind", list(FindingKind))
def test_every_finding_kind_has_thai_and_english_words(kind):
    entry = catalog()[message_key(kind)]
    assert entry["th"].strip() and entry["en"].strip()


def test_every_emitted_finding_kind_is_in_the_vocabulary():
    assert {f for k in KINDS for f in k.findings} <= set(FindingKind)
    for variant in ("no_year", "wrong_period_prev", "wrong_period_h1", "no_channel", "other"):
        assert set(catalog()[f"finding.{variant}"]) == {"th", "en"}
    assert not [k for k in catalog() if k.startswith(("check.finding.", "report.finding."))]


def test_report_rewording_of_a_finding_without_its_rule():
    assert messages.reword({"kind": "missing_months", "months": ["2565-03"]}, "en") == "No data for March 2565 BE"
    assert messages.reword({"kind": "missing_months", "months": ["bad"]}, "th") == "ไม่มีข้อมูลเดือนbad"
    assert messages.reword({"kind": "wrong_period", "found": None, "expected": 2565}, "en") == \
        "No year is stated (the data must be for 2565 BE)"
    assert messages.reword({"kind": "unreadable", "reason": "needs_ocr"}, "en") == \
        "Evidence found but it could not be read (scanned image without a text layer); check it by hand"
    assert messages.reword({"kind": "some_new_kind"}, "en") == "Does not meet the criterion (some_new_kind)"


def test_the_judge_knows_no_check_field_or_kind_name():
    source = "\n".join(inspect.getsource(m) for m in (checker, verdict, answer))
    names = {k.name for k in KINDS} | {f for k in KINDS for f in k.finding_fields} | {"all", "any", "elements"}
    assert not [n for n in names if re.search(rf"[\"']{n}[\"']", source)]
