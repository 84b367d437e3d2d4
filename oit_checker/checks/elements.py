"""Check kind ``elements``: each listed page element (name, position, photo, contact, map…) is found.

An element is found by its ``patterns`` (words), ``regex``, page ``features`` (images,
phones, emails, maps, forms, iframes — with ``iframe_hosts``) or ``names_near``: a person's
name (a ``vocabulary.name_titles`` title + given name + surname, not a ``vocabulary.not_names``
word like "นายกเทศมนตรี") within 80 characters of one of the positions; ``min_people: N``
asks for N distinct such persons. A PDF's pictures are not extracted, so a feature is not
failed on a PDF.

PASS::

    locate: {terms: [ติดต่อเรา]}
    checks:
      - kind: elements
        elements:
          - {name: phone, label: {th: หมายเลขโทรศัพท์, en: phone number}, patterns: [โทร, โทรศัพท์]}
          - {name: map, label: {th: แผนที่ตั้ง, en: location map}, features: [maps]}
    documents:
      - {url: "https://www.tambon-test.go.th/contact", kind: html, title: ติดต่อเรา,
         text: "ที่อยู่ หมู่ 1 ตำบลทดสอบ โทร 042-123456", features: {maps: [{src: "https://maps.google.com/x"}]}}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [ติดต่อเรา]}
    checks:
      - kind: elements
        elements:
          - {name: phone, label: {th: หมายเลขโทรศัพท์, en: phone number}, patterns: [โทร, โทรศัพท์]}
          - {name: map, label: {th: แผนที่ตั้ง, en: location map}, features: [maps]}
    documents:
      - {url: "https://www.tambon-test.go.th/contact", kind: html, title: ติดต่อเรา,
         text: "ที่อยู่ หมู่ 1 ตำบลทดสอบ โทร 042-123456", features: {maps: []}}
    expect: {verdict: fail, findings: [missing_elements]}
"""

from __future__ import annotations

import re

from oit_checker import thai
from oit_checker.checks.base import CONFIDENCE, CheckKind, Context, Outcome, Scope, evidence, find_in_view, finding
from oit_checker.checks.findings import FindingKind, message_key, text_of
from oit_checker.i18n import t
from oit_checker.locate import View

FEATURES = ["images", "phones", "emails", "maps", "forms", "iframes"]
SCHEMA = {"properties": {"kind": True, "confidence": CONFIDENCE,
                         "elements": {"type": "array", "minItems": 1, "items": {
                             "type": "object", "required": ["name", "label"], "additionalProperties": False,
                             "properties": {"name": {"type": "string"}, "label": {"$ref": "#/$defs/text"},
                                            "patterns": {"$ref": "#/$defs/terms"},
                                            "regex": {"$ref": "#/$defs/terms"},
                                            "names_near": {"$ref": "#/$defs/terms"},
                                            "min_people": {"type": "integer", "minimum": 1},
                                            "per_person": {"type": "boolean"},
                                            "features": {"type": "array", "items": {"enum": FEATURES}},
                                            "iframe_hosts": {"$ref": "#/$defs/terms"},
                                            "image_alt": {"$ref": "#/$defs/terms"},
                                            "confidence": CONFIDENCE},
                             "anyOf": [{"required": ["patterns"]}, {"required": ["regex"]},
                                       {"required": ["features"]}, {"required": ["names_near"]}]}}},
          "required": ["elements"], "additionalProperties": False}
NAME_REACH = 80  # characters between a person's name and the position it is given with
MAX_PEOPLE = 60  # persons counted on one page for ``per_person`` elements
OWN_REACH = 300  # characters after a person's name that may hold their own contact (card: name, position, phone)


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
    found: dict[str, tuple[int, str]] = {}
    for name, n, start, norm in _people_at(view, positions, ctx):
        if len(found) >= want:
            break
        found.setdefault(name, (n, norm[max(0, start - 20):start + len(name) + 60]))
    return list(found.values())


def _people_at(view: View, positions: list[str], ctx: Context):
    """Each mention of a person named with a position: (name, page, offset, page text), in page order."""
    rx = _person_re(ctx)
    if rx is None:
        return
    not_names = [thai.normalize(x) for x in ctx.vocab("not_names")]
    pos = [thai.normalize(x) for x in positions]
    for n, norm, _ in view.pages:
        m = rx.search(norm)
        while m:
            if any(norm.startswith(x, m.start()) for x in not_names):
                m = rx.search(norm, m.start() + 1)  # "นายกเทศมนตรี ว่าที่ร้อยตรีสมชาย…": look again inside
                continue
            around = norm[max(0, m.start() - NAME_REACH):m.end() + NAME_REACH]
            if any(p in around for p in pos):
                yield m.group(0).strip(), n, m.start(), norm
            m = rx.search(norm, m.end())


def _owning(mentions: list, regexes: list[str]) -> int:
    """Persons with a match of ``regexes`` in their own stretch of text: from a mention of the person to the next
    person's mention, at most ``OWN_REACH`` characters, so one office phone in the footer is the contact of the last
    person listed only (O2: "ช่องทางการติดต่อของผู้บริหารแต่ละคน")."""
    rx = [re.compile(r) for r in regexes]
    have: set[str] = set()
    for i, (name, n, start, norm) in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        end = nxt[2] if nxt and nxt[1] == n else len(norm)
        if any(r.search(norm[start + len(name):min(end, start + OWN_REACH)]) for r in rx):
            have.add(name)
    return len(have)


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    """Page elements (name, position, photo, contact, address, map…) each found somehow."""
    feats = view.doc.features or {}
    missing, ev, short = [], [], []
    near = next((el["names_near"] for el in cfg["elements"] if el.get("names_near")), None)
    # persons named with a position, once, when an element is asked of each of them (O2: the executives)
    mentions = list(_people_at(view, near, ctx)) if near and any(el.get("per_person") for el in cfg["elements"]) else []
    people_n = min(len({m[0] for m in mentions}), MAX_PEOPLE)
    for el in cfg["elements"]:
        ok = False
        if el.get("per_person") and people_n and (el.get("regex") or view.doc.kind == "html"):
            # one per person: a photo of each executive (the page's pictures), each executive's phone or e-mail
            # beside their name (the text; in a PDF too) or as many phone/e-mail links as persons
            have = max([_owning(mentions, el.get("regex", []))]
                       + [_per_person_count(feats, f) for f in el.get("features", [])])
            if have < people_n:
                missing.append(text_of(el["label"], ctx.lang))
                if have:  # some but not all: say how many, so the officer adds the missing ones
                    short.append(t("check.per_person", ctx.lang, have=have, want=people_n))
                continue
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
        if el.get("regex") and not ok and (found := _regex_in_view(view, el["regex"])):
            ok = True
            ev.append(evidence(view, found[1], found[0]))
        for feat in el.get("features", []):
            if ok:
                break
            val = feats.get(feat)
            if feat == "iframes" and el.get("iframe_hosts"):
                val = [f for f in val or [] if any(h in (f.get("src") or "") for h in el["iframe_hosts"])]
            if feat == "images" and el.get("image_alt"):
                # a picture counts for this element only when its caption/alt/file name says so ("แผนที่")
                val = [f for f in val or [] if isinstance(f, dict) and any(
                    a.lower() in " ".join(str(f.get(k) or "") for k in ("alt", "title", "src")).lower()
                    for a in el["image_alt"])]
            if val:
                ok = True
            elif feat not in feats and view.doc.kind != "html":
                ok = True  # a PDF's pictures are not extracted: do not fail what cannot be seen
        if not ok:
            missing.append(text_of(el["label"], ctx.lang))
    if missing:
        shown = ", ".join(missing) + (f" ({'; '.join(short)})" if short else "")
        return Outcome(False, [finding(FindingKind.MISSING_ELEMENTS, ctx, view, elements=missing,
                                       msg_kw={"elements": shown})], ev)
    return Outcome(True, [], ev)


def _regex_in_view(view: View, regexes: list[str]) -> tuple[int | None, str] | None:
    """First match of ``regexes`` in the document's own text, pages first, then its title and headings (as
    ``find_in_view`` reads words): a plan saying its span only in its title ("แผนพัฒนาท้องถิ่น (พ.ศ. 2561 - 2565)")
    says it. (page, snippet)."""
    head = thai.normalize("\n".join([view.title, view.headings]))
    for rx in regexes:
        for n, norm in [(n, norm) for n, norm, _ in view.pages] + [(None, head)]:
            if m := re.search(rx, norm):
                return n, norm[max(0, m.start() - 20):m.end() + 40]
    return None


def _per_person_count(feats: dict, feat: str) -> int:
    """How many of a feature the page holds, one per person at most: pictures by their address, since the same
    default picture on every card (a silhouette placeholder) is nobody's photo."""
    val = feats.get(feat) or []
    if feat == "images":
        return len({str(i.get("src") or i.get("alt") or "") if isinstance(i, dict) else str(i) for i in val})
    return len(val)


def distance(f: dict) -> int:
    """One step per missing element."""
    return max(1, len(f.get("elements") or []))


def reword(f: dict, lang: str) -> str:
    return t(message_key(f["kind"]), lang, elements=", ".join(str(e) for e in f.get("elements") or []))


def counts_pictures(cfg: dict) -> bool:
    """An element is found by the page's pictures (``features: [images]``)."""
    return any("images" in el.get("features", []) for el in cfg.get("elements", []))


KIND = CheckKind(
    name="elements", scope=Scope.DOCUMENT, check=check, schema=SCHEMA, pictures=counts_pictures,
    findings=(FindingKind.MISSING_ELEMENTS,), finding_fields=("elements",), distance=distance, reword=reword,
    passes_when="each element is found by `patterns` or `regex` (in its text, else its title and headings), page "
                "`features` (images, phones, emails, maps, "
                "iframes + `iframe_hosts`, images + `image_alt`: a picture captioned \"แผนที่\") or `names_near` "
                "(a person's name — a `vocabulary.name_titles` title + given name + surname, not a "
                "`vocabulary.not_names` word like \"นายกเทศมนตรี\" — within 80 "
                "characters of one of the listed positions); `min_people: N` asks for N distinct such persons "
                "(O2: the top executive and the post-holders); `per_person: true` asks for one per person named: "
                "on a feature element one picture each (O2: a photo of each executive), on a `regex` element a match "
                "in each person's own stretch of text, up to the next person (O2: each executive's phone or e-mail)")
