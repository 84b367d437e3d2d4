"""The agency file (``oit-check.yaml``): one place for what an agency types into every scan.

``oit-check init`` writes it with Thai comments; ``scan``/``check``/``report``/``demo`` read it
(``--config FILE``, or ``oit-check.yaml`` in the current folder) and the command line wins.
:data:`KEYS` is the one map from file keys to command-line options (the README lists it);
values are checked here, each bad one named by its line and key, so an officer's typo is one
clear line and exit 2, never a traceback or a silently ignored setting. Overrides (items checked
by hand) are validated here and applied by :mod:`oit_checker.overrides`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oit_checker import safeyaml
from oit_checker.errors import UserError
from oit_checker.options import CRAWL_DEFAULTS, FORMATS

FILE_NAME = "oit-check.yaml"
OFFICIAL_FILE = "official-result.yaml"
STATE_FILE = ".oit-check-state.json"  # override evidence fingerprints, next to the agency file

# file key path -> (option dest, kind). Kinds: str, int, float, bool, not_bool (an "enabled" that
# is the opposite of a --no-… flag), path (relative to the agency file), list, formats, divisions, lang.
KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("site", "url"): ("url", "url"),
    ("site", "start_pages"): ("start_pages", "urls"),
    ("site", "extra_hosts"): ("extra_hosts", "list"),
    ("site", "include"): ("include", "patterns"),
    ("site", "exclude"): ("exclude", "patterns"),
    ("agency", "name"): ("agency_name", "str"),
    ("agency", "type"): ("agency_type", "str"),
    ("agency", "district"): ("agency_district", "str"),
    ("agency", "province"): ("agency_province", "str"),
    ("assessment", "profile"): ("profile", "str"),
    ("assessment", "fiscal_year"): ("fiscal_year", "int"),
    ("assessment", "fail_under"): ("fail_under", "float"),
    ("assessment", "baseline"): ("baseline", "path"),
    ("assessment", "official_result"): ("official", "path"),
    **{("crawl", k): (k, "bool" if isinstance(v, bool) else "float" if isinstance(v, float) else "int")
       for k, v in CRAWL_DEFAULTS.items()},
    ("ocr", "enabled"): ("ocr", "bool"),
    ("ocr", "max_pages"): ("ocr_max_pages", "int"),
    ("output", "out"): ("out", "path"),
    ("output", "formats"): ("format", "formats"),
    ("output", "thai_digits"): ("thai_digits", "bool"),
    ("output", "embed_font"): ("embed_font", "bool"),
    ("output", "lang"): ("lang", "lang"),
    ("output", "quiet"): ("quiet", "bool"),
    ("output", "no_progress"): ("no_progress", "bool"),
    ("history", "enabled"): ("no_history", "not_bool"),
    ("history", "db"): ("db", "str"),
    ("cache", "enabled"): ("no_cache", "not_bool"),
    ("cache", "dir"): ("cache_dir", "path"),
    ("demo", "port"): ("port", "int"),
}
# smallest and largest value of a number (the command line's own checks name the flag, not the file's line)
RANGES: dict[str, tuple[float, float]] = {"max_pages": (1, 1e9), "max_depth": (0, 1000), "max_bytes": (1, 1e12),
                                          "max_time": (1, 1e7), "concurrency": (1, 1000), "delay": (0, 3600),
                                          "ocr_max_pages": (0, 1e6), "fail_under": (0, 100), "port": (0, 65535),
                                          "fiscal_year": (2500, 2700)}
TOP_KEYS = ("divisions", "overrides")  # sections that are not one option each
SECTIONS = tuple(dict.fromkeys([s for s, _ in KEYS] + list(TOP_KEYS)))
OVERRIDE_KEYS = ("code", "verdict", "reason", "url", "by", "date")
OVERRIDE_VERDICTS = ("pass", "fail")


@dataclass
class AgencyFile:
    """An agency file read and checked: option values by dest, overrides, and where it is."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)  # option dest -> value from the file
    overrides: list[dict] = field(default_factory=list)  # {code, verdict, reason, url, by, date}

    @property
    def state_path(self) -> Path:
        """Where override evidence fingerprints are kept between scans (beside the agency file)."""
        return self.path.parent / STATE_FILE

    def agency_info(self) -> dict:
        """Type, district and province for the reports' location line (only those given)."""
        names = {"agency_type": "type", "agency_district": "district", "agency_province": "province"}
        return {key: self.values[dest] for dest, key in names.items() if self.values.get(dest)}


def find(given: str | None, cwd: Path | None = None) -> Path | None:
    """The agency file to read: ``--config FILE`` (must exist), else ``oit-check.yaml`` here, else None."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise UserError("agency.not_found", path=given)
        return path
    here = (cwd or Path.cwd()) / FILE_NAME
    return here if here.is_file() else None


def load(path: str | Path) -> AgencyFile:
    """Read and check an agency file; any problem is a UserError naming the file, line and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = safeyaml.loads(text)
        lines = safeyaml.key_lines(text)
    except OSError as exc:
        raise UserError("agency.unreadable", path=path, reason=exc.strerror or exc) from exc
    except UnicodeDecodeError as exc:
        raise UserError("agency.unreadable", path=path, reason="not UTF-8") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UserError("agency.bad_yaml", path=path, line=(mark.line + 1) if mark else "?",
                        reason=(getattr(exc, "problem", None) or str(exc)).splitlines()[0]) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UserError("agency.not_mapping", path=path)
    return _check(path, data, lines)


def _check(path: Path, data: dict, lines: dict[tuple, int]) -> AgencyFile:
    out = AgencyFile(path=path.resolve())

    def fail(key_path: tuple, key: str, **kw: object) -> UserError:
        line = lines.get(key_path) or lines.get(key_path[:-1]) or lines.get(key_path[:1]) or "?"
        return UserError(key, path=path, line=line, name=".".join(str(k) for k in key_path), **kw)

    for section, body in data.items():
        if section not in SECTIONS:
            raise fail((section,), "agency.unknown_key", known=", ".join(SECTIONS))
        if section == "overrides":
            out.overrides = _overrides(body, fail)
            continue
        if section == "divisions":
            out.values["divisions"] = _divisions(body, path, fail)
            continue
        if body is None:
            continue
        if not isinstance(body, dict):
            raise fail((section,), "agency.not_section")
        for key, value in body.items():
            if (section, key) not in KEYS:
                known = ", ".join(k for s, k in KEYS if s == section)
                raise fail((section, key), "agency.unknown_key", known=known)
            if value is None:  # "key:" left empty: the default stays
                continue
            dest, kind = KEYS[(section, key)]
            out.values[dest] = _value(kind, value, path, lambda msg, kp=(section, key): fail(kp, msg))
            low, high = RANGES.get(dest, (None, None))
            if low is not None and not low <= out.values[dest] <= high:
                msg = "agency.want_be_year" if dest == "fiscal_year" else "agency.out_of_range"
                raise fail((section, key), msg, low=_num(low), high=_num(high))
    return out


def _value(kind: str, value: Any, base: Path, fail) -> Any:
    """One value in the type its option takes (a bad one raises ``fail``'s UserError)."""
    if kind in ("bool", "not_bool"):
        if not isinstance(value, bool):
            raise fail("agency.want_bool")
        return (not value) if kind == "not_bool" else value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("agency.want_int")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail("agency.want_number")
        return float(value)
    if kind == "lang":
        if value not in ("th", "en"):
            raise fail("agency.want_lang")
        return value
    if kind == "formats":
        parts = value if isinstance(value, list) else str(value).split(",")
        parts = [str(x).strip().lower() for x in parts if str(x).strip()]
        if not parts or any(x != "all" and x not in FORMATS for x in parts):
            raise fail("agency.want_formats")
        return ",".join(parts)
    if kind in ("list", "urls", "patterns"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            raise fail("agency.want_list")
        items = [x.strip() for x in items]
        for x in items:
            if kind == "urls" and not _is_url(x):
                raise fail("agency.want_url")
            if kind == "patterns":
                try:
                    re.compile(x)
                except re.error as exc:
                    raise fail("agency.want_pattern") from exc
        return items
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        raise fail("agency.want_text")
    text = str(value).strip()
    if kind == "url" and not _is_url(text):
        raise fail("agency.want_url")
    if kind == "path":
        p = Path(text).expanduser()
        return str(p if p.is_absolute() else (base.resolve().parent / p))
    return text


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _is_url(text: str) -> bool:
    return bool(re.match(r"https?://[^\s/]+", text))


def _divisions(body: Any, base: Path, fail) -> str | dict:
    """Who is responsible: a file (like ``--divisions``) or owner key -> division written in place."""
    if isinstance(body, str) and body.strip():
        return _value("path", body, base, lambda msg: fail(("divisions",), msg))
    if isinstance(body, dict) and all(isinstance(v, str | dict) for v in body.values()):
        return {str(k): v for k, v in body.items()}
    raise fail(("divisions",), "agency.want_divisions")


def _overrides(body: Any, fail) -> list[dict]:
    """Items checked by hand: every key present and sensible (the evidence URL above all)."""
    if body is None:
        return []
    if not isinstance(body, list):
        raise fail(("overrides",), "agency.want_overrides")
    out: list[dict] = []
    for i, entry in enumerate(body):
        if not isinstance(entry, dict):
            raise fail(("overrides", i), "agency.want_overrides")
        for key in entry:
            if key not in OVERRIDE_KEYS:
                raise fail(("overrides", i, key), "agency.unknown_key", known=", ".join(OVERRIDE_KEYS))
        for key in OVERRIDE_KEYS:
            if entry.get(key) in (None, ""):
                raise fail(("overrides", i), "agency.override_missing", field=key)
        code = str(entry["code"]).strip().upper()
        if not re.fullmatch(r"O\d{1,2}", code):
            raise fail(("overrides", i, "code"), "agency.override_code")
        verdict = str(entry["verdict"]).strip().lower()
        if verdict not in OVERRIDE_VERDICTS:
            raise fail(("overrides", i, "verdict"), "agency.override_verdict")
        url = str(entry["url"]).strip()
        if not _is_url(url):
            raise fail(("overrides", i, "url"), "agency.want_url")
        date = _date(entry["date"])
        if date is None:
            raise fail(("overrides", i, "date"), "agency.override_date")
        if any(o["code"] == code for o in out):
            raise fail(("overrides", i, "code"), "agency.override_twice")
        out.append({"code": code, "verdict": verdict, "reason": str(entry["reason"]).strip(), "url": url,
                    "by": str(entry["by"]).strip(), "date": date})
    return out


def _date(value: Any) -> str | None:
    """A date as ISO text (YAML reads 2026-11-20 as a date; a string must be the same form)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        return None
