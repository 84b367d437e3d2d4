"""The cross-year concept map (``rules/concepts.yaml``): one thing assessors look for, under each round's code.

Codes mean different things each round (O12 is the annual results report in ITA 2565, the procurement list in
2568, the annual procurement summary in 2569). History, ``diff`` and the batch overview compare a site across
rounds by concept, and the reports tell an officer which code an item had in another round.
"""

from __future__ import annotations

import functools

from oit_checker import safeyaml
from oit_checker.paths import RULES_DIR

CONCEPTS_FILE = RULES_DIR / "concepts.yaml"


@functools.cache
def load() -> dict[str, dict]:
    """``{concept: {"name": {th, en}, "codes": {profile: [codes]}}}`` (a single code becomes a list)."""
    data = safeyaml.bundled(CONCEPTS_FILE.read_text(encoding="utf-8")) or {}
    out: dict[str, dict] = {}
    for key, c in (data.get("concepts") or {}).items():
        codes = {str(p): ([str(x) for x in v] if isinstance(v, list) else [str(v)])
                 for p, v in (c.get("codes") or {}).items()}
        out[str(key)] = {"name": c.get("name") or {}, "codes": codes}
    return out


def codes(concept: str, profile: str) -> list[str]:
    """The codes of ``concept`` in ``profile`` (empty when that round has no such item)."""
    return list((load().get(concept) or {}).get("codes", {}).get(profile, []))


def concepts_of(profile: str, code: str) -> list[str]:
    """Every concept whose item in ``profile`` is ``code`` (several when the round merged them)."""
    return [k for k, c in load().items() if code in c["codes"].get(profile, [])]


def concept_of(profile: str, code: str, preferred: str | None = None) -> str | None:
    """The one concept an item stands for: ``preferred`` (the rule's own ``concept:``) when the map lists
    the code under it, else the first concept listing the code."""
    found = concepts_of(profile, code)
    if preferred and preferred in found:
        return preferred
    return found[0] if found else None


def name(concept: str, lang: str = "th") -> str:
    n = (load().get(concept) or {}).get("name") or {}
    return n.get(lang) or n.get("th") or concept


def counterparts(profile: str, code: str, other: str, preferred: str | None = None) -> list[str]:
    """The codes in round ``other`` of the concept that ``code`` stands for in ``profile``."""
    key = concept_of(profile, code, preferred)
    return codes(key, other) if key else []
