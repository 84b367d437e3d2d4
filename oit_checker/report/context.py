"""What every report needs from a result dict: labels, order, finding text, periods, owners.

The report writers (HTML, answer sheet, measures, findings) share this so that an item
reads the same in every file. Labels come from YAML (``divisions.yaml``,
``locale/report.yaml``; finding words from the checker's ``locale/findings.yaml``), never from Python.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from oit_checker import safeyaml, thai
from oit_checker.checks import messages
from oit_checker.checks.findings import FindingKind
from oit_checker.errors import UserError
from oit_checker.i18n import t

HERE = Path(__file__).resolve().parent
VERDICT_ORDER = {"fail": 0, "unreadable": 1, "pass": 2}


@dataclass
class Settings:
    """Choices an agency makes about its reports (CLI: ``oit-check report --help``)."""

    agency_name: str | None = None  # overrides result["agency"]["name"]
    divisions: str | Path | dict | None = None  # user YAML (or the agency file's lines) merged over divisions.yaml
    thai_digits: bool = False  # Thai digits in the measures report (DOCX/XLSX)
    embed_font: bool = True  # embed Sarabun in report.html so it looks the same offline
    extra: dict = field(default_factory=dict)
    official: Any = None  # oit_checker.official.Official: the NACC result behind analysis, measures and O43
    baseline: dict | None = None  # the earlier result.json the measures were set from (O43: what was fixed since)
    history: list = field(default_factory=list)  # stored results since then, oldest first (O43: fixed when)


def code_key(code: str) -> tuple:
    """O2 before O10; non-numeric codes sort after, by text."""
    m = re.match(r"([A-Za-z]*)(\d+)(.*)", code or "")
    if not m:
        return ("~", 0, code or "")
    return (m.group(1), int(m.group(2)), m.group(3))


def group_key(code: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 0 for x in str(code).split("."))


def is_web_url(url: object) -> bool:
    """Only http(s) addresses become links; javascript:, data:, file: stay text."""
    if not isinstance(url, str) or not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def fmt_score(value: object) -> str:
    if isinstance(value, (int, float)):
        return f"{value:.2f}"
    return "–"



def _pick(value: object, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("th") or value.get("en") or "")
    return "" if value is None else str(value)


@functools.cache
def _default_divisions() -> dict:
    return yaml.safe_load((HERE / "divisions.yaml").read_text(encoding="utf-8")) or {}


def load_divisions(user_file: str | Path | dict | None = None) -> dict:
    """divisions.yaml, with the agency's own file (or the agency file's ``divisions:`` lines) laid over it."""
    merged = dict(_default_divisions())
    if isinstance(user_file, dict):
        merged.update({str(k): v for k, v in user_file.items()})
    elif user_file:
        path = Path(user_file)
        try:
            data = safeyaml.load(path)  # the agency's own file: bounded (size, aliases)
        except OSError as exc:
            raise UserError("report.bad_divisions", path=path, reason=exc.strerror or exc) from exc
        except yaml.YAMLError as exc:
            raise UserError("report.bad_divisions", path=path, reason=str(exc).splitlines()[0]) from exc
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise UserError("report.bad_divisions", path=path, reason="not a key: value list")
        merged.update({str(k): v for k, v in data.items()})
    return merged


class Report:
    """A result dict seen through the report language and the agency's settings."""

    def __init__(self, result: dict, lang: str = "th", settings: Settings | None = None) -> None:
        self.result = result
        self.lang = lang if lang in ("th", "en") else "th"
        self.settings = settings or Settings()
        self.divisions = load_divisions(self.settings.divisions)
        self.profile = result.get("profile") or {}
        self.scores = result.get("scores") or {}
        self.items = sorted(result.get("items") or [], key=lambda it: code_key(it.get("code", "")))

    # ---------------------------------------------------------------- words
    def t(self, key: str, **kw: object) -> str:
        return t(key, lang=self.lang, **kw)

    def digits(self, text: str) -> str:
        """Thai digits when the agency asked for them (measures report only)."""
        return thai.thai_digits(text) if self.settings.thai_digits else text

    @property
    def agency(self) -> str:
        name = self.settings.agency_name or (self.result.get("agency") or {}).get("name") \
            or getattr(self.settings.official, "agency", None)
        return name or self.t("report.unknown_agency")

    @property
    def fiscal_year(self) -> int | None:
        fy = self.profile.get("fiscal_year")
        return int(fy) if isinstance(fy, (int, str)) and str(fy).isdigit() else None

    @property
    def next_fiscal_year(self) -> int | None:
        return self.fiscal_year + 1 if self.fiscal_year else None

    def period(self, fiscal_year: int | None = None) -> str:
        """'1 ตุลาคม 2565 – 30 กันยายน 2566' for fiscal year 2566 (the year after the check)."""
        fy = fiscal_year or self.next_fiscal_year
        if not fy:
            return ""
        text = self.t("report.period", start=fy - 1, end=fy, start_ce=fy - 1 - 543, end_ce=fy - 543)
        return self.digits(text)

    def date(self) -> str:
        """The check date, e.g. '5 เมษายน 2565' (Buddhist era in Thai)."""
        raw = self.result.get("generated_at") or ""
        try:
            d = _dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            return str(raw)
        if self.lang == "th":
            return f"{d.day} {thai.month_name(d.month)} {d.year + 543}"
        return f"{d.day} {thai.month_name(d.month, 'en')} {d.year}"

    def verdict_label(self, verdict: str) -> str:
        return self.t(f"report.verdict.{verdict}") if verdict in VERDICT_ORDER else str(verdict)

    def answer_word(self, item: dict) -> str:
        """มี / ไม่มี for the answer sheet; items the program could not read are marked for a human."""
        ans = item.get("answer") or {}
        disclosed = ans.get("disclosed")
        if not isinstance(disclosed, bool):
            disclosed = {"pass": True, "fail": False}.get(item.get("verdict"))
        if disclosed is None:
            return self.t("report.answers.check")
        word = self.t("report.answers.yes" if disclosed else "report.answers.no")
        if item.get("verdict") == "unreadable":
            return self.t("report.answers.word_check", word=word)
        return word

    # ---------------------------------------------------------------- groups
    def indicator_name(self, code: str) -> str:
        return _pick((self.profile.get("indicator_names") or {}).get(str(code)), self.lang)

    def group_name(self, code: str) -> str:
        return _pick((self.profile.get("subindicator_names") or {}).get(str(code)), self.lang)

    def groups(self) -> list[dict]:
        """Sub-indicators in order, with name, score and their items."""
        subs = (self.scores.get("subindicators") or {})
        codes = sorted({str(it.get("group")) for it in self.items if it.get("group")} | set(map(str, subs)),
                       key=group_key)
        out = []
        for code in codes:
            items = [it for it in self.items if str(it.get("group")) == code]
            out.append({"code": code, "name": self.group_name(code), "score": subs.get(code),
                        "items": items, "indicator": code.split(".")[0]})
        loose = [it for it in self.items if not it.get("group")]
        if loose:  # items the result did not place in a sub-indicator still get reported
            out.append({"code": "", "name": "", "score": None, "items": loose, "indicator": ""})
        return out

    def counts(self) -> dict:
        c = {"pass": 0, "fail": 0, "unreadable": 0}
        for it in self.items:
            c[it.get("verdict")] = c.get(it.get("verdict"), 0) + 1
        return c

    def ordered_items(self) -> list[dict]:
        """Failing items first, then the ones that could not be checked, then passes."""
        return sorted(self.items, key=lambda it: (VERDICT_ORDER.get(it.get("verdict"), 3), code_key(it.get("code"))))

    def gap_items(self) -> list[dict]:
        return [it for it in self.items if it.get("verdict") in ("fail", "unreadable")]

    # ---------------------------------------------------------------- findings
    def finding_text(self, finding: dict) -> str:
        """The finding in plain words: the checker's message when it speaks our language, else the
        same catalogue entry (locale/findings.yaml) filled from the finding's fields by its kind."""
        msg = (finding.get("message") or "").strip()
        if msg and (self.result.get("lang") or "th") == self.lang:
            return msg
        if msg and finding.get("kind") not in set(FindingKind):
            return msg  # a kind this version does not know: its own words beat "does not meet"
        return messages.reword(finding, self.lang)

    def item_findings(self, item: dict) -> list[str]:
        texts = [self.finding_text(f) for f in item.get("findings") or []]
        if not texts and item.get("verdict") == "unreadable":
            texts = [messages.reword({"kind": FindingKind.UNREADABLE}, self.lang)]
        if not texts and item.get("verdict") == "fail":
            texts = [messages.reword({"kind": FindingKind.NOT_FOUND}, self.lang)]
        return texts

    # ---------------------------------------------------------------- measures
    def owner(self, item: dict) -> str:
        key = ((item.get("measure") or {}).get("owner") or "").strip()
        if key and key in self.divisions:
            return _pick(self.divisions[key], self.lang)
        if key and not re.fullmatch(r"[A-Za-z0-9_.-]+", key):
            return key  # a division named directly in the rule file
        return _pick(self.divisions.get("default"), self.lang) or key

    def measure(self, item: dict) -> dict:
        """issue / guideline / steps for the measures table, with fallbacks to advice."""
        m = item.get("measure") or {}
        name = item.get("name") or item.get("code") or ""
        guideline = _pick(m.get("guideline"), self.lang) or (item.get("advice") or "").strip() \
            or self.t("report.measures.default_guideline", name=name)
        steps = m.get("steps")
        if isinstance(steps, dict):
            steps = steps.get(self.lang) or steps.get("th") or []
        if isinstance(steps, str):
            steps = [steps]
        steps = [str(s) for s in steps or [] if str(s).strip()]
        if not steps:
            steps = [self.t(f"report.measures.default_step{i}") for i in (1, 2, 3)]
        return {"issue": _pick(m.get("issue"), self.lang) or name, "guideline": guideline, "steps": steps}
