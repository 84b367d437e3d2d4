"""Property-based tests (Hypothesis): Thai normalisation, dates and fiscal periods hold for any input,
not only the examples we thought of."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oit_checker import thai
from oit_checker.thai import dates
from oit_checker.thai.digits import arabic_digits, thai_digits

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THAI_CHARS = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
TEXT = st.text(st.one_of(THAI_CHARS, st.sampled_from(list(" \n\t0123456789abcXYZ.-/()\u200b\u00a0"))), max_size=80)
WORDS = st.lists(st.sampled_from(["รายงาน", "ผลการ", "ใช้จ่าย", "งบประมาณ", "ประจำปี", "แผน", "จัดซื้อ", "จัดจ้าง",
                                  "ข้อมูล", "พื้นฐาน", "องค์การ", "บริหาร", "ส่วนตำบล", "ผู้บริหาร", "คำสั่ง"]),
                 min_size=1, max_size=8).map("".join)
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@SETTINGS
@given(TEXT)
@example("\u0e48 \u0e3a")  # a space between two marks: NFC must run again once it is gone
def test_normalize_is_idempotent(text):
    once = thai.normalize(text)
    assert thai.normalize(once) == once


@SETTINGS
@given(TEXT)
def test_thai_and_arabic_digits_normalise_alike(text):
    assert thai.normalize(thai_digits(text)) == thai.normalize(arabic_digits(text))


@SETTINGS
@given(WORDS, st.lists(st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff"]), min_size=1, max_size=3),
       st.integers(min_value=0, max_value=40))
def test_zero_width_characters_never_change_the_match_key(word, invisible, at):
    at = at % (len(word) + 1)
    dirty = word[:at] + "".join(invisible) + word[at:]
    assert thai.match_key(dirty) == thai.match_key(word)
    assert thai.contains(thai.normalize("ประกาศ " + dirty + " แล้ว"), word) is not None


@SETTINGS
@given(DAYS)
def test_every_date_of_a_fiscal_year_maps_back_to_it(day):
    year_be = day.year + 543
    fy = dates.fiscal_year_of(year_be, day.month)
    assert (year_be, day.month) in dates.period_months(fy, "FULL")
    start, end = dt.date(fy - 543 - 1, 10, 1), dt.date(fy - 543, 9, 30)
    assert start <= day <= end
    h1 = dates.period_months(fy, "H1")
    assert ((year_be, day.month) in h1) == (day.month >= 10 or day.month <= 3)


@SETTINGS
@given(DAYS, st.booleans(), st.booleans())
def test_written_dates_are_found_with_thai_or_arabic_digits(day, buddhist, thai_numerals):
    year = day.year + 543 if buddhist else day.year
    text = f"ประกาศ ณ วันที่ {day.day} {dates.month_name(day.month)} {year}"
    if thai_numerals:
        text = thai_digits(text)
    refs = [r for r in dates.find_dates(thai.normalize(text)) if r.year]
    assert refs and (refs[0].month, refs[0].year, refs[0].day) == (day.month, day.year + 543, day.day)


@SETTINGS
@given(DAYS, st.booleans())
def test_numeric_dates_agree_in_thai_and_arabic_digits(day, thai_numerals):
    text = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    norm = thai.normalize(thai_digits(text) if thai_numerals else text)
    refs = dates.find_dates(norm)
    assert [(r.month, r.year, r.day) for r in refs] == [(day.month, day.year + 543, day.day)]


@SETTINGS
@given(st.integers(min_value=2540, max_value=2650), st.sampled_from(["ปีงบประมาณ", "ประจำปีงบประมาณ"]),
       st.booleans())
def test_fiscal_year_markers_are_read_in_both_digit_systems(year, marker, thai_numerals):
    text = f"แผนการจัดซื้อจัดจ้าง {marker} พ.ศ. {year}"
    norm = thai.normalize(thai_digits(text) if thai_numerals else text)
    assert [y.year for y in dates.find_years(norm)] == [year]
