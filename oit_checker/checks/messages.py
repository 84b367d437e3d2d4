"""A finding's words read back from its fields, for a report in another language than the check's.

The wording is the checker's own (``locale/findings.yaml``); each check kind fills its
placeholders (``CheckKind.reword``); the judge's own kinds are filled here.
"""

from __future__ import annotations

from oit_checker.checks import registry
from oit_checker.checks.findings import OTHER_KEY, FindingKind, message_key, text_of
from oit_checker.i18n import catalog, t


def _unreadable(f: dict, lang: str) -> str:
    reason = f.get("reason") or "other"
    kw = {}
    if f.get("ocr_cutoff") is not None:  # OCR text below the cut-off: the figures the message names
        kw = {"conf": f"{float(f.get('ocr_confidence') or 0):.0f}", "cutoff": f"{float(f['ocr_cutoff']):g}"}
    reason_text = t(f"check.reason.{reason}", lang, **kw)
    if reason_text == f"check.reason.{reason}":
        reason_text = t("check.reason.other", lang)
    return t(message_key(FindingKind.UNREADABLE), lang, reason_text=reason_text)


def _not_found(f: dict, lang: str) -> str:
    """Not found, or the item's heading with nothing under it (``reason: heading_only``: the page is cited)."""
    if f.get("reason") in ("heading_only", "heading_unrelated"):
        return t(f"finding.{f['reason']}", lang, heading=str(f.get("heading") or ""),
                 url=str((f.get("evidence") or {}).get("url") or ""))
    return t(message_key(FindingKind.NOT_FOUND), lang)


JUDGE_KINDS = {FindingKind.UNREADABLE: _unreadable, FindingKind.NOT_FOUND: _not_found}


def reword(finding: dict, lang: str) -> str:
    """The finding's message in ``lang`` (with the low-confidence note when the finding rests on an element
    or period the criteria are not sure of); a kind this version does not know says so with its name."""
    text = _reword(finding, lang)
    if isinstance(finding.get("part"), dict):  # one part of a merged item (a rule's ``parts:``)
        text = t("check.part", lang, part=text_of(finding["part"], lang), message=text)
    aspect = finding.get("low_confidence")
    if aspect in ("elements", "period"):
        text = f"{text} ({t(f'check.low_confidence.{aspect}', lang)})"
    return text


def _reword(finding: dict, lang: str) -> str:
    kind = str(finding.get("kind") or "")
    if kind in JUDGE_KINDS:
        return JUDGE_KINDS[kind](finding, lang)
    if finding.get("reason") and message_key(finding["reason"]) in catalog():
        # a variant worded from the finding's own fields (empty_board, top_executive_*)
        return t(message_key(finding["reason"]), lang, **{k: str(v) for k, v in finding.items()
                                                          if isinstance(v, (str, int)) and k != "message"})
    check_kind = registry.by_finding(kind)
    if check_kind and check_kind.reword:
        return check_kind.reword(finding, lang)
    if kind in JUDGE_KINDS:
        return JUDGE_KINDS[kind](finding, lang)
    if kind and message_key(kind) in catalog():
        return t(message_key(kind), lang)
    return t(OTHER_KEY, lang, kind=kind)


# What a finding rests on: the item's required elements or its period (the rule's ``confidence:`` keys).
RESTS_ON = {FindingKind.MISSING_PHRASES: "elements", FindingKind.MISSING_ELEMENTS: "elements",
            FindingKind.WRONG_PERIOD: "period", FindingKind.MISSING_MONTHS: "period"}


def mark_low_confidence(findings: list[dict], confidence: dict, lang: str) -> None:
    """A finding resting on an element or period the criteria are not sure of (``L``) says so."""
    for f in findings or []:
        aspect = RESTS_ON.get(str(f.get("kind")))
        if aspect and confidence.get(aspect) == "L":
            f["low_confidence"] = aspect
            note = t(f"check.low_confidence.{aspect}", lang)
            if f.get("message") and note not in f["message"]:
                f["message"] = f"{f['message']} ({note})"
