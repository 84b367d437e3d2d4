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


def test_a_spreadsheet_month_cell_with_a_hyphened_year():
    """Excel's "mmm-yy" month cells, as printed in a statistics table: "ต.ค.-52 … ม.ค.-53" (session 23, a faculty
    library's monthly use, O15-201); "มกราคม - 12 ราย" (spaced) is a count, not a year."""
    refs = find_month_refs(normalize("ต.ค.-52 120 พ.ย.-52 98 ม.ค.-53 101 / Mar-2021"))
    assert [(r.month, r.year) for r in refs] == [(10, 2552), (11, 2552), (1, 2553), (3, 2564)]
    assert [(r.month, r.year) for r in find_month_refs(normalize("มกราคม - 12 ราย"))] == [(1, None)]


def test_a_term_with_a_number_is_not_found_inside_another_number():
    """"3 เดือน" is not in "13 เดือน", nor in a match key where a year ran into the next line ("…2553)⏎เดือน" →
    "2553เดือน": a year-long library table read as a three-month report, session 23, O15-201)."""
    from oit_checker.thai import contains

    assert contains(normalize("รายงาน 3 เดือน"), "3 เดือน") == "exact"
    assert contains(normalize("รายงาน 13 เดือน"), "3 เดือน") is None
    assert contains(normalize("(เดือนตุลาคม 2552-กันยายน 2553)\n\nเดือน จำนวนผู้ใช้"), "3 เดือน") is None
    assert contains(normalize("ไตรมาสที่ 12"), "ไตรมาสที่ 1") is None
    assert contains(normalize("ไตรมาสที่ 1 (ต.ค.)"), "ไตรมาสที่ 1") == "exact"


def test_fiscal_year_and_periods():
    assert fiscal_year_of(2564, 10) == 2565
    assert fiscal_year_of(2565, 3) == 2565
    assert period_months(2565, "H1")[0] == (2564, 10)
    assert period_months(2565, "H1")[-1] == (2565, 3)
    years = find_years(normalize("ปีงบประมาณ พ.ศ. ๒๕๖๕ แผนพัฒนา 2561-2565 ประจำปี 2564"))
    assert [(y.kind, y.year, y.end_year) for y in years] == [
        ("fiscal", 2565, None), ("range", 2561, 2565), ("plain", 2564, None)
    ]


def test_span_without_its_dash():
    """A legacy-font PDF loses the span's dash ("พ.ศ. ๒๕๕๖ ๒๕๕๘"): after the era it is still the span; bare
    year columns of a table (no era) and a later date's year stay years."""
    years = find_years(normalize("แผนกลยุทธ์ พ.ศ. ๒๕๕๖ ๒๕๕๘ มาตรฐาน"))
    assert [(y.kind, y.year, y.end_year) for y in years] == [("range", 2556, 2558)]
    assert all(y.kind != "range" for y in find_years(normalize("ปี 2564 2565 งบประมาณ พ.ศ. 2565 2/3")))


# ---------------------------------------------------------------- PDF artefacts, one test each

from oit_checker.thai import (  # noqa: E402
    clean_pdf_thai,
    garble_score,
    legacy_am_swap,
    looks_garbled,
    repair_mojibake,
    split_am_font,
)


def test_marks_split_by_spaces_and_newlines():
    assert clean_pdf_thai("ถ ึง กรณ ีที่ ต ้องการ") == "ถึง กรณีที่ ต้องการ"
    assert clean_pdf_thai("มาตรฐานทั ่วไป") == "มาตรฐานทั่วไป"
    assert clean_pdf_thai("สรุปผลการจัดซื\n\n้อจัดจ้าง") == "สรุปผลการจัดซื้อจัดจ้าง"


def test_tone_marks_alone_on_their_own_lines():
    # hangdong แผนอัตรากำลัง: the mark's line break is an artefact too; the doubled mark collapses.
    assert clean_pdf_thai("เกี\n่\n่ยวกับ") == "เกี่ยวกับ"
    assert clean_pdf_thai("ยุทธศาสตร\n์\nขององค\n์\nกร") == "ยุทธศาสตร์ขององค์กร"


def test_intra_word_space_after_mai_han_akat_and_leading_vowel():
    assert clean_pdf_thai("รอง ปล ั ดเทศบาล") == "รอง ปลัดเทศบาล"
    # Inside a word only when the text shows the artefact elsewhere, and the word list agrees.
    assert clean_pdf_thai("จงัหวดัเชียงใหม่ แผนอตัรากำลงั") == "จังหวัดเชียงใหม่ แผนอัตรากำลัง"
    assert clean_pdf_thai("จงัหวัด กลับ ครั้ง") == "จงัหวัด กลับ ครั้ง"  # no certain case: left alone
    assert clean_pdf_thai("ยงัไม่ กลบั กลับ ครั้ง สวัสดี") == "ยังไม่ กลับ กลับ ครั้ง สวัสดี"
    assert clean_pdf_thai("เ ทศบาล") == "เทศบาล"
    assert clean_pdf_thai("ดี มาก") == "ดี มาก"  # a word may end in SARA II: space kept


def test_mai_han_akat_moved_past_its_consonant():
    # hangdong PDFs: the mark lands after the next consonant; at a word end that is certain.
    assert clean_pdf_thai("ยงัไม่ ปลอดภยั ตามหลกั. จงัหวดัเชียงใหม่") == "ยังไม่ ปลอดภัย ตามหลัก. จังหวัดเชียงใหม่"
    assert clean_pdf_thai("วิเคราะห์ปัจจัย ทั่วไป ครั้ง") == "วิเคราะห์ปัจจัย ทั่วไป ครั้ง"
    # Before a space the word list decides: moved and split, moved only, or split only.
    assert clean_pdf_thai("การพฒั นา พนั ธกิจ ทรพั ยากร") == "การพัฒนา พันธกิจ ทรัพยากร"
    assert clean_pdf_thai("อยู่อาศยั ก้าวไกล") == "อยู่อาศัย ก้าวไกล"
    assert clean_pdf_thai("รอง ปล ั ดเทศบาล") == "รอง ปลัดเทศบาล"
    # Inside a word only when the text shows the artefact elsewhere, and the word list agrees.
    assert clean_pdf_thai("จงัหวดัเชียงใหม่ แผนอตัรากำลงั") == "จังหวัดเชียงใหม่ แผนอัตรากำลัง"
    assert clean_pdf_thai("จงัหวัด กลับ ครั้ง") == "จงัหวัด กลับ ครั้ง"  # no certain case: left alone
    assert clean_pdf_thai("ยงัไม่ กลบั กลับ ครั้ง สวัสดี") == "ยังไม่ กลับ กลับ ครั้ง สวัสดี"


def test_sara_am_decomposed_or_duplicated():
    assert clean_pdf_thai("ประจําเดือน") == "ประจำเดือน"  # NIKHAHIT + SARA AA
    assert clean_pdf_thai("ประจำาเดือน") == "ประจำเดือน"  # LibreOffice shaping
    assert clean_pdf_thai("น\u0e4d\u0e49\u0e32") == "น้ำ"  # NIKHAHIT + tone + SARA AA
    # NIKHAHIT glyph extracted as a space: "ต าบล", "น ้า"
    assert clean_pdf_thai("เทศบาลต าบล ส านักงาน น ้าประปา") == "เทศบาลตำบล สำนักงาน น้ำประปา"


def test_sara_aa_extracted_as_sara_am_across_a_document():
    raw = "ค ำกล่ำวแสดงเจตจ ำนงของผู้บริหำร นำยกเทศมนตรีต ำบลหำงดง"
    assert legacy_am_swap(raw)
    assert clean_pdf_thai(raw) == "คำกล่าวแสดงเจตจำนงของผู้บริหาร นายกเทศมนตรีตำบลหางดง"
    assert clean_pdf_thai(raw, aa_as_am=False).startswith("คำกล่ำว")
    # HarfBuzz puts NIKHAHIT (here: a space) before the tone mark: "น ้ำ" is น้ำ.
    assert clean_pdf_thai("ข้ำพเจ้ำ นำยก ค ำ น ้ำ จ ำนง", aa_as_am=True) == "ข้าพเจ้า นายก คำ น้ำ จำนง"
    assert not legacy_am_swap("ประจำเดือน น้ำประปา กำหนดการ สำนักงาน")


def test_sara_am_split_after_sara_aa_joined_by_word_list():
    # hangdong แผนอัตรากำลัง: SARA AM never survives, it is "ต าบล" or "ตา บล".
    raw = "เทศบาลต าบลหางดง ส านักงาน น าไปสู่ เทศบาลตา บลหางดง อา เภอหางดง จา นวน"
    assert split_am_font(raw)
    assert clean_pdf_thai(raw) == "เทศบาลตำบลหางดง สำนักงาน นำไปสู่ เทศบาลตำบลหางดง อำเภอหางดง จำนวน"
    legit = "การศึกษา ลูกจ้าง ภาษา ไทย สมาชิกสภา พนักงาน"
    assert clean_pdf_thai(legit, am_split=True) == legit
    assert not split_am_font("ภาษา ไทย ตำบล อำเภอ ต าบล")


def test_private_use_glyphs_of_legacy_fonts():
    assert clean_pdf_thai("ผู\uf70bบริหาร ท\uf70bองถิ\uf713น") == "ผู้บริหาร ท้องถิ่น"
    assert clean_pdf_thai("ป\uf884\uf88eน") == "ปั้น"  # Mac PUA
    assert clean_pdf_thai("\uf70fู") == "ญู"


def test_doubled_vowels_and_sara_e_pairs():
    assert normalize("ทีี่ เเผน") == "ที่ แผน"


def test_thai_digits_mixed_with_arabic():
    assert normalize("ปีงบประมาณ ๒๕61-๒๕๖3") == "ปีงบประมาณ 2561-2563"


def test_clean_is_idempotent():
    for raw in ("ค ำกล่ำวแสดงเจตจ ำนงของผู้บริหำร นำยก", "เทศบาลต าบล", "เกี\n่\n่ยวกับ"):
        once = clean_pdf_thai(raw)
        assert clean_pdf_thai(once) == once


def test_mojibake_of_cp874_is_repaired():
    thai_text = "ประกาศ สรุปผลการจัดซื้อจัดจ้าง"
    assert repair_mojibake(thai_text.encode("cp874").decode("cp1252", errors="ignore")) == thai_text
    assert repair_mojibake(thai_text.encode("cp874").decode("mac_latin2")) == thai_text
    assert repair_mojibake("Café déjà vu") == "Café déjà vu"


def test_garble_score_separates_latin_soup_from_english():
    soup = "tl':i:m1Ab'V1A'U1 1'U 'III1 b el tl':i::\"!f1fl11W't.!fi utl':i::1J1W':i1£11ii1£Jtl':i:::1il1U"
    assert looks_garbled(soup)
    english = "Report of the procurement committee for March 2022, it's on page 12 of the A4 booklet."
    assert not looks_garbled(english)
    assert garble_score("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน") == 0.0
    assert looks_garbled("\ufffd\ufffd\ufffd \ufffd\ufffd ab")


# ---------------------------------------------------------------- package layout and pythainlp set-up

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from oit_checker import thai  # noqa: E402

_PYTHAINLP_VARS = ("PYTHAINLP_READ_ONLY", "PYTHAINLP_READ_MODE", "PYTHAINLP_OFFLINE", "PYTHAINLP_DATA",
                   "PYTHAINLP_DATA_DIR")


def _fresh_python(code: str, home: Path) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter with no pythainlp variables and ``home`` as HOME."""
    env = {k: v for k, v in os.environ.items() if k not in _PYTHAINLP_VARS}
    env["HOME"] = str(home)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_import_changes_no_environment_and_loads_no_pythainlp(tmp_path):
    code = (
        "import os, sys\n"
        "before = dict(os.environ)\n"
        "import oit_checker.thai\n"
        "assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())\n"
        "assert 'pythainlp' not in sys.modules\n"
    )
    proc = _fresh_python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "pythainlp-data").exists()


def test_setup_keeps_pythainlp_out_of_its_data_dir(tmp_path):
    code = (
        "import os\n"
        "from oit_checker import thai\n"
        "thai.setup_pythainlp()\n"
        "assert os.environ['PYTHAINLP_READ_ONLY'] == '1' and os.environ['PYTHAINLP_OFFLINE'] == '1'\n"
        "assert thai.clean_pdf_thai('การพฒั นา') == 'การพัฒนา'\n"  # loads the word list
        "assert thai.normalize('๒๕๖๕') == '2565'\n"
    )
    proc = _fresh_python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "pythainlp-data").exists()


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ({}, {"PYTHAINLP_READ_ONLY": "1", "PYTHAINLP_OFFLINE": "1"}),
        ({"PYTHAINLP_READ_ONLY": "0", "PYTHAINLP_OFFLINE": "0"}, {"PYTHAINLP_READ_ONLY": "0",
                                                                   "PYTHAINLP_OFFLINE": "0"}),
        # the deprecated name must not be joined by the new one: pythainlp rejects both at once
        ({"PYTHAINLP_READ_MODE": "1"}, {"PYTHAINLP_READ_MODE": "1", "PYTHAINLP_OFFLINE": "1"}),
    ],
)
def test_setup_lets_a_users_own_setting_win(monkeypatch, preset, expected):
    for name in _PYTHAINLP_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in preset.items():
        monkeypatch.setenv(name, value)
    thai.setup_pythainlp()
    assert {k: os.environ[k] for k in _PYTHAINLP_VARS if k in os.environ} == expected


def test_digits_both_ways():
    assert thai.thai_digits("ปี 2565 ข้อ 10") == "ปี ๒๕๖๕ ข้อ ๑๐"
    assert thai.arabic_digits("ปี ๒๕๖๕ ข้อ ๑๐") == "ปี 2565 ข้อ 10"
    assert thai.thai_digits("") == ""


def test_every_module_names_its_job_and_every_export_resolves():
    folder = Path(thai.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py"))
    assert {"script", "pdf_repair", "matching", "dates", "quality", "digits", "nlp"} <= set(modules)
    import importlib

    for name in modules:
        mod = importlib.import_module(f"oit_checker.thai.{name}" if name != "__init__" else "oit_checker.thai")
        first = (mod.__doc__ or "").strip().splitlines()
        assert first and first[0].endswith("."), name
    for name in thai.__all__:
        assert getattr(thai, name) is not None, name


# ---------------------------------------------------------------- properties over pythainlp's word list


def _sample_words(step: int = 20) -> list[str]:
    from oit_checker.thai import nlp

    return sorted(nlp.words())[::step]


def test_clean_text_passes_through_unchanged():
    # Every repair targets an artefact no correctly spelt word contains.
    changed = [w for w in _sample_words() if thai.clean_pdf_thai(w) != w or thai.normalize(w) != w]
    assert changed == []


def test_normalize_is_idempotent_and_finds_each_word_of_a_phrase():
    import random

    rng = random.Random(8)
    words = _sample_words()
    for _ in range(300):
        phrase = " ".join(rng.sample(words, 5))
        once = thai.normalize(phrase)
        assert thai.normalize(once) == once
        assert thai.key_of_normalized(once) == thai.match_key(phrase)
        assert all(thai.contains(once, w) == "exact" for w in phrase.split())


def test_a_count_ending_the_row_before_is_no_day_of_the_next_month():
    """A monthly table "กุมภาพันธ์ 2567 1,122 / มีนาคม 2567 1,301": the count before March is no "22 มีนาคม"
    (session 21; a dated month is a post's date, not a month the document reports on)."""
    table = "กุมภาพันธ์ 2567 1,122\nมีนาคม 2567 1,301\nยอด 1115 เมษายน 2567 | 3.25 พฤษภาคม 2567"
    refs = find_month_refs(thai.normalize(table))
    assert [(r.month, r.year, r.day) for r in refs] == [(2, 2567, None), (3, 2567, None), (4, 2567, None),
                                                         (5, 2567, None)]
    dated = find_month_refs(thai.normalize("วันที่ 5 มีนาคม 2565 และ 26 ต.ค. 64"))
    assert [(r.month, r.day) for r in dated] == [(3, 5), (10, 26)]
