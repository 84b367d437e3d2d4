"""The editable library of standard measures (``rules/common/measures/``): indicators and OIT concepts.

The analysis, measures (O42) and O43 documents take every theme, question, finding and step from here, so a
working group can rewrite them without touching Python. ``indicators.yaml`` holds the ten ITA indicators
(IIT 1-5, EIT 6-8, OIT 9-10), the "under 85" threshold and the words of a pasted NACC summary;
``oit.yaml`` holds one entry per OIT concept (``rules/concepts.yaml``) and the publishing deadlines.
"""

from __future__ import annotations

import functools

from oit_checker import safeyaml
from oit_checker.paths import RULES_DIR

LIB_DIR = RULES_DIR / "common" / "measures"
INDICATORS = tuple(f"i{n}" for n in range(1, 11))


def pick(value: object, lang: str) -> str:
    """A {th, en} value in ``lang`` (Thai when the English is missing)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("th") or value.get("en") or "")
    return "" if value is None else str(value)


def pick_list(value: object, lang: str) -> list[str]:
    if isinstance(value, dict):
        value = value.get(lang) or value.get("th") or []
    return [str(x) for x in value or [] if str(x).strip()]


@functools.cache
def indicators() -> dict:
    """indicators.yaml as a dict (threshold, paste words, levels, tools, indicators)."""
    return safeyaml.bundled((LIB_DIR / "indicators.yaml").read_text(encoding="utf-8")) or {}


@functools.cache
def oit() -> dict:
    """oit.yaml as a dict (deadlines, concepts)."""
    return safeyaml.bundled((LIB_DIR / "oit.yaml").read_text(encoding="utf-8")) or {}


def threshold() -> float:
    return float(indicators().get("threshold", 85))


def threshold_text() -> str:
    """'85' (not '85.00'): the pass mark as the seeds write it."""
    value = threshold()
    return str(int(value)) if value.is_integer() else f"{value:g}"


def indicator(key: str) -> dict:
    return (indicators().get("indicators") or {}).get(key) or {}


def tool_of(key: str) -> str:
    """'iit', 'eit' or 'oit' for an indicator key such as 'i6'."""
    for tool, data in (indicators().get("tools") or {}).items():
        if key in (data.get("indicators") or []):
            return tool
    return ""


def concept(key: str | None) -> dict:
    return (oit().get("concepts") or {}).get(key or "") or {}


def deadline(kind: str, fiscal_year: int | None, lang: str) -> str:
    """The publishing deadline of a concept's kind for the measures' fiscal year (Buddhist era)."""
    text = pick((oit().get("deadlines") or {}).get(kind), lang)
    if not text or not fiscal_year:
        return text
    return text.format(y0=fiscal_year - 1, y1=fiscal_year, yp=fiscal_year - 1)
