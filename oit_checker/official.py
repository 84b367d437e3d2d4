"""The official ITA result an agency received from the NACC: a small YAML or CSV file, or the pasted summary.

It is the input of the analysis (seed 000) and of the measures (seed 004): the ten indicator scores, the
total and level, the assessors' suggestions for IIT/EIT/OIT and their findings per OIT item. The file is
the officer's, so every problem is one clear line (``UserError``, exit 2) naming what to fix.

YAML (the template ``oit-check init`` writes)::

    round: ita-2568
    fiscal_year: 2568
    agency: ...
    total: 87.45
    level: A
    indicators: {i1: 95.1, ..., i10: 88.0}
    suggestions: {iit: "...", eit: "...", oit: "..."}
    oit_findings: {O20: "ไม่ปรากฏปัญหา อุปสรรค ข้อเสนอแนะ"}

CSV: two columns ``key,value`` with the same keys (``suggestions.iit``, ``oit_findings.O20``).
Text: the NACC summary as copied from its page or PDF (indicator names followed by their scores).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from oit_checker import measure_library as lib
from oit_checker import safeyaml, thai
from oit_checker.errors import UserError

TOOLS = ("iit", "eit", "oit")
_NUM = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)(?![\d.])")
_CODE = re.compile(r"^[A-Za-z]{1,3}\d{1,3}$")


@dataclass
class Official:
    """One agency's official ITA result."""

    fiscal_year: int | None
    total: float | None
    level: str
    indicators: dict[str, float]
    round: str = ""
    agency: str = ""
    suggestions: dict[str, str] = field(default_factory=dict)
    oit_findings: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def below(self) -> list[str]:
        """Indicator keys under the threshold (85), weakest first: the ones that must improve."""
        limit = lib.threshold()
        return sorted((k for k, v in self.indicators.items() if v < limit), key=lambda k: self.indicators[k])

    def tool_score(self, tool: str) -> float | None:
        keys = (lib.indicators().get("tools") or {}).get(tool, {}).get("indicators") or []
        vals = [self.indicators[k] for k in keys if k in self.indicators]
        return round(sum(vals) / len(vals), 2) if vals else None


class NotFilled(UserError):
    """The official-result file is still the blank template ``oit-check init`` wrote: nothing to analyse yet."""


def load(path: str | Path) -> Official:
    """Read the official-result file (YAML, CSV or pasted text), or raise a UserError naming the problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError("official.unreadable", path=path, reason=exc.strerror or exc) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError("official.unreadable", path=path, reason="not UTF-8 text") from exc
    if not text.strip():
        raise UserError("official.empty", path=path)
    if path.suffix.lower() == ".csv":
        data = _from_csv(text, path)
    elif path.suffix.lower() in (".txt", ".text"):
        data = from_text(text)
    else:
        try:
            data = safeyaml.loads(text)
        except yaml.YAMLError as exc:
            data = None if _looks_pasted(text) else exc
            if isinstance(data, Exception):
                raise UserError("official.bad_yaml", path=path, reason=str(exc).splitlines()[0]) from exc
        if not isinstance(data, dict):
            data = from_text(text)
    if isinstance(data, dict) and _blank(data):
        raise NotFilled("official.not_filled", path=path)
    return _validate(data, path)


def _blank(data: dict) -> bool:
    """No score filled in at all (the template as written): not an error in the file, just not done yet."""
    inds = data.get("indicators")
    empty = (None, "")
    return data.get("total") in empty and (not isinstance(inds, dict) or all(v in empty for v in inds.values()))


def _looks_pasted(text: str) -> bool:
    return bool(_indicator_lines(text))


def _from_csv(text: str, path: Path) -> dict:
    data: dict = {}
    for row in csv.reader(io.StringIO(text)):
        if not row or not row[0].strip() or row[0].strip().lower() in ("key", "field"):
            continue
        if len(row) < 2:
            raise UserError("official.bad_csv", path=path, row=",".join(row))
        key, value = row[0].strip(), row[1].strip()
        head, _, sub = key.partition(".")
        if head in ("indicators", "suggestions", "oit_findings") and sub:
            data.setdefault(head, {})[sub] = value
        elif re.fullmatch(r"i\d{1,2}", key):
            data.setdefault("indicators", {})[key] = value
        else:
            data[key] = value
    return data


def _names() -> list[tuple[str, str]]:
    """(normalised name, indicator key), longest first, so 'การปรับปรุงระบบการทำงาน' wins over a shorter name."""
    out = []
    for key, ind in (lib.indicators().get("indicators") or {}).items():
        for name in [lib.pick(ind.get("name"), "th"), *(ind.get("aliases") or [])]:
            if name:
                out.append((thai.normalize(name), key))
    return sorted(out, key=lambda x: -len(x[0]))


def _indicator_lines(text: str) -> dict[str, float]:
    """Indicator scores from pasted lines: 'name score', or the name on one line and the score on the next."""
    lines = [thai.normalize(x) for x in text.splitlines()]
    found: dict[str, float] = {}
    names = _names()
    for i, line in enumerate(lines):
        body = re.sub(r"^\s*\d{1,2}\s*[.)]\s*", "", line)
        hit = next(((n, k) for n, k in names if body.startswith(n)), None)
        if not hit or hit[1] in found:
            continue
        rest = body[len(hit[0]):]
        nums = _NUM.findall(rest)
        if not nums and i + 1 < len(lines) and re.fullmatch(r"\s*\d{1,3}(?:\.\d+)?\s*", lines[i + 1]):
            nums = [lines[i + 1].strip()]
        if nums:
            found[hit[1]] = float(nums[0])
    return found


def from_text(text: str) -> dict:
    """The fields of the official result found in the NACC summary text an officer pasted."""
    words = lib.indicators().get("paste") or {}
    norm = thai.normalize(text)
    data: dict = {"indicators": _indicator_lines(text)}
    for line in norm.splitlines():
        if "total" not in data and any(w in line for w in words.get("total", [])):
            nums = [n for n in _NUM.findall(line) if "." in n]
            if nums:
                data["total"] = nums[0]
        if "level" not in data:
            for w in words.get("level", []):
                m = re.search(re.escape(w) + r"\s*:?\s*(AA|A|B|C|D|E|F)\b", line)
                if m:
                    data["level"] = m.group(1)
                    break
    for w in words.get("fiscal_year", []):
        m = re.search(re.escape(w) + r"\s*(25\d\d)", norm)
        if m:
            data["fiscal_year"] = m.group(1)
            break
    data["suggestions"] = _suggestions(norm, words.get("suggestions", []))
    return data


def _suggestions(norm: str, heads: list[str]) -> dict[str, str]:
    """The paragraphs under 'ข้อเสนอแนะ ... (IIT)' / (EIT) / (OIT), up to the next such heading."""
    out: dict[str, str] = {}
    current = None
    for line in norm.splitlines():
        tool = next((t for t in TOOLS if f"({t.upper()})" in line), None)
        if tool and any(h in line for h in heads):
            current = tool
            out[tool] = ""
            continue
        if current and line.strip():
            out[current] = (out[current] + "\n" + line.strip()).strip()
    return out


def _score(value: object, what: str, path: Path) -> float:
    try:
        number = float(str(value).strip().replace(",", ""))
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number <= 100:
        raise UserError("official.bad_score", path=path, field=what, value=value)
    return round(number, 2)


def _validate(data: dict, path: Path) -> Official:
    inds = data.get("indicators") or {}
    if not isinstance(inds, dict):
        raise UserError("official.bad_indicators", path=path)
    unknown = [str(k) for k in inds if str(k) not in lib.INDICATORS]
    if unknown:
        raise UserError("official.unknown_indicator", path=path, keys=", ".join(unknown))
    missing = [k for k in lib.INDICATORS if k not in inds or inds[k] in (None, "")]
    if missing:
        names = ", ".join(f"{k} {lib.pick(lib.indicator(k).get('name'), 'th')}" for k in missing)
        raise UserError("official.missing_indicators", path=path, names=names)
    scores = {k: _score(inds[k], k, path) for k in lib.INDICATORS}
    total = _score(data["total"], "total", path) if data.get("total") not in (None, "") else None
    level = str(data.get("level") or "").strip().upper()
    if level and level not in (lib.indicators().get("levels") or []):
        raise UserError("official.bad_level", path=path, value=level,
                        known=", ".join(lib.indicators().get("levels") or []))
    fy = data.get("fiscal_year")
    if fy not in (None, ""):
        if not re.fullmatch(r"25\d\d", str(fy).strip()):
            raise UserError("official.bad_year", path=path, value=fy)
        fy = int(str(fy).strip())
    else:
        fy = None
    sugg = data.get("suggestions") or {}
    if not isinstance(sugg, dict) or any(str(k).lower() not in TOOLS for k in sugg):
        raise UserError("official.bad_suggestions", path=path)
    findings = data.get("oit_findings") or {}
    if not isinstance(findings, dict) or any(not _CODE.fullmatch(str(k)) for k in findings):
        raise UserError("official.bad_findings", path=path)
    return Official(fiscal_year=fy, total=total, level=level, indicators=scores, round=str(data.get("round") or ""),
                    agency=str(data.get("agency") or ""),
                    suggestions={str(k).lower(): str(v).strip() for k, v in sugg.items() if v},
                    oit_findings={str(k).upper(): str(v).strip() for k, v in findings.items() if v},
                    source=str(path))
