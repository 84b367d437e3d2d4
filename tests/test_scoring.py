"""Roll-up arithmetic against the worked checks of oit-criteria.md §8.2 (ITA 2564 published scores)."""

import pytest

from oit_checker import profiles, scoring


@pytest.fixture(scope="module")
def profile():
    return profiles.load_profile("ita-2565")


def items(profile, failing=(), unreadable=()):
    out = []
    for code in profile.items:
        verdict = "fail" if code in failing else "unreadable" if code in unreadable else "pass"
        out.append({"code": code, "verdict": verdict, "score": 100 if verdict == "pass" else 0})
    return out


@pytest.mark.parametrize("failing, ind, expected", [
    (["O1"], "9", 97.78),            # one missing in 9.1: (8/9 + 4)/5
    (["O20"], "9", 97.14),           # 9.3
    (["O12"], "9", 97.50),           # 9.2
    (["O30"], "9", 96.00),           # 9.5
    (["O12", "O30"], "9", 93.50),    # 9.2 + 9.5
    (["O36"], "10", 93.75),          # one in 10.1: (7/8 + 1)/2
    (["O36", "O40"], "10", 87.50),   # two in 10.1
])
def test_worked_checks(profile, failing, ind, expected):
    s = scoring.score(items(profile, failing), profile)
    assert round(s["indicators"][ind], 2) == expected


def test_oit_is_mean_of_indicators_and_matches_the_published_weighting(profile):
    s = scoring.score(items(profile, ["O1", "O36"]), profile)
    assert s["oit"] == pytest.approx((s["indicators"]["9"] + s["indicators"]["10"]) / 2)
    assert round(s["oit"], 2) == 95.76
    assert round(0.4 * s["oit"], 2) == 38.31  # OIT = 40 % of ITA: 0.2 × 97.78 + 0.2 × 93.75


def test_unreadable_items_give_a_range(profile):
    s = scoring.score(items(profile, unreadable=["O23"]), profile)
    assert s["oit"] == s["oit_min"] < s["oit_max"] == 100
    assert round(s["oit_min"], 2) == round((100 * 6 / 7 / 5 + 80 + 100) / 2, 2)


@pytest.mark.parametrize("score, level", [(100, "AA"), (95, "AA"), (94.99, "A"), (85, "A"), (84.994, "B"),
                                           (75, "B"), (65, "C"), (55, "D"), (50, "E"), (49.99, "F"), (0, "F")])
def test_bands(profile, score, level):
    assert scoring.level(score, profile.bands) == level


def test_rounding_only_at_output(profile):
    s = scoring.score(items(profile, ["O1"]), profile)
    assert s["subindicators"]["9.1"] == pytest.approx(800 / 9)
    assert scoring.rounded(s)["subindicators"]["9.1"] == 88.89


def test_pass_mark_and_band_colours_travel_in_the_result(profile, tmp_path):
    """Readers (HTML chart, fleet overview) take the pass mark and level colours from the result's profile."""
    from oit_checker import result as result_json
    from oit_checker.report import html
    from oit_checker.report.context import Report, Settings

    facts = result_json._bands(profile.raw.get("pass_mark"), profile.bands)
    assert facts["pass_mark"] == 85
    assert [b["level"] for b in facts["bands"]] == ["AA", "A", "B", "C", "D", "E", "F"]
    res = {"profile": {"id": "ita-2565", **facts}, "scores": {}, "items": []}
    assert result_json.level_colours(res)["AA"] == "#1a7f37"
    # a result written before these fields: the installed profile's file answers
    assert result_json.rollup({"profile": {"id": "ita-2565"}}) == result_json.rollup(res)
    assert result_json.rollup({"profile": {"id": "no-such-profile"}}) == {"pass_mark": None, "bands": []}
    # the chart's pass line sits at the result's pass mark
    lower = {"profile": {"id": "x", "pass_mark": 70, "bands": [], "subindicator_names": {"9.1": "Basic"}},
             "scores": {"subindicators": {"9.1": 75.0}},
             "items": [{"code": "O1", "group": "9.1", "verdict": "pass", "score": 100}]}
    ch = html.chart(Report(lower, "en", Settings()))
    assert ch["pass_mark"] == "70" and ch["pass_x"] == ch["x0"] + ch["bar_w"] * 0.7
    assert [(b["label"], b["cls"]) for b in ch["bars"]] == [("9.1 Basic", "good")]  # 75 passes a mark of 70
