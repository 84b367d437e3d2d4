"""Write a decided item as result.json carries it: score, evidence, OIT answer, advice and measure."""

from __future__ import annotations

from oit_checker.checks.findings import text_of
from oit_checker.checks.messages import mark_low_confidence
from oit_checker.i18n import t
from oit_checker.locate import Candidate
from oit_checker.states import Verdict
from oit_checker.verdict import Decision


def _explanation(cand: Candidate, page: int | None, lang: str) -> str:
    """One line for the OIT answer sheet: where on the main site the data sits."""
    doc = cand.view.doc
    if any(m["where"] == "footer" for m in cand.matched):
        return t("check.answer.footer", lang, url=cand.view.url)
    label = next((x for x in doc.link_texts if x.strip()), "") or doc.title or cand.view.url
    path = [p for p in doc.nav_path if p.strip()]
    if path and path[-1].strip() != label.strip():
        path.append(label)
    where = (t("check.answer.menu", lang) + " " + " > ".join(path)) if path else label.strip()
    if doc.kind not in ("html", "other"):
        where += " " + (t("check.answer.file_page", lang, kind=doc.kind.upper(), page=page) if page
                        else t("check.answer.file", lang, kind=doc.kind.upper()))
    return where


def _evidence_list(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in items:
        key = (e.get("url"), e.get("page"), e.get("snippet"))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _answer(decision: Decision, evidence: list[dict], lang: str) -> dict:
    """The pre-filled OIT answer: disclosed or not, the URL and where on the site it is."""
    best = decision.best
    page = next((e.get("page") for e in evidence if e.get("page")), None)
    url = best.view.url if best else (evidence[0]["url"] if evidence else "")
    if best:
        explanation = _explanation(best, page, lang)
    elif url:
        first = evidence[0]
        label = first.get("title") or first.get("snippet") or url
        explanation = t("check.answer.link", lang, text=label, page=first["found_on"]) if first.get("found_on") \
            else label
    else:
        explanation = t("check.answer.not_found", lang)
    disclosed = decision.verdict in (Verdict.PASS, Verdict.UNREADABLE)
    if best and decision.via:
        # the sheet asks for the page that shows the item: the post; the attachment is named beside it
        doc = best.view.doc
        file = (t("check.answer.file_page", lang, kind=doc.kind.upper(), page=page) if page
                else t("check.answer.file", lang, kind=doc.kind.upper()))
        explanation = t("check.answer.via_post", lang, title=decision.via_title or decision.via, document=url,
                        file=file)
        return {"disclosed": disclosed, "url": decision.via, "explanation": explanation, "document": url}
    return {"disclosed": disclosed, "url": url, "explanation": explanation}


def assemble(rule, decision: Decision, lang: str = "th") -> dict:
    """The item dict of result.json (keys in their schema order)."""
    item = {"code": rule.code, "name": text_of(rule.name, lang), "group": rule.group}
    item["verdict"] = decision.verdict.value
    item["score"] = 100 if decision.verdict == Verdict.PASS else 0
    item["evidence"] = _evidence_list(decision.evidence)
    item["findings"] = decision.findings
    item["answer"] = _answer(decision, item["evidence"], lang)
    item["located"] = [{"url": c.view.url, "score": c.score, "state": c.view.state, "matched": c.matched}
                       for c in decision.candidates[:5]]
    item["confidence"] = rule.criterion.get("confidence", "")
    item["confidence_detail"] = rule.confidence  # name / elements / period, when the rule states them
    item["concept"] = getattr(rule, "concept", None)
    item["other_rounds"] = dict(getattr(rule, "other_rounds", {}) or {})
    mark_low_confidence(item["findings"], rule.confidence, lang)
    item["advice"] = text_of(rule.advice, lang)
    m = rule.measure or {}
    item["measure"] = {"issue": text_of(m.get("issue"), lang), "guideline": text_of(m.get("guideline"), lang),
                       "steps": (m.get("steps") or {}).get(lang) or (m.get("steps") or {}).get("th") or [],
                       "owner": m.get("owner", "")}
    return item

