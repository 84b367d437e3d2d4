"""Thai normalisation and calendar parsing, on the artefacts seen in real documents."""

from oit_checker.thai import (
    contains,
    find_month_refs,
    find_years,
    fiscal_year_of,
    match_key,
    normalize,
    period_months,
)


def test_thai_digits_and_split_marks():
    assert normalize("สรุปผลการจัดซื\n\n้อจัดจ้าง ประจำเดือนมีนาคม ๒๕๖๕") == (
        "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนมีนาคม 2565"
    )


def test_zero_width_and_mixed_digits():
    assert normalize("ปี\u200bงบประมาณ ๒๕61") == "ปีงบประมาณ 2561"


def test_sara_am_aa_swap_is_fuzzy_match():
    text = normalize("คำกล่ำวแสดงเจตจำนงของผู้บริหำร นำยกเทศมนตรี ต ำบลหำงดง")
    assert contains(text, "คำกล่าวแสดงเจตจำนงของผู้บริหาร") == "fuzzy"
    assert contains(text, "แผนอัตรากำลัง") is None
    assert match_key("แผนอัตรากาลัง") == match_key("แผนอัตรากำลัง")


def test_months_full_abbreviated_two_digit_years():
    refs = find_month_refs(normalize("ประจำเดือนมีนาคม ๒๕๖๕ / 26 ต.ค. 64 / 18ธค66 / มกราคม 12, 2021"))
    assert [(r.month, r.year) for r in refs] == [(3, 2565), (10, 2564), (12, 2566), (1, 2564)]


def test_fiscal_year_and_periods():
    assert fiscal_year_of(2564, 10) == 2565
    assert fiscal_year_of(2565, 3) == 2565
    assert period_months(2565, "H1")[0] == (2564, 10)
    assert period_months(2565, "H1")[-1] == (2565, 3)
    years = find_years(normalize("ปีงบประมาณ พ.ศ. ๒๕๖๕ แผนพัฒนา 2561-2565 ประจำปี 2564"))
    assert [(y.kind, y.year, y.end_year) for y in years] == [
        ("fiscal", 2565, None), ("range", 2561, 2565), ("plain", 2564, None)
    ]
