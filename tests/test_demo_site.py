"""The bundled demo site: built from data, served on 127.0.0.1, checked with plain HTTP."""

from __future__ import annotations

import pytest
import yaml

from oit_checker import demo
from oit_checker.serve import SiteServer
from oit_checker.sitegen import verify
from oit_checker.thai import contains, normalize, thai_share

PLANTED = {
    "O13": ("fail", "broken_link"),
    "O20": ("fail", "missing_phrases"),
    "O23": ("fail", "missing_months"),
    "O28": ("fail", "wrong_period"),
    "O36": ("unreadable", "unreadable"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "site"
    truth = demo.build_into(root)
    with SiteServer(root) as server:
        yield root, truth, server.url.rstrip("/")


def get(base: str, path: str) -> verify.Fetched:
    return verify.fetch(base + path)


def evidence(truth: dict, code: str) -> list[str]:
    return truth["items"][code]["evidence"]


def test_shipped_ground_truth_matches_the_data(built):
    _, truth, _ = built
    assert demo.ground_truth() == truth, "run: python -m oit_checker.demo --write-ground-truth"


def test_ground_truth_has_every_item_and_only_the_planted_gaps(built):
    _, truth, _ = built
    items = truth["items"]
    assert list(items) == [f"O{i}" for i in range(1, 44)]
    for code, item in items.items():
        assert item["reason"]
        if code in PLANTED:
            verdict, kind = PLANTED[code]
            assert item["verdict"] == verdict
            assert [f["kind"] for f in item["findings"]] == [kind]
        else:
            assert item["verdict"] == "pass", code
            assert item["findings"] == [] and item["evidence"], code
    assert items["O23"]["findings"][0]["months"] == ["2565-03"]
    assert items["O28"]["findings"][0] | {} == {"kind": "wrong_period", "found": 2563, "expected": 2564}
    assert set(items["O20"]["findings"][0]["phrases"]) == {"ปัญหา อุปสรรค", "ข้อเสนอแนะ"}


def test_site_answers_as_ground_truth_says(built):
    _, truth, base = built
    assert verify.check_site(base, truth) == []


def test_dead_link_is_the_only_evidence_of_o13(built):
    _, truth, base = built
    urls = evidence(truth, "O13")
    assert len(urls) == 1 and get(base, urls[0]).status == 404
    hub = get(base, "/ita/index.html").body.decode()
    assert f'href="{urls[0]}"' in hub


def _pdf_text(base: str, path: str) -> str:
    return verify.text_of(get(base, path))


def test_monthly_procurement_pdfs_cover_oct_to_feb_but_not_march(built):
    _, truth, base = built
    texts = {u: verify.text_of(get(base, u)) for u in evidence(truth, "O23")[1:]}
    joined = "\n".join(texts.values())
    for month in ("ตุลาคม 2564", "พฤศจิกายน 2564", "ธันวาคม 2564", "ก.พ. 65"):
        assert contains(joined, "ประจำเดือน" + month), month  # matching ignores the space in "ประจำเดือน ก.พ. 65"
    assert "มกราคม 2565" in joined  # the January summary is a spreadsheet
    assert "มีนาคม 2565" not in joined and "มี.ค. 65" not in joined
    december = next(t for u, t in texts.items() if "-12-" in u)
    assert "ไม่มีการจัดซื้อจัดจ้าง" in december
    assert any(u.endswith(".xlsx") for u in texts)


def test_pdfs_have_a_thai_text_layer_except_the_scan(built):
    root, truth, base = built
    scan = truth["items"]["O36"]["findings"][0]["url"]
    pdfs = sorted("/" + p.relative_to(root).as_posix() for p in root.rglob("*.pdf"))
    assert len(pdfs) >= 20
    for path in pdfs:
        text = _pdf_text(base, path)
        if path == scan:
            assert text.strip() == ""
        else:
            assert len(text) > 40 and thai_share(text) > 0.6, path


def test_scanned_pdf_is_an_image(built):
    _, truth, base = built
    import pypdfium2

    body = get(base, truth["items"]["O36"]["findings"][0]["url"]).body
    pdf = pypdfium2.PdfDocument(body)
    page = pdf[0]
    assert page.get_textpage().count_chars() == 0
    assert any(o.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE for o in page.get_objects())


def test_report_with_and_without_problems_and_suggestions(built):
    _, truth, base = built
    o12 = "\n".join(verify.text_of(get(base, u)) for u in evidence(truth, "O12"))
    o20 = "\n".join(verify.text_of(get(base, u)) for u in evidence(truth, "O20"))
    for phrase in ("ปัญหา อุปสรรค", "ข้อเสนอแนะ"):
        assert contains(o12, phrase)
        assert not contains(o20, phrase)
    assert "ผลการใช้จ่ายงบประมาณ" in o20 and "2564" in o20
    assert "ผลการดำเนินงาน" in o12 and "2564" in o12


def test_hr_report_is_of_the_wrong_year(built):
    _, truth, base = built
    text = verify.text_of(get(base, evidence(truth, "O28")[-1]))
    assert "2563" in text and "2564" not in text


def test_office_documents_open_and_hold_their_content(built):
    _, truth, base = built
    o14 = verify.text_of(get(base, evidence(truth, "O14")[-1]))
    assert "ขั้นตอน" in o14 and "ระยะเวลา" in o14
    o42 = verify.text_of(get(base, evidence(truth, "O42")[-1]))
    for head in ("ประเด็น", "ข้อคำถาม ITA", "ขั้นตอน / วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "หน่วยงานผู้รับผิดชอบ"):
        assert head in o42
    o15 = verify.text_of(get(base, evidence(truth, "O15")[-1]))
    assert "ต.ค. 64" in o15 and "มี.ค. 65" in o15
    o31 = verify.text_of(get(base, evidence(truth, "O31")[0]))
    assert "ดำเนินการแล้วเสร็จ" in o31


def test_thai_numerals_in_some_documents(built):
    _, truth, base = built
    import pypdfium2

    pdf = pypdfium2.PdfDocument(get(base, evidence(truth, "O4")[1]).body)
    raw = pdf[0].get_textpage().get_text_range()
    assert "๒๕๖๕" in raw and "2565" in normalize(raw)


def test_html_items_carry_their_elements(built):
    _, truth, base = built
    o2 = verify.main_html(get(base, evidence(truth, "O2")[0]).body)
    assert o2.count("<img") >= 8 and o2.count("โทร.") >= 8 and o2.count("อีเมล") >= 8
    assert "ฝ่ายการเมือง" in o2 and "ฝ่ายข้าราชการประจำ" in o2
    for code in ("O8", "O17", "O30", "O32"):
        page = verify.main_html(get(base, evidence(truth, code)[0]).body)
        assert "<form" in page and "<textarea" in page and 'type="submit"' in page, code
    o5 = verify.main_html(get(base, evidence(truth, "O5")[0]).body)
    assert "<iframe" in o5 and "@" in o5 and "โทรสาร" in o5
    o9 = verify.main_html(get(base, evidence(truth, "O9")[0]).body)
    assert "facebook.com" in o9


def test_menus_repeat_ita_labels_on_every_page(built):
    root, _, base = built
    pages = list(root.rglob("*.html"))
    assert len(pages) > 50
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert 'id="sidebar"' in html and "รายงานผลการใช้จ่ายงบประมาณประจำปี" in html, p
    home = get(base, "/").body.decode()
    assert "ออนไลน์ : 6" in home and "สถิติผู้เข้าชม" in home


def test_hub_lists_all_items_with_some_truncated_anchors(built):
    _, truth, base = built
    hub = get(base, "/ita/index.html").body.decode()
    for code in truth["items"]:
        assert f"<td>{code}</td>" in hub
    assert hub.count("…</a>") >= 5


def test_noise_stale_pages_and_old_copies(built):
    _, truth, base = built
    o10 = verify.text_of(get(base, evidence(truth, "O10")[0]))
    assert "พ.ศ. 2565" in o10 and "พ.ศ. 2564" in o10
    assert get(base, "/about/vision-2561.html").status == 200
    news = verify.text_of(get(base, "/news/archive-1.html"))
    assert "2561" in news


def test_build_demo_site_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("OIT_CHECKER_CACHE", str(tmp_path))
    first = demo.build_demo_site()
    assert (first / ".complete").exists() and (first / "index.html").exists()
    assert first.parent == tmp_path and first.name.startswith("demo-")
    marker = first / "index.html"
    mtime = marker.stat().st_mtime_ns
    assert demo.build_demo_site() == first
    assert marker.stat().st_mtime_ns == mtime


def test_ground_truth_file_is_plain_yaml():
    data = yaml.safe_load(demo.GROUND_TRUTH.read_text(encoding="utf-8"))
    assert data["fiscal_year"] == 2565 and data["profile"] == "ita-2565"
