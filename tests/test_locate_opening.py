"""Issue 9 (real agency texts): what a document says in its opening decides what it is.

Another item's name deep in the body is a mention, not what the document is; a page opening with the
criteria's own wording is not evidence; and an activity post belongs to the fiscal year of its date, not
to a calendar year it names in passing. Rule-level behaviour is pinned by
fixtures beside the rules (``O24.summary.pass``, ``O38.calendar-year.fail``, ``O35.delegated.fail``,
``O34.deputy.fail``, ``O30.text-form.pass``, ``O32.described.fail``)."""

from types import SimpleNamespace

from oit_checker.checks.period import view_years
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import candidates, index_for

HOST = "https://www.tambon-test.go.th"
DOC = f"{HOST}/doc/1.html"


def _index(text: str):
    corpus = fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": "เอกสาร 1", "text": text}]})
    return index_for(corpus)


def _rule(terms, exclude=()):
    return SimpleNamespace(code="O99", locate={"terms": list(terms), "exclude": list(exclude)})


def _match(text: str, rule):
    return next((c for c in candidates(rule, _index(text)) if c.view.doc.url == DOC), None)


def test_another_items_name_deep_in_the_body_does_not_exclude_the_document():
    rule = _rule(["รายงานผลการจัดซื้อจัดจ้าง"], exclude=["สขร"])
    body = "ในปีงบประมาณ 2564 มีการจัดซื้อจัดจ้าง 120 โครงการ " * 12
    kept = _match(f"รายงานผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2564\n{body}\nรายละเอียดตามแบบ สขร.1", rule)
    assert kept is not None and kept.eligible
    named = _match(f"รายงานผลการจัดซื้อจัดจ้าง แบบ สขร.1 เดือนมกราคม 2564\n{body}", rule)
    assert named is None or any(m["where"].startswith("exclude") for m in named.matched)


def test_an_activity_belongs_to_the_fiscal_year_of_its_date():
    view = _index("กิจกรรมสร้างวัฒนธรรมไม่รับของขวัญ\nเมื่อวันที่ 26 ธันวาคม 2565 นายกเทศมนตรีจัดกิจกรรม"
                  "ในการประชุมสภา สมัยที่ 4 ประจำปี พ.ศ. 2565").by_url[DOC]
    assert view_years(view, by_date=True)[0] == [2566]
    assert 2565 in view_years(view)[0]  # without by_date the calendar year counts too
    stated = _index("โครงการอบรมคุณธรรม ประจำปีงบประมาณ พ.ศ. 2566\nเมื่อวันที่ 26 ธันวาคม 2565 จัดอบรมพนักงาน").by_url[DOC]
    assert view_years(stated, by_date=True)[0] == [2566]


def test_a_page_opening_with_the_criteria_is_never_the_evidence():
    rule = _rule(["หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล"])
    copied = _match("- แสดงหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล อย่างน้อยประกอบด้วย\n1. การสรรหา 2. การพัฒนา", rule)
    assert copied is not None and not copied.eligible
    own = _match("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล\n1. การสรรหาและคัดเลือกบุคลากร\n2. การพัฒนาบุคลากร", rule)
    assert own is not None and own.eligible


MENU = "\n".join(["ข้อมูล ITA", "ทำเนียบบุคลากร", "ข้อมูลพื้นฐาน", "งานจัดซื้อจัดจ้าง", "การบริหารเงินงบประมาณ",
                  "การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "การเปิดโอกาสให้มีส่วนร่วม",
                  "แผนป้องกันการทุจริต", "คู่มือการปฏิบัติงาน"])


def _about_rule():
    return SimpleNamespace(code="O99", locate={"terms": ["คู่มือการจัดการเรื่องร้องเรียน"], "about": [
        {"name": "manual", "all": [["คู่มือ"], ["เรื่องร้องเรียน"]]}]})


def test_a_site_menu_above_the_breadcrumb_is_not_what_the_page_is_about():
    """Session 23 (kokklang's ITA link page): two labels of the copied ITA menu met a complaint manual's ``about``
    pattern; the page's own text starts at the breadcrumb ("หน้าแรก > …")."""
    page = f"{MENU}\nหน้าแรก > รายละเอียด\nหัวข้อ 03 อำนาจหน้าที่\nพระราชบัญญัติสภาตำบล พ.ศ. 2537"
    view = _index(page).by_url[DOC]
    assert view.menu_lines == 9 and "คู่มือการปฏิบัติงาน" not in view.opening[0]
    assert _match(page, _about_rule()) is None
    # without the breadcrumb nothing says where a menu ends: the text is read as it is (no guess)
    assert _index(page.replace("หน้าแรก > ", "")).by_url[DOC].menu_lines == 0
    # the manual under the same menu is still found by what its own text says
    manual = f"{MENU}\nหน้าแรก > รายละเอียด\nคู่มือปฏิบัติงานเกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์\nขั้นตอนการรับเรื่อง"
    found = _match(manual, _about_rule())
    assert found is not None and any(m["where"] == "about" for m in found.matched)


def test_a_short_opening_before_a_home_line_is_no_menu():
    """A page's own title and date above a "หน้าหลัก" line are fewer than a menu's labels: nothing is cut."""
    page = "คู่มือการจัดการเรื่องร้องเรียน\nวันที่ 1 ตุลาคม 2565\nหน้าหลัก\nขั้นตอนการรับเรื่องร้องเรียน"
    assert _index(page).by_url[DOC].menu_lines == 0


def _titled(text: str, title: str, rule, heading: str = ""):
    corpus = fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": DOC, "kind": "html", "title": title, "link_texts": [title], "text": text,
         **({"headings": [heading]} if heading else {})}],
        "links": [{"src": f"{HOST}/", "url": DOC, "text": title}]})
    return next((c for c in candidates(rule, index_for(corpus)) if c.view.doc.url == DOC), None)


def test_a_title_naming_the_item_does_not_outweigh_an_opening_naming_another_kind():
    """Session 25: a page titled and linked "อำนาจและหน้าที่ของ อบต." whose own lines are the Act's table of contents
    ("บทนิยาม มาตรา 1-6": the rule's ``exclude_over_title``, in the opening) is no more the item's than behind a
    neutral label. A plain ``exclude`` only weighs against the title (a progress report titled as the plan: tuning
    set O11-81, also O10's evidence)."""
    plain = _rule(["อำนาจและหน้าที่"], exclude=["บทนิยาม"])
    rule = SimpleNamespace(code="O99", locate={**plain.locate, "exclude_over_title": ["บทนิยาม"]})
    toc = "อำนาจและหน้าที่ของ อบต.\nพระราชบัญญัติสภาตำบล พ.ศ. 2537\nบทนิยาม มาตรา 1-6\nส่วนที่ 1 สภาตำบล มาตรา 7-21"
    titled = _titled(toc, "อำนาจและหน้าที่ของ อบต.", rule)
    assert titled is not None and not titled.eligible
    weighed = _titled(toc, "อำนาจและหน้าที่ของ อบต.", plain)
    assert weighed is not None and weighed.eligible
    duties = "อำนาจและหน้าที่ของ อบต.\nมีหน้าที่ต้องทำในเขตองค์การบริหารส่วนตำบล ดังนี้\n(1) จัดให้มีและบำรุงรักษาทางน้ำและทางบก"
    own = _titled(duties, "อำนาจและหน้าที่ของ อบต.", rule)
    assert own is not None and own.eligible
    # a heading naming the item still names it (the page's own words, not a label)
    headed = _titled(toc, "อำนาจและหน้าที่ของ อบต.", rule, heading="อำนาจและหน้าที่")
    assert headed is not None and headed.eligible
