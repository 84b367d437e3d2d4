"""A multi-year plan is known by its span of years: ``{year_range}`` in a ``locate.about`` group and ``period``'s
``span`` option (session 15, plans and reports behind neutral links).

Why: agencies that are not LAOs title their plan "ยุทธศาสตร์ … ปี 2560 – 2564" or "แผนกลยุทธ์ 2023-2027", and a
flip-book page of the plan carries the date it was published; the plan's period is the span its heading names."""

from __future__ import annotations

from oit_checker.checks import period
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import RANGE_TOKEN, about_match, index_for

HOST = "https://www.council-test.or.th"
ABOUT = [{"name": "span", "all": [[RANGE_TOKEN], ["ยุทธศาสตร์"]]}]


def _view(title: str, text: str):
    docs = [{"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
            {"url": f"{HOST}/doc/1.html", "kind": "html", "title": title, "text": text}]
    index = index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": docs}))
    return next(v for v in index.views if v.doc.url.endswith("/doc/1.html"))


def test_year_range_token_needs_a_span_of_more_than_one_year():
    assert about_match(_view("เอกสาร 1", "ยุทธศาสตร์สภาเกษตรกร ปี 2560 – 2564\nวิสัยทัศน์"), ABOUT) == "span"
    assert about_match(_view("เอกสาร 1", "Strategic plan 2023-2027 ยุทธศาสตร์ที่ 1"), ABOUT) == "span"
    # one year, or a span without the other group's words, is not the pattern
    assert about_match(_view("เอกสาร 1", "ยุทธศาสตร์ ประจำปีงบประมาณ 2565"), ABOUT) is None
    assert about_match(_view("เอกสาร 1", "รายงานสถิติ ปี 2560 – 2564"), ABOUT) is None


def test_span_covers_the_year_although_the_page_was_published_earlier():
    view = _view("เอกสาร 4", "นโยบายและยุทธศาสตร์ พ.ศ. 2563 - 2580\nPublished by someone, 2020-03-04 22:56:48\nคำนำ")
    assert period.heading_span(view, [2565]) == "2563 - 2580"
    assert period.heading_span(view, [2581]) is None
    # without span the publication date speaks for the year (a post's rule): the plan fails on 2563
    years, where = period.view_years(view)
    assert 2565 not in years and where == "dates"
