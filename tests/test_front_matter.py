"""A standard plan or report published only as its opening (title + preface) passes with its parts
presumed, and says so; an announcement presenting it does not (checks/front_matter.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from oit_checker import checker
from oit_checker.fixtures import fixture_corpus
from oit_checker.profiles import load_profile

RULES = Path(__file__).resolve().parent.parent / "rules" / "ita-2565"


def _judge(fixture: str, code: str, profile: str = "ita-2565", lang: str = "th") -> dict:
    data = yaml.safe_load((RULES / fixture).read_text(encoding="utf-8"))
    prof = load_profile(profile, fiscal_year=2565, validate=False)
    return checker.judge(prof.rule(code), fixture_corpus(data), prof, lang=lang)


def test_plan_opening_passes_with_presumed_parts_named():
    item = _judge("O4.front-matter.pass.yaml", "O4", lang="en")
    assert item["verdict"] == "pass"
    presumed = [ev for ev in item["evidence"] if ev.get("presumed")]
    assert presumed and presumed[0]["url"].endswith("/doc/31")
    assert "strategies" in presumed[0]["presumed"] and "presumed" in presumed[0]["note"]


def test_same_document_in_the_2569_round():
    # ita-2569 O5 is the same plan (rules/concepts.yaml strategy_plan): the same opening passes there
    item = _judge("O4.front-matter.pass.yaml", "O5", profile="ita-2569")
    assert item["verdict"] == "pass"
    assert any(ev.get("presumed") for ev in item["evidence"])


def test_announcement_presenting_the_plan_is_not_the_plan():
    item = _judge("O4.announcement.fail.yaml", "O4")
    assert item["verdict"] == "fail"
    assert not any(ev.get("presumed") for ev in item["evidence"])


def test_report_presented_in_its_first_sentence_is_named_by_it():
    # the cover is a picture: "…ได้จัดทำรายงานการติดตามและประเมินผล…" names the report as its title would
    item = _judge("O12.self-named.pass.yaml", "O12", lang="en")
    assert item["verdict"] == "pass"
    assert any(ev.get("presumed") for ev in item["evidence"])


def test_regulation_instruction_to_make_the_plan_names_nothing():
    # "…ซึ่งให้จัดทำแผนการดำเนินงาน…" quoted in an adoption notice is the regulation, not the agency presenting it
    item = _judge("O10.adoption-notice-regulation.fail.yaml", "O10")
    assert item["verdict"] == "fail"
    assert not any(ev.get("presumed") for ev in item["evidence"])


def test_preface_that_made_this_volume_names_it():
    # "…จัดทำคู่มือการปฏิบัติงาน…เล่มนี้ขึ้น…": the bare "จัดทำ" + the name, then "this volume … made"
    item = _judge("O13.self-reference.pass.yaml", "O13", lang="en")
    assert item["verdict"] == "pass"
    assert any(ev.get("presumed") for ev in item["evidence"])


def test_instruction_pointing_at_itself_names_nothing():
    # "…จัดทำคู่มือการปฏิบัติงานตามแบบท้ายหนังสือฉบับนี้": "this letter" is the instruction, no "…นี้ขึ้น"
    item = _judge("O13.self-reference.fail.yaml", "O13")
    assert item["verdict"] == "fail"
    assert not any(ev.get("presumed") for ev in item["evidence"])


def test_preface_that_made_this_plan_after_naming_it():
    # "…ให้สถานศึกษา จัดทำแผนปฏิบัติการประจำปีการศึกษา 2565 … จึงจัดทำแผนนี้ขึ้น": the plan named, then "we made this plan"
    item = _judge("O10.made-this-plan.pass.yaml", "O10", lang="en")
    assert item["verdict"] == "pass"
    assert any(ev.get("presumed") for ev in item["evidence"])


def test_letter_asking_for_the_plan_presumes_nothing():
    # the same first sentence in the area office's letter: no "…นี้ขึ้น", nothing presumed
    item = _judge("O10.made-this-plan.fail.yaml", "O10")
    assert item["verdict"] == "fail"
    assert not any(ev.get("presumed") for ev in item["evidence"])
