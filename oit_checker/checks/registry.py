"""The one list of check kinds: a rule's ``kind`` leads here, and so do the schema and the docs.

Adding a check kind is one module in this package that declares ``KIND`` (see
:class:`~oit_checker.checks.base.CheckKind`), one line below, and its fixtures; then
``python -m oit_checker.checks.gen --write`` refreshes rule.schema.json and docs/rules.md.
"""

from __future__ import annotations

from oit_checker.checks import channel, coverage, elements, months, on_site, period, phrases, top_executive
from oit_checker.checks.base import CheckKind, Outcome, Scope, one_per_finding

KINDS: dict[str, CheckKind] = {k.name: k for k in (
    phrases.KIND,
    period.KIND,
    coverage.KIND,
    months.KIND,
    elements.KIND,
    channel.KIND,
    on_site.KIND,
    top_executive.KIND,
)}


def get(name: str) -> CheckKind | None:
    return KINDS.get(name)


def of_scope(cfgs: list[dict], scope: Scope) -> list[dict]:
    """The check configs of a rule whose kind judges ``scope``, in rule order."""
    return [c for c in cfgs if c["kind"] in KINDS and KINDS[c["kind"]].scope == scope]


def by_finding(kind: str) -> CheckKind | None:
    """The check kind that emits findings of ``kind`` (the first one listed)."""
    return next((k for k in KINDS.values() if kind in k.findings), None)


def distance(out: Outcome) -> int:
    """How far a failing document is from passing: the parts (phrases, elements, months…) it lacks."""
    total = 0
    for f in out.findings:
        kind = by_finding(f.get("kind", ""))
        total += (kind.distance if kind else one_per_finding)(f)
    return total


def hidden_text(finding: dict) -> bool:
    """A finding a picture or a scanned page could explain (the text is there, but not as text)."""
    kind = by_finding(finding.get("kind", ""))
    return bool(kind and kind.hidden_text)


def pictures_are_content(cfgs: list[dict]) -> bool:
    """A check of the rule counts a page's own pictures as an element (a photo of each executive)."""
    return any(k.pictures(c) for c in cfgs if (k := KINDS.get(c.get("kind"))) and k.pictures)
