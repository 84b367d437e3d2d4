"""The typed check kinds every rule is built from, implemented once.

``phrases``, ``period``, ``elements`` and ``on_site`` judge one document; ``months`` and
``channel`` judge the item as a whole (month coverage may span one PDF per month; a
channel may be a link to Facebook or a Google Form rather than a document).
Each returns an :class:`Outcome` with structured findings in the assessors' style.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from oit_checker import thai
from oit_checker.i18n import t
from oit_checker.locate import View, host_of, match_term

DOC_KINDS = ("phrases", "period", "elements", "on_site")
ITEM_KINDS = ("months", "channel")
SNIPPET = 160
DOWNLOAD_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "image")


@dataclass
class Context:
    """What every check needs besides the documents."""

    rule: object
    profile: object
    index: object
    lang: str = "th"

    @property
    def fy(self) -> int:
        return self.profile.fiscal_year

    def vocab(self, key: str) -> list[str]:
        return list(self.profile.vocabulary.get(key, []))


@dataclass
class Outcome:
    ok: bool
    findings: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)  # {"url", "title", "snippet", "page"}


def evidence(view: View | None, snippet: str = "", page: int | None = None, url: str = "") -> dict:
    return {"url": url or (view.url if view else ""), "title": (view.doc.title if view else "") or "",
            "snippet": snippet[:SNIPPET], "page": page}


def finding(kind: str, ctx: Context, view: View | None = None, snippet: str = "", page: int | None = None,
            msg_key: str | None = None, url: str = "", msg_kw: dict | None = None, **fields: object) -> dict:
    """A structured finding; its message comes from locale/check.yaml in the chosen language."""
    fmt = {k: _fmt(v, ctx.lang) for k, v in {**fields, **(msg_kw or {})}.items()}
    out: dict = {"kind": kind, **fields}
    out["message"] = t(msg_key or f"check.finding.{kind}", ctx.lang, **fmt)
    out["evidence"] = {"url": url or (view.url if view else ""), "snippet": snippet[:SNIPPET], "page": page}
    return out


def _fmt(v: object, lang: str) -> str:
    if isinstance(v, list):
        return (" " if lang == "th" else ", ").join(str(x) for x in v)
    return "" if v is None else str(v)


def _text(obj: object, lang: str) -> str:
    if isinstance(obj, dict):
        return obj.get(lang) or obj.get("th") or ""
    return str(obj or "")


def _snippet_at(norm: str, term: str) -> str:
    n = thai.normalize(term)
    i = norm.find(n)
    if i < 0:
        return norm[:SNIPPET].replace("\n", " ")
    start = max(0, i - 30)
    return norm[start:start + SNIPPET].replace("\n", " ")


def find_in_view(view: View, terms: list[str]) -> tuple[str, int | None, str] | None:
    """First term found in the document's own text: (term, page, snippet), pages first."""
    for n, norm, key in view.pages:
        for term in terms:
            if match_term(norm, key, term):
                return term, n, _snippet_at(norm, term)
    head = "\n".join([view.title, view.headings])
    for term in terms:
        if match_term(head, None, term):
            return term, None, _snippet_at(head, term)
    return None


# ---------------------------------------------------------------- phrases


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


def check_phrases(cfg: dict, view: View, ctx: Context) -> Outcome:
    """All groups of ``all`` and at least one group of ``any`` appear in the content."""
    none_words = ctx.vocab("none_words")
    missing, ev = [], []
    for terms, label in _groups(cfg.get("all")):
        hit = find_in_view(view, terms)
        if hit:
            e = evidence(view, hit[2], hit[1])
            if none_words and _said_none(view, hit[1], hit[0], none_words):
                e["said_none"] = True
            ev.append(e)
        else:
            missing.append(_text(label, ctx.lang) or terms[0])
    any_groups = _groups(cfg.get("any"))
    if any_groups:
        hits = [find_in_view(view, terms) for terms, _ in any_groups]
        found = [h for h in hits if h]
        if found:
            ev.append(evidence(view, found[0][2], found[0][1]))
        else:
            labels = [_text(lb, ctx.lang) or terms[0] for terms, lb in any_groups]
            missing.append((" / ").join(labels))
    if missing:
        return Outcome(False, [finding("missing_phrases", ctx, view, phrases=missing)], ev)
    return Outcome(True, [], ev)


# ---------------------------------------------------------------- period


def expected_years(period: str, fy: int) -> list[int]:
    if period == "PREV":
        return [fy - 1]
    if period in ("CUR", "H1"):
        return [fy]
    return []


def _years(text: str) -> list[int]:
    out: list[int] = []
    for y in thai.find_years(text):
        if y.kind == "range" and y.end_year:
            out.extend(range(y.year, y.end_year + 1))
        else:
            out.append(y.year)
    return out


def view_years(view: View) -> tuple[list[int], str]:
    """Years a document is about, from its most telling place: own heading area, links, text, dates."""
    tiers = (("title", "\n".join([view.title, view.headings, view.head[:600]])),
             ("link", view.links), ("text", view.content[:20000]))
    for where, text in tiers:
        ys = _years(text)
        if ys:
            return ys, where
    ys = [thai.fiscal_year_of(d.year, d.month) for d in thai.find_dates(view.content[:20000]) if d.year]
    return ys, "dates"


def check_period(cfg: dict, view: View, ctx: Context) -> Outcome:
    period = cfg.get("period") or ctx.rule.period
    want = expected_years(period, ctx.fy)
    if not want:
        return Outcome(True)
    years, where = view_years(view)
    if any(y in want for y in years):
        hit = next(y for y in years if y in want)
        return Outcome(True, [], [evidence(view, _snippet_at(view.content, str(hit)))])
    if not years:
        if cfg.get("allow_missing_year"):
            return Outcome(True)
        return Outcome(False, [finding("wrong_period", ctx, view, msg_key="check.finding.no_year",
                                       found=None, expected=want[0])])
    found = max(years)
    key = {"PREV": "check.finding.wrong_period_prev", "H1": "check.finding.wrong_period_h1"}.get(
        period, "check.finding.wrong_period")
    return Outcome(False, [finding("wrong_period", ctx, view, snippet=_snippet_at(view.content, str(found)),
                                   msg_key=key, found=found, expected=want[0])])


# ---------------------------------------------------------------- months


def _view_months(view: View, fy: int) -> set[str]:
    """Months a document reports on: named in its title/links/headings, or undated month headers."""
    months: set[str] = set()
    years, _ = view_years(view)
    infer = fy in years

    def add(ref: thai.MonthRef) -> None:
        year = ref.year
        if year is None and infer:
            year = fy - 1 if ref.month >= 10 else fy
        if year:
            months.add(thai.ym(year, ref.month))

    for text in (view.title, view.headings, view.links):
        for ref in thai.find_month_refs(text):
            add(ref)
    for _, norm, _ in view.pages:
        for ref in thai.find_month_refs(norm):
            if ref.day is None:  # "ประจำเดือนมีนาคม 2565", not a contract date "5 มี.ค. 65"
                add(ref)
    return months


def check_months(cfg: dict, views: list[View], ctx: Context) -> Outcome:
    """Every month of the period has its own summary (or says there was nothing that month)."""
    period = cfg.get("period", "H1")
    wanted = [thai.ym(y, m) for y, m in thai.period_months(ctx.fy, period)]
    covered: dict[str, View] = {}
    for v in views:
        for ym_ in _view_months(v, ctx.fy):
            covered.setdefault(ym_, v)
    ev = []
    for ym_ in wanted:
        if ym_ in covered:
            v = covered[ym_]
            ev.append(evidence(v, thai.month_label(ym_, ctx.lang)))
    missing = [m for m in wanted if m not in covered]
    if missing:
        labels = [thai.month_label(m, ctx.lang) for m in missing]
        subject = _text(cfg.get("subject"), ctx.lang)
        view = views[0] if views else None
        return Outcome(False, [finding("missing_months", ctx, view, months=missing,
                                       msg_key="check.finding.missing_months",
                                       msg_kw={"subject": subject, "month_labels": ", ".join(labels)})], ev)
    return Outcome(True, [], ev)


# ---------------------------------------------------------------- elements


NAME_REACH = 80  # characters between a person's name and the position it is given with


def _person_re(ctx: Context) -> re.Pattern | None:
    """Name title (vocabulary ``name_titles``) + given name + surname, not inside a Thai word."""
    titles = sorted({thai.normalize(x) for x in ctx.vocab("name_titles")}, key=len, reverse=True)
    if not titles:
        return None
    alt = "|".join(re.escape(x) for x in titles)
    return re.compile(rf"(?<![\u0e01-\u0e4e])(?:{alt})\s*[\u0e01-\u0e4e]{{2,}}\s+[\u0e01-\u0e4e]{{2,}}")


def find_people(view: View, positions: list[str], ctx: Context, want: int = 1) -> list[tuple[int, str]]:
    """Distinct persons named with a position ("นายสมชาย ใจดี นายกเทศมนตรี"), not a position word alone
    ("นายกองค์การบริหารส่วนตำบล… ร่วมขบวนแห่…" in a news headline): up to ``want`` (page, snippet)."""
    rx = _person_re(ctx)
    if rx is None:
        return []
    not_names = [thai.normalize(x) for x in ctx.vocab("not_names")]
    pos = [thai.normalize(x) for x in positions]
    found: dict[str, tuple[int, str]] = {}
    for n, norm, _ in view.pages:
        m = rx.search(norm)
        while m and len(found) < want:
            if any(norm.startswith(x, m.start()) for x in not_names):
                m = rx.search(norm, m.start() + 1)  # "นายกเทศมนตรี ว่าที่ร้อยตรีสมชาย…": look again inside
                continue
            around = norm[max(0, m.start() - NAME_REACH):m.end() + NAME_REACH]
            if any(p in around for p in pos):
                found.setdefault(m.group(0).strip(), (n, norm[max(0, m.start() - 20):m.end() + 60]))
            m = rx.search(norm, m.end())
    return list(found.values())


def find_person(view: View, positions: list[str], ctx: Context) -> tuple[int, str] | None:
    people = find_people(view, positions, ctx)
    return people[0] if people else None


def check_elements(cfg: dict, view: View, ctx: Context) -> Outcome:
    """Page elements (name, position, photo, contact, address, map…) each found somehow."""
    feats = view.doc.features or {}
    missing, ev = [], []
    for el in cfg["elements"]:
        ok = False
        if el.get("names_near"):
            want = int(el.get("min_people", 1))  # O2: the top executive AND the other post-holders
            people = find_people(view, el["names_near"], ctx, want)
            if len(people) >= want:
                ok = True
                ev += [evidence(view, snippet, n) for n, snippet in people]
        hit = find_in_view(view, el.get("patterns", [])) if el.get("patterns") and not ok else None
        if hit:
            ok = True
            ev.append(evidence(view, hit[2], hit[1]))
        for rx in el.get("regex", []):
            if ok:
                break
            for n, norm, _ in view.pages:
                m = re.search(rx, norm)
                if m:
                    ok = True
                    ev.append(evidence(view, norm[max(0, m.start() - 20):m.end() + 40], n))
                    break
        for feat in el.get("features", []):
            if ok:
                break
            val = feats.get(feat)
            if feat == "iframes" and el.get("iframe_hosts"):
                val = [f for f in val or [] if any(h in (f.get("src") or "") for h in el["iframe_hosts"])]
            if val:
                ok = True
            elif feat not in feats and view.doc.kind != "html":
                ok = True  # a PDF's pictures are not extracted: do not fail what cannot be seen
        if not ok:
            missing.append(_text(el["label"], ctx.lang))
    if missing:
        return Outcome(False, [finding("missing_elements", ctx, view, elements=missing,
                                       msg_kw={"elements": ", ".join(missing)})], ev)
    return Outcome(True, [], ev)


# ---------------------------------------------------------------- on_site


def check_on_site(cfg: dict, view: View, ctx: Context) -> Outcome:
    """Evidence must be on the main website, or linked from it when hosted elsewhere."""
    if view.on_site or ctx.index.linked_from_site(view.doc.url) or (
            view.doc.final_url and ctx.index.linked_from_site(view.doc.final_url)):
        return Outcome(True)
    return Outcome(False, [finding("off_site", ctx, view)])


# ---------------------------------------------------------------- channel


def _live_form(view: View) -> bool:
    for f in (view.doc.features or {}).get("forms", []):
        fields = f.get("fields") or 0
        n_fields = len(fields) if isinstance(fields, list) else int(fields)
        areas = f.get("textareas") or 0
        n_areas = len(areas) if isinstance(areas, list) else int(areas)
        if f.get("has_submit") and (n_areas > 0 or n_fields >= 2):
            return True
    return False


def _credit_link(lk, ctx: Context) -> bool:
    """A link inside a template/vendor credit ("Designed by Tooplate"): the designer's page, not the agency's."""
    vendors = [v.lower() for v in ctx.vocab("template_vendors")]
    label = thai.normalize(lk.text).lower()
    if any(v in label or v in lk.url.lower() for v in vendors):
        return True
    credits = [thai.normalize(w).lower() for w in ctx.vocab("credit_terms")]
    src = ctx.index.by_url.get(lk.src)
    if not label or not credits or src is None:
        return False
    text = "\n".join([thai.normalize(src.doc.nav_text or "")] + [n for _, n in src.page_norms]).lower()
    for line in text.split("\n"):
        i = line.find(label)
        if i >= 0 and any(0 <= line.find(c) < i for c in credits):
            return True
    return False


def check_channel(cfg: dict, views: list[View], ctx: Context) -> Outcome:
    """A live channel reached from the main site: form, web board, chat or accepted service."""
    accept = cfg.get("accept", [])
    hosts = cfg.get("hosts", [])
    link_terms = cfg.get("link_terms", [])
    board_terms = cfg.get("webboard_terms", ctx.vocab("webboard_terms"))
    idx = ctx.index

    def reached(v: View) -> bool:
        return v.on_site or idx.linked_from_site(v.doc.url)

    for v in views:
        if v.state != "ok" or not reached(v):
            continue
        if "form" in accept and _live_form(v):
            return Outcome(True, [], [evidence(v, t("check.evidence.form", ctx.lang))])
        if "webboard" in accept and v.doc.kind == "html" and any(
                match_term(v.title + "\n" + v.headings + "\n" + v.url_text, None, w) for w in board_terms) and any(
                match_term(v.content, v.content_key, w) for w in ctx.vocab("webboard_content")):
            return Outcome(True, [], [evidence(v, t("check.evidence.webboard", ctx.lang))])
        if ("external" in accept or "chat" in accept) and not v.on_site and hosts and any(
                h in v.url for h in hosts):
            return Outcome(True, [], [evidence(v, t("check.evidence.external", ctx.lang))])
    if "external" in accept or "chat" in accept:
        for lk in idx.corpus.links:
            if host_of(lk.src) not in idx.site_hosts or not any(h in lk.url for h in hosts):
                continue
            text = thai.normalize(lk.text) + " " + lk.url.lower()
            if link_terms and not any(match_term(text, None, w) for w in link_terms):
                continue
            if _credit_link(lk, ctx):
                continue
            return Outcome(True, [], [{"url": lk.url, "title": lk.text, "snippet": lk.text, "page": None,
                                       "found_on": lk.src}])
        for v in idx.views:  # an embedded page plugin (no anchor text) anywhere on the site
            for fr in (v.doc.features or {}).get("iframes", []):
                if v.on_site and any(h in (fr.get("src") or "") for h in hosts) and not link_terms:
                    return Outcome(True, [], [{"url": fr.get("src") or "", "title": fr.get("title") or "",
                                               "snippet": "iframe", "page": None, "found_on": v.url}])
    form_words = ctx.vocab("form_terms")
    downloads = [v for v in views if v.doc.kind in DOWNLOAD_KINDS and (not form_words or any(
        match_term(v.title + "\n" + v.links + "\n" + v.head, None, w) for w in form_words))]
    if downloads:
        return Outcome(False, [finding("not_online_service", ctx, downloads[0])])
    pages = [v for v in views if v.doc.kind not in DOWNLOAD_KINDS]
    if pages:
        return Outcome(False, [finding("not_online_service", ctx, pages[0], msg_key="check.finding.no_channel")])
    return Outcome(False, [finding("not_found", ctx)])


DOC_CHECKS: dict[str, Callable[[dict, View, Context], Outcome]] = {
    "phrases": check_phrases, "period": check_period, "elements": check_elements, "on_site": check_on_site,
}
ITEM_CHECKS: dict[str, Callable[[dict, list[View], Context], Outcome]] = {
    "months": check_months, "channel": check_channel,
}
