"""Decide one O-item's verdict: which candidate passes, or why none does (fail or unreadable).

Verdicts: ``pass`` (100), ``fail`` (0, with findings) and ``unreadable`` (0, flagged):
the evidence seems to exist but could not be read or reached (scanned PDF, host down,
timeout, 5xx, too large). "Could not read" is never reported as "not disclosed".
A 404/410 on the agency's own site is a ``fail`` (the assessors hit the same dead link).
The check kinds are asked through the registry (scope, distance to passing, hidden text);
this module knows no check's fields.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from oit_checker import attribution, file_list, thai, vocabulary
from oit_checker import parts as item_parts
from oit_checker.checks import front_matter, on_site, registry
from oit_checker.checks import period as period_check
from oit_checker.checks.base import DOWNLOAD_KINDS, Context, ItemViews, Outcome, Scope, evidence, finding
from oit_checker.checks.findings import FindingKind
from oit_checker.corpus import Page
from oit_checker.i18n import t
from oit_checker.locate import (
    Candidate,
    View,
    about_matcher,
    alone_patterns,
    candidates,
    code_num,
    code_numbers,
    excluded_by,
    index_for,
    learned_only,
    match_term,
    named_inside_other,
    needle,
    ocr_reason,
    terms_of_other_items,
)
from oit_checker.profiles import known_profiles, load_profile, ocr_low_confidence, ocr_min_words
from oit_checker.states import SITE_DOWN, DocState, SiteStatus, Verdict, is_network_error

MAX_DOCS = 12  # documents read per item, best-located first
MAX_POOL = 80  # documents pooled for month coverage
WRAPPER_CHARS = 400  # a page this short that links a dead attachment is only its wrapper
PARTLY_DOWN = (5, 0.2)  # own-site network errors (count, share) that make a crawl incomplete, as crawl/summary.py
HEADING_ONLY = (2, 100)  # at most this many lines and characters besides the title: a heading, not content
IMAGE_PAGE_CHARS = 300  # a page with pictures and less text than this shows its content in them
# findings of the check kinds that rest on a year or month read from the text
DATE_FINDINGS = frozenset({FindingKind.WRONG_PERIOD, FindingKind.MISSING_MONTHS})


@dataclass
class Decision:
    """The verdict with what speaks for it: the best candidate, findings and evidence."""

    verdict: Verdict
    candidates: list[Candidate]
    best: Candidate | None = None
    findings: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    via: str = ""  # the post presenting the best document (an attachment): the page the assessor opens
    via_title: str = ""


def _run_doc(rule, cand: Candidate, ctx: Context) -> Outcome:
    out = Outcome(True)
    for cfg in registry.of_scope(rule.checks, Scope.DOCUMENT):
        res = registry.KINDS[cfg["kind"]].check(cfg, cand.view, ctx)
        out.ok = out.ok and res.ok
        out.findings += res.findings
        out.evidence += res.evidence
    return out


NAMED = ("title", "heading", "opening", "about", "link", "hub")  # where a document names itself as the item


def _named(cand: Candidate) -> bool:
    """The document names itself as the item in its own words or a link's, not only by a code in its address
    ("/docs/view-o37.html" of another round's numbering): the one an assessor would cite for the item."""
    return any(m["where"] in NAMED for m in cand.matched)


WORDS = ("title", "heading", "opening", "about", "link")  # where the document or its link names the item in words


def _foreign(cand: Candidate, rule, profile) -> bool:
    """Tied to the item only by a number (a code in its address, its link or the index row: "O17-ช่องทาง…",
    "/announce/view-o12.html" of another round's numbering) while its own title, headings or link texts name
    another item in that item's words: it is the other item's document, not this item's evidence lacking a part."""
    if any(m["where"] in WORDS for m in cand.matched):
        return False
    rows = [m["term"] for m in cand.matched if m["where"] == "hub"]
    if any(_names(row, rule.locate.get("terms", [])) for row in rows):
        return False  # the index row names the item in words
    v = cand.view  # only now the other items' terms (every bundled round: loaded once, when first needed)
    text = v.title + "\n" + v.headings + "\n" + v.links
    # this round's other items first: they are part of the rounds' terms, and often answer without loading them
    return _names(text, terms_of_other_items(profile, rule.code)) or _names(text, _other_items_terms(profile, rule))


def _guessed(cand: Candidate) -> bool:
    """Tied to the item only by a ``locate.about`` guess (what its content looks like), not by its own or a link's
    words or the ITA index."""
    where = {m["where"] for m in cand.matched}
    return "about" in where and not where & {"title", "heading", "opening", "link", "hub"}


def _titled_guess(cand: Candidate, rule) -> bool:
    """The ``locate.about`` pattern that ties it is met by its own title (or headings) alone: the document says what
    it is in the item's words, it is no content guess. A Drive-only post titled "คู่มือปฏิบัติงานเกี่ยวกับ
    เรื่องร้องเรียน" is the complaint manual's post, though the work manual's term "คู่มือปฏิบัติงาน" scores higher on
    it: the file is on Drive ("off-site"), not unpublished (session 18, generator seed 4242)."""
    about = rule.locate.get("about") or []
    if not about:
        return False
    matcher = about_matcher(about, [needle(m)[0] for m in rule.locate.get("mask", [])])
    v = cand.view
    return any(matcher.match(text, thai.key_of_normalized(text)) for text in (v.title, v.headings) if text.strip())


def _guessed_other(cand: Candidate, rule, profile, index=None) -> bool:
    """Tied to the item only by a ``locate.about`` guess (what its content looks like) while its own title,
    headings or link texts name another item: an executives page ("ผู้บริหาร อบต.") listing the head of each
    division looks like O1's units and posts, yet it is O2's page, and O1 is "not found", not "lacks its
    heading". A news category ("ข่าวกิจกรรม 12") names where posts of every item are filed, not another item.
    So too when its name is no item's words but another, specific item reads it as its own more strongly by what
    it says it is (``attribution.claimed_more``): the executives page titled by the head's post ("นายกองค์การ
    บริหารส่วนตำบล…") that opens "คณะผู้บริหาร…" (session 18, generator seed 1203)."""
    if not _guessed(cand):
        return False
    v = cand.view
    # this round's other items only: a heading naming another round's item this round has no counterpart of
    # (2569's No Gift "ไม่รับของขวัญ" among a 2565 ethics post's activities) names nothing the round asks for
    terms = [t for t in terms_of_other_items(profile, rule.code) if t not in _listing_terms()]
    if _names(v.title + "\n" + v.headings + "\n" + v.links, terms):
        return True
    return index is not None and not attribution.is_catch_all(rule, profile) and \
        attribution.claimed_more(cand, rule, profile, index)


# the ties that say nothing of what a document is: a code in its address, its content read like the item's kind
WEAK_TIES = frozenset({"code", "learned"})


def _numbered_only(cand: Candidate, rule, ctx: Context) -> bool:
    """Tied to the item only by a code in its address ("/docs/view-o18.html" of another round's numbering) or by
    the learned content signal, and its own text meets none of the item's content requirements (a budget estimate
    under 2569 O18's number, the complaint statistics, a waste-sorting post that only reads like a participation
    activity): nothing of the item is there, so "not found", not "lacks every part". The labels of the files a
    post presents ("เอกสารแนบ : รายงานผลการใช้จ่ายงบประมาณ…") are not its own text: "ผลการ" there is no outcome."""
    positive = {m["where"] for m in cand.matched if not m["where"].startswith(("exclude", "url"))}
    if not positive or not positive <= WEAK_TIES or cand.view.state != DocState.OK:
        return False
    full = _content_distance(rule, _bare(cand.view, ""), ctx)
    if full == 0:
        # an item judged by no words (a working online channel): a page tied to it only by the code in its address
        # says nothing of it either (an action-plan post at "/news/view-o10.html", 2565's O10 numbering, under
        # 2568's E-Service O10): "not found", not "no working online channel" citing the plan
        return positive == {"code"} and _code_in_address_only(cand, rule)
    return _content_distance(rule, _without_labels(cand.view, ctx.index), ctx) >= full


def _numbered_foreign(cand: Candidate, rule, profile, index) -> bool:
    """Tied to the item by its code alone (no word, link, index row or content guess) and named as another item in
    that item's words (:func:`_foreign`): the other item's document, never this item's evidence (session 18,
    generator seed 1207: a strategy-plan post at "/docs/view-o4.html" passed 2569's news item O4)."""
    positive = {m["where"] for m in cand.matched if not m["where"].startswith(("exclude", "url"))}
    return positive == {"code"} and _foreign(cand, rule, profile) and not _in_items_row(cand, rule, index)


def _code_in_address_only(cand: Candidate, rule) -> bool:
    """The item's code is in the document's address, not in its title or the words of a link to it."""
    v, num = cand.view, code_num(rule.code)
    return num in code_numbers(unquote(urlsplit(v.doc.url).path)) and num not in code_numbers(v.title + "\n" + v.links)


def _meets_nothing(rule, cand: Candidate, ctx: Context) -> bool:
    """The document's text meets none of the item's content requirements (every phrase group missing): nothing
    of the item is there but a shared word where it names itself."""
    full = _content_distance(rule, _bare(cand.view, ""), ctx)
    return full > 0 and _content_distance(rule, cand.view, ctx) >= full


def _says_nothing_under_heading(rule, cand: Candidate, ctx: Context) -> bool:
    """Under its title and headings the page meets none of the item's content requirements: the item's words are
    only in its name ("ข้อ 2.2 รายงานผลการดำเนินงานเผยแพร่ข้อมูล" over a date and "ดาวน์โหลดเอกสาร")."""
    full = _content_distance(rule, _bare(cand.view, ""), ctx)
    return full > 0 and _content_distance(rule, _bare(cand.view, _below_name(cand.view)), ctx) >= full


NAME_CODE_SLACK = 4  # letters before a repeated name: an item code read by OCR ("043:" for "O43:")
NAME_REPEAT_MIN = 10  # letters of a line's key below which it is too short to say it repeats the name


def _below_name(v: View) -> str:
    """A page's text under its name: without its title and headings, nor a line repeating them (a picture's
    OCR'd heading, an item code read before it, cut short at the picture's edge: "043:MOIT1 ข้อ 2.2 รายงานผล…เผ")."""
    names = [thai.key_of_normalized(thai.normalize(h)) for h in [v.doc.title or "", *(v.doc.headings or [])]]
    names = [k for k in names if k]

    def repeats(line: str) -> bool:
        key = thai.key_of_normalized(thai.normalize(line))
        return any(len(key) - i >= NAME_REPEAT_MIN and key[i:] in k
                   for i in range(min(NAME_CODE_SLACK, len(key)) + 1) for k in names)

    return "\n".join(ln for ln in _body(v).split("\n") if not repeats(ln))


def _pictures_only_in(pages: set[str], index) -> set[str]:
    """The pictures shown only in ``pages`` (every page showing them is one of them): part of those pages."""
    out = set()
    for url in pages:
        view = index.by_url.get(url)
        for lk in index.outlinks(view) if view is not None else []:
            if lk.kind == "img" and all(src.src in pages for src in index.links_to.get(lk.url, [])):
                out.add(lk.url)
    return out


def _pictures_of_excluded(rule, cands: list[Candidate], index) -> set[str]:
    """The pictures located for the item that every page showing them names, by its title, as another item (one of
    the item's ``exclude`` words: a post "แบบรายงานผลการดำเนินงานตามแผนปฏิบัติการส่งเสริมคุณธรรมจริยธรรม รอบ 6 เดือน"
    under O12): part of those pages, whatever their OCR'd heading, cut short, shares with the item's name."""
    exclude = rule.locate.get("exclude") or []
    out = set()
    for c in cands:
        if c.view.doc.kind != "image" or not exclude:
            continue
        pages = [index.by_url.get(lk.src) for lk in index.links_to.get(c.view.doc.url, [])]
        if pages and all(v is not None and any(excluded_by(v.title, v.keys["title"], t, "title") for t in exclude)
                         for v in pages):
            out.add(c.view.url)
    return out


def _presents_others_file(rule, cand: Candidate, cands: list[Candidate], ctx: Context) -> bool:
    """A short page whose content presents a readable file that another item names more strongly and passes
    (``attribution.outclaimed``): the page is that item's post, its title's shared word aside."""
    index = ctx.index
    if cand.view.doc.kind != "html":
        return False
    located = {c.view.doc.url: c for c in cands}
    files = [f for lk in index.outlinks(cand.view) if not lk.nav and lk.kind == "a"
             and (f := index.by_url.get(lk.url)) is not None and f.doc.kind in DOWNLOAD_KINDS
             and f.state == DocState.OK]
    if not files or not _wraps(cand, {f.doc.url for f in files}, index):
        return False
    return any(attribution.outclaimed(rule, ctx.profile, index, located.get(f.doc.url) or Candidate(f), ctx.lang)
               for f in files)


def _without_labels(v: View, index) -> View:
    """The page without the labels of the files it presents (the attachments' own names), as its own words."""
    if index is None or v.doc.kind != "html":
        return v
    labels = sorted({lk.text.strip() for lk in index.outlinks(v) if not lk.nav and lk.kind == "a" and lk.text
                     and (f := index.by_url.get(lk.url)) is not None and f.doc.kind in DOWNLOAD_KINDS},
                    key=len, reverse=True)
    if not labels:
        return v
    pages = []
    for p in v.doc.pages:
        text = p.text or ""
        for label in labels:
            text = text.replace(label, " ")
        pages.append(dataclasses.replace(p, text=text, norm=thai.normalize(text)))
    return View(dataclasses.replace(v.doc, pages=pages), [], v.site_hosts)


def _not_its_own(cand: Candidate, rule, profile, ctx: Context) -> bool:
    """Another item's document that does not speak for this item's failure (by a number or a content guess)."""
    return (_foreign(cand, rule, profile) or _guessed_other(cand, rule, profile, ctx.index)
            or _numbered_only(cand, rule, ctx))


@functools.cache
def _listing_terms() -> frozenset[str]:
    """Terms of the news-listing items of every bundled round (a ``locate.about`` pattern marked ``listed``):
    category names under which agencies file posts of any item."""
    return frozenset(t for *_, terms, listed in _bundled_items() if listed for t in terms)


def _names(text: str, terms) -> bool:
    norm = thai.normalize(text)
    key = thai.key_of_normalized(norm)  # once, not once per term (another round's terms are a thousand)
    return any(match_term(norm, key, t) for t in terms)


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


def _pictured_beside_file(cand: Candidate, index) -> bool:
    """A picture shown only in short pages that each present a readable file from their content (a table pictured
    above "คลิกที่นี่" to the Word file): the file is the document the assessor reads, judged for what it is; the
    picture is its copy, never this item's evidence left unread (a complaint manual's table picture is not "the
    work manual is an image")."""
    v = cand.view
    if v.doc.kind != "image":
        return False
    hosts = [index.by_url.get(lk.src) for lk in index.links_to.get(v.doc.url, []) if lk.kind == "img" and not lk.nav]
    if not hosts or any(h is None for h in hosts):
        return False
    return all(_wraps(Candidate(h), _readable_files(h, index), index) for h in hosts)


def _readable_files(v: View, index) -> set[str]:
    """The downloadable files a page links from its content that were read (a Word file, a text PDF)."""
    return {lk.url for lk in index.outlinks(v) if not lk.nav and lk.kind == "a"
            and (f := index.by_url.get(lk.url)) is not None and f.doc.kind in DOWNLOAD_KINDS
            and f.state == DocState.OK}


def _numbered_picture_post(cand: Candidate, index) -> bool:
    """A picture-only post tied to the item by nothing but a code in its address ("/news/view-o29.html" of another
    round's numbering) that presents a readable file: the file is what the post is, read for what it is, and the
    item's locate did not take it. The post hides nothing of this item ("could not read" would hide what the item's
    own, named post says: its file is a dead link; session 24, generator seed 16475 menus ita-2566 O29)."""
    positive = {m["where"] for m in cand.matched if not m["where"].startswith(("exclude", "url"))}
    return positive == {"code"} and _wraps(cand, _readable_files(cand.view, index), index)


def _read_inline(rule, cands: list[Candidate], index) -> set[str]:
    """Pictures shown inside a readable candidate page: part of that page, not an unread attachment, when
    they were read with it (its OCR pages, ``label`` = the picture's address) or when the rule counts the
    page's pictures as an element (O2: a photo of each executive) — the photos beside the executives' names
    make the "photo" element, never "data is an image"."""
    pages = [c.view for c in cands if c.view.state == DocState.OK and c.view.doc.kind == "html"]
    out = {p.label for v in pages for p in v.doc.pages if p.ocr and p.label}
    if registry.pictures_are_content(rule.checks):
        out |= {lk.url for v in pages for lk in index.outlinks(v) if lk.kind == "img"}
    return out


def heading_only(view, placeholders: tuple[str, ...] | list[str] = ()) -> bool:
    """A page that is only a heading or two ("ขั้นตอนการจัดซื้อจัดจ้าง / คู่มือหรือมาตรฐานการปฏิบัติงาน"):
    no figure, date, "field : value", picture, form or map. It names the item but publishes nothing of it.
    A line that only says the content is on its way (``placeholders``: "อยู่ระหว่างดำเนินการ") is no content."""
    if view.doc.kind != "html":
        return False
    feats = view.doc.features or {}
    if any(feats.get(k) for k in ("images", "forms", "iframes", "maps", "phones", "emails")):
        return False
    title = view.title.strip()
    marks = [thai.normalize(w).replace(" ", "") for w in placeholders]
    lines = [ln.strip() for _, n in view.page_norms for ln in n.split("\n") if ln.strip() and ln.strip() != title]
    lines = [ln for ln in lines if not any(m and m in ln.replace(" ", "") for m in marks)]
    # one line and only that line, written again and again (a gallery's title under each of its photos; a copy cut
    # short inside the last one): the page's heading, however it is titled — as when its title is that line
    # (session 20, tuning set O7-611)
    longest = max(lines, key=len, default="")
    if lines.count(longest) >= 2 and all(longest.startswith(ln) for ln in lines):
        lines = []
    if len(lines) > HEADING_ONLY[0] or sum(len(ln) for ln in lines) >= HEADING_ONLY[1]:
        return False
    # content states something: a figure, a date, an amount, or "field : value"
    return not any(ch.isdigit() or ch == ":" for ln in lines for ch in ln)


# the item's own words (not its page elements: an executives page with photos and phones keeps naming what
# it lacks); a rule needs this many of them before "nothing of it under the heading" is said
CONTENT_FINDINGS = (FindingKind.MISSING_PHRASES,)
UNRELATED_MIN = 2


def _content_distance(rule, view, ctx: Context) -> int:
    res = _run_doc(rule, Candidate(view), ctx)
    return registry.distance(Outcome(res.ok, [f for f in res.findings if f.get("kind") in CONTENT_FINDINGS]))


def _body(v: View) -> str:
    """A page's text without its title and heading lines: what it says under the heading."""
    heads = {h.strip() for h in [v.doc.title or "", *(v.doc.headings or [])] if h.strip()}
    return "\n".join(ln for p in v.doc.pages for ln in (p.text or "").split("\n") if ln.strip() not in heads)


def _bare(v: View, text: str) -> View:
    """The page reduced to ``text`` (no title, headings or links), to ask what that text alone meets."""
    doc = dataclasses.replace(v.doc, title="", headings=[], pages=[Page(n=1, text=text, norm=thai.normalize(text))])
    return View(doc, [], v.site_hosts)


def _text_carries(rule, cand: Candidate, ctx: Context) -> bool:
    """The page's own text under its heading meets every content requirement of the item: its pictures
    (an activity photo) are decoration beside the evidence, not the evidence hidden in an image."""
    v = cand.view
    if v.doc.kind != "html":
        return False
    body = _body(v)
    return bool(body.strip()) and _content_distance(rule, _bare(v, body), ctx) == 0


def _decorations(rule, results: list, ctx: Context, index) -> set[str]:
    """Pictures shown in a page that passes the item by its own text: never an unread attachment."""
    pictured = [(c, pics) for c, r in results if r.ok and c.eligible and c.view.doc.kind == "html"
                and (pics := [lk.url for lk in index.outlinks(c.view) if lk.kind == "img"])]
    return {url for c, pics in pictured if _text_carries(rule, c, ctx) for url in pics}  # judged once per page


def _unrelated(rule, cand: Candidate, ctx: Context, least: int = UNRELATED_MIN) -> bool:
    """The item's heading over someone else's content ("โครงสร้างองค์กร" over population figures): the heading
    meets part of the item's content requirements (of at least ``least``), the text under it none."""
    v = cand.view
    if v.doc.kind != "html":
        return False
    body = _body(v)

    def bare(text: str) -> View:
        return _bare(v, text)

    # the page's title is the standard document's own name over its preface (a report published as a page
    # under its own title): the document itself, not another item's content under the item's heading
    if any(front_matter.presumed(c.get("document"), v) for c in rule.checks):
        return False
    full = _content_distance(rule, bare(""), ctx)
    if full < least or not body.strip() or _content_distance(rule, bare(body), ctx) < full:
        return False
    # an activity post's headline is the post's own words, not the item's heading over them: "เทศบาลเมือง… จัดงาน
    # วันเทศบาล ประจำปี 2564" over the dated account of the ceremony is the news of it whatever words its body uses
    if (period_check.dated_by_day(rule) and _headline(rule, v, ctx, full)
            and period_check.view_years(bare(body), by_date=True)[0]):
        return False
    # the heading alone meets part of the item: the page's only word of the item is its heading
    return _content_distance(rule, v, ctx) < full


HEADLINE_MIN = 8  # Thai letters a heading says besides the item's name, an agency's name and a year: a post's headline


def _headline(rule, v: View, ctx: Context, full: int) -> bool:
    """Every heading line that meets part of the item says more than the item's name: a post's own headline
    ("ประชาสัมพันธ์ การยืนยันสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ ประจำปีงบประมาณ 2570"), not the item's label
    ("ข่าวประชาสัมพันธ์", "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "ข่าวกิจกรรม อบต.…", each with or without a year)."""
    heads = [h.strip() for h in [v.doc.title or "", *(v.doc.headings or [])] if h.strip()]
    carrying = [h for h in heads if _content_distance(rule, _bare(v, h), ctx) < full]
    return bool(carrying) and all(_says_more(rule, h) for h in carrying)


def _says_more(rule, heading: str) -> bool:
    """The heading, without the item's names, an agency's name ("อบต.…", "เทศบาลตำบล…") and its years or dates,
    still says something of its own (``HEADLINE_MIN`` letters)."""
    text = thai.normalize(heading)
    for ref in [*thai.find_years(text), *thai.find_dates(text)]:
        text = text[:ref.start] + " " * (ref.end - ref.start) + text[ref.end:]
    names = [thai.normalize(n) for n in [*rule.locate.get("terms", []), rule.name.get("th", "")] if n]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    agencies = [thai.normalize(w) for w in vocabulary.common().get("agency_words", []) if w]
    words = [w for w in text.split() if not any(w.startswith(a) for a in agencies)]
    return thai.count_thai("".join(words)) >= HEADLINE_MIN


def _links_documents(cand: Candidate, index) -> bool:
    """The page links, from its content, documents the crawl holds (readable or not): those are judged themselves
    and the page stays their pointer; a list whose entries lead nowhere the crawl reached is judged as a list."""
    own = {cand.view.doc.url, cand.view.doc.final_url}
    return any(not lk.nav and lk.url not in own and lk.url in index.by_url for lk in index.outlinks(cand.view))


def _presents_files(cand: Candidate, index) -> bool:
    """The page links files from its content (a post presenting its attachments): its body is the pointer
    to the evidence, not someone else's content under the item's heading."""
    return any(not lk.nav and lk.kind == "a" and (v := index.by_url.get(lk.url)) is not None
               and v.doc.kind in DOWNLOAD_KINDS for lk in index.outlinks(cand.view))


def _says_placeholder(view, placeholders: list[str]) -> bool:
    """The page says its content is on its way ("อยู่ระหว่างดำเนินการ")."""
    text = "".join(n for _, n in view.page_norms).replace(" ", "")
    return any(m and m in text for m in (thai.normalize(w).replace(" ", "") for w in placeholders))


def _title_alone(cand: Candidate, alone: set[str]) -> bool:
    """The page was recognised as one title alone (an ``alone`` pattern): when its title repeats that one line (a
    post titled by the law's name, as a real site serves it), it is the evidence the rule asks for, not a heading
    with nothing under it."""
    return bool(alone) and any(m.get("where") == "about" and m.get("term") in alone for m in cand.matched)


def _heading_finding(shells: list[Candidate], ctx: Context, why: str = "heading_only") -> dict:
    """The page has the item's heading and nothing under it: say so and cite the page, not "not found"."""
    v = shells[0].view
    # the item's name as the page or its link shows it ("กฎหมายที่เกี่ยวข้อง" in the menu), else the page's title
    named = [m["term"] for m in shells[0].matched if m.get("where") in ("title", "heading", "link")]
    heading = (named[0] if named else v.title or v.headings.split("\n")[0] or v.url).strip()
    f = finding(FindingKind.NOT_FOUND, ctx, v, snippet=heading, variant=why, url=v.url,
                msg_kw={"heading": heading, "url": v.url})
    f["reason"], f["heading"] = why, heading
    return f


def _hidden_reason(view) -> str | None:
    """Why a readable document may still hide its content: scanned pages, or a picture-only page."""
    if any(p.needs_ocr for p in view.doc.pages):
        return ocr_reason(view.doc)
    read = [p for p in view.doc.pages if p.ocr]
    if read and view.doc.kind != "html" and sum(len(p.norm.split()) for p in read) < ocr_min_words():
        return "ocr_too_little"  # a picture read by OCR that gave only a title: the rest is too small to read
    images = (view.doc.features or {}).get("images") or []
    if view.doc.kind == "html" and images and sum(len(n) for _, n in view.page_norms) < IMAGE_PAGE_CHARS:
        return "image_only"
    return None


@functools.cache
def _bundled_items() -> tuple:
    """(concept, code, locate terms, news listing?) of every item of every bundled round: the rounds are
    loaded once for both uses below."""
    out = []
    for name in known_profiles():
        try:
            prof = load_profile(name, validate=False)
        except Exception:  # noqa: BLE001 - a broken bundled profile is reported by `rules check`, not here
            continue
        out += [(r.concept, r.code, tuple(r.locate.get("terms", [])),
                 any(p.get("listed") for p in r.locate.get("about", []))) for r in prof.rules]
    return tuple(out)


@functools.cache
def _round_rules() -> tuple:
    """(concept, code, locate terms) of every item of every bundled round."""
    return tuple((concept, code, terms) for concept, code, terms, _ in _bundled_items())


def _other_items_terms(profile, rule) -> tuple[str, ...]:
    """Locate terms of every other item of the profile and of the other rounds' items of other concepts: a page
    a site kept under another round's number ("รายงานการกำกับติดตามการใช้จ่ายงบประมาณ…" of 2565 O19 on a 2568
    site) names an item this round may not ask for at all."""
    cache = profile.__dict__.setdefault("_oit_other_items_terms", {})
    if rule.code not in cache:
        own = set(rule.locate.get("terms", []))
        rounds = {t for concept, _, terms in _round_rules() if not (concept and concept == rule.concept)
                  for t in terms if t not in own}
        cache[rule.code] = tuple(dict.fromkeys(list(terms_of_other_items(profile, rule.code)) + sorted(rounds)))
    return cache[rule.code]


def _footer_candidate(index) -> Candidate | None:
    """The start page read with its site-wide footer/menus (``nav_text``) as one more page.

    Contact details printed in the footer of every page are a way of publishing them that
    assessors accept (O5): the rule opts in with ``locate.site_footer``."""
    start = (index.corpus.crawl or {}).get("start_url") or ""
    v = index.by_url.get(start) or index.by_url.get(start.rstrip("/")) or index.by_url.get(start + "/")
    if v is None or v.state != DocState.OK or not (v.doc.nav_text or "").strip():
        return None
    n = max((p.n for p in v.doc.pages), default=0) + 1
    # the footer first: its address block, not a village named in a news item, is the evidence
    doc = dataclasses.replace(v.doc, pages=[Page(n=n, text=v.doc.nav_text, label="footer")] + list(v.doc.pages))
    return Candidate(View(doc, v.link_texts, v.site_hosts), matched=[{"term": "nav_text", "where": "footer"}])


def _item_views(views: ItemViews, cands: list[Candidate], pool: list[Candidate]) -> list[View]:
    if views == ItemViews.STRONG:
        # a channel is named in a title, heading or link, not merely mentioned in a report's text
        return [c.view for c in cands if c.strong]
    return [c.view for c in pool]


def decide(rule, corpus, profile, lang: str = "th") -> Decision:
    """Which candidate passes the item's checks; when none does, whether it failed or could not be read."""
    out = _decide(rule, corpus, profile, lang)
    if out.best is not None and learned_only(out.best):
        # recognised by the learned signal alone: the officer is told, and checks the document is this item's
        for e in out.evidence:
            if e.get("url") == out.best.view.url:
                e["recognised"] = t("check.located.learned", lang)
    if out.best is not None and out.best.view.doc.kind != "html":
        index = index_for(corpus)
        posts = [u for u in index.post_of.get(out.best.view.doc.url) or [] if u not in index.hubs]  # not an ITA index
        cited = {c.view.url for c in out.candidates}
        # the post that is itself located for the item first, else the first post presenting the file
        out.via = next((u for u in posts if u in cited), posts[0] if posts else "")
        post = index.by_url.get(out.via) if out.via else None
        out.via_title = (post.doc.title if post else "") or ""
        for e in out.evidence:
            if out.via and e.get("url") == out.best.view.url:
                e["via"] = out.via
    return out


def _decide(rule, corpus, profile, lang: str = "th") -> Decision:
    index = index_for(corpus)
    ctx = Context(rule=rule, profile=profile, index=index, lang=lang)
    cands = candidates(rule, index, terms_of_other_items(profile, rule.code))
    readable = [c for c in cands if c.view.state == DocState.OK]
    # a check that is only a condition on documents (where they are) does not make an item document-based
    doc_based = any(registry.KINDS[c["kind"]].alone_is_evidence for c in registry.of_scope(rule.checks, Scope.DOCUMENT))
    item_cfgs = registry.of_scope(rule.checks, Scope.ITEM)

    # Only a document that presents itself as the item may pass it (a report that merely
    # cites "O20" in a table is not O20's evidence); the others still explain a failure.
    results = [(c, _run_doc(rule, c, ctx)) for c in readable[:MAX_DOCS]]
    placeholders = ctx.vocab("placeholder_words")
    alone = alone_patterns(rule.locate)
    shells = [c for c, _ in results if doc_based and c.eligible and heading_only(c.view, placeholders)
              and not _title_alone(c, alone)]
    # said as "heading without content" when nothing of the item failed on it, or it says "in progress"
    empty = [c for c, r in results if c in shells and (r.ok or _says_placeholder(c.view, placeholders))]
    unrelated = [c for c, r in results if doc_based and c.eligible and not r.ok and c not in shells
                 and _unrelated(rule, c, ctx)]
    # passing only by its heading: "ระเบียบกฎหมาย…" over population figures says nothing of the item
    unrelated += [c for c, r in results if doc_based and c.eligible and r.ok and c not in shells
                  and not _presents_files(c, index) and _unrelated(rule, c, ctx, least=1)]
    # a page of download entries lists the document, it is not the document (a plan's cover and parts with their
    # page ranges), nor is a numbered list naming documents of several kinds (a manual, a report, an order), nor a
    # bare list of titles under a heading (the agency's manuals, one a line): never a plan's, a manual's or a
    # report's evidence, when its entries lead to nothing the crawl holds
    never_a_list = doc_based and attribution.file_list_never(rule, profile)
    listed = [c for c, r in results if never_a_list and c.eligible and r.ok and c not in shells and c not in unrelated
              and not _links_documents(c, index)
              and (file_list.lists_files(c.view) or file_list.names_documents(c.view)
                   or file_list.lists_titles(c.view) or file_list.says_attached(c.view))]
    # (of which: a short announcement saying the document is attached, "…ตามเอกสารที่แนบท้ายประกาศนี้", session 24)
    attached = [c for c in listed if file_list.says_attached(c.view)]
    inline = _read_inline(rule, cands, index) | _decorations(rule, results, ctx, index)
    dead = {c.view.doc.url for c in cands if c.view.state != DocState.OK and c.eligible and c.view.url not in inline}
    # a post whose only content is a Google Drive (file-host) link points elsewhere: never the evidence itself
    # (the post the agency's ITA index links for the item is its evidence as the agency presents it, whatever
    # its title names)
    pointers = {c.view.url: links for c, _ in results if (c.eligible or c.hub_linked)
                and (links := on_site.file_host_links(c.view, ctx))}
    # said "off-site" of a post named as the item (its words or the index); one tied to it only by a code in its
    # address ("/ita/o4.html" of another round's numbering) does not outweigh a page named as the item, and one
    # whose own words name another item ("O24 : รายงานผลการจัดซื้อจัดจ้าง…" under 2569 O24) is that item's post,
    # also when only a content guess ties it here and another item names it more strongly (O11's six-month
    # monitoring report, read as O12's annual report)
    named = any(_named(c) and c.eligible for c, _ in results)
    # (a post whose own title meets the item's about-pattern stays the item's pointer when nothing else names the
    # item in words: a Drive-only "คู่มือปฏิบัติงานเกี่ยวกับ เรื่องร้องเรียน" is the complaint manual's post though
    # the work manual's generic term scores higher on it; beside the item's own named report, another item's
    # Drive post read as it is that item's)
    worded = any(c.eligible and _named(c) and not _guessed(c) for c, _ in results)
    named_pointers = {c.view.url: pointers[c.view.url] for c, _ in results
                      if c.view.url in pointers and (_named(c) or not named)
                      and not ((_foreign(c, rule, profile) or (
                                   _guessed(c) and (worded or not _titled_guess(c, rule))
                                   and attribution.claimed_more(c, rule, profile, index)))
                               and not _in_items_row(c, rule, index))}
    # (a page tied only by a code in its address or title while its own words name another item is that item's:
    # "ยุทธศาสตร์การพัฒนา" at "/docs/view-o4.html", 2565's O4 numbering, is no 2569 news post, whatever its date;
    # and a news item never takes a post tied to it only by its address: attribution.addressed_only)
    passing = [(c, r) for c, r in results if r.ok and c.eligible and not _wrapper_of(c, dead, index)
               and c not in shells and c not in unrelated and c not in listed and c.view.url not in pointers
               and not _numbered_foreign(c, rule, profile, index) and not attribution.addressed_only(c, rule, profile)]
    split = None
    if not passing and item_parts.of(rule):
        # a merged item (plan + progress) may be published as one document per part
        files = {c.view.doc.url for c in readable[:MAX_DOCS] if c.view.doc.kind != "html"}
        split = item_parts.judge(rule, readable[:MAX_DOCS], ctx, lambda c: c.eligible and not _wrapper_of(
            c, dead, index) and c not in shells and c not in unrelated, lambda c: _wraps(c, files, index))
        if item_parts.all_met(split):
            passing = [item_parts.joined(split, lang)]
    if not passing and doc_based and rule.locate.get("site_footer"):
        # no dedicated page passes (or it is dead): the site-wide footer may carry the details
        foot = _footer_candidate(index)
        res = _run_doc(rule, foot, ctx) if foot else None
        if res is not None and res.ok:
            passing = [(foot, res)]
    # several documents pass: the one that fits the item best first (another item's evidence last)
    ordered = attribution.order(rule, profile, index, passing)
    # a document passing the checks that is of a kind the item never takes (a procurement notice under the spending
    # plan) is set aside: nor does it speak for the item's failure (session 20, generator seed 15307, ita-2565 O18:
    # it hid the plan of the year before as "not found")
    set_aside = {c.view.url for c, _ in passing} - {c.view.url for c, _ in ordered}
    passing = ordered
    pool = [c for c, r in passing] if doc_based else [c for c in readable if c.eligible]
    pool += [c for c in readable[MAX_DOCS:MAX_POOL] if c.eligible and (not doc_based or _run_doc(rule, c, ctx).ok)]
    item_outs = []
    for cfg in item_cfgs:
        kind = registry.KINDS[cfg["kind"]]
        item_outs.append(kind.check(cfg, _item_views(kind.item_views, cands, pool), ctx))
    items_ok = all(o.ok for o in item_outs)
    docs_ok = bool(passing) or not doc_based

    site_status = (corpus.crawl or {}).get("status")
    out = Decision(Verdict.FAIL, cands)
    if passing:
        for _, r in passing:
            mark_ocr(r.evidence, index)
        # a pass resting only on OCR text read with low confidence is not a pass to rely on
        cutoff = ocr_low_confidence(profile)
        sure = [(c, r) for c, r in passing if not _low_confidence(r.evidence, cutoff)]
        if not sure and docs_ok and items_ok:
            c, r = passing[0]
            out.verdict, out.best = Verdict.UNREADABLE, c
            conf = min(e.get("ocr_confidence") or 0.0 for e in r.evidence if e.get("url"))
            reason = t("check.reason.ocr_low_confidence", lang, conf=f"{conf:.0f}", cutoff=f"{cutoff:g}")
            out.findings = [finding(FindingKind.UNREADABLE, ctx, c.view, msg_kw={"reason_text": reason})]
            out.findings[0]["reason"] = "ocr_low_confidence"
            out.findings[0]["ocr_confidence"], out.findings[0]["ocr_cutoff"] = conf, cutoff
            out.evidence = r.evidence or [evidence(c.view)]
            return out
        passing = sure + [p for p in passing if p not in sure]
    if docs_ok and items_ok and (passing or item_outs):
        out.verdict = Verdict.PASS
        if passing:
            out.best, res = passing[0]
            out.evidence = res.evidence or [evidence(out.best.view)]
        for o in item_outs:
            mark_ocr(o.evidence, index)
            out.evidence += o.evidence
        _note_ocr_dates(rule, out, index, lang)
        return out
    strong_unreadable = [c for c in cands if c.view.state == DocState.UNREADABLE and c.eligible
                         and c.view.url not in inline and not _pictured_beside_file(c, index)]
    # text missing because it sits in a picture or a scanned page: not "not disclosed"
    hidden = [(c, _hidden_reason(c.view)) for c, r in results
              if c.eligible and not r.ok and all(registry.hidden_text(f) for f in r.findings)]
    # a post whose pictures sit beside a readable attachment is judged on the attachment, not "unreadable"
    read_files = {c.view.doc.url for c, _ in results if c.view.doc.kind != "html"}
    hidden = [(c, why) for c, why in hidden if why and not _wraps(c, read_files, index)
              and not _pictured_beside_file(c, index) and not _numbered_picture_post(c, index)]
    # another item's picture page tied to this one only by a number hides nothing of this item
    hidden = [(c, why) for c, why in hidden if not _foreign(c, rule, profile)
              and not _guessed_other(c, rule, profile, index)]
    # a dead link the agency's own ITA index gives for the item is the item's, whatever a menu label names (a
    # menu "EB10 …แนวปฏิบัติการจัดการเรื่องร้องเรียน…" to the statistics file): the assessor hits the same 404
    # (a dead link named as the item only by a generic word inside another item's longer name is that item's dead
    # link: "รายงานผลการจัดซื้อจัดจ้าง… ประจำปี" is the annual report's, not a procurement notice's)
    # (and so is a live document failing the item: the annual procurement report failing "ประกาศ" is not a notice
    # lacking its word, the notices were not found)
    failing = {c.view.url for c, r in results if not r.ok}
    elsewhere = {c.view.url for c in cands if (c.view.state == DocState.BROKEN or c.view.url in failing)
                 and named_inside_other(c, rule, terms_of_other_items(profile, rule.code))}
    # (and a dead link the agency's ITA index gives in another item's row, while it gives this item a row of its
    # own, is that item's: "MOIT1 ข้อ 2.2 รายงานผลการดำเนินงานเผยแพร่ข้อมูล" in the integrity measures' row is not
    # the annual report, session 24, generator seed 16413 hub ita-2569 O7)
    elsewhere |= {c.view.url for c in cands if c.view.state == DocState.BROKEN and _in_others_row(c, rule, index)}
    broken = [c for c in cands if c.view.state == DocState.BROKEN and (c.eligible or c.hub_linked)
              and c.view.url not in elsewhere]
    if site_status in SITE_DOWN and not passing:
        # the site itself could not be read: nothing can be called "not disclosed"
        out.verdict = Verdict.UNREADABLE
        reason = t(f"check.reason.site_{site_status}", lang)
        out.findings = [finding(FindingKind.UNREADABLE, ctx, url=(corpus.crawl or {}).get("start_url", ""),
                                msg_kw={"reason_text": reason})]
        out.findings[0]["reason"] = f"site_{site_status}"
    elif strong_unreadable or hidden:
        out.verdict = Verdict.UNREADABLE
        out.best, why = (strong_unreadable[0], strong_unreadable[0].view.reason) if strong_unreadable else hidden[0]
        v = out.best.view
        reason = t(f"check.reason.{why}", lang)
        out.findings = [finding(FindingKind.UNREADABLE, ctx, v, msg_kw={"reason_text": reason})]
        out.findings[0]["reason"] = why
        out.evidence = [evidence(v)]
    else:
        # another item's page tied to this one only by a number does not speak for it ("not found", not
        # "the annual report lacks procurement results")
        own = [(c, r) for c, r in results if not _not_its_own(c, rule, profile, ctx)]
        # a document that is another item's evidence (named as it, passing it) does not explain this failure
        # (or one another item names more strongly and passes: a winner notice "…เอกสารหลักเกณฑ์…" is not O25's rules)
        # (or one meeting nothing of this item that another item names at least as strongly and passes: a village
        # forum post "…ประชุมประชาคม…ปรับปรุงแผนพัฒนาท้องถิ่น…" is the participation item's, not a plan lacking its parts)
        # (or a short post meeting nothing of this item that presents another item's file: "หลักเกณฑ์ขั้นตอนการแก้ไข
        # ปัญหาเรื่องร้องเรียน" presenting the complaint manual is the complaint item's post, not HR rules lacking parts)
        others = {c.view.url for c, r in own if not r.ok and (
            attribution.yielded(rule, profile, index, c, lang) or attribution.outclaimed(rule, profile, index, c, lang)
            or (_meets_nothing(rule, c, ctx) and attribution.outclaimed(rule, profile, index, c, lang, margin=0))
            or (_says_nothing_under_heading(rule, c, ctx) and _presents_others_file(rule, c, cands, ctx)))}
        # (and a picture shown in such a post is part of it: the table picture of an integrity-measure post, its
        # heading read by OCR, is not the annual report lacking its parts)
        # (nor is a picture shown only in posts whose titles name another item: "…รอบ 6 เดือน" is O11's or O40's)
        others |= _pictures_only_in(others, index) | _pictures_of_excluded(rule, cands, index) | elsewhere | set_aside
        own = [(c, r) for c, r in own if c.view.url not in others]
        if own:
            # the candidate closest to passing speaks for the item; an attachment rather than
            # the short page presenting it (the officer must not be asked to add what is there)
            files = {c.view.doc.url for c, _ in own if c.view.doc.kind != "html"}
            # (a page passing only by a heading over another subject explains less than the item's own document
            # failing its period: "รอบ 6 เดือน" over O40's report is not why O11's report, covering Oct–Dec, fails)
            out.best, res = max(own, key=lambda cr: (cr[0].eligible, cr[0] not in unrelated, cr[1].ok, _named(cr[0]),
                                                         -len(cr[1].findings),
                                                         -registry.distance(cr[1]),
                                                         not _wraps(cr[0], files, index),
                                                         -period_check.years_off(cr[1].findings),
                                                         cr[0].score))
            out.findings = list(res.findings)
            out.evidence = res.evidence
        if split and item_parts.some_met(split):
            # some parts are published: name the part that is missing, show the ones found
            out.findings, out.evidence = item_parts.missing(split, lang)
        for o in item_outs:
            out.findings += o.findings
        if broken:
            out.findings.insert(0, finding(FindingKind.BROKEN_LINK, ctx, broken[0].view, url=broken[0].view.url))
            out.best = out.best or broken[0]
        if unrelated and out.best in unrelated and not empty:
            kept = [f for f in out.findings if f.get("kind") == FindingKind.BROKEN_LINK]
            out.findings = kept + [_heading_finding(unrelated, ctx, "heading_unrelated")]
            out.evidence = []
        elif listed and out.best in listed and not empty:
            # the page lists the document's files: say so and cite it, the officer checks the files are online
            kept = [f for f in out.findings if f.get("kind") == FindingKind.BROKEN_LINK]
            why = "attached" if out.best in attached else "file_list"
            out.findings, out.evidence = kept + [_heading_finding(listed, ctx, why)], []
        elif empty and (out.best in empty or not out.findings):
            # the item's heading over nothing ("อยู่ระหว่างดำเนินการ"): the page is cited, the content is missing
            kept = [f for f in out.findings if f.get("kind") == FindingKind.BROKEN_LINK]
            out.findings, out.evidence, out.best = kept + [_heading_finding(empty, ctx)], [], empty[0]
        elif not out.findings or not any(c.eligible and not _not_its_own(c, rule, profile, ctx)
                                         and c.view.url not in others for c in cands):
            # only passing mentions (a report citing the item, a menu word in a news text); the agency's ITA index
            # giving the item a dead link stays said (the officer fixes the link, the document may exist)
            indexed = {c.view.url: c for c in broken if c.hub_linked}
            dead_links = [f for f in out.findings if f.get("kind") == FindingKind.BROKEN_LINK
                          and f["evidence"].get("url") in indexed]
            out.findings, out.evidence = dead_links or [finding(FindingKind.NOT_FOUND, ctx)], []
            out.best = indexed[dead_links[0]["evidence"]["url"]] if dead_links else None
        if named_pointers and on_site.off_site_files_fail():
            _file_host_only(out, results, named_pointers, ctx)
        mark_ocr(out.evidence, index)
        _note_ocr_dates(rule, out, index, lang)
        why = crawl_gap_reason(corpus)
        if why:
            _incomplete(out, corpus, ctx, why)
    return out


def _file_host_only(out: Decision, results: list, pointers: dict[str, list[str]], ctx: Context) -> None:
    """A post named as the item holds only a file-host link: say so (naming the link) instead of "not found" or
    "heading without content"; a dead link found on the way is kept. When the item's own document was found
    and fails for what it says (a report of the wrong year), that stays the first finding and the off-site
    post is added beside it: "move the file off Drive" alone would hide "publish this year's report".
    Switch ``off_site_files``."""
    cand = next(c for c, _ in results if c.view.url in pointers)
    link = pointers[cand.view.url][0]
    f = finding(FindingKind.OFF_SITE, ctx, cand.view, snippet=link, variant="off_site_file_host", url=cand.view.url,
                msg_kw={"link": link})
    f.update(reason="file_host_only", link=link, confidence="L")
    if _own_document_speaks(out, pointers, [c for c, _ in results]):
        out.findings = [x for x in out.findings if x.get("reason") != "file_host_only"] + [f]
        out.evidence = list(out.evidence) + [evidence(cand.view, link)]
        return
    kept = [x for x in out.findings if x.get("kind") == FindingKind.BROKEN_LINK]
    if _in_others_row(cand, ctx.rule, ctx.index):
        # the agency's ITA index presents the post in another item's row and gives this item a row of its own: the
        # post is that item's, said beside this item's own gap ("not found"), not instead of it (as session 17 put
        # the own report first; session 24, generator seed 16413 hub ita-2568 O7: "MOIT1 ข้อ 2.2
        # รายงานผลการดำเนินงานเผยแพร่ข้อมูล" in the integrity measures' row, holding only a Drive link)
        own = [x for x in out.findings if x.get("reason") != "file_host_only"] \
            if out.best is not None and out.best.view.url not in pointers else []
        out.findings = (own or kept or [finding(FindingKind.NOT_FOUND, ctx)]) + [f]
        out.evidence = (list(out.evidence) if own else []) + [evidence(cand.view, link)]
        out.best = out.best if own else None
        return
    out.findings, out.best = [f] + kept, cand
    out.evidence = [evidence(cand.view, link)]


def _in_others_row(cand: Candidate, rule, index) -> bool:
    """The agency's ITA index links it only in other items' rows, and has a row of this item's own (linking another
    page, or saying "ไม่มีข้อมูล"): it presents the document for another item, by the row and not by the link's
    words."""
    rows = index.row_items(cand.view)
    num = code_num(rule.code)
    return bool(rows) and num not in rows and num in index.row_numbers()


def _in_items_row(cand: Candidate, rule, index) -> bool:
    """The agency's ITA index links it in the item's own row ("O19 | ข้อมูลสถิติ… | EB10 …"): the agency
    presents it for the item, whatever its title names. A link whose own text carries another round's code
    ("O24 : รายงานผลการจัดซื้อจัดจ้าง…" in 2569's O12 row) is not in the item's row."""
    num = code_num(rule.code)
    for hub_url in index.hubs:
        rows = index.link_rows(hub_url)
        for lk in index.outlinks(index.by_url[hub_url]):
            if lk.url in (cand.view.doc.url, cand.view.doc.final_url) and \
                    num in rows.get((lk.url, thai.normalize(lk.text or "").strip()), ()):
                return True
    return False


PERIOD_FINDINGS = DATE_FINDINGS | {FindingKind.SHORT_COVERAGE}
ASIDE = frozenset({FindingKind.BROKEN_LINK, FindingKind.OFF_SITE})  # said of other links, not of the document


def _own_document_speaks(out: Decision, pointers: dict[str, list[str]], cands: list[Candidate] = ()) -> bool:
    """The failure rests on the item's own document, named as it and read (not a file-host post), that fails
    only for its period (a report of the wrong year, months missing): publishing the right period is what the
    officer must do first. A page lacking the item's content is no such document: the Drive post comes first,
    unless the item's own page names the item more strongly than every file-host post does."""
    best = out.best
    if best is None or best.view.url in pointers or not best.eligible or not _named(best):
        return False
    kinds = {f.get("kind") for f in out.findings} - ASIDE
    named = [c for c in cands if c.eligible and _named(c)]
    top = max(named, key=lambda c: c.score, default=None)
    if kinds and top is not None and top.view.url not in pointers and \
            all(top.score > c.score for c in named if c.view.url in pointers):
        # the item's own page names it more strongly than any file-host post (one named in passing: "MOIT1 ข้อ 2.2
        # รายงานผลการดำเนินงานเผยแพร่ข้อมูล"): what the item's document lacks is said first, the post beside it
        # (session 17, generator seed 1114)
        return True
    if kinds and _names_more_fully(best, [c for c in named if c.view.url in pointers]):
        # the item's own document names it in its own words by a longer term than any file-host post does (the
        # report "รายงานผลการดำเนินงานประจำปี…" in the document centre; the post "MOIT1 ข้อ 2.2
        # รายงานผลการดำเนินงานเผยแพร่ข้อมูล" only by "รายงานผลการดำเนินงาน"), however the posts score: what the
        # document lacks is said first (session 24, generator seed 16360 menus)
        return True
    return bool(kinds) and kinds <= PERIOD_FINDINGS


SELF_NAMED = ("title", "heading", "opening")  # where a document names itself in its own words


def _names_more_fully(best: Candidate, posts: list[Candidate]) -> bool:
    """``best`` names itself (title, headings, opening) by an item term of which each file-host post's naming
    terms (its own words or its link's) are a proper part: the posts name only a part of what it names."""
    own = [thai.key_of_normalized(thai.normalize(m["term"])) for m in best.matched if m["where"] in SELF_NAMED]
    if not own or not posts:
        return False
    full = max(own, key=len)
    for p in posts:
        terms = {thai.key_of_normalized(thai.normalize(m["term"])) for m in p.matched if m["where"] in WORDS}
        if not terms or any(t == full or t not in full for t in terms):
            return False
    return True


def _incomplete(out: Decision, corpus, ctx: Context, why: str) -> None:
    """"Not found" only after a complete crawl: a crawl cut short (limits hit, interrupted, the
    site partly unreachable) may not have reached the evidence, so the item cannot be called a
    gap. It is ``unreadable`` ("ยังสำรวจไม่ครบ"); what was found stays as further findings."""
    crawl = corpus.crawl or {}
    limits = ", ".join("--" + str(x).replace("_", "-") for x in crawl.get("limits_hit") or [])  # the option to raise
    reason = t(f"check.reason.{why}", ctx.lang, limits=limits)
    first = finding(FindingKind.UNREADABLE, ctx, url=crawl.get("start_url", ""), variant="incomplete_crawl",
                    msg_kw={"reason_text": reason})
    first["reason"] = "incomplete_crawl"
    first["crawl_reason"] = why
    out.verdict = Verdict.UNREADABLE
    out.findings = [first] + [f for f in out.findings if f.get("kind") != FindingKind.NOT_FOUND]


def crawl_gap_reason(corpus) -> str | None:
    """Why the crawl may have missed evidence (a ``check.reason.<key>``), or None when it is complete.

    Interrupted, a limit reached, or the agency's own site partly unreachable (network errors on
    its own host; a dead Google Drive link is one unreadable document, not an incomplete crawl)."""
    crawl = corpus.crawl or {}
    if crawl.get("status") != SiteStatus.PARTIAL:
        return None
    if crawl.get("interrupted"):
        return "crawl_interrupted"
    if crawl.get("limits_hit"):
        return "crawl_limits"
    own = [d for d in corpus.documents if not d.external]
    down = sum(1 for d in own if is_network_error(d.error))
    if down >= PARTLY_DOWN[0] and down >= PARTLY_DOWN[1] * len(own):
        return "crawl_errors"
    if crawl.get("close_reason") not in ("finished", "", None):
        return "crawl_interrupted"  # the crawler stopped for another reason (killed, shut down)
    return None


def mark_ocr(evs: list[dict], index) -> None:
    """Evidence read from a scan says so: ``"ocr": true`` and the page's OCR confidence (0–100)."""
    for ev in evs:
        v = index.by_url.get(ev.get("url") or "")
        conf = _ocr_confidence(v.doc, ev.get("page"), ev.get("snippet") or "") if v is not None else None
        if conf is not None:
            ev["ocr"], ev["ocr_confidence"] = True, conf
            picture = _picture_of(v.doc, ev.get("page"), ev.get("snippet") or "")
            if picture:
                ev["picture"] = picture  # a web page's picture read by OCR: the page and the picture


def _picture_of(doc, page: int | None, snippet: str) -> str:
    """The address of the picture of a web page the evidence was read from ("" for scans and files)."""
    shown = [p for p in doc.pages if p.ocr and p.label] if doc.kind == "html" else []
    if not shown:
        return ""
    probe = snippet.strip()[:40]
    hit = [p for p in shown if p.n == page] or [p for p in shown if probe and probe in p.norm]
    return (hit or shown)[0].label


def _ocr_confidence(doc, page: int | None, snippet: str) -> float | None:
    """The OCR confidence of the page the evidence comes from; None when it is not OCR text."""
    ocr = {p.n: p.ocr_conf or 0.0 for p in doc.pages if p.ocr}
    if not ocr:
        return None
    if page is not None:
        return ocr.get(page)
    probe = snippet.strip()[:40]
    found = [p for p in doc.pages if probe and probe in p.norm]
    if found:
        return ocr.get(found[0].n)
    texts = [p for p in doc.pages if p.norm.strip()]
    return min(ocr.values()) if texts and all(p.ocr for p in texts) else None


def _low_confidence(evs: list[dict], cutoff: float) -> bool:
    marked = [e for e in evs if e.get("url")]
    return bool(marked) and all(e.get("ocr") for e in marked) and \
        min(e["ocr_confidence"] for e in marked) < cutoff


def _note_ocr_dates(rule, out: Decision, index, lang: str) -> None:
    """A verdict that rests on a year or month read by OCR says so (Tesseract confuses ๓/๘, ๐/๑)."""
    kinds = [registry.KINDS[c["kind"]] for c in rule.checks if c.get("kind") in registry.KINDS]
    if not any(DATE_FINDINGS & set(k.findings) for k in kinds):
        return
    note = t("check.ocr_date", lang)
    if out.verdict == Verdict.PASS:
        for ev in out.evidence:
            if ev.get("ocr"):
                ev["ocr_note"] = note
        return
    for f in out.findings:
        if f.get("kind") not in DATE_FINDINGS:
            continue
        v = index.by_url.get((f.get("evidence") or {}).get("url") or "")
        if v is not None and any(p.ocr for p in v.doc.pages):
            f["ocr"] = True
            f["message"] = f"{f['message']} ({note})"
