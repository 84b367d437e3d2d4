"""Content sniffing: the bytes decide, then Content-Type, then the extension."""

import io
import zipfile

import pytest
from fixtures.extract_docs import make_docx, make_pdf, make_xls, make_xlsx

from oit_checker.extract.sniff import sniff


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_pdf_named_html_served_as_html():
    assert sniff(make_pdf([["ก"]]), "http://x.go.th/31.html", "text/html; charset=utf-8") == "pdf"


def test_pdf_with_leading_junk():
    assert sniff(b"\r\n\r\n" + make_pdf([["ก"]])) == "pdf"


def test_ooxml_by_content_types_even_when_renamed():
    assert sniff(make_docx("หัวข้อ", [["a", "b"]]), "http://x.go.th/plan.doc", "application/msword") == "docx"
    assert sniff(make_xlsx({"s": [["ก"]]}), "http://x.go.th/a.xls", "application/vnd.ms-excel") == "xlsx"


def test_opendocument_by_mimetype_entry():
    assert sniff(_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})) == "odt"
    ods = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
    assert sniff(ods, "http://x.go.th/download.php?id=3") == "ods"


def test_plain_zip_is_other():
    assert sniff(_zip({"a.txt": "hello"}), "http://x.go.th/a.zip") == "other"


def test_ole2_excel_from_stream_names():
    assert sniff(make_xls([["ก", 1]]), "http://x.go.th/report.doc", "application/msword") == "xls"


def test_html_variants():
    assert sniff(b"\xef\xbb\xbf\n  <!DOCTYPE html><html><body>x</body></html>", "http://x.go.th/a.pdf") == "html"
    assert sniff("<html><body>ไทย</body></html>".encode("utf-16"), "") == "html"
    # An HTML error page served as a PDF is HTML.
    assert sniff(b"<HTML><HEAD><TITLE>404</TITLE></HEAD></HTML>", "http://x.go.th/a.pdf", "application/pdf") == "html"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image"),
        (b"GIF89a" + b"\0" * 20, "image"),
        (b"RIFF\x10\0\0\0WEBPVP8 ", "image"),
        (b"{\\rtf1\\ansi\\ansicpg874 hello}", "rtf"),
    ],
)
def test_magic_bytes(head, kind):
    assert sniff(head, "http://x.go.th/file.bin", "application/octet-stream") == kind


def test_content_type_then_extension_then_weak_guess():
    assert sniff(b"plain words", "http://x.go.th/a", "text/html") == "html"
    assert sniff(b"plain words", "http://x.go.th/%E0%B8%81.txt") == "text"
    assert sniff(b'{"a": [1, 2]}', "http://x.go.th/api") == "json"
    assert sniff("ข้อความภาษาไทย".encode(), "http://x.go.th/x") == "text"
    assert sniff(b"\x00\x01\x02\x03binary", "http://x.go.th/x") == "other"
    assert sniff(b"BMP is not", "http://x.go.th/x") == "text"
