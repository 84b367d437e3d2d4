"""Check a served test site against its ground truth with plain HTTP, independent of the crawler.

Used by the tests and handy after generating a site by hand::

    with SiteServer(root) as s:
        problems = verify.check_site(s.url, truth)

A problem is a one-line string; an empty list means every evidence URL answers as the
ground truth says and every planted gap is really in the bytes served.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from oit_checker.sitegen.content import MONTHS_ABBR, MONTHS_TH
from oit_checker.thai import contains, normalize

_MAIN_RE = re.compile(r'<main id="content">(.*?)</main>', re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_CHARSET_RE = re.compile(rb'charset=["\']?([A-Za-z0-9_-]+)')


@dataclass
class Fetched:
    url: str
    status: int
    headers: dict
    body: bytes


def fetch(url: str, timeout: float = 10) -> Fetched:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - loopback test server
            return Fetched(url, r.status, dict(r.headers), r.read())
    except urllib.error.HTTPError as e:
        return Fetched(url, e.code, dict(e.headers or {}), e.read() or b"")


def decode_html(body: bytes) -> str:
    """Bytes of a page to text: declared charset, else UTF-8, else windows-874."""
    m = _CHARSET_RE.search(body[:2000])
    if m:
        try:
            return body.decode(m.group(1).decode().replace("tis-620", "cp874"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp874", errors="replace")


def main_html(body: bytes) -> str:
    """The page's main content (menus, sidebar and footer left out)."""
    text = decode_html(body)
    m = _MAIN_RE.search(text)
    return m.group(1) if m else text


def text_of(f: Fetched) -> str:
    """Normalised text of a fetched page or document ("" for a scan)."""
    body = f.body
    if body[:5] == b"%PDF-":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(body)
        try:
            return normalize("\n".join(p.get_textpage().get_text_range() for p in pdf))
        finally:
            pdf.close()
    if body[:2] == b"PK":
        name = f.url.split("?", 1)[0].lower()
        if name.endswith(".docx"):
            import docx

            d = docx.Document(io.BytesIO(body))
            parts = [p.text for p in d.paragraphs]
            parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
            return normalize("\n".join(parts))
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        rows = [" ".join("" if v is None else str(v) for v in row)
                for ws in wb for row in ws.iter_rows(values_only=True)]
        return normalize("\n".join(rows))
    import html as _html

    return normalize(_html.unescape(_TAG_RE.sub(" ", main_html(body))))


def check_site(base: str, truth: dict) -> list[str]:
    """Every evidence URL and planted gap of ``truth`` checked against the site at ``base``."""
    base = base.rstrip("/")
    problems: list[str] = []
    for code, item in truth["items"].items():
        broken = {f["url"] for f in item["findings"] if f["kind"] == "broken_link"}
        fetched = []
        for url in item["evidence"]:
            f = fetch(base + url)
            want = 404 if url in broken else 200
            if f.status != want:
                problems.append(f"{code}: {url} answered {f.status}, expected {want}")
            if f.status == 200:
                fetched.append(f)
        texts = [text_of(f) for f in fetched]
        joined = "\n".join(texts)
        kinds = {f["kind"] if isinstance(f["kind"], str) else tuple(f["kind"]): f for f in item["findings"]}
        if item["verdict"] == "pass" and any(not t.strip() for t in texts):
            problems.append(f"{code}: a passing item has an evidence document without text")
        if item["verdict"] == "pass" and not item["evidence"]:
            problems.append(f"{code}: a passing item without evidence")
        if "missing_phrases" in kinds:
            for ph in kinds["missing_phrases"]["phrases"]:
                if contains(joined, ph):
                    problems.append(f"{code}: phrase {ph!r} present though planted missing")
        if "missing_months" in kinds:
            for ym in kinds["missing_months"]["months"]:
                y, m = (int(x) for x in ym.split("-"))
                for form in (f"{MONTHS_TH[m - 1]} {y}", f"{MONTHS_ABBR[m - 1]} {y - 2500}"):
                    if form in joined:
                        problems.append(f"{code}: month {form!r} present though planted missing")
        if "wrong_period" in kinds:
            wp = kinds["wrong_period"]
            files = [t for f, t in zip(fetched, texts, strict=True) if not f.body.lstrip()[:1] == b"<"]
            period_text = "\n".join(files) if files else joined
            if str(wp["found"]) not in period_text or str(wp["expected"]) in period_text:
                problems.append(f"{code}: evidence does not show year {wp['found']} only")
        if "unreadable" in kinds:
            scan = [f for f in fetched if f.url.endswith(kinds["unreadable"]["url"])]
            if not scan or text_of(scan[0]).strip():
                problems.append(f"{code}: the scanned PDF has a text layer or is missing")
        if "not_online_service" in kinds or "missing_elements" in kinds:
            page = main_html(fetched[0].body) if fetched else ""
            if "not_online_service" in kinds and "<form" in page:
                problems.append(f"{code}: an online form exists though planted missing")
            if "missing_elements" in kinds:
                els = kinds["missing_elements"]["elements"]
                if "photo" in els and "<img" in page:
                    problems.append(f"{code}: photos present though planted missing")
                if "map" in els and "<iframe" in page:
                    problems.append(f"{code}: map present though planted missing")
                if "email" in els and "@" in page:
                    problems.append(f"{code}: e-mail present though planted missing")
        if any(k == "off_site" or (isinstance(k, tuple) and "off_site" in k) for k in kinds):
            if not any("drive.google.com" in main_html(f.body) for f in fetched) or len(fetched) != 1:
                problems.append(f"{code}: off-site item is not one local post linking to Google Drive")
        files = [t for f, t in zip(fetched, texts, strict=True) if not f.body.lstrip()[:1] == b"<"]
        if "short_coverage" in kinds and any(m in "\n".join(files or texts) for m in ("มีนาคม", "มี.ค.")):
            problems.append(f"{code}: short coverage item names March")
        if "not_found" in kinds and item["evidence"]:
            problems.append(f"{code}: not_found item lists evidence")
    return problems
