"""The measures plan shared by the hand-in documents: analysis (seed 000), measures O42 (seed 004), O43 (seed 001).

One row per theme to act on: an IIT/EIT indicator the official result puts under 85 (or whose questions the
assessors named), and every OIT item the latest scan found missing or could not read. Themes, questions,
findings, steps and deadlines come from the editable library (``rules/common/measures/``); the OIT item's
own measure from its rule is the fallback when its concept has no entry.
"""

from __future__ import annotations

import re

from oit_checker import concepts, thai
from oit_checker import measure_library as lib
from oit_checker.report.context import Report, fmt_score

_QCODE = re.compile(r"\(?\b([IiEe])\s?(\d{1,2})\b\)?")


def display_code(code: str) -> str:
    """'e2' -> 'E2', 'i24' -> 'i24': the ITA questionnaire writes EIT codes upper-case, IIT lower-case."""
    return code[:1].upper() + code[1:] if code[:1].lower() == "e" else code


def measures_year(rep: Report) -> int | None:
    """Measures are set for the fiscal year after the assessed one (seed 004: findings 2566, measures 2567)."""
    official = rep.settings.official
    if official is not None and official.fiscal_year:
        return official.fiscal_year + 1
    return rep.next_fiscal_year


def assessed_year(rep: Report) -> int | None:
    official = rep.settings.official
    if official is not None and official.fiscal_year:
        return official.fiscal_year
    return rep.fiscal_year


def location(rep: Report) -> str:
    """'อำเภอจุน จังหวัดพะเยา' from the agency file (result.json ``agency.district`` / ``agency.province``)."""
    agency = rep.result.get("agency") or {}
    parts = []
    for key, label in (("district", "docs.district"), ("province", "docs.province")):
        value = str(agency.get(key) or "").strip()
        if value:
            parts.append(value if value.startswith(rep.t(label)) else f"{rep.t(label)}{value}")
    return " ".join(parts)


def mentioned_questions(text: str) -> list[str]:
    """Question codes the assessors named, e.g. '(I 19)' -> 'i19', '(E 11)' -> 'e11', in order, once each."""
    out: list[str] = []
    for letter, num in _QCODE.findall(text or ""):
        code = f"{letter.lower()}{int(num)}"
        if code not in out:
            out.append(code)
    return out


def _division(rep: Report, key: str) -> str:
    return rep.owner({"measure": {"owner": key}})


def override_note(rep: Report, item: dict) -> str:
    """'checked by hand' line for an item an officer confirmed (result.json ``override``), or ''."""
    ov = item.get("override")
    if not isinstance(ov, dict) or not ov:
        return ""
    verdict = rep.verdict_label(str(ov.get("verdict") or ""))
    return rep.t("docs.override_note", verdict=verdict, reason=ov.get("reason") or "–", by=ov.get("by") or "–",
                 date=ov.get("date") or "–", url=ov.get("url") or "").strip()


def official_findings(rep: Report) -> dict[str, str]:
    """The assessors' OIT findings under the scan's item codes: a result of another round (ita-2568 findings,
    a scan against ita-2569) is carried over by concept (``rules/concepts.yaml``), since codes move."""
    official = rep.settings.official
    if official is None:
        return {}
    here = str(rep.profile.get("id") or "")
    if not official.round or not here or official.round == here:
        return dict(official.oit_findings)
    out: dict[str, str] = {}
    for code, text in official.oit_findings.items():
        for concept in concepts.concepts_of(official.round, code):
            for mapped in concepts.codes(concept, here):
                out[mapped] = f"{out[mapped]} {text}" if mapped in out and text not in out[mapped] else text
    return out


def indicator_rows(rep: Report) -> list[dict]:
    """IIT/EIT indicators to act on: under the threshold, or named through their questions by the assessors."""
    official = rep.settings.official
    if official is None:
        return []
    lang, d = rep.lang, rep.digits
    named = mentioned_questions(" ".join(official.suggestions.get(t, "") for t in ("iit", "eit")))
    below = set(official.below())
    rows = []
    for tool in ("iit", "eit"):
        keys = (lib.indicators().get("tools") or {}).get(tool, {}).get("indicators") or []
        for key in keys:
            ind = lib.indicator(key)
            qs = ind.get("questions") or []
            hit = [q for q in qs if str(q.get("code")).lower() in named]
            if key not in below and not hit:
                continue
            questions = hit or qs
            score = official.indicators.get(key)
            name = lib.pick(ind.get("name"), lang)
            head = rep.t("docs.indicator_score", n=ind.get("number"), name=name, score=fmt_score(score),
                         limit=lib.threshold_text() if key in below else "")
            if key not in below:
                head = rep.t("docs.indicator_named", n=ind.get("number"), name=name, score=fmt_score(score))
            rows.append({
                "kind": "indicator", "tool": tool, "key": key, "score": score, "below": key in below,
                "theme": lib.pick(ind.get("theme"), lang), "name": name, "number": ind.get("number"),
                "questions": [(display_code(str(q.get("code"))), lib.pick(q, lang)) for q in questions],
                "finding": d(f"{head} {lib.pick(ind.get('finding'), lang)}".strip()),
                "guideline": lib.pick(ind.get("guideline"), lang), "steps": lib.pick_list(ind.get("steps"), lang),
                "period": rep.period(measures_year(rep)), "owner": _division(rep, str(ind.get("owner") or "default")),
                "results_hint": lib.pick(ind.get("results_hint"), lang),
            })
    return rows


def oit_rows(rep: Report) -> list[dict]:
    """OIT items to act on: the latest scan's gaps, with the assessors' own finding when the result has one."""
    lang = rep.lang
    fy = measures_year(rep)
    found = official_findings(rep)
    rows = []
    for group in rep.groups():
        for it in group["items"]:
            if it.get("verdict") not in ("fail", "unreadable"):
                continue
            code = str(it.get("code", ""))
            entry = lib.concept(it.get("concept"))
            fallback = rep.measure(it)
            findings = rep.item_findings(it)
            narrative = []
            if found.get(code):
                narrative.append(rep.t("docs.assessors_found", text=found[code]))
            said = thai.normalize(found.get(code, ""))
            if findings and all(thai.normalize(f) in said for f in findings):
                narrative.append(rep.t("docs.scan_same", date=rep.date()))  # not the same words twice
            elif findings:
                narrative.append(rep.t("docs.scan_found", date=rep.date(), text=" ".join(findings)))
            if it.get("verdict") == "unreadable":
                narrative.insert(0, rep.t("report.measures.unreadable_mark"))
            note = override_note(rep, it)
            if note:
                narrative.append(note)
            deadline = lib.deadline(str(entry.get("deadline") or ""), fy, lang) if entry else ""
            rows.append({
                "kind": "oit", "tool": "oit", "code": code, "item": it, "group": group,
                "theme": lib.pick(entry.get("theme"), lang) or fallback["issue"],
                "name": it.get("name") or code,
                "questions": [(code, it.get("name") or "")],
                "finding": rep.digits(" ".join(narrative)),
                "guideline": lib.pick(entry.get("guideline"), lang) or fallback["guideline"],
                "steps": lib.pick_list(entry.get("steps"), lang) or fallback["steps"],
                "period": rep.digits(deadline) if deadline else rep.period(fy),
                "owner": rep.owner(it), "override": note,
            })
    return rows


def number_themes(rows: list[dict]) -> None:
    """Number the themes (ประเด็น) in order of first appearance: rows sharing a theme share its number."""
    seen: dict[str, int] = {}
    for row in rows:
        row["theme_no"] = seen.setdefault(row["theme"], len(seen) + 1)


def all_rows(rep: Report) -> list[dict]:
    rows = indicator_rows(rep) + oit_rows(rep)
    number_themes(rows)
    return rows
