"""A site template's today's-date line is not the document's date (session 17, ``vocabulary.site_clock_weekdays``).

Why: some LAO and hospital site templates print the day the page was served over every page ("Wednesday, 28
September 2022", "Sunday, June 24, 2018"); an excerpt keeps it above the post, and a notice dated years earlier
passed the assessed year on it. A date that says whose it is ("Published: Tuesday, 02 February 2021") is kept."""

from __future__ import annotations

from oit_checker import thai
from oit_checker.checks import period


def _years(text: str) -> list[int]:
    return [d.year for d in thai.find_dates(period.without_site_stamps(thai.normalize(text)))]


def test_a_line_of_only_a_weekday_and_a_date_is_the_site_clock():
    assert _years("Wednesday, 28 September 2022\nยกเลิกประกาศ ลงวันที่ ๑๕ สิงหาคม ๒๕๕๕ นั้น") == [2555]
    assert _years("Sunday, June 24, 2018\nวัน/เดือน/ปี ที่ลงข้อมูล : 4 กุมภาพันธ์ 2561") == [2561]


def test_a_labelled_or_embedded_date_is_kept():
    # a post's own stamp names itself; a date inside a sentence is the text's
    assert _years("- Published: Tuesday, 02 February 2021 23:29") == [2564]
    assert _years("ประชุมเมื่อ Wednesday, 28 September 2022 ที่ห้องประชุม") == [2565]
    # a date with no weekday alone on its line is a heading's date, not the clock
    assert _years("28 September 2022\nข่าวกิจกรรม") == [2565]
