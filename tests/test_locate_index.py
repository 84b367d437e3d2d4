"""Issue 12: the locate index finds what a document-by-document search finds, only faster.

``Index.views_with_keys`` searches every document's keys at once and remembers each term; ``about_match``
reads a document's dates only when its words fall short. Both must answer exactly as the plain search."""

from __future__ import annotations

from oit_checker import thai
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import DATE_TOKEN, _has_full_date, _match, about_match, index_for, needle

HOST = "https://www.tambon-test.go.th"
TEXTS = [
    ("แผนปฏิบัติการป้องกันการทุจริต ประจำปี 2565", "รายละเอียดตามไฟล์แนบ แผน"),
    ("รายงานผลการดำเนินงาน", "งานประจำปี เมื่อวันที่ 9 ธันวาคม 2564 นายกได้จัดโครงการ"),
    ("ข่าวประชาสัมพันธ์", "วันนี้ ได้ร่วม กิจกรรม 15/12/2564"),
    ("ประกาศผู้ชนะการเสนอราคา", "จัดซื้อวัสดุสำนักงาน"),
    ("หน้าหลัก", "ยินดีต้อนรับ"),
]


def _index():
    docs = [{"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"}]
    docs += [{"url": f"{HOST}/doc/{i}.html", "kind": "html", "title": title, "text": text}
             for i, (title, text) in enumerate(TEXTS)]
    return index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": docs}))


def test_views_with_keys_is_the_plain_search():
    index = _index()
    terms = ["แผนปฏิบัติการป้องกันการทุจริต", "แผนงาน", "รายงานผล", "ประกาศผู้ชนะ", "ไม่มีในเว็บ", "งาน", "",
             "ยินดีต้อนรับ", "ข่าว"]
    for term in terms:
        key = needle(term)[1]
        plain = {i for i, v in enumerate(index.views) if key and key in v.all_key}
        assert index.views_with_keys([key]) == plain, term
        assert index.views_with_keys([key]) == plain, term  # remembered, same answer
    # a key the end of one document and the start of the next would make is found in neither
    assert index.views_with_keys([needle("แผนรายงาน")[1]]) == set()
    keys = [needle(t)[1] for t in terms]
    assert index.views_with_keys(keys) == {i for i, v in enumerate(index.views) if any(k and k in v.all_key
                                                                                         for k in keys)}
    assert len(index.views_with_keys(keys)) >= 4


def _plain_about(view, about):
    """about_match as a plain reading: every group counted in full, in the order written."""
    text, key = view.opening
    for i, pattern in enumerate(about):
        if any(_match(text, key, t) for t in pattern.get("not", [])):
            continue
        ok = True
        for g in pattern["all"]:
            alts, need = (g, 1) if isinstance(g, list) else (g["any"], int(g.get("min", 1)))
            hits = sum(_has_full_date(text) if t == DATE_TOKEN else _match(text, key, t) for t in alts)
            ok = ok and hits >= need
        if ok:
            return str(pattern.get("name") or f"about#{i + 1}")
    return None


def test_about_match_reads_dates_last_with_the_same_answer():
    about = [
        {"name": "dated-first", "all": [[DATE_TOKEN, "วันที่"], ["ได้จัด", "ได้ร่วม"]], "not": ["ผู้ชนะ"]},
        {"name": "two-of", "all": [{"any": ["ประจำปี", "แผน", DATE_TOKEN], "min": 2}]},
        {"all": [{"any": [DATE_TOKEN], "min": 1}, ["ข่าว"]]},
        {"name": "none-needed", "all": [{"any": ["ไม่มีในเว็บ"], "min": 0}]},
    ]
    index = _index()
    answers = []
    for v in index.views:
        for k in range(len(about)):
            assert about_match(v, about[k:k + 1]) == _plain_about(v, about[k:k + 1])
            answers.append(about_match(v, about[k:k + 1]))
        assert about_match(v, about) == _plain_about(v, about)
    assert {"dated-first", "two-of", "about#1", "none-needed"} <= set(answers)
    assert thai.normalize("15/12/2564") and _has_full_date(thai.normalize("วันนี้ 15/12/2564"))


def test_ascii_text_normalises_as_the_full_repair():
    """``thai.normalize`` skips the Thai repairs for ASCII text (URLs, English titles): same result."""
    import random
    import unicodedata

    from oit_checker.thai.digits import arabic_digits
    from oit_checker.thai.matching import _tidy
    from oit_checker.thai.pdf_repair import clean_pdf_thai

    def full(text: str) -> str:
        text = arabic_digits(_tidy(unicodedata.normalize("NFC", text)))
        for _ in range(3):
            cleaned = _tidy(clean_pdf_thai(text))
            if cleaned == text:
                break
            text = cleaned
        return text

    rnd = random.Random(12)
    alphabet = "ab AZ09.-/:%_?=&\t\n\r\x0b\x0c\x00~"
    samples = ["", " ", "http://127.0.0.1:8000/files/O10%20plan.pdf http://x/y", "Annual Report 2022\n \n Page 1 "]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(3000)]
    for text in samples:
        assert thai.normalize(text) == full(text), repr(text)
    assert thai.normalize("  a \t b \n\n c ") == "a b\nc"
