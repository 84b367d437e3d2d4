"""Christian-era years in Thai text are read as Buddhist-era years (2025 = พ.ศ. 2568), and a score
such as "90.34" is never a year. Found by the independent site generator's ``ce_dates`` behaviour."""

import pytest

from oit_checker import thai


def _years(text: str) -> list[tuple[int, str, int | None]]:
    return [(y.year, y.kind, y.end_year) for y in thai.find_years(thai.normalize(text))]


@pytest.mark.parametrize("text, year", [
    ("มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ ค.ศ. 2022", 2565),
    ("ปีงบประมาณ ค.ศ.2025", 2568),
    ("ปีงบประมาณ 2025", 2568),
    ("แผนปฏิบัติการ FY2025", 2568),
    ("รายงาน Fiscal Year 2026", 2569),
    ("ปีงบประมาณ ค.ศ. 22", 2565),  # two digits after ค.ศ. are 20xx, not 25xx
    ("ปีงบประมาณ พ.ศ. 2565", 2565),
])
def test_fiscal_year_in_either_era(text, year):
    assert _years(text) == [(year, "fiscal", None)]


def test_ce_fiscal_range_with_slash():
    assert _years("การประเมินความเสี่ยง ประจำปีงบประมาณ ค.ศ. 2025/2026") == [(2568, "range", 2569)]


def test_plain_ce_year_and_ce_date():
    assert _years("การวิเคราะห์ผล ค.ศ. 2021") == [(2564, "plain", None)]
    d = thai.find_dates(thai.normalize("ประกาศ ณ วันที่ 4 ตุลาคม ค.ศ. 2021"))
    assert [(r.year, r.month, r.day) for r in d] == [(2564, 10, 4)]
    assert thai.fiscal_year_of(d[0].year, d[0].month) == 2565


def test_score_is_not_a_year():
    assert _years("ผลการดำเนินงานคิดเป็นร้อยละ 90.34 ของเป้าหมาย") == []
    assert thai.find_dates(thai.normalize("ร้อยละ 90.34")) == []


@pytest.mark.parametrize("text, day, month, year", [
    ("Mon Mar 27 2023 00:00:00 GMT+0000", 27, 3, 2566),  # a script's stamp: day before a four-digit year, no comma
    ("Jan 5 2024", 5, 1, 2567),
    ("March 27, 2023", 27, 3, 2566),
    ("7 December 2022", 7, 12, 2565),
    ("ต.ค. 64 2565", None, 10, 2564),  # "64" is the month's year, not a day
])
def test_us_order_dates(text, day, month, year):
    d = thai.find_dates(thai.normalize(text))
    assert [(r.day, r.month, r.year) for r in d][:1] == [(day, month, year)]
