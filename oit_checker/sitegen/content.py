"""The item content library: load the YAML, fill in placeholders, apply planted gaps.

Strings in ``oit_checker/demo/data/*.yaml`` may contain ``{name}`` placeholders:
agency fields (``{agency}``, ``{mayor}``, ``{address}``…), the item's period year
``{y}`` with arithmetic (``{y-1}``, ``{y+3}``), its two-digit form ``{yy}``, ``{cur}``,
``{prev}``, ``{y:th}`` (Thai digits), ``{label}`` (the wording chosen for the item) and, in month documents,
``{month}``, ``{month_abbr}``, ``{myear}``, ``{myy}``, ``{mm}``.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import yaml

from oit_checker.thai import thai_digits

DATA_DIR = Path(__file__).resolve().parent.parent / "demo" / "data"
ROUNDS_FILE = Path(__file__).resolve().parent / "rounds.yaml"
TITLES_FILE = Path(__file__).resolve().parent / "titles.yaml"
OTHER_DOCUMENTS_FILE = Path(__file__).resolve().parent / "other_documents.yaml"
PROFILE = "ita-2565"  # the round a Spec is built for unless it names another
FISCAL_YEAR = 2565
CODES = [f"O{i}" for i in range(1, 44)]  # the ITA 2565 content units (one per 2565 item)

MONTHS_TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
             "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]

_PH_RE = re.compile(r"\{([a-z_]+)([+-]\d+)?(:th)?\}")  # {y-1:th}: the value in Thai digits


@functools.cache
def library() -> dict:
    """{"site": site.yaml, "items": {code: item}} from the package data."""
    items: dict = {}
    for f in sorted(DATA_DIR.glob("items_*.yaml")):
        items.update(yaml.safe_load(f.read_text(encoding="utf-8")))
    site = yaml.safe_load((DATA_DIR / "site.yaml").read_text(encoding="utf-8"))
    missing = [c for c in CODES if c not in items]
    if missing:
        raise ValueError(f"item library lacks {missing}")
    return {"site": site, "items": items}


@functools.cache
def rounds() -> dict:
    """``rounds.yaml``: per round its fiscal year, hub groups and items (name, period, content units)."""
    return yaml.safe_load(ROUNDS_FILE.read_text(encoding="utf-8"))


def round_names() -> list[str]:
    return list(rounds()["profiles"])


def round_of(profile: str) -> dict:
    """One round's data; a clear error for a round the generator cannot build."""
    try:
        return rounds()["profiles"][profile]
    except KeyError:
        raise ValueError(f"no site content for profile {profile!r}; choose from {', '.join(round_names())}") from None


def unit_concept(unit: str) -> str:
    return rounds()["units"][unit]


_YEAR_RE = re.compile(r"25[4-7]\d")


@functools.cache
def real_titles() -> dict[str, list[str]]:
    """Real titles per concept (``titles.yaml``), without those naming a year (they would plant a wrong period)."""
    data = yaml.safe_load(TITLES_FILE.read_text(encoding="utf-8")) or {}
    return {c: [t for t in (v or []) if not _YEAR_RE.search(str(t))] for c, v in data.items()}


@functools.cache
def title_concepts() -> dict[str, frozenset[str]]:
    """The concepts each real title is listed under (titles.yaml): a few real titles name two items at once."""
    out: dict[str, set[str]] = {}
    for concept, titles in real_titles().items():
        for t in titles:
            out.setdefault(t, set()).add(concept)
    return {t: frozenset(cs) for t, cs in out.items()}


def names_missing(title: str, concept: str, missing: set[str]) -> bool:
    """A real title listed under another concept too, one whose item the site plants as not found
    ("คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์" is a work manual's and the complaint manual's): a page
    under it presents the missing item as well, and its "not found" truth would be too sure."""
    return bool((title_concepts().get(title, frozenset()) - {concept}) & missing)


@functools.cache
def other_documents() -> dict[str, list[str]]:
    """Real titles per concept that name another document than the item's (``other_documents.yaml``)."""
    return yaml.safe_load(OTHER_DOCUMENTS_FILE.read_text(encoding="utf-8")) or {}


def unit_labels(unit: str) -> list[str]:
    """The wordings a generated site may use for a unit: real titles of its concept, else the library's."""
    real = real_titles().get(unit_concept(unit)) or []
    return list(real) or list(library()["items"][unit]["labels"])


def period_year(period: str, fiscal_year: int = FISCAL_YEAR) -> int:
    """The year an item's documents must be about: PREV items report on the year before."""
    return fiscal_year - 1 if period == "PREV" else fiscal_year


def h1_months(fiscal_year: int = FISCAL_YEAR) -> list[tuple[int, int]]:
    """(BE year, month) for ต.ค.–มี.ค. of the fiscal year."""
    return [(fiscal_year - 1, m) for m in (10, 11, 12)] + [(fiscal_year, m) for m in (1, 2, 3)]


def fill(value, ctx: dict):
    """Replace placeholders in a string, list or dict (recursively); unknown names stay."""
    if isinstance(value, str):
        def rep(m: re.Match) -> str:
            name, off = m.group(1), m.group(2)
            if name not in ctx:
                return m.group(0)
            v = ctx[name]
            out = str(int(v) + int(off)) if off else str(v)
            return thai_digits(out) if m.group(3) else out
        return _PH_RE.sub(rep, value)
    if isinstance(value, list):
        return [fill(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ctx) for k, v in value.items()}
    return value


def keep_block(block: dict, gap_kind: str | None) -> bool:
    """Blocks tagged ``gap: K`` vanish when gap K is planted; ``gap_only: K`` ones appear only then."""
    if "gap" in block and block["gap"] == gap_kind:
        return False
    if "gap_only" in block and block["gap_only"] != gap_kind:
        return False
    return True


def strip_tags(block: dict) -> dict:
    return {k: v for k, v in block.items() if k not in ("gap", "gap_only")}


def item_docs(code: str, gap: dict | None) -> list[dict]:
    """The item's document specs after gap filtering (deep copies, placeholders not yet filled)."""
    item = library()["items"][code]
    kind = gap["kind"] if gap else None
    docs = []
    for d in item["docs"]:
        if not keep_block(d, kind):
            continue
        d = copy.deepcopy(d)
        d["blocks"] = [strip_tags(b) for b in d["blocks"] if keep_block(b, kind)]
        docs.append(d)
    return docs


def month_ctx(year_be: int, month: int) -> dict:
    return {"month": MONTHS_TH[month - 1], "month_abbr": MONTHS_ABBR[month - 1], "myear": year_be,
            "myy": year_be - 2500, "mm": f"{month:02d}"}


def gap_eligible(code: str, kind: str) -> bool:
    """Whether the library can plant gap ``kind`` in item ``code``."""
    item = library()["items"][code]
    docs = item["docs"]
    tags = {b.get("gap") for d in docs for b in d["blocks"]} | {b.get("gap_only") for d in docs for b in d["blocks"]}
    if kind in ("missing_phrases", "missing_elements", "not_online_service"):
        return kind in tags or (kind == "missing_elements" and code == "O2")
    if kind == "missing_months":
        return any(d.get("each_month") for d in docs)
    if kind == "wrong_period":
        return (item["period"] in ("PREV", "CUR") and item.get("shift_ok", True)
                and all("{y" in d["title"] for d in docs if d["format"] != "html" or len(docs) == 1))
    if kind == "unreadable":
        files = [d for d in docs if d["format"] != "html" and not d.get("gap_only")]
        return len(files) == 1 and files[0]["format"] == "pdf" and not files[0].get("each_month")
    if kind == "broken_link":
        return any(d["format"] != "html" for d in docs if not d.get("gap_only"))
    return kind == "not_found"
