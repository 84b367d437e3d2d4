"""PDF extraction on generated Thai PDFs and on the real hangdong files."""

import pypdfium2 as pdfium
import pytest
from fixtures.extract_docs import PHRASE_1, PHRASE_2, PHRASE_3, legacy_pua, make_image_pdf, make_pdf
from fixtures.real_sites import REAL_SITES, needs_real_sites

from oit_checker import thai
from oit_checker.extract.pdf import PdfReadError, extract_pdf
from oit_checker.extract.sniff import sniff

HANGDONG = REAL_SITES / "hangdong"


def _hangdong(name: str) -> bytes:
    return (HANGDONG / name).read_bytes()


def test_text_pdf_pages_text_and_norm():
    res = extract_pdf(make_pdf([[PHRASE_1], [PHRASE_2]]))
    assert [p.n for p in res["pages"]] == [1, 2]
    assert PHRASE_1 in res["pages"][0].text
    assert PHRASE_2 in res["pages"][1].text  # display text keeps Thai digits
    assert "ประจำเดือนมีนาคม 2565" in res["pages"][1].norm
    assert not any(p.needs_ocr for p in res["pages"])
    assert res["title"] == PHRASE_1  # no metadata title: first line


def test_image_only_pdf_needs_ocr_not_empty():
    res = extract_pdf(make_image_pdf())
    (page,) = res["pages"]
    assert page.needs_ocr is True
    assert page.text == ""
    assert res["features"]["scanned_pages"] == [1] and res["features"]["garbled_pages"] == []


def test_bookmarks_become_headings():
    import io

    from fixtures.extract_docs import _font
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(_font(), 16)
    c.drawString(72, 720, PHRASE_1)
    c.bookmarkPage("p1")
    c.addOutlineEntry("แผนการจัดซื้อจัดจ้าง", "p1", level=0)
    c.showPage()
    c.save()
    assert extract_pdf(buf.getvalue())["headings"] == ["แผนการจัดซื้อจัดจ้าง"]


def test_blank_page_is_not_a_scan():
    res = extract_pdf(make_pdf([[]]))
    assert res["pages"][0].needs_ocr is False


def test_legacy_pua_pdf_is_repaired():
    line = legacy_pua(PHRASE_3)
    assert any("\uf700" <= c <= "\uf8ff" for c in line)
    body = make_pdf([[line]])
    raw = pdfium.PdfDocument(body)[0].get_textpage().get_text_range()
    assert any("\uf700" <= c <= "\uf8ff" for c in raw), "fixture must carry PUA code points in its text layer"
    page = extract_pdf(body)["pages"][0]
    assert PHRASE_3 in page.text
    assert not page.needs_ocr


def test_latin_soup_text_layer_needs_ocr():
    soup = "tl':i:m1Ab'V1A'U1 1'U 'III1 b el tl':i::\"!f1fl11W't.!fi utl':i::1J1W':i1£11ii1£Jtl':i:::1il1U"
    res = extract_pdf(make_pdf([[soup[i : i + 40] for i in range(0, len(soup), 40)], [PHRASE_1]]))
    assert [p.needs_ocr for p in res["pages"]] == [True, False]
    assert res["features"]["garbled_pages"] == [1] and res["features"]["scanned_pages"] == []


def test_corrupt_pdf_raises_read_error():
    with pytest.raises(PdfReadError) as info:
        extract_pdf(b"%PDF-1.4\n this is not a pdf at all")
    assert info.value.reason == "corrupt"


def test_password_protected_pdf(tmp_path):
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    def build(user: str) -> bytes:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption(user, "owner", canCopy=0))
        c.drawString(72, 720, "annual report 2022")
        c.showPage()
        c.save()
        return buf.getvalue()

    with pytest.raises(PdfReadError) as info:
        extract_pdf(build("secret"))
    assert info.value.reason == "encrypted"
    # Owner-password-only PDFs (copy protection) still give their text.
    assert extract_pdf(build(""))["pages"][0].text == "annual report 2022"


@needs_real_sites
def test_hangdong_intent_statement_aa_am_swap():
    res = extract_pdf(_hangdong("file/คำกล่าวแสดงเจตจำนงของผู้บริหาร-ข้อ-028.pdf"))
    page = res["pages"][0]
    assert "เจตจำนง" in page.text
    assert "คำกล่าวแสดงเจตจำนงของผู้บริหาร" in page.text  # raw text reads "ค ำกล่ำว…บริหำร"
    assert thai.contains(page.norm, "นายกเทศมนตรีตำบลหางดง") == "exact"
    assert thai.contains(page.norm, "แผนอัตรากำลัง") is None


@needs_real_sites
def test_hangdong_manpower_plan():
    res = extract_pdf(_hangdong("file/แผนอัตรากำลัง-๓-ปีทต.หางดง-61-63.pdf"))
    assert len(res["pages"]) > 50
    first = res["pages"][0]
    assert "แผนอัตรากำลัง" in first.text  # raw: "แผนอัตราก าลัง"
    assert thai.contains(first.norm, "ปีงบประมาณ 2561") in ("exact", "fuzzy")
    # The header line reads "เทศบาลตา บลหางดง อา เภอหางดง จงัหวดั…" in the raw text layer:
    # SARA AM split off and MAI HAN-AKAT moved, repaired with the word list.
    header = next(line for line in first.norm.splitlines() if "เชียงใหม่" in line)
    assert header == "เทศบาลตำบลหางดง อำเภอหางดง จังหวัดเชียงใหม่"


@needs_real_sites
def test_hangdong_pdf_named_html_is_sniffed_and_read():
    body = _hangdong("31.html")
    assert sniff(body, "http://x.go.th/31.html", "text/html") == "pdf"
    res = extract_pdf(body)
    assert res["pages"][0].needs_ocr is True  # a scanned cover page
    assert sum(1 for p in res["pages"] if p.norm) > 100
