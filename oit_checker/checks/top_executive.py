"""Check kind ``top_executive``: the document is about the CURRENT top executive (นายก อบต./นายกเทศมนตรี).

The executive's own anti-corruption activity (ita-2565 O35) counts only when the top executive takes
part: the document names the person the executives item (``from_concept``, O2) names as the top
executive, or names the top post (``positions``) without naming somebody else in it. A deputy
("รองนายก…": a ``not_before`` word right before the post; a top executive who "มอบหมาย" someone else:
a ``not_after`` word just after it), a former executive ("อดีตนายก…") or a
different person in the top post, or no executive at all, fails with a finding that says which.
A post that an ``office_words`` word precedes in the same phrase (no space between: "การเลือกตั้งสมาชิกสภา…และ
นายก…", "ผู้สมัครรับเลือกตั้งนายก…") names the office, not a person, and is not read as one — unless "เป็น" comes
right before it ("…ได้รับการเลือกตั้งเป็นนายก…": the one elected holds it).
The words are data in the rule; ``confidence`` (the criteria's, M) is said in the finding. ``none_ok``: a
document naming no executive at all passes (a statement whose signature is not in its text); a deputy, a
hand-over or another person still fails. ``agency_heads``: agencies other than local governments — the head
posts of the site's agency kind (rules/common/executives.yaml, from its home-page title) count as the top post;
on a local government's site only ``positions`` do ("ผู้อำนวยการกองช่าง" is never the mayor).

PASS::

    locate: {terms: [การมีส่วนร่วมของผู้บริหาร]}
    checks:
      - {kind: top_executive, positions: [นายกองค์การบริหารส่วนตำบล, นายก อบต.], not_before: [รอง, อดีต]}
    documents:
      - {url: "https://www.tambon-test.go.th/news/1", kind: html, title: การมีส่วนร่วมของผู้บริหาร,
         text: "เมื่อวันที่ 9 ธันวาคม 2564 นายสมชาย ใจดี นายกองค์การบริหารส่วนตำบลทดสอบ เป็นประธานกิจกรรมต่อต้านการทุจริต"}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [การมีส่วนร่วมของผู้บริหาร]}
    checks:
      - {kind: top_executive, positions: [นายกองค์การบริหารส่วนตำบล, นายก อบต.], not_before: [รอง, อดีต]}
    documents:
      - {url: "https://www.tambon-test.go.th/news/1", kind: html, title: การมีส่วนร่วมของผู้บริหาร,
         text: "เมื่อวันที่ 9 ธันวาคม 2564 นางมาลี ศรีสุข รองนายกองค์การบริหารส่วนตำบลทดสอบ เป็นประธานกิจกรรม"}
    expect: {verdict: fail, findings: [missing_elements]}
"""

from __future__ import annotations

import functools
import re

import yaml

from oit_checker import concepts, thai
from oit_checker.checks.base import CONFIDENCE, CheckKind, Context, Outcome, Scope, evidence, finding
from oit_checker.checks.elements import _person_re
from oit_checker.checks.findings import FindingKind, text_of
from oit_checker.i18n import t as message
from oit_checker.locate import View, candidates
from oit_checker.paths import COMMON_DIR

SCHEMA = {"properties": {"kind": True, "confidence": CONFIDENCE,
                         "positions": {"$ref": "#/$defs/terms"},
                         "not_before": {"$ref": "#/$defs/terms"},
                         "not_after": {"$ref": "#/$defs/terms"},
                         "office_words": {"$ref": "#/$defs/terms"},
                         "none_ok": {"type": "boolean"},
                         "agency_heads": {"type": "boolean"},
                         "from_concept": {"type": "string"},
                         "label": {"$ref": "#/$defs/text"}},
          "required": ["positions"], "additionalProperties": False}
POST_REACH = 60  # characters between a person's name and the post given after (or before) it
AFTER_REACH = 40  # characters after the post where a ``not_after`` word (the agency's name between) hands the task on
OFFICE_REACH = 60  # characters before the post, in the same phrase, where an ``office_words`` word names the office
HOLDS = "เป็น"  # "…ได้รับการเลือกตั้งเป็นนายก…": the one elected holds the post
AGENCY_HEADS = COMMON_DIR / "executives.yaml"  # head posts per agency kind (universities, departments, hospitals…)


@functools.cache
def _agency_data() -> dict:
    """The agency kinds and their head posts: data, so a new kind of agency is a line in the YAML."""
    return yaml.safe_load(AGENCY_HEADS.read_text(encoding="utf-8")) or {}


def _home_title(ctx: Context) -> str:
    """The agency's name as the site gives it: the crawl's agency, else the start page's title."""
    corpus = ctx.index.corpus
    crawl = corpus.crawl or {}
    if crawl.get("agency"):
        return str(crawl["agency"])
    start = str(crawl.get("start_url") or "").rstrip("/")
    for d in corpus.documents:
        if start and d.url.rstrip("/") == start:
            return d.title or ""
    return ""


def _site_kinds(ctx: Context) -> tuple[bool, list[dict]]:
    """(local government?, the agency kinds its home-page title names): the longest name wins, so a
    "สำนักงานสาธารณสุขจังหวัด…" is a health office and not a province; a place kind (``location: true``: province,
    district) beside another kind is only where that agency is."""
    cache = ctx.index.__dict__.setdefault("_oit_agency_kinds", {})
    if "kinds" in cache:
        return cache["kinds"]
    data = _agency_data()
    title = thai.normalize(_home_title(ctx)).replace(" ", "")
    local = any(thai.normalize(w).replace(" ", "") in title for w in data.get("local_names", []))
    spans = []
    for kind in data.get("kinds", []):
        for name in kind.get("names", []):
            w = thai.normalize(name).replace(" ", "")
            spans += [(m.start(), m.end(), kind["kind"]) for m in re.finditer(re.escape(w), title)] if w else []
    kept = [(a, k) for a, b, k in spans if not any(c <= a and b <= d and (d - c) > (b - a) for c, d, _ in spans)]
    # a province or district named beside another kind is where that agency is ("สำนักงานพาณิชย์จังหวัด…",
    # "โรงพยาบาล… จังหวัด…"): the governor is not its head; among places only, the first named is the agency
    # ("ที่ว่าการอำเภอ… จังหวัด…" is a district)
    places = {k["kind"] for k in data.get("kinds", []) if k.get("location")}
    agencies = {k for _, k in kept if k not in places}
    if not agencies and kept:
        agencies = {min((a, k) for a, k in kept)[1]}
    cache["kinds"] = (local, [k for k in data.get("kinds", []) if k["kind"] in agencies])
    return cache["kinds"]


def effective(cfg: dict, ctx: Context, norm: str) -> dict:
    """The rule's ``positions`` plus, with ``agency_heads``, the head posts of the agency's kind (see
    rules/common/executives.yaml): on a local government's site, or on a page naming one when the site's
    kind is unknown, only the rule's own posts count."""
    if not cfg.get("agency_heads"):
        return cfg
    data = _agency_data()
    local, kinds = _site_kinds(ctx)
    flat = norm.replace(" ", "")
    if local or (not kinds and any(thai.normalize(w).replace(" ", "") in flat for w in data.get("local_names", []))):
        return cfg
    extra: list[str] = []
    generic: list[str] = []
    if kinds:
        for kind in kinds:
            extra += kind.get("heads", [])
            generic += kind.get("generic", [])
    else:  # unknown site: only a post written with its agency ("อธิการบดีมหาวิทยาลัยX")
        for kind in data.get("kinds", []):
            for head in kind.get("heads", []):
                names = kind.get("names", [])
                if any(n in head for n in names):
                    extra.append(head)
                extra += [head + n for n in names] + [f"{head} {n}" for n in names]
    return dict(cfg, positions=list(cfg["positions"]) + extra + generic,
                _generic=generic, _units=data.get("units", []))


def _delegated(norm: str, cfg: dict) -> bool:
    """The top post is followed by a ``not_after`` word somewhere: the top executive handed the task on."""
    words = [thai.normalize(w).replace(" ", "") for w in cfg.get("not_after", [])]
    for pos in {thai.normalize(p) for p in cfg["positions"]}:
        for m in re.finditer(re.escape(pos), norm):
            after = norm[m.end():m.end() + AFTER_REACH].replace(" ", "")
            if any(w in after for w in words):
                return True
    return False


def _posts(norm: str, cfg: dict) -> list[tuple[int, int, bool]]:
    """Every mention of the top post: (start, end, is_top) — not top when a ``not_before`` word precedes it, or
    a ``not_after`` word follows it ("นายกเทศมนตรี… มอบหมายให้ รองนายก…": the top executive sent someone else)."""
    out: list[tuple[int, int, bool]] = []
    generics = {thai.normalize(p) for p in cfg.get("_generic", [])}
    offices = [thai.normalize(w) for w in cfg.get("office_words", [])]
    for pos in sorted({thai.normalize(p) for p in cfg["positions"]}, key=len, reverse=True):
        for m in re.finditer(re.escape(pos), norm):
            if any(a <= m.start() < b for a, b, _ in out):
                continue  # inside a longer post already found
            phrase = re.split(r"\s", norm[max(0, m.start() - OFFICE_REACH):m.start()])[-1]
            if any(w in phrase for w in offices) and not phrase.endswith(HOLDS):
                continue  # "การเลือกตั้งสมาชิกสภา…และนายก…": the office an election fills, not a person taking part
            before = norm[max(0, m.start() - 12):m.start()].replace(" ", "")
            after = norm[m.end():m.end() + AFTER_REACH].replace(" ", "")
            top = not any(before.endswith(thai.normalize(w).replace(" ", "")) for w in cfg.get("not_before", [])) \
                and not any(thai.normalize(w).replace(" ", "") in after for w in cfg.get("not_after", []))
            if pos in generics and any(after.startswith(thai.normalize(u)) for u in cfg.get("_units", [])):
                top = False  # "ผู้อำนวยการกองการพยาบาล": a unit's head, not the agency's
            out.append((m.start(), m.end(), top))
    return sorted(out)


def _key(name: str, titles: list[str]) -> str:
    """A person's name without title and spaces, to compare two spellings of it."""
    n = thai.normalize(name).replace(" ", "")
    for t in sorted((thai.normalize(x).replace(" ", "") for x in titles), key=len, reverse=True):
        if n.startswith(t):
            return n[len(t):]
    return n


def _named(norm: str, cfg: dict, ctx: Context) -> list[tuple[str, bool | None, int]]:
    """Persons named in the text with the post they hold there: (name, top?, where); None when no post."""
    rx = _person_re(ctx)
    if rx is None:
        return []
    not_names = [thai.normalize(x) for x in ctx.vocab("not_names")]
    posts = _posts(norm, cfg)
    out = []
    for m in rx.finditer(norm):
        if any(norm.startswith(x, m.start()) for x in not_names):
            continue
        near = [p for p in posts
                if m.end() <= p[0] <= m.end() + POST_REACH or m.start() - POST_REACH <= p[1] <= m.start()]
        # the post after the name first ("นายสมชาย ใจดี นายก…"), else the one just before it
        after = [p for p in near if p[0] >= m.end()]
        post = after[0] if after else (near[-1] if near else None)
        out.append((m.group(0), post[2] if post else None, m.start()))
    return out


def current_top(ctx: Context, cfg: dict) -> str | None:
    """The top executive the executives item names (cached per corpus and profile), or None."""
    cache = ctx.index.__dict__.setdefault("_oit_top_executive", {})
    key = (ctx.profile.id, cfg.get("from_concept", "executives"))
    if key in cache:
        return cache[key]
    found = None
    for code in concepts.codes(key[1], ctx.profile.id):
        rule = next((r for r in ctx.profile.rules if r.code == code), None)
        if rule is None:
            continue
        for cand in candidates(rule, ctx.index)[:6]:
            if not cand.eligible or cand.view.state != "ok":
                continue
            for _, norm, _ in cand.view.pages:
                top = [name for name, is_top, _ in _named(norm, effective(cfg, ctx, norm), ctx) if is_top]
                if top:
                    found = top[0]
                    break
            if found:
                break
        if found:
            break
    cache[key] = found
    return found


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    """The current top executive takes part: named, or the top post named without another person in it."""
    titles = ctx.vocab("name_titles")
    current = current_top(ctx, cfg)
    cur_key = _key(current, titles) if current else ""
    label = text_of(cfg["label"], ctx.lang) if cfg.get("label") else message("finding.top_executive_label", ctx.lang)
    conf = cfg.get("confidence", "")
    others, deputy = [], False
    base = cfg
    for n, norm, _ in view.pages:
        cfg = effective(base, ctx, norm)
        flat = norm.replace(" ", "")
        handed_on = _delegated(norm, cfg)
        if cur_key and cur_key in flat and not handed_on:
            i = flat.index(cur_key)
            return Outcome(True, [], [evidence(view, flat[max(0, i - 20):i + 80], n)])
        named = _named(norm, cfg, ctx)
        for name, is_top, _ in named:
            if is_top and cur_key and _key(name, titles) != cur_key:
                others.append(name)
        tops = [p for p in _posts(norm, cfg) if p[2]] if not handed_on else []
        held = {s for _, is_top, s in named if is_top}
        if tops and not others and (not cur_key or not held):
            a = tops[0][0]
            return Outcome(True, [], [evidence(view, norm[max(0, a - 40):a + 80], n)])
        deputy = deputy or any(not p[2] for p in _posts(norm, cfg))
    variant = "top_executive_other" if others else "top_executive_deputy" if deputy else "top_executive_none"
    if variant == "top_executive_none" and base.get("none_ok"):
        return Outcome(True)  # no executive named at all (a statement whose signature is not in its text)
    return Outcome(False, [finding(FindingKind.MISSING_ELEMENTS, ctx, view, variant=variant, elements=[label],
                                   reason=variant, current=current or "-", other=others[0] if others else "",
                                   confidence=conf or "-")])


KIND = CheckKind(
    name="top_executive", scope=Scope.DOCUMENT, check=check, schema=SCHEMA,
    findings=(FindingKind.MISSING_ELEMENTS,), finding_fields=("elements", "current"),
    passes_when="the document names the current top executive — the person the executives item "
                "(`from_concept`, default `executives`) names in a top post (`positions`) — or names the top post "
                "without another person in it; a post preceded by a `not_before` word (\"รอง\", \"อดีต\") is "
                "not the top executive's; with `agency_heads` the head posts of the agency's kind "
                "(rules/common/executives.yaml: อธิการบดี, อธิบดี, ผู้อำนวยการโรงพยาบาล…) count too")
