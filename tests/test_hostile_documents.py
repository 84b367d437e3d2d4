"""Hostile documents: zip bombs refused before inflating, a memory limit on every reader process."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, cli_env
from hostile_site import greedy_reader

from oit_checker.extract import office, pool
from oit_checker.extract.dispatch import extract_body

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="xml" ContentType="application/xml"/></Types>')


def zip_bomb(member: str, inflated_mb: int) -> bytes:
    """A zip whose ``member`` inflates to ``inflated_mb`` MB of zeros (streamed: never in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated_mb):
                fh.write(chunk)
    return buf.getvalue()


def test_docx_zip_bomb_refused_before_inflating():
    body = zip_bomb("word/document.xml", 64)  # 64 MB of zeros in ~64 KB
    assert len(body) < 1_000_000
    out = extract_body(body, "docx")
    assert out["extract_error"] == "too_large" and out["pages"] == []


def test_xlsx_and_ods_zip_bombs_refused():
    assert extract_body(zip_bomb("xl/worksheets/sheet1.xml", 32), "xlsx")["extract_error"] == "too_large"
    assert extract_body(zip_bomb("content.xml", 32), "ods")["extract_error"] == "too_large"


def test_member_over_the_size_limit_refused(monkeypatch):
    monkeypatch.setattr(office, "MAX_ZIP_MEMBER", 2_000_000)
    out = extract_body(zip_bomb("word/document.xml", 3), "docx")  # ratio alone would pass (under 10 MB)
    assert out["extract_error"] == "too_large"


def test_ordinary_docx_still_read():
    import docx

    d = docx.Document()
    d.add_paragraph("แผนปฏิบัติการประจำปี 2567")
    buf = io.BytesIO()
    d.save(buf)
    out = extract_body(buf.getvalue(), "docx")
    assert out["extract_error"] is None and "แผนปฏิบัติการ" in out["pages"][0]["text"]


def test_reader_process_memory_is_capped(tmp_path, monkeypatch):
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    monkeypatch.setenv("OIT_READER_MEMORY_MB", "400")
    out = pool.read_all([pool.Task(key=("a", "b"), path=str(path), kind="other")], workers=1, timeout=30,
                        reader=greedy_reader)
    res = out[("a", "b")]
    assert res["limit"] == 400 * 1024 * 1024 and res["got"] == 0


def test_utf8_page_declaring_windows_874_is_read_as_utf8():
    from oit_checker.extract.html import decode_html, extract_html

    text = "ประกาศผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2567"
    body = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874">'
            f"<title>{text}</title></head><body><p>{text}</p></body></html>").encode()
    decoded, enc = decode_html(body, "text/html; charset=windows-874")
    assert enc == "utf-8" and text in decoded
    page = extract_html(body, "http://127.0.0.1/", declared_encoding="windows-874")
    assert text in page["title"]


def test_real_windows_874_page_still_read_as_windows_874():
    from oit_checker.extract.html import decode_html

    text = "ประกาศผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ"
    body = f"<html><body><p>{text}</p></body></html>".encode("cp874")
    decoded, enc = decode_html(body, "text/html; charset=windows-874")
    assert enc == "cp874" and text in decoded


NESTED_PAGE_CHILD = """
import resource, sys
from oit_checker.extract.html import extract_html
n = 2_000_000  # 22 MB of nested <div>s
body = "<html><body><p>ประกาศ</p>".encode() + b"<div>" * n + b"x" + b"</div>" * n + b"</body></html>"
out = extract_html(body, "http://127.0.0.1/")
print(out["features"].get("truncated"), "ประกาศ" in out["pages"][0].text,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_two_million_nested_divs_are_bounded():
    r = subprocess.run([sys.executable, "-c", NESTED_PAGE_CHILD], capture_output=True, text=True, env=cli_env(),
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    truncated, kept_text, peak_mb = r.stdout.split()
    print(f"\n2M nested divs: peak {peak_mb} MB")
    assert truncated == "True" and kept_text == "True"
    assert int(peak_mb) < 600  # was 1.3 GB before the element bound


def test_ordinary_page_is_not_truncated():
    from oit_checker.extract.html import extract_html

    rows = "".join(f"<tr><td>{i}</td><td>จัดซื้อวัสดุสำนักงาน</td></tr>" for i in range(2000))
    out = extract_html(f"<html><body><table>{rows}</table></body></html>".encode(), "http://127.0.0.1/")
    assert "truncated" not in out["features"] and "1999" in out["pages"][0].text


@pytest.mark.parametrize("error", ["address_refused", "url_too_long"])
def test_a_refused_or_too_long_link_is_unreadable_never_not_disclosed(profile_2565, error):
    from oit_checker import checker, fixtures
    from oit_checker.i18n import t

    base = "https://www.tambon-test.go.th"
    home = {"url": base + "/", "kind": "html", "title": "หน้าแรก", "text": "ยินดีต้อนรับ"}
    refused = {"url": "http://10.0.0.1/o20-2567.pdf", "kind": "pdf", "status": None, "error": error,
               "link_texts": ["รายงานผลการใช้จ่ายงบประมาณประจำปี 2564"], "external": True}
    corpus = fixtures.fixture_corpus({"documents": [home, refused], "links": []})
    item = checker.judge(profile_2565.rule("O20"), corpus, profile_2565, "th")
    assert item["verdict"] == "unreadable" and item["findings"][0]["reason"] == error
    assert t(f"check.reason.{error}", "en") != f"check.reason.{error}"


def test_bounded_fuzz_round_of_every_reader_finds_no_crash_or_hang():
    """A small fixed-seed round of scripts/fuzz_readers.py (longer runs: ``--seconds N``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fuzz_readers", ROOT / "scripts" / "fuzz_readers.py")
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    stats, findings = fuzz.run(cases_per_kind=8, seconds=None, seed=1, timeout=20)
    assert set(stats) == {"pdf", "docx", "xlsx", "html"} and all(s["cases"] >= 6 for s in stats.values())
    assert findings == []
