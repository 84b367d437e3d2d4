"""Which of an item's passing documents it cites: the one that fits the item best.

Why: items are judged one at a time, so a document that passes a broad item (news: any dated post of the
agency) may really be another item's evidence (an executive's integrity activity, a procurement report),
and an officer told "your news is the integrity-activity post" is sent to the wrong page. Attribution only
reorders the passing documents (never the verdict, except a document of a kind the item never is, when the
rule data says ``other_kinds: drop`` or names the kind in ``drop_kinds``); a document may still be evidence for
several items.
Settings are rule data: ``rules/common/attribution.yaml``.
"""

from __future__ import annotations

import collections
import copy
import functools

import yaml

from oit_checker import concepts
from oit_checker.checks import registry
from oit_checker.checks.base import Context, Scope
from oit_checker.locate import (
    OPENING_SLACK,
    STRONG,
    Candidate,
    Index,
    View,
    candidates,
    code_num,
    needle,
    terms_of_other_items,
)
from oit_checker.paths import COMMON_DIR

SETTINGS = COMMON_DIR / "attribution.yaml"


@functools.cache
def settings() -> dict:
    return yaml.safe_load(SETTINGS.read_text(encoding="utf-8")) or {}


def _concepts(rule, profile) -> list[str]:
    """Every concept of the item (a merged item of 2568/2569 has several)."""
    pid = getattr(profile, "id", "")
    found = concepts.concepts_of(pid, rule.code) if pid else []
    return found or ([rule.concept] if getattr(rule, "concept", None) else [])


def is_catch_all(rule, profile) -> bool:
    """The item's locate is broad (news): it yields a document another item claims."""
    return bool(set(_concepts(rule, profile)) & set(settings().get("catch_all") or []))


def addressed_only(cand: Candidate, rule, profile) -> bool:
    """A catch-all item's candidate tied to it only by its address (``address_ties``: the item's code or a URL word)
    and not by the agency's ITA index: any dated post passes a catch-all item's checks, so such a tie says nothing."""
    if cand.hub_linked or not is_catch_all(rule, profile):
        return False
    ties = set(settings().get("address_ties") or [])
    return {m["where"] for m in cand.matched if m["where"] in STRONG} <= ties


def file_list_never(rule, profile) -> bool:
    """The item's evidence is a document's content: a page listing its files is never it (``file_list_never``)."""
    return bool(set(_concepts(rule, profile)) & set(settings().get("file_list_never") or []))


@functools.cache
def _kind_words() -> tuple[tuple[str, str], ...]:
    """(kind, fuzzy key) of every document-kind word, computed once per process."""
    kinds = settings().get("document_kinds") or {}
    return tuple((kind, needle(w)[1]) for kind, ws in kinds.items() for w in ws)


def declared_kind(view: View) -> str | None:
    """The kind the document declares by the word heading its title or first lines ("รายงานผล…" → report); at the
    same place the longest word decides ("ประกาศผู้ชนะ…" is a procurement notice before it is an announcement)."""
    words = _kind_words()
    for key in view.opening_keys:  # the title first, then the first lines of the text
        hits = [(pos, -len(nk), kind) for kind, nk in words if nk and 0 <= (pos := key.find(nk)) <= OPENING_SLACK]
        if hits:
            return min(hits)[2]
    return None


def _item_names(rule) -> tuple[str, ...]:
    """Fuzzy keys of the names the item's document goes by: its locate terms and the words of the first group of
    each ``about`` pattern (what the document says it is: "งบแสดงผลการดำเนินงาน", "การเบิกจ่ายงบประมาณ")."""
    loc = getattr(rule, "locate", None) or {}
    names = list(loc.get("terms") or [])
    for pattern in loc.get("about") or []:
        first = (pattern.get("all") or [[]])[0]
        words = first.get("any", []) if isinstance(first, dict) else first
        names += [w for w in words if isinstance(w, str) and not w.startswith("{")]
    return tuple(k for k in (needle(n)[1] for n in names) if k)


def titled_as_item(view: View, rule, kinds: set[str]) -> bool:
    """The line declaring one of ``kinds`` goes straight on with the item's own name: "ประชาสัมพันธ์งบแสดงผลการ
    ดำเนินงาน (ไตรมาส 2)…" is a post that *is* the statement it publishes, not news mentioning it ("ข่าว… อบต.
    ประชุมติดตามการเบิกจ่าย…" names a meeting first)."""
    words = [(kind, nk) for kind, nk in _kind_words() if nk]
    names = _item_names(rule)
    for key in view.opening_keys:
        hits = sorted((pos, kind, nk) for kind, nk in words if 0 <= (pos := key.find(nk)) <= OPENING_SLACK)
        if hits:
            pos, kind, nk = hits[0]
            rest = key[pos + len(nk):]
            return kind in kinds and any(0 <= rest.find(n) <= OPENING_SLACK for n in names)
    return False


def _item_kinds(rule, profile) -> tuple[set[str], bool, set[str]]:
    """The kinds of document the item's evidence is, whether another declared kind is dropped outright
    (``other_kinds: drop``), and the declared kinds it never cites (``drop_kinds``: a report is never a news post)."""
    table = settings().get("concept_kinds") or {}
    own, drop, never = set(), False, set()
    for c in _concepts(rule, profile):
        entry = table.get(c) or {}
        own |= set(entry.get("kinds") or [])
        drop = drop or entry.get("other_kinds") == "drop"
        never |= set(entry.get("drop_kinds") or [])
    return own, drop and bool(own), never - own


def _titled_kinds(rule, profile) -> set[str]:
    """Declared kinds the item cites after all when the declaring line goes on with the item's name
    (``titled_kinds``: a budget report posted as "ประชาสัมพันธ์<the report's name>…")."""
    table = settings().get("concept_kinds") or {}
    return {k for c in _concepts(rule, profile) for k in (table.get(c) or {}).get("titled_kinds") or []}


def foreign_kind(view: View, rule, profile) -> bool:
    """The document declares a kind of document the item's evidence never is."""
    own, _, _ = _item_kinds(rule, profile)
    kind = declared_kind(view) if own else None
    return kind is not None and kind not in own


def _one_view_index(index: Index, view: View) -> Index:
    """The corpus index seen through one document: another item's locate asked of that document alone (the
    ITA index pages keep only their links to it, so an index's other rows are not read again for each document)."""
    sub = copy.copy(index)
    sub.__dict__ = {k: v for k, v in index.__dict__.items() if k not in ("_joined_keys", "_key_views", "_row_codes")}
    sub.views = [view]
    urls = {view.doc.url, view.doc.final_url} - {"", None}
    links = {h: [lk for lk in index.outlinks(index.by_url[h]) if lk.url in urls] for h in index.hubs}
    sub.hubs = {h for h, lks in links.items() if lks}
    own: dict = {}  # the hubs' links to this document over the corpus's (not a copy of every page's links)
    for h in sub.hubs:
        hub = index.by_url[h]
        own.update({u: [] for u in (hub.doc.url, hub.doc.final_url) if u})
        own[hub.doc.url] = links[h]
    sub.links_from = collections.ChainMap(own, index.links_from)
    sub.views_with_keys = lambda keys: {0} if any(k and k in view.all_key for k in keys) else set()
    return sub


def claims(view: View, profile, index: Index) -> dict[str, float]:
    """Item code → its locate score on the document, for the items the document names itself as (in its title,
    headings, opening, links or what it says it is about: ``claim_where``) and is eligible evidence of.
    Asked once per document and profile, of that document alone."""
    cache = index.__dict__.setdefault("_oit_claims", {})
    key = (id(profile), view.doc.url)
    if key not in cache:
        sub = _one_view_index(index, view)
        named = set(settings().get("claim_where") or [])
        out = {}
        for r in getattr(profile, "rules", []):
            if is_catch_all(r, profile):
                continue
            found = candidates(r, sub, terms_of_other_items(profile, r.code))
            if found and found[0].eligible and any(m["where"] in named for m in found[0].matched):
                out[r.code] = found[0].score
        cache[key] = out
    return cache[key]


def _claimed(cand: Candidate, rule, profile, index: Index, catch_all: bool) -> bool:
    """Another, more specific item claims the document more strongly than this item does: any item naming it,
    against a catch-all item; one scoring ``margin`` more, against a specific item."""
    if cand.view.url not in index.by_url and cand.view.doc.url not in index.by_url:
        return False  # a document joined from parts, or the footer: nobody else's
    others = [s for c, s in claims(cand.view, profile, index).items() if c != rule.code]
    if catch_all:
        return bool(others)
    margin = float(settings().get("margin", 0))
    return any(s >= cand.score + margin for s in others)


def order(rule, profile, index: Index, passing: list) -> list:
    """The passing ``(candidate, outcome)`` pairs, the best fit for the item first: a document of the item's
    own kind, one no more specific item claims more strongly; otherwise the located order is kept."""
    if not passing:
        return passing
    own, drop, never = _item_kinds(rule, profile)
    kinds = [declared_kind(c.view) if own or never else None for c, _ in passing]
    foreign = [bool(own) and kind is not None and kind not in own for kind in kinds]
    if drop or never:  # the agency's own ITA index presenting it for the item keeps it
        gone = [kind in never or (drop and f) for kind, f in zip(kinds, foreign, strict=True)]
        titled = _titled_kinds(rule, profile)  # a post whose own title is the item's document is kept
        gone = [g and not (kind in titled and titled_as_item(c.view, rule, titled))
                for g, kind, (c, _) in zip(gone, kinds, passing, strict=True)]
        # (not when the index's table puts it in another item's row only: O22's row "ประกาศผู้ชนะ… งบประมาณรายจ่าย
        # ประจำปี" presents a procurement notice, whatever budget words its link carries)
        num = code_num(rule.code)
        keep = [not g or (p[0].hub_linked and (not (rows := index.row_items(p[0].view)) or num in rows))
                for p, g in zip(passing, gone, strict=True)]
        foreign = [f and not drop for f, k in zip(foreign, keep, strict=True) if k]
        passing = [p for p, k in zip(passing, keep, strict=True) if k]
    if len(passing) < 2:
        return passing
    catch_all = is_catch_all(rule, profile)
    keyed = [(f, _claimed(c, rule, profile, index, catch_all), i)
             for i, ((c, _), f) in enumerate(zip(passing, foreign, strict=True))]
    return [passing[i] for *_, i in sorted(keyed)]


def _passes(rule, profile, index: Index, view: View, lang: str) -> bool:
    """The document meets every document check of ``rule``: it is that item's evidence."""
    ctx = Context(rule=rule, profile=profile, index=index, lang=lang)
    cfgs = registry.of_scope(rule.checks, Scope.DOCUMENT)
    return bool(cfgs) and all(registry.KINDS[c["kind"]].check(c, view, ctx).ok for c in cfgs)


def yielded(rule, profile, index: Index, cand: Candidate, lang: str = "th") -> bool:
    """A document failing this item is another item's evidence: this item's locate saw another item's name in
    its opening (a rule's ``exclude``), another item names it and it passes that item.
    "คู่มือการปฏิบัติงาน เรื่องร้องเรียน" is the complaint manual, not a work manual lacking its parts: it does
    not speak for this item's failure, the item's own document was not found."""
    if cand.view.url not in index.by_url and cand.view.doc.url not in index.by_url:
        return False
    if not any(m["where"].startswith("exclude") for m in cand.matched):
        return False  # this item's own locate saw no other item's name in it
    rules = {r.code: r for r in getattr(profile, "rules", [])}
    return any(code in rules and _passes(rules[code], profile, index, cand.view, lang)
               for code in claims(cand.view, profile, index) if code != rule.code)


def outclaimed(rule, profile, index: Index, cand: Candidate, lang: str = "th", margin: float | None = None) -> bool:
    """A document failing this item that another item names more strongly (its locate score on the document higher
    by ``margin``) and that passes that item: the other item's evidence, which met this item only by a shared word.
    A procurement winner notice titled "…จ้างจัดทำเอกสารหลักเกณฑ์…" carries O25's word "หลักเกณฑ์", yet it is O20's
    notice: "the HR rules lack staff development" citing it sends the officer to a procurement notice, and the HR
    rules were never published ("not found"). The agency's own ITA index presenting it for this item keeps it.
    ``margin``: how much more strongly the other item must name it (``settings()["margin"]`` unless given)."""
    if cand.hub_linked or (cand.view.url not in index.by_url and cand.view.doc.url not in index.by_url):
        return False
    margin = float(settings().get("margin", 0)) if margin is None else margin
    rules = {r.code: r for r in getattr(profile, "rules", [])}
    stronger = [code for code, s in claims(cand.view, profile, index).items()
                if code != rule.code and code in rules and s >= cand.score + margin]
    return any(_passes(rules[code], profile, index, cand.view, lang) for code in stronger)


def claimed_more(cand: Candidate, rule, profile, index: Index) -> bool:
    """Another item names the document more strongly than this item does (``_claimed``): a Drive-only post titled
    as O11's six-month report, tied to O12 only by a content guess, is O11's post (it passes nothing)."""
    return _claimed(cand, rule, profile, index, is_catch_all(rule, profile))
