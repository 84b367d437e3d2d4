"""The sites CSV of a batch: code, name, type, province, url (one agency per row).

Provincial offices export these from Excel, so the file may carry a UTF-8 BOM or be in
Windows Thai (cp874), headers may be Thai, and some rows will be wrong: bad rows are
reported with their line number and skipped, they never stop the batch.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from oit_checker.errors import UserError

COLUMNS = ("code", "name", "type", "province", "url")


@dataclass
class SiteRow:
    code: str
    name: str
    type: str
    province: str
    url: str
    line: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RowProblem:
    line: int
    key: str  # locale key, e.g. fleet.row_no_url
    value: str = ""
    site: dict = field(default_factory=dict)  # code, name, type, province, url as written in the row

    def as_row(self, reason: str) -> dict:
        """The row of an invalid line in summary.json and the overview: status ``invalid`` and why."""
        s = self.site
        return {"code": s.get("code") or f"line-{self.line}", "name": s.get("name", ""), "type": s.get("type", ""),
                "province": s.get("province", ""), "url": s.get("url", ""), "status": "invalid", "oit": None,
                "level": None, "fails": [], "unreadable": 0, "pages": None, "documents": None,
                "error": reason, "line": self.line, "warnings": []}


@functools.cache
def _aliases() -> dict[str, str]:
    data = yaml.safe_load((Path(__file__).with_name("columns.yaml")).read_text(encoding="utf-8"))
    return {str(alias).strip().lower(): col for col, names in data.items() for alias in names}


def _decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "cp874"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8-sig", errors="replace")


def normalise_url(value: str) -> str | None:
    """An http(s) URL, adding ``http://`` to a bare host name; None when it is not a web address."""
    v = value.strip()
    if not v:
        return None
    if "://" not in v:
        v = "http://" + v
    p = urllib.parse.urlsplit(v)
    if p.scheme not in ("http", "https") or not p.hostname or " " in v:
        return None
    if "." not in p.hostname and p.hostname != "localhost":
        return None
    return v


def safe_code(value: str) -> str:
    """A folder-safe form of a site code."""
    return re.sub(r"[^\w.\-]+", "_", value, flags=re.UNICODE).strip("._") or "site"


MAX_CSV_BYTES = 20_000_000  # a batch CSV lists sites: 20 MB is some 100,000 rows


def read_sites(path: str | Path) -> tuple[list[SiteRow], list[RowProblem]]:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_CSV_BYTES:  # a list of sites, not a data dump: refused before reading
            raise UserError("fleet.csv_too_large", path=str(p), mb=MAX_CSV_BYTES // 1_000_000)
        raw = p.read_bytes()
    except OSError as exc:
        raise UserError("cli.file_not_found", path=str(p)) from exc
    text = _decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a field over csv's limit, a NUL byte…: one line, not a traceback
        raise UserError("fleet.csv_unreadable", path=str(p), line=reader.line_num, reason=str(exc)) from None
    if not rows:
        raise UserError("fleet.csv_empty", path=str(p))
    header = [_aliases().get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    if "url" not in header:
        raise UserError("fleet.csv_no_url_column", path=str(p), columns=", ".join(rows[0]))
    sites: list[SiteRow] = []
    problems: list[RowProblem] = []
    seen_codes: set[str] = set()
    seen_urls: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rec = {col: (row[i].strip() if i < len(row) else "") for i, col in enumerate(header)}
        written = {k: rec.get(k, "") for k in COLUMNS}
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            problems.append(RowProblem(n, "fleet.row_extra_columns", ",".join(row), written))
            continue
        url = normalise_url(rec.get("url", ""))
        if url is None:
            problems.append(RowProblem(n, "fleet.row_bad_url" if rec.get("url") else "fleet.row_no_url",
                                       rec.get("url", ""), written))
            continue
        from oit_checker.fleet.store import site_key

        code = rec.get("code") or site_key(url)
        key = site_key(url)
        if code in seen_codes or key in seen_urls:
            problems.append(RowProblem(n, "fleet.row_duplicate", code if code in seen_codes else url, written))
            continue
        seen_codes.add(code)
        seen_urls.add(key)
        sites.append(SiteRow(code=code, name=rec.get("name", ""), type=rec.get("type", ""),
                             province=rec.get("province", ""), url=url, line=n))
    return sites, problems
