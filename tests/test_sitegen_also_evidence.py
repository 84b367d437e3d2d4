"""Another item's document that is this item's evidence too (``also_evidence`` in rounds.yaml).

ITA 2565 O38 asks for activities building an honest, anti-corruption culture (oit-criteria.md §3); O35's content
is such an activity (the mayor opens the anti-corruption day and gives the anti-corruption policy to the municipal
staff), and real agencies file anti-corruption day campaigns under both items (titles.yaml). Where O38's own
document is missing and O35's of the year is published, a checker that passes O38 on O35's page is as right as one
that fails it (session 24, generator seed 16416 menus: the checker passed O38 on O35's post "ร่วมแสดงสัญลักษณ์
ต่อต้านการทุจริตในวันต่อต้านการทุจริตสากล"; the truth said only "not found").
"""

from __future__ import annotations

from oit_checker.sitegen import build_site, random_spec


def _truth(tmp_path, gaps: dict) -> dict:
    spec = random_spec(7411, "hub", size=6, profile="ita-2565")
    spec.gaps = gaps
    spec.behaviours = {}
    return build_site(spec, tmp_path / "site")["items"]


def test_a_missing_culture_item_may_pass_on_the_executive_s_anti_corruption_day_page(tmp_path):
    items = _truth(tmp_path, {"O38": {"kind": "not_found"}})
    assert items["O38"]["verdict"] == ["fail", "pass"]
    assert items["O38"]["findings"] == [{"kind": "not_found"}]
    assert items["O35"]["evidence"] and set(items["O35"]["evidence"]) <= set(items["O38"]["evidence"])


def test_without_the_executive_s_page_the_culture_item_is_not_found(tmp_path):
    items = _truth(tmp_path, {"O38": {"kind": "not_found"}, "O35": {"kind": "not_found"}})
    assert items["O38"]["verdict"] == "fail" and items["O38"]["evidence"] == []


def test_a_culture_item_of_another_year_may_pass_on_the_executive_s_page_of_the_year(tmp_path):
    items = _truth(tmp_path, {"O38": {"kind": "wrong_period"}})
    assert items["O38"]["verdict"] == ["fail", "pass"]
    assert items["O38"]["findings"][0]["kind"] == "wrong_period"
