"""A real title listed under two concepts names both items (titles.yaml: "คู่มือการปฏิบัติงาน
เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์" is a work manual's and the complaint manual's). The generator never labels one
item with it while the other is planted not found: the page would present the missing item, and the truth "not
found" would be too sure (session 24, generator seed 16370 hub ita-2569, O16).
"""

from __future__ import annotations

from oit_checker.sitegen import random_spec
from oit_checker.sitegen.content import names_missing, round_of, unit_concept

SHARED = "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์"


def _named_missing(spec) -> list[tuple[str, str]]:
    rd = round_of(spec.profile)
    missing = {unit_concept(u) for c, g in spec.gaps.items() if g["kind"] == "not_found"
               for u in rd["items"][c]["units"]}
    return [(u, label) for u, label in spec.labels.items() if names_missing(label, unit_concept(u), missing)]


def test_a_shared_title_names_the_other_concept_only():
    assert names_missing(SHARED, "work_manual", {"complaint_guideline"})
    assert not names_missing(SHARED, "work_manual", {"work_manual"})
    assert not names_missing(SHARED, "work_manual", set())
    assert not names_missing("คู่มือประชาชน", "service_manual", {"complaint_guideline"})


def test_seed_16370_does_not_label_the_staff_manual_as_the_missing_complaint_manual():
    spec = random_spec(16370, "hub", profile="ita-2569", behaviours="all")
    assert spec.gaps["O16"]["kind"] == "not_found"
    assert _named_missing(spec) == []


def test_no_label_names_an_item_planted_missing():
    for profile in ("ita-2565", "ita-2569"):
        for seed in range(16300, 16460):
            assert _named_missing(random_spec(seed, "hub", profile=profile)) == [], (profile, seed)
