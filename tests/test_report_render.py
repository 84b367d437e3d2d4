"""The reports as people see them: report.html in headless Chromium, measures.docx via LibreOffice.

Needs the Debian packages ``chromium`` and ``libreoffice-writer-nogui`` (installed by ``.ci/run``);
a test fails, naming the package, when its program is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from oit_checker import report, thai

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"
TITLE = "รายงานผลการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) – เทศบาลตำบลตัวอย่าง"


def program(package: str, *names: str) -> str:
    """The path of a program that .ci/run installs; the test fails when it is missing."""
    path = next(filter(None, map(shutil.which, names)), None)
    assert path, f"{names[0]} not found: apt-get install {package}"
    return path


def sample() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    exe = program("chromium", "chromium", "chromium-browser", "google-chrome")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp / 'chromium-profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def dump_dom(tmp: Path, html: Path) -> str:
    proc = chromium(tmp, "--virtual-time-budget=3000", "--dump-dom", html.as_uri())
    assert proc.stdout.strip(), proc.stderr[-2000:]
    return proc.stdout


def dom_title(dom: str) -> str:
    return re.search(r"<title>(.*?)</title>", dom, re.S).group(1)


def not_blank(png: Path) -> None:
    from PIL import Image

    assert png.is_file() and png.stat().st_size > 20_000
    with Image.open(png) as im:
        colours = im.convert("L").getcolors(maxcolors=256)  # a grey image has at most 256 levels
    assert len(colours) > 16  # text and bars, not an empty page


@pytest.fixture(scope="module")
def html_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    report.write(sample(), out, ["html"], "th")
    return out / "report.html"


def test_chromium_runs_our_script_but_no_crawled_code(html_report, tmp_path):
    dom = dump_dom(tmp_path, html_report)
    assert dom_title(dom) == TITLE  # the payloads would have changed document.title
    assert re.search(r'<html lang="th" class="[^"]*\bjs\b', dom)  # our filter script ran under the CSP
    assert "<img" not in dom and len(re.findall(r"<script\b", dom)) == 1
    assert "&lt;script&gt;document.title='XSS-SCRIPT'" in dom  # shown as text
    assert 'href="javascript:' not in dom


def test_payload_would_run_without_escaping(html_report, tmp_path):
    """Control: the fixture's payload is live once unescaped and the CSP removed, so the test above can fail."""
    html = html_report.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("&lt;img src=x onerror=&#34;document.title=&#39;XSS-IMG&#39;&#34;&gt;",
                        "<img src=x onerror=\"document.title='XSS-IMG'\">")
    unsafe = tmp_path / "unsafe.html"
    unsafe.write_text(html, encoding="utf-8")
    assert dom_title(dump_dom(tmp_path, unsafe)) == "XSS-IMG"


def test_csp_blocks_a_script_that_is_not_ours(html_report, tmp_path):
    html = html_report.read_text(encoding="utf-8").replace('className += " js";', 'className += " js"; ')
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html, encoding="utf-8")
    dom = dump_dom(tmp_path, tampered)
    assert not re.search(r'<html lang="th" class="[^"]*\bjs\b', dom)


def test_chromium_screenshot(html_report, tmp_path):
    png = tmp_path / "report.png"
    proc = chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars",
                    html_report.as_uri())
    assert png.is_file(), proc.stderr[-2000:]
    not_blank(png)


def test_libreoffice_renders_measures_docx_with_thai_text(tmp_path):
    import pypdfium2

    report.write(sample(), tmp_path, ["measures"], "th")
    soffice = program("libreoffice-writer-nogui", "soffice", "libreoffice")
    proc = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "measures.docx")],
                          capture_output=True, text=True, timeout=240)
    pdf_path = tmp_path / "measures.pdf"
    assert pdf_path.is_file(), proc.stderr[-2000:]
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        assert len(pdf) >= 2
        width, height = pdf[len(pdf) - 1].get_size()
        assert width > height  # the measures table is on landscape pages
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert "\ufffd" not in text
        assert not re.search("[\ue000-\uf8ff]", text)  # no private-use glyphs (tofu / legacy PUA)
        norm = thai.normalize(text)
        for phrase in ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "เทศบาลตำบลตัวอย่าง",
                       "รายงานผลการใช้จ่ายงบประมาณประจำปี", "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ",
                       "ผู้รับผิดชอบ", "วิเคราะห์ผลการประเมิน", "กองคลัง", "1 ตุลาคม 2565", "30 กันยายน 2566",
                       "สำนักปลัด (งานการเจ้าหน้าที่)",
                       "ไม่ปรากฏสรุปผลการจัดซื้อจัดจ้างเดือนมีนาคม 2565"):
            assert thai.contains(norm, phrase), phrase
        png = tmp_path / "measures-p1.png"
        pdf[0].render(scale=1.5).to_pil().save(png)
        not_blank(png)
    finally:
        pdf.close()
