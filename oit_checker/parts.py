"""An item met by several documents of its own: a rule's ``parts:``.

The 2568/2569 rounds merged pairs of 2565 items into one (the annual plan and its progress;
the HR rules and the HR plan of the year), and agencies publish the two halves as two files
under one menu entry. A rule may name each half as a *part* with its own document checks;
the item passes when every part is met by some candidate that may pass the item. One
document meeting the rule's own ``checks`` still passes as before (``verdict.decide``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from oit_checker.checks import registry
from oit_checker.checks.base import Context, Outcome, Scope, evidence
from oit_checker.checks.findings import text_of
from oit_checker.i18n import t
from oit_checker.locate import Candidate


@dataclass
class Part:
    """One part of an item: the candidate that meets it, or the one closest to meeting it."""

    label: dict
    met: tuple[Candidate, Outcome] | None = None
    closest: tuple[Candidate, Outcome] | None = None


def of(rule) -> list[dict]:
    """The rule's parts (empty for a one-document rule)."""
    return list((getattr(rule, "raw", None) or {}).get("parts") or [])


def _run(cfgs: list[dict], cand: Candidate, ctx: Context) -> Outcome:
    out = Outcome(True)
    for cfg in registry.of_scope(cfgs, Scope.DOCUMENT):
        res = registry.KINDS[cfg["kind"]].check(cfg, cand.view, ctx)
        out.ok = out.ok and res.ok
        out.findings += res.findings
        out.evidence += res.evidence
    return out


def judge(rule, cands: list[Candidate], ctx: Context, may_pass: Callable[[Candidate], bool],
          wrapper: Callable[[Candidate], bool] = lambda c: False) -> list[Part]:
    """Each part of the rule judged on every candidate: which one meets it, else which comes closest.

    Of the documents meeting a part, the one meeting fewest other parts speaks for it (the HR rules
    for the rules, the year's plan for the plan), and a short page presenting an attachment
    (``wrapper``) only when nothing else does. A document that meets another part is the last
    choice for a part it does not meet: it is that part's document, not this one's."""
    out, tried = [], []
    for spec in of(rule):
        results = [(c, _run(spec.get("checks") or [], c, ctx)) for c in cands]
        out.append(Part(label=spec.get("label") or {}))
        tried.append(results)
    meets: dict[int, int] = {}
    for results in tried:
        for c, r in results:
            if r.ok and may_pass(c):
                meets[id(c)] = meets.get(id(c), 0) + 1
    for part, results in zip(out, tried, strict=True):
        met = [(i, c, r) for i, (c, r) in enumerate(results) if r.ok and may_pass(c)]
        if met:
            _, c, r = min(met, key=lambda icr: (wrapper(icr[1]), meets[id(icr[1])], icr[0]))
            part.met = (c, r)
    used = {id(p.met[0]) for p in out if p.met}
    for part, results in zip(out, tried, strict=True):
        if not part.met and results:
            part.closest = max(results, key=lambda cr: (cr[0].eligible, id(cr[0]) not in used, -len(cr[1].findings),
                                                        -registry.distance(cr[1]), cr[0].score))
    return out


def all_met(parts: list[Part]) -> bool:
    return bool(parts) and all(p.met for p in parts)


def some_met(parts: list[Part]) -> bool:
    return any(p.met for p in parts)


def _tag(items: list[dict], label: dict, lang: str) -> list[dict]:
    for it in items:
        it["part"] = dict(label)
    return items


def joined(parts: list[Part], lang: str) -> tuple[Candidate, Outcome]:
    """The pass of an item met part by part: the first part's document speaks for it, and the
    evidence lists each part's document (URL, page, matched text) under the part's name."""
    evs: list[dict] = []
    for p in parts:
        c, r = p.met
        evs += _tag([dict(e) for e in (r.evidence or [evidence(c.view)])], p.label, lang)
    return parts[0].met[0], Outcome(True, [], evs)


def missing(parts: list[Part], lang: str) -> tuple[list[dict], list[dict]]:
    """Findings naming each part no document meets (the closest document's findings for it, each
    message prefixed by the part's name) and the evidence of the parts that are met."""
    findings: list[dict] = []
    evs: list[dict] = []
    for p in parts:
        if p.met:
            c, r = p.met
            evs += _tag([dict(e) for e in (r.evidence or [evidence(c.view)])], p.label, lang)
            continue
        fs = [dict(f) for f in (p.closest[1].findings if p.closest else [])]
        for f in _tag(fs, p.label, lang):
            f["message"] = prefixed(f.get("message") or "", f["part"], lang)
        findings += fs
    return findings, evs


def prefixed(message: str, label: dict, lang: str) -> str:
    """A finding's message with the name of the part it is about ("แผนการบริหาร…: ไม่ระบุปี พ.ศ.")."""
    return t("check.part", lang, part=text_of(label, lang), message=message)
