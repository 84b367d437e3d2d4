"""Judge one O-item as an assessor would: find the evidence, read it, give 100 or 0.

Verdicts: ``pass`` (100), ``fail`` (0, with findings) and ``unreadable`` (0, flagged):
the evidence seems to exist but could not be read or reached (scanned PDF, host down,
timeout, 5xx, too large). "Could not read" is never reported as "not disclosed".
A 404/410 on the agency's own site is a ``fail`` (the assessors hit the same dead link).
"""

from __future__ import annotations

import dataclasses

from oit_checker import checks
from oit_checker.corpus import Page
from oit_checker.i18n import t
from oit_checker.locate import Candidate, View, candidates, index_for

SITE_DOWN = ("unreachable", "blocked")  # crawl.json status values meaning the site could not be read
MAX_DOCS = 12  # documents read per item, best-located first
MAX_POOL = 80  # documents pooled for month coverage
WRAPPER_CHARS = 400  # a page this short that links a dead attachment is only its wrapper
IMAGE_PAGE_CHARS = 300  # a page with pictures and less text than this shows its content in them


def _text(obj: object, lang: str) -> str:
    if isinstance(obj, dict):
        return obj.get(lang) or obj.get("th") or ""
    return str(obj or "")


def _run_doc(rule, cand: Candidate, ctx: checks.Context) -> checks.Outcome:
    out = checks.Outcome(True)
    for cfg in rule.checks:
        fn = checks.DOC_CHECKS.get(cfg["kind"])
        if fn is None:
            continue
        res = fn(cfg, cand.view, ctx)
        out.ok = out.ok and res.ok
        out.findings += res.findings
        out.evidence += res.evidence
    return out


def _wrapper_of(cand: Candidate, dead: set[str], index) -> bool:
    """A short page that only presents an attachment ("เอกสารแนบ : …") whose file is dead or
    unreadable: the assessor judges the attachment, not the page around it."""
    return _wraps(cand, dead, index)


def _wraps(cand: Candidate, files: set[str], index) -> bool:
    """A short HTML page whose own content links one of ``files``: it presents the attachment.
    The attachment's label ("เอกสารแนบ : ประกาศผู้ชนะ… (PDF)") is not the page's own text."""
    v = cand.view
    if not files or v.doc.kind != "html":
        return False
    links = [lk for lk in index.outlinks(v) if not lk.nav and lk.url in files]
    if not links:
        return False
    chars = sum(len(n) for _, n in v.page_norms) - sum(len(lk.text or "") for lk in links)
    return chars <= WRAPPER_CHARS


def _missing_count(res: checks.Outcome) -> int:
    """How far a failing document is from passing: phrases, elements and months it lacks."""
    return sum(max(1, len(f.get("phrases") or f.get("elements") or f.get("months") or [])) for f in res.findings)


def _hidden_reason(view) -> str | None:
    """Why a readable document may still hide its content: scanned pages, or a picture-only page."""
    if any(p.needs_ocr for p in view.doc.pages):
        return "needs_ocr"
    images = (view.doc.features or {}).get("images") or []
    if view.doc.kind == "html" and images and sum(len(n) for _, n in view.page_norms) < IMAGE_PAGE_CHARS:
        return "image_only"
    return None


def _other_terms(profile, code: str) -> tuple[str, ...]:
    """Locate terms of every other item of the profile (cached on the profile)."""
    cache = profile.__dict__.setdefault("_oit_other_terms", {})
    if code not in cache:
        cache[code] = tuple(t for r in getattr(profile, "rules", []) if r.code != code
                            for t in r.locate.get("terms", []))
    return cache[code]


def _footer_candidate(index) -> Candidate | None:
    """The start page read with its site-wide footer/menus (``nav_text``) as one more page.

    Contact details printed in the footer of every page are a way of publishing them that
    assessors accept (O5): the rule opts in with ``locate.site_footer``."""
    start = (index.corpus.crawl or {}).get("start_url") or ""
    v = index.by_url.get(start) or index.by_url.get(start.rstrip("/")) or index.by_url.get(start + "/")
    if v is None or v.state != "ok" or not (v.doc.nav_text or "").strip():
        return None
    n = max((p.n for p in v.doc.pages), default=0) + 1
    # the footer first: its address block, not a village named in a news item, is the evidence
    doc = dataclasses.replace(v.doc, pages=[Page(n=n, text=v.doc.nav_text, label="footer")] + list(v.doc.pages))
    return Candidate(View(doc, v.link_texts, v.site_hosts), matched=[{"term": "nav_text", "where": "footer"}])


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


def judge(rule, corpus, profile, lang: str = "th") -> dict:
    """The item's verdict, score, evidence, findings and pre-filled OIT answer."""
    index = index_for(corpus)
    ctx = checks.Context(rule=rule, profile=profile, index=index, lang=lang)
    cands = candidates(rule, index, _other_terms(profile, rule.code))
    readable = [c for c in cands if c.view.state == "ok"]
    # on_site alone does not make an item document-based (a channel may be a link)
    doc_kinds = [c["kind"] for c in rule.checks if c["kind"] in checks.DOC_CHECKS and c["kind"] != "on_site"]
    item_cfgs = [c for c in rule.checks if c["kind"] in checks.ITEM_CHECKS]

    # Only a document that presents itself as the item may pass it (a report that merely
    # cites "O20" in a table is not O20's evidence); the others still explain a failure.
    results = [(c, _run_doc(rule, c, ctx)) for c in readable[:MAX_DOCS]]
    dead = {c.view.doc.url for c in cands if c.view.state != "ok" and c.eligible}
    passing = [(c, r) for c, r in results if r.ok and c.eligible and not _wrapper_of(c, dead, index)]
    if not passing and doc_kinds and rule.locate.get("site_footer"):
        # no dedicated page passes (or it is dead): the site-wide footer may carry the details
        foot = _footer_candidate(index)
        res = _run_doc(rule, foot, ctx) if foot else None
        if res is not None and res.ok:
            passing = [(foot, res)]
    pool = [c for c, r in passing] if doc_kinds else [c for c in readable if c.eligible]
    pool += [c for c in readable[MAX_DOCS:MAX_POOL] if c.eligible and (not doc_kinds or _run_doc(rule, c, ctx).ok)]
    item_outs = []
    for cfg in item_cfgs:
        # a channel is named in a title, heading or link, not merely mentioned in a report's text
        views = [c.view for c in (cands if cfg["kind"] == "channel" else pool) if cfg["kind"] != "channel" or c.strong]
        item_outs.append(checks.ITEM_CHECKS[cfg["kind"]](cfg, views, ctx))
    items_ok = all(o.ok for o in item_outs)
    docs_ok = bool(passing) or not doc_kinds

    item = {"code": rule.code, "name": _text(rule.name, lang), "group": rule.group}
    site_status = (corpus.crawl or {}).get("status")
    best: Candidate | None = None
    findings: list[dict] = []
    ev: list[dict] = []
    if docs_ok and items_ok and (passing or item_outs):
        verdict = "pass"
        if passing:
            best, res = passing[0]
            ev = res.evidence or [checks.evidence(best.view)]
        for o in item_outs:
            ev += o.evidence
    else:
        strong_unreadable = [c for c in cands if c.view.state == "unreadable" and c.eligible]
        # text missing because it sits in a picture or a scanned page: not "not disclosed"
        hidden = [(c, _hidden_reason(c.view)) for c, r in results
                  if c.eligible and not r.ok and all(f["kind"] == "missing_phrases" for f in r.findings)]
        hidden = [(c, why) for c, why in hidden if why]
        broken = [c for c in cands if c.view.state == "broken" and c.eligible]
        if site_status in SITE_DOWN and not passing:
            # the site itself could not be read: nothing can be called "not disclosed"
            verdict = "unreadable"
            reason = t(f"check.reason.site_{site_status}", lang)
            findings = [checks.finding("unreadable", ctx, url=(corpus.crawl or {}).get("start_url", ""),
                                       msg_kw={"reason_text": reason})]
            findings[0]["reason"] = f"site_{site_status}"
        elif strong_unreadable or hidden:
            verdict = "unreadable"
            best, why = (strong_unreadable[0], strong_unreadable[0].view.reason) if strong_unreadable else hidden[0]
            v = best.view
            reason = t(f"check.reason.{why}", lang)
            findings = [checks.finding("unreadable", ctx, v, msg_kw={"reason_text": reason})]
            findings[0]["reason"] = why
            ev = [checks.evidence(v)]
        else:
            verdict = "fail"
            if results:
                # the candidate closest to passing speaks for the item; an attachment rather than
                # the short page presenting it (the officer must not be asked to add what is there)
                files = {c.view.doc.url for c, _ in results if c.view.doc.kind != "html"}
                best, res = max(results, key=lambda cr: (cr[0].eligible, cr[1].ok, -len(cr[1].findings),
                                                         -_missing_count(cr[1]), not _wraps(cr[0], files, index),
                                                         cr[0].score))
                findings = list(res.findings)
                ev = res.evidence
            for o in item_outs:
                findings += o.findings
            if broken:
                findings.insert(0, checks.finding("broken_link", ctx, broken[0].view, url=broken[0].view.url))
                best = best or broken[0]
            if not findings or not any(c.eligible for c in cands):
                # only passing mentions (a report citing the item, a menu word in a news text)
                findings, ev, best = [checks.finding("not_found", ctx)], [], None
    item["verdict"] = verdict
    item["score"] = 100 if verdict == "pass" else 0
    item["evidence"] = _evidence_list(ev)
    item["findings"] = findings
    page = next((e.get("page") for e in item["evidence"] if e.get("page")), None)
    url = best.view.url if best else (item["evidence"][0]["url"] if item["evidence"] else "")
    if best:
        explanation = _explanation(best, page, lang)
    elif url:
        first = item["evidence"][0]
        label = first.get("title") or first.get("snippet") or url
        explanation = t("check.answer.link", lang, text=label, page=first["found_on"]) if first.get("found_on") \
            else label
    else:
        explanation = t("check.answer.not_found", lang)
    item["answer"] = {"disclosed": verdict in ("pass", "unreadable"), "url": url, "explanation": explanation}
    item["located"] = [{"url": c.view.url, "score": c.score, "state": c.view.state, "matched": c.matched}
                       for c in cands[:5]]
    item["confidence"] = rule.criterion.get("confidence", "")
    item["advice"] = _text(rule.advice, lang)
    m = rule.measure or {}
    item["measure"] = {"issue": _text(m.get("issue"), lang), "guideline": _text(m.get("guideline"), lang),
                       "steps": (m.get("steps") or {}).get(lang) or (m.get("steps") or {}).get("th") or [],
                       "owner": m.get("owner", "")}
    return item
