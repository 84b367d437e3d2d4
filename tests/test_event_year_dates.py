"""A post dated only by its annual event: a day written without a year takes the one year the text names
("วันเทศบาล ประจำปี 2564" … "วันที่ ๒๔ เมษายน ของทุกปี"), and never when the text has a full date, no day or
several years (session 18, real LAO Municipality Day posts)."""

import pytest

from oit_checker import thai


def _days(text: str) -> list[tuple[int, int, int]]:
    return [(d.day, d.month, d.year) for d in thai.days_in_named_year(thai.normalize(text))]


@pytest.mark.parametrize("text, days", [
    ("กิจกรรมวันเทศบาล ประจำปี 2564 ด้วยเหตุที่วันที่ ๒๔ เมษายน ของทุกปี", [(24, 4, 2564)]),
    ("วันเทศบาล 24 เมษายน ของทุกปี … ควบคู่กับกิจกรรม วันต้นไม้ประจำปีแห่งชาติ 2565", [(24, 4, 2565)]),
    ("งานประเพณีลอยกระทง ประจำปี พ.ศ. 2565 ในวันที่ 8 พฤศจิกายน", [(8, 11, 2565)]),
    # a fiscal year places October–December in the calendar year before it
    ("โครงการลอยกระทง ประจำปีงบประมาณ 2566 วันที่ 8 พฤศจิกายน", [(8, 11, 2565)]),
])
def test_a_day_takes_the_event_year(text, days):
    assert _days(text) == days


@pytest.mark.parametrize("text", [
    "เผยแพร่เมื่อ 12 ม.ค. ข่าว: รายละเอียดข่าวของหน่วยงาน",  # no year at all: undated
    "เมื่อวันที่ 8 พฤศจิกายน 2565 … ประจำปี 2564 … วันที่ 9 พฤศจิกายน",  # the post's own date says when
    "ประจำปี 2564 … ประจำปี 2565 … วันที่ 8 พฤศจิกายน",  # which year is the event's?
    "ติดต่อ โทร 0 2565 4321 วันที่ 8 พฤศจิกายน",  # a phone number's group is no year
    "แผนพัฒนาท้องถิ่น (พ.ศ. 2561 - 2565) วันที่ 8 พฤศจิกายน",  # a plan period, not an event's year
    "ประจำปี 2565 ในเดือนพฤศจิกายน",  # a month without a day
])
def test_no_day_is_completed(text):
    assert _days(text) == []
