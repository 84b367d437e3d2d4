"""Hostile document formats, read by the real reader pool (time limit, memory cap): one behaviour each.

Encrypted PDFs (with and without a user password), PDFs whose object references loop, XXE and
billion-laughs entities in DOCX and XLSX XML. Every case ends inside the pool's bounds with an
honest state: text read, or ``extract_error`` with the reason ("could not read" — never "empty").
The worst wall time and the pool workers' peak memory are printed for the closing note.
"""

from __future__ import annotations

import io
import resource
import time
import zipfile
from pathlib import Path

import pytest
from hostile_site import _pdf, pdf_objects

from oit_checker.extract import pool

TIMEOUT = 20  # seconds per document in these tests (the product's default is 120)
PASSWD = "root:x:0:0"  # in /etc/passwd: must never reach the text
LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
BILLION = f'<!DOCTYPE x [<!ENTITY lol0 "lol">{LAUGHS}]>'
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _read(tmp_path: Path, body: bytes, kind: str) -> dict:
    path = tmp_path / f"doc.{kind}"
    path.write_bytes(body)
    t0 = time.monotonic()
    out = pool.read_all([pool.Task(key=("k", ""), path=str(path), kind=kind)], workers=1, timeout=TIMEOUT)[("k", "")]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nhostile {kind}: {time.monotonic() - t0:.1f} s, peak reader RSS so far {peak:.0f} MB, "
          f"error {out.get('extract_error')}")
    return out


def _text(out: dict) -> str:
    return "\n".join(p.get("text", "") for p in out.get("pages") or [])


def _encrypted(user: str) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption(user, "owner", canCopy=0))
    c.drawString(72, 720, "procurement plan 2567")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_encrypted_pdf_with_a_user_password_is_unreadable_with_the_reason(tmp_path):
    out = _read(tmp_path, _encrypted("secret"), "pdf")
    assert out["extract_error"] == "encrypted" and not _text(out)


def test_encrypted_pdf_with_an_empty_user_password_is_read(tmp_path):
    out = _read(tmp_path, _encrypted(""), "pdf")
    assert out.get("extract_error") is None and "procurement plan 2567" in _text(out)


CYCLES = {
    # the page tree lists itself as its own kid
    "kids": [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"],
    # two page-tree nodes, each the other's kid and parent
    "pair": [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
             b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"],
    # a stream whose /Length is a reference to itself, and inherited resources pointing back to the page
    "length": [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 3 0 R >>",
               b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream"],
}


@pytest.mark.parametrize("case", sorted(CYCLES))
def test_pdf_with_looping_object_references_ends(tmp_path, case):
    out = _read(tmp_path, pdf_objects(CYCLES[case]), "pdf")
    # read (no text) or could-not-read with a reason; either way it ended inside the pool's bounds
    assert out.get("extract_error") in (None, "corrupt", "timeout", "too_large")
    assert out.get("extract_error") is not None or all(not p.get("text") for p in out["pages"])


def test_ordinary_pdf_still_read(tmp_path):
    out = _read(tmp_path, _pdf("annual plan 2567"), "pdf")
    assert "annual plan 2567" in _text(out)


def _docx(body_xml: str, doctype: str) -> bytes:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1)
                data = (head + "?>" + doctype + rest.replace("PLACEHOLDER", body_xml)).encode("utf-8")
            zf.writestr(item, data)
    return out.getvalue()


def _xlsx(cell_xml: str, doctype: str) -> bytes:
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "PLACEHOLDER"
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml") and b"PLACEHOLDER" in data:
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                data = ((head + "?>" if head else "") + doctype + rest.replace("PLACEHOLDER", cell_xml)).encode()
            zf.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_xxe_never_reads_a_local_file(tmp_path, kind):
    body = (_docx if kind == "docx" else _xlsx)("plan &xxe; end", XXE)
    out = _read(tmp_path, body, kind)
    assert PASSWD not in _text(out)
    assert out.get("extract_error") in (None, "corrupt", "unsafe_xml")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_billion_laughs_is_not_expanded(tmp_path, kind):
    body = (_docx if kind == "docx" else _xlsx)("plan &lol9; end", BILLION)
    out = _read(tmp_path, body, kind)
    assert len(_text(out)) < 100_000  # 10^9 "lol"s never built
    assert out.get("extract_error") in (None, "corrupt", "unsafe_xml", "too_large", "timeout")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_ordinary_office_files_built_the_same_way_are_read(tmp_path, kind):
    body = (_docx if kind == "docx" else _xlsx)("annual plan 2567", "")
    out = _read(tmp_path, body, kind)
    assert out.get("extract_error") is None and "annual plan 2567" in _text(out)
