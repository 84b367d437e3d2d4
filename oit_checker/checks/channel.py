"""Check kind ``channel``: a live online channel is reached from the main site.

Accepted (``accept``): a live ``form`` (a text area or two fields, and a submit button; or, when the
page's markup shows none, three field labels or required marks on lines of their own and a way to send
them: ``vocabulary.form_label_words`` / ``form_submit_words`` / ``form_fill_words``), a
``webboard`` showing posts (named a board by its title, headings or address, or showing the board's
own posting button on a line of its own, ``vocabulary.webboard_posting_words``: a thread under a
neutral title), an ``email`` address the page itself gives (its text or a mailto link: mail
is an online channel; a page only, never a manual or a file describing the channels), or a link from the
site to an accepted host (``external`` /
``chat``: ``hosts``, optionally with ``link_terms``). A link inside a template credit
("Designed by …") or naming a template vendor is not the agency's; a form to download is
not an online channel. A share button ("แชร์ไปที่ LINE": ``vocabulary.share_link_terms`` in its
address) is never a channel, and a chat icon in a menu or footer strip counts only when its label
names a place to ask (``vocabulary.chat_link_words``). ``board_in_use: true`` (one switch in the
rule, criteria confidence M) asks a web board to show a question: an empty board ("ยังไม่มีกระทู้",
``vocabulary.webboard_empty``) fails, and the finding says the element is of medium confidence.

PASS::

    locate: {terms: [ร้องเรียน]}
    checks:
      - {kind: channel, accept: [form]}
    documents:
      - {url: "https://www.tambon-test.go.th/complain", kind: html, title: ร้องเรียนร้องทุกข์, text: แจ้งเรื่องร้องเรียน,
         features: {forms: [{action: /complain, fields: 2, textareas: 1, has_submit: true}]}}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [ร้องเรียน]}
    checks:
      - {kind: channel, accept: [form]}
    documents:
      - {url: "https://www.tambon-test.go.th/complain.pdf", kind: pdf, link_texts: [แบบคำร้องเรียน],
         text: แบบคำร้องเรียน}
    expect: {verdict: fail, findings: [not_online_service]}
"""

from __future__ import annotations

import re

from oit_checker import thai
from oit_checker.checks.base import (
    CONFIDENCE,
    DOWNLOAD_KINDS,
    CheckKind,
    Context,
    ItemViews,
    Outcome,
    Scope,
    evidence,
    finding,
)
from oit_checker.checks.findings import FindingKind
from oit_checker.i18n import t
from oit_checker.locate import View, host_of, match_term, needle
from oit_checker.states import DocState

SCHEMA = {"properties": {"kind": True, "confidence": CONFIDENCE,
                         "accept": {"type": "array",
                                    "items": {"enum": ["form", "webboard", "chat", "external", "email", "offer"]},
                                    "minItems": 1},
                         "hosts": {"$ref": "#/$defs/terms"},
                         "link_terms": {"$ref": "#/$defs/terms"},
                         "webboard_terms": {"$ref": "#/$defs/terms"},
                         "board_in_use": {"type": "boolean"},
                         "offer_all": {"type": "array", "items": {"$ref": "#/$defs/terms"}, "minItems": 1},
                         "offer_not": {"$ref": "#/$defs/terms"},
                         "other_purpose": {"$ref": "#/$defs/terms"},
                         "own_purpose": {"$ref": "#/$defs/terms"},
                         "scope": {"$ref": "#/$defs/terms"}},
          "required": ["accept"], "additionalProperties": False}


def _live_form(view: View, send_words: list[str] = ()) -> bool:
    """A form that takes input and sends it: its own submit button, or (a button outside the form that
    submits it by script) a form posting 3+ fields on a page that shows a send button ("ส่งข้อมูล")."""
    for f in (view.doc.features or {}).get("forms", []):
        fields = f.get("fields") or 0
        n_fields = len(fields) if isinstance(fields, list) else int(fields)
        areas = f.get("textareas") or 0
        n_areas = len(areas) if isinstance(areas, list) else int(areas)
        if f.get("has_submit") and (n_areas > 0 or n_fields >= 2):
            return True
        if (str(f.get("method") or "").lower() == "post" and n_fields + n_areas >= 3
                and any(match_term(view.content, view.content_key, w) for w in send_words)):
            return True
    return False


EMAIL_RE = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE)


def _email(view: View, ctx: Context) -> bool:
    """The page gives an e-mail address to send the report to: in its own text (not a menu or footer, which
    the page's text never holds) or as a mailto link of its content."""
    if view.doc.kind != "html":
        return False
    if any(EMAIL_RE.search(n) for _, n in view.page_norms):
        return True
    return any(lk.url.lower().startswith("mailto:") and not lk.nav for lk in ctx.index.outlinks(view))


LABEL_LINE_CHARS = 40  # a form's field label is a short line of its own ("ชื่อ-นามสกุล *")
SUBMIT_LINE_CHARS = 15  # a button's caption ("ส่งข้อมูล")
MIN_FORM_LABELS = 3


def _text_form(view: View, ctx: Context) -> bool:
    """A form seen only through its rendered text (a form built by script, or a page kept as text): three
    field labels or required marks ("ชื่อ-นามสกุล *", "อีเมล *") each on a short line of its own, and a way to
    send it — a button caption line ("ส่งข้อมูล"), an instruction to fill it in ("กรอกข้อมูล") or three
    required marks. A page that only describes how to complain lists no such fields. A mark stands after a field's
    label, on its line or on the line below it: a run of lines that are only "*" is a menu's or a list's bullets
    (a police station's page whose empty menu entries kept their bullets), not three required fields."""
    if view.doc.kind != "html":
        return False
    labels = [thai.normalize(w).lower() for w in ctx.vocab("form_label_words")]
    submits = [thai.normalize(w).lower() for w in ctx.vocab("form_submit_words")]
    fills = [thai.normalize(w).lower() for w in ctx.vocab("form_fill_words")]
    if not labels:
        return False
    n_labels = n_marks = 0
    submit = False
    text = "\n".join(n for _, n in view.page_norms).lower()
    previous = ""  # the line above: the label a lone mark belongs to
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or len(line) > LABEL_LINE_CHARS:
            previous = line
            continue
        if line.endswith("*") and (line.rstrip("* ") or (previous.rstrip("* ") and len(previous) <= LABEL_LINE_CHARS)):
            n_marks += 1
        previous = line
        if any(line.startswith(w) for w in labels):
            n_labels += 1
        if len(line) <= SUBMIT_LINE_CHARS and any(line.startswith(w) for w in submits):
            submit = True
    fill = any(w in text for w in fills)
    return max(n_labels, n_marks) >= MIN_FORM_LABELS and (submit or fill or n_marks >= MIN_FORM_LABELS)


def _offered(view: View, ctx: Context, cfg: dict | None = None) -> bool:
    """The page's own text offers to take the report online (a form whose markup the copy lost): the words
    of ``vocabulary.online_offer_words``; html pages only (a manual or a file describing channels is not one).
    A rule's ``offer_all`` replaces them by groups that must all occur (O17: a service used on the site says
    what the user does there — fills in, registers, books — *and* what the system answers — a status to
    follow, a booking "ผ่านระบบ"), and none of its ``offer_not`` words (a form to print and bring in)."""
    if view.doc.kind != "html":
        return False
    groups = (cfg or {}).get("offer_all")
    if not groups:
        return any(match_term(view.content, view.content_key, w) for w in ctx.vocab("online_offer_words"))
    if any(match_term(view.content, view.content_key, w) for w in (cfg or {}).get("offer_not", [])):
        return False
    return all(any(match_term(view.content, view.content_key, w) for w in g) for g in groups)


def _in_scope(words: list[str], view: View | None = None, text: str = "") -> bool:
    """The channel names what it is for (``scope``): the page's title and text, or a link's own words."""
    if not words:
        return True
    if view is not None and any(match_term(view.title + "\n" + view.content, None, w) for w in words):
        return True
    return bool(text) and any(match_term(thai.normalize(text), None, w) for w in words)


def _other_purpose(cfg: dict, view: View) -> bool:
    """The page's channel is another item's (O17: a corruption-report or suggestion form filed under the site's
    "E-Service" menu): it names one of ``other_purpose`` and none of ``own_purpose`` (a list of service requests
    that includes a complaint form names its requests, and stays the item's)."""
    other = cfg.get("other_purpose") or []
    if not other:
        return False
    text = view.title + "\n" + view.content
    return any(match_term(text, None, w) for w in other) and not any(
        match_term(text, None, w) for w in cfg.get("own_purpose") or [])


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


def _share_link(url: str, ctx: Context) -> bool:
    """A share button ("share this page on LINE/Facebook") points at the sharer, not at the agency's channel."""
    low = url.lower()
    return any(w.lower() in low for w in ctx.vocab("share_link_terms"))


def _icon_only(lk, accept: list[str], ctx: Context) -> bool:
    """A chat icon in a menu or footer strip whose label does not name a place to ask: a social icon."""
    if not lk.nav or "chat" not in accept:
        return False
    label = thai.normalize(lk.text or "").lower()
    return not any(thai.normalize(w).lower() in label for w in ctx.vocab("chat_link_words"))


BUTTON_LINE_CHARS = 20  # a board's button caption ("ตั้งกระทู้ใหม่")


def _posting_button(view: View, ctx: Context) -> bool:
    """The board's own posting button ("ตอบกระทู้", "ตั้งกระทู้ใหม่") as a short line of its own: a thread or board
    page whatever its title; the same verb inside a sentence (a board's rules: "ผู้ตั้งกระทู้…") is not one."""
    words = [thai.normalize(w).lower() for w in ctx.vocab("webboard_posting_words")]
    for _, norm in view.page_norms:
        for raw in norm.lower().split("\n"):
            line = raw.strip()
            if line and len(line) <= BUTTON_LINE_CHARS and any(line.startswith(w) for w in words):
                return True
    return False


def _names_board(text: str, word: str) -> bool:
    """``word`` (a board term) names the page in ``text``. A Latin abbreviation matched loosely ("q&a" by its letters
    "qa") stands as a word of its own ("Q & A", "/qa/"), never inside a longer Latin word: "คำถามที่พบบ่อย (FQA)" is
    a fixed FAQ's title, not a Q&A board's (b11-1 O8-701, session 21)."""
    got = match_term(text, None, word)
    if got != "fuzzy":
        return got is not None
    key = needle(word)[1]
    if not key.isascii():
        return True
    gap = r"[^a-z0-9\u0e01-\u0e5b]*"
    return re.search(r"(?<![a-z0-9])" + gap.join(re.escape(c) for c in key) + r"(?![a-z0-9])", text.lower()) is not None


def _board_content(view: View, ctx: Context) -> bool:
    """A board page shows posts or answers (``webboard_content``: "กระทู้", "ตอบกลับ", "ความคิดเห็นที่"…) on a line
    that is not one of the board's rules (``webboard_rule_words``: "กติกา", "มารยาท", "ห้าม…"): a rules page titled
    "กระดานสนทนา" names threads and posting only inside its rules ("ผู้ตั้งกระทู้… โปรดปฏิบัติตามกติกา", "ไม่โพสต์
    ข้อความ…") and shows no thread."""
    words = ctx.vocab("webboard_content")
    rules = [thai.normalize(w).lower() for w in ctx.vocab("webboard_rule_words")]
    if not rules:
        return any(match_term(view.content, view.content_key, w) for w in words)
    kept = "\n".join(ln for ln in view.content.split("\n") if not any(r in ln.lower() for r in rules))
    return any(match_term(kept, None, w) for w in words)


def _empty_board(view: View, ctx: Context) -> bool:
    """A board page that says it has no post yet ("ยังไม่มีกระทู้")."""
    return any(match_term(view.content, view.content_key, w) for w in ctx.vocab("webboard_empty"))


def _any_channel(v: View, accept: list[str], ctx: Context, cfg: dict | None = None) -> bool:
    """The page itself is an online channel of a kind the rule accepts (whatever it is for)."""
    return (("form" in accept and (_live_form(v, ctx.vocab("form_send_words")) or _text_form(v, ctx)))
            or ("email" in accept and v.on_site and _email(v, ctx))
            or ("offer" in accept and v.on_site and _offered(v, ctx, cfg)))


def _shown(view: View) -> str:
    """What the officer sees of a page whose channel does not count: its title and first words (the evidence),
    the title once (a page's heading and the menu label pointing to it usually repeat it)."""
    title, text = " ".join(view.title.split()), " ".join(view.content[:400].split())
    while title and text.startswith(title):
        text = text[len(title):].lstrip(" :-–")
    return f"{title} {text}".strip()


def check(cfg: dict, views: list[View], ctx: Context) -> Outcome:
    """A live channel reached from the main site: form, web board, chat or accepted service."""
    accept = cfg.get("accept", [])
    hosts = cfg.get("hosts", [])
    link_terms = cfg.get("link_terms", [])
    board_terms = cfg.get("webboard_terms", ctx.vocab("webboard_terms"))
    idx = ctx.index

    def reached(v: View) -> bool:
        return v.on_site or idx.linked_from_site(v.doc.url)

    scope = cfg.get("scope", [])
    empty_boards: list[View] = []
    out_of_scope: list[View] = []  # a channel found, for something else than the item's (general grievances)
    other_items: list[View] = []  # a channel found, but another item's (O17: a complaint or suggestion form)
    for v in views:
        if v.state != DocState.OK or not reached(v):
            continue
        if scope and not _in_scope(scope, v) and _any_channel(v, accept, ctx, cfg):
            out_of_scope.append(v)
            continue
        if _other_purpose(cfg, v) and _any_channel(v, accept, ctx, cfg):
            other_items.append(v)
            continue
        if "form" in accept and _live_form(v, ctx.vocab("form_send_words")):
            return Outcome(True, [], [evidence(v, t("check.evidence.form", ctx.lang))])
        if "form" in accept and _text_form(v, ctx):
            return Outcome(True, [], [evidence(v, t("check.evidence.form_text", ctx.lang))])
        named_board = "webboard" in accept and v.doc.kind == "html" and (any(
            _names_board(v.title + "\n" + v.headings + "\n" + v.url_text, w) for w in board_terms)
            or _posting_button(v, ctx))
        if named_board and _board_content(v, ctx):
            if cfg.get("board_in_use") and _empty_board(v, ctx):
                empty_boards.append(v)  # the board exists but nobody has asked: not shown to work
                continue
            return Outcome(True, [], [evidence(v, t("check.evidence.webboard", ctx.lang))])
        if "email" in accept and v.on_site and _email(v, ctx):
            return Outcome(True, [], [evidence(v, t("check.evidence.email", ctx.lang))])
        if "offer" in accept and v.on_site and _offered(v, ctx, cfg):
            said = "check.evidence.offer_service" if cfg.get("offer_all") else "check.evidence.offer"
            return Outcome(True, [], [evidence(v, t(said, ctx.lang))])
        if ("external" in accept or "chat" in accept) and not v.on_site and hosts and any(
                h in v.url for h in hosts) and not _share_link(v.url, ctx):
            return Outcome(True, [], [evidence(v, t("check.evidence.external", ctx.lang))])
    if "external" in accept or "chat" in accept:
        for lk in idx.corpus.links:
            if host_of(lk.src) not in idx.site_hosts or not any(h in lk.url for h in hosts):
                continue
            text = thai.normalize(lk.text) + " " + lk.url.lower()
            if link_terms and not any(match_term(text, None, w) for w in link_terms):
                continue
            if _credit_link(lk, ctx) or _share_link(lk.url, ctx) or _icon_only(lk, accept, ctx):
                continue
            if scope and not _in_scope(scope, idx.by_url.get(lk.src), lk.text + " " + lk.url):
                continue  # a link from a page for general grievances: not the item's channel
            return Outcome(True, [], [{"url": lk.url, "title": lk.text, "snippet": lk.text, "page": None,
                                       "found_on": lk.src}])
        for v in idx.views:  # an embedded page plugin (no anchor text) anywhere on the site
            for fr in (v.doc.features or {}).get("iframes", []):
                src = fr.get("src") or ""
                if v.on_site and any(h in src for h in hosts) and not link_terms and not _share_link(src, ctx) \
                        and _in_scope(scope, v):
                    return Outcome(True, [], [{"url": fr.get("src") or "", "title": fr.get("title") or "",
                                               "snippet": "iframe", "page": None, "found_on": v.url}])
    if out_of_scope:
        return Outcome(False, [finding(FindingKind.NOT_ONLINE_SERVICE, ctx, out_of_scope[0],
                                       snippet=_shown(out_of_scope[0]), variant="channel_out_of_scope",
                                       reason="channel_out_of_scope",
                                       confidence=cfg.get("confidence", "M"))])
    if other_items:
        return Outcome(False, [finding(FindingKind.NOT_ONLINE_SERVICE, ctx, other_items[0],
                                       snippet=_shown(other_items[0]), variant="channel_other_item",
                                       reason="channel_other_item")])
    if empty_boards:
        return Outcome(False, [finding(FindingKind.NOT_ONLINE_SERVICE, ctx, empty_boards[0],
                                       snippet=_shown(empty_boards[0]), variant="empty_board",
                                       reason="empty_board", confidence=cfg.get("confidence", "M"))])
    form_words = ctx.vocab("form_terms")
    downloads = [v for v in views if v.doc.kind in DOWNLOAD_KINDS and (not form_words or any(
        match_term(v.title + "\n" + v.links + "\n" + v.head, None, w) for w in form_words))]
    if downloads:
        return Outcome(False, [finding(FindingKind.NOT_ONLINE_SERVICE, ctx, downloads[0])])
    pages = [v for v in views if v.doc.kind not in DOWNLOAD_KINDS]
    if pages:
        return Outcome(False, [finding(FindingKind.NOT_ONLINE_SERVICE, ctx, pages[0], variant="no_channel")])
    return Outcome(False, [finding(FindingKind.NOT_FOUND, ctx)])


KIND = CheckKind(
    name="channel", scope=Scope.ITEM, item_views=ItemViews.STRONG, check=check, schema=SCHEMA,
    findings=(FindingKind.NOT_ONLINE_SERVICE, FindingKind.NOT_FOUND),
    passes_when="a live form (text area or ≥ 2 fields + submit), a web board showing posts (on lines that are not "
                "its rules: `vocabulary.webboard_rule_words`), an e-mail address the "
                "page itself gives (`accept: [email]`: its text or a mailto link; html pages only), or a link from the "
                "site to an accepted host (`hosts`, optionally with `link_terms`); a link inside a template credit "
                "(\"Designed by …\": `vocabulary.credit_terms` before the link text on its line) or naming a "
                "template vendor (`vocabulary.template_vendors`) is not the agency's; a share button "
                "(`vocabulary.share_link_terms`) never counts, a chat icon in a menu/footer strip only when its label "
                "names a place to ask (`vocabulary.chat_link_words`); `board_in_use: true` fails an empty web board "
                "(`vocabulary.webboard_empty`, criteria M, said in the finding); `accept: [offer]`: a page whose text "
                "offers to take it online (`vocabulary.online_offer_words`; or the rule's `offer_all` groups, "
                "every one present, and no `offer_not` word: O17's service used on the site); `scope: [words]`: "
                "the channel's page or "
                "link names what it is for (O30: corruption), else a finding says it serves something else; "
                "`other_purpose`/`own_purpose`: a channel page naming another purpose and none of its own "
                "(O17: a corruption-report form) is another item's")
