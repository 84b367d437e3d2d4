"""A merged item (a rule's ``parts:``) met by one document per part: 2569 O6 plan + progress, O13 rules + plan."""

from __future__ import annotations

import pytest

from oit_checker import checker, fixtures, profiles
from oit_checker.checks import messages
from oit_checker.paths import RULES_DIR

BASE = "https://www.tambon-example.go.th"
HOME = {"url": BASE + "/", "kind": "html", "title": "อบต.ตัวอย่าง", "text": "ยินดีต้อนรับ"}
PLAN = {"url": BASE + "/ita/plan-2569.pdf", "kind": "pdf", "link_texts": ["O6 แผนการดำเนินงาน ประจำปี พ.ศ. 2569"],
        "text": "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569\nโครงการซ่อมแซมถนน งบประมาณ 500,000 บาท"}
PROGRESS = {"url": BASE + "/ita/progress-6m-2569.pdf", "kind": "pdf",
            "link_texts": ["O6 รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน พ.ศ. 2569"],
            "pages": [{"n": 1, "text": "รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2569"},
                      {"n": 2, "text": "โครงการซ่อมแซมถนน ดำเนินการแล้วเสร็จ"}]}


@pytest.fixture(scope="module")
def p2569():
    return profiles.load_profile("ita-2569")


def _judge(profile, code, docs, lang="th"):
    return checker.judge(profile.rule(code), fixtures.fixture_corpus({"documents": [HOME, *docs]}), profile, lang)


def test_plan_and_progress_as_two_documents_pass_with_each_parts_evidence(p2569):
    item = _judge(p2569, "O6", [PLAN, PROGRESS])
    assert item["verdict"] == "pass"
    by_part: dict[str, list[dict]] = {}
    for e in item["evidence"]:
        by_part.setdefault((e.get("part") or {}).get("en"), []).append(e)
    assert {e["url"] for e in by_part["the annual operation and budget plan"]} == {PLAN["url"]}
    progress = by_part["the progress of work and spending"]
    assert {e["url"] for e in progress} == {PROGRESS["url"]}
    assert any(e["page"] == 2 and "แล้วเสร็จ" in e["snippet"] for e in progress)  # URL + page + matched text


def test_a_missing_part_is_named_in_thai_and_english(p2569):
    item = _judge(p2569, "O6", [PLAN])
    assert item["verdict"] == "fail"
    missing = [f for f in item["findings"] if f.get("part")]
    assert missing and all(f["part"]["en"] == "the progress of work and spending" for f in missing)
    assert missing[0]["message"].startswith("ส่วนความก้าวหน้าการดำเนินงานและการใช้งบประมาณ: ไม่ปรากฏ")
    assert messages.reword(missing[0], "en").startswith('part "the progress of work and spending": Missing:')
    # the part that is met shows its document
    assert {e["url"] for e in item["evidence"] if e.get("part")} == {PLAN["url"]}


def test_one_document_with_everything_still_passes_without_parts(p2569):
    both = {**PLAN, "text": PLAN["text"] + "\nความก้าวหน้า รอบ 6 เดือน ดำเนินการแล้วเสร็จ"}
    item = _judge(p2569, "O6", [both])
    assert item["verdict"] == "pass" and not any(e.get("part") for e in item["evidence"])


def test_hr_rules_without_year_and_plan_of_the_year(p2569):
    rules = {"url": BASE + "/ita/hr-criteria.pdf", "kind": "pdf",
             "link_texts": ["O13 หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล"],
             "text": "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล การสรรหาและคัดเลือก การพัฒนาบุคลากร "
                     "การประเมินผลการปฏิบัติงาน การเลื่อนขั้นเงินเดือนและวินัย"}
    plan = {"url": BASE + "/ita/hr-plan.pdf", "kind": "pdf", "link_texts": ["O13 แผนพัฒนาบุคลากร"],
            "text": "แผนพัฒนาบุคลากร ประจำปีงบประมาณ พ.ศ. 2568"}
    assert _judge(p2569, "O13", [rules, plan])["verdict"] == "fail"  # the plan is last year's
    item = _judge(p2569, "O13", [rules, {**plan, "text": plan["text"].replace("2568", "2569")}])
    assert item["verdict"] == "pass"
    assert {e["url"] for e in item["evidence"]} == {rules["url"], plan["url"]}
    # a policy that meets both parts does not hide the documents specific to each part
    policy = {"url": BASE + "/ita/hr-policy.pdf", "kind": "pdf", "link_texts": ["O13 นโยบายการบริหารทรัพยากรบุคคล"],
              "text": "นโยบายการบริหารทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2569 ด้านการสรรหา ด้านการพัฒนา "
                      "ด้านการประเมินผล ด้านสวัสดิการ"}
    item = _judge(p2569, "O13", [policy, rules, {**plan, "text": plan["text"].replace("2568", "2569")}])
    assert item["verdict"] == "pass"
    assert {e["url"] for e in item["evidence"]} == {rules["url"], plan["url"]}


def test_only_merged_items_declare_parts():
    """2565 and 2566 items are one document each: no rule there has parts (their results stay as they were)."""
    for pid in ("ita-2565", "ita-2566"):
        assert not [r.code for r in profiles.load_profile(pid).rules if r.raw.get("parts")], pid
    assert (RULES_DIR / "ita-2569" / "O6.two-documents.pass.yaml").exists()


def test_mutations_drop_the_requirements_of_each_part(p2569):
    from oit_checker import mutate

    rule = p2569.rule("O6")
    inside = [m for m in mutate.mutations(rule, "en") if m.parts_at is not None]
    assert {m.parts_at for m in inside} == {0, 1} and all(m.key().startswith("O6:parts[") for m in inside)
    period = next(m for m in inside if m.parts_at == 1 and m.kind == "period" and m.part == "check")
    mutated = period.on(rule)
    assert mutated.checks == rule.checks  # the rule's own checks are untouched
    assert not [c for c in mutated.raw["parts"][1]["checks"] if c["kind"] == "period"]
    assert [c for c in rule.raw["parts"][1]["checks"] if c["kind"] == "period"]  # a copy: the rule is unchanged


def test_report_names_each_parts_document_and_the_missing_part(tmp_path):
    import copy
    import json
    from pathlib import Path

    from oit_checker import report

    sample = json.loads((Path(__file__).parent / "fixtures" / "result-sample.json").read_text(encoding="utf-8"))
    res = copy.deepcopy(sample)
    passed = next(it for it in res["items"] if it["verdict"] == "pass")
    label = {"th": "ความก้าวหน้าการดำเนินงาน", "en": "the progress of work"}
    passed["evidence"] = [{"url": PROGRESS["url"], "title": "", "snippet": "ดำเนินการแล้วเสร็จ", "page": 2, "part": label}]
    failed = next(it for it in res["items"]
                  if it["verdict"] == "fail" and it["findings"][0]["kind"] == "missing_phrases")
    failed["findings"][0]["part"] = label
    from oit_checker import result

    assert result.validate(res) == []  # result.json documents the part of evidence and findings
    assert result.validate({**res, "items": [{**passed, "evidence": [{**passed["evidence"][0], "part": "x"}]}]})
    report.write(res, tmp_path, ["html"], "en", embed_font=False)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<span class="part">the progress of work:</span>' in html  # which document shows which part
    assert 'part "the progress of work": Missing:' in html.replace("&#34;", '"').replace("&quot;", '"')
