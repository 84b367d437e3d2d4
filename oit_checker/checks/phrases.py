"""Check kind ``phrases``: the document's own text names every required part of the item.

Each group of ``all`` (and at least one group of ``any``) must appear in the document's own
text — title, headings, pages, never menus. A group is a list of synonyms, or
``{any: [...], label: {th, en}}`` where the label is what the finding names. A heading
followed closely by "ไม่มี" counts ("if none, say none").

PASS::

    locate: {terms: [รายงานผลการดำเนินงาน]}
    checks:
      - kind: phrases
        all: [[ปัญหา อุปสรรค, ปัญหาและอุปสรรค], [ข้อเสนอแนะ]]
    documents:
      - {url: "https://www.tambon-test.go.th/report", kind: html, title: รายงานผลการดำเนินงาน,
         text: "ปัญหาและอุปสรรค : ไม่มี\\nข้อเสนอแนะ : ควรเร่งรัดการเบิกจ่าย"}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [รายงานผลการดำเนินงาน]}
    checks:
      - kind: phrases
        all: [[ปัญหา อุปสรรค, ปัญหาและอุปสรรค], [ข้อเสนอแนะ]]
    documents:
      - {url: "https://www.tambon-test.go.th/report", kind: html, title: รายงานผลการดำเนินงาน,
         text: "ผลการดำเนินงานร้อยละ 85"}
    expect: {verdict: fail, findings: [missing_phrases]}
"""

from __future__ import annotations

from oit_checker import thai
from oit_checker.checks import front_matter
from oit_checker.checks.base import CONFIDENCE, CheckKind, Context, Outcome, Scope, evidence, find_in_view, finding
from oit_checker.checks.findings import FindingKind, list_text, message_key, text_of
from oit_checker.i18n import t
from oit_checker.locate import View

SCHEMA = {"properties": {"kind": True, "all": {"type": "array", "items": {"$ref": "#/$defs/group"}},
                         "any": {"type": "array", "items": {"$ref": "#/$defs/group"}},
                         "none_ok": {"type": "boolean"}, "confidence": CONFIDENCE,
                         "document": {"type": "object", "additionalProperties": False, "required": ["names"],
                                      "properties": {"names": {"type": "array", "items": {"type": "string"}},
                                                     "opening": {"type": "array", "items": {"type": "string"}},
                                                     "with": {"type": "array", "items": {"type": "string"}},
                                                     "not": {"type": "array", "items": {"type": "string"}},
                                                     "listing": {"type": "boolean"}}},
                         "mask": {"type": "array", "items": {"type": "string", "minLength": 1}}},
          "additionalProperties": False, "anyOf": [{"required": ["all"]}, {"required": ["any"]}]}


def _groups(cfg_groups: list) -> list[tuple[list[str], object]]:
    out = []
    for g in cfg_groups or []:
        if isinstance(g, dict):
            out.append((list(g["any"]), g.get("label")))
        else:
            out.append((list(g), None))
    return out


def _said_none(view: View, page: int | None, term: str, none_words: list[str]) -> bool:
    """The "if none, say none" rule: a heading followed closely by ไม่มี (or its synonyms)."""
    for n, norm, _ in view.pages:
        if page is not None and n != page:
            continue
        i = norm.find(thai.normalize(term))
        if i >= 0:
            after = norm[i + len(thai.normalize(term)):i + len(thai.normalize(term)) + 40]
            return any(thai.normalize(w) in after for w in none_words)
    return False


class _Masked:
    """The document's own text with ``mask`` phrases blanked: "ข่าว" inside "ศูนย์ข้อมูลข่าวสาร" (the
    information centre) does not show news. Only what ``find_in_view`` reads is offered."""

    def __init__(self, view: View, masks: list[str]) -> None:
        needles = [thai.normalize(m) for m in masks]

        def blank(text: str) -> str:
            for m in needles:
                text = text.replace(m, " ")
            return text

        self.pages = [(n, blank(norm), None) for n, norm, _ in view.pages]
        self.title, self.headings = blank(view.title), blank(view.headings)


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    """All groups of ``all`` and at least one group of ``any`` appear in the content (``mask``: phrases
    blanked first, where a term occurs inside the name of something else)."""
    none_words = ctx.vocab("none_words")
    missing, ev = [], []
    seen = _Masked(view, cfg["mask"]) if cfg.get("mask") else view
    for terms, label in _groups(cfg.get("all")):
        hit = find_in_view(seen, terms)
        if hit:
            e = evidence(view, hit[2], hit[1])
            if none_words and _said_none(view, hit[1], hit[0], none_words):
                e["said_none"] = True
            ev.append(e)
        else:
            missing.append(text_of(label, ctx.lang) or terms[0])
    any_groups = _groups(cfg.get("any"))
    if any_groups:
        hits = [find_in_view(seen, terms) for terms, _ in any_groups]
        found = [h for h in hits if h]
        if found:
            ev.append(evidence(view, found[0][2], found[0][1]))
        else:
            labels = [text_of(lb, ctx.lang) or terms[0] for terms, lb in any_groups]
            missing.append((" / ").join(labels))
    if missing and (said := front_matter.presumed(cfg.get("document"), view)):
        # the standard document's opening only: its form's parts are presumed, and the evidence says so
        e = evidence(view, said)
        e["presumed"] = missing
        e["note"] = t("check.presumed_parts", ctx.lang, phrases=list_text(missing, ctx.lang))
        return Outcome(True, [], [e] + ev)
    if missing:
        return Outcome(False, [finding(FindingKind.MISSING_PHRASES, ctx, view, phrases=missing)], ev)
    return Outcome(True, [], ev)


def distance(f: dict) -> int:
    """One step per missing phrase."""
    return max(1, len(f.get("phrases") or []))


def reword(f: dict, lang: str) -> str:
    return t(message_key(f["kind"]), lang, phrases=list_text(f.get("phrases") or [], lang))


KIND = CheckKind(
    name="phrases", scope=Scope.DOCUMENT, check=check, schema=SCHEMA,
    findings=(FindingKind.MISSING_PHRASES,), finding_fields=("phrases",), distance=distance, reword=reword,
    hidden_text=True,
    passes_when="each `all` group (and one `any` group) appears in the document's own text (title, headings, "
                "pages — never menus); matching is normalised and fuzzy (Thai digits, split marks, ำ/า swaps). "
                "A heading followed by \"ไม่มี\" counts (\"if none, say none\"; the words are "
                "`vocabulary.none_words` in the profile). With `document: {names, opening, with, not}`, a short "
                "text that is a standard document's opening (a name heading its first lines, or following a "
                "`self_naming_words` word of rules/common/vocabulary.yaml in its first sentence, or the bare "
                "\"จัดทำ\" + the name then a `self_reference_words` phrase such as \"เล่มนี้ขึ้น\"; a preface or "
                "`opening` phrase, any `with` phrase, no `not` phrase or announcement words) passes with the "
                "missing parts marked as presumed in its evidence (`listing: true`: a list of instruments in force "
                "offered as downloads is the document, not a post pointing to an attachment — O27's HR rules)")
