"""Generate test sites of Thai agencies with a ground truth, for tests and benchmarks.

``generate_site(dest, seed, structure, size)`` writes ``dest/site/`` (serve it with
``oit_checker.serve.SiteServer``) and ``dest/ground_truth.yaml``, and returns the site
folder. The same seed gives the same site, byte for byte. Structures: see ``layouts.py``.

``ground_truth.yaml`` (also ``oit_checker/demo/ground_truth.yaml`` for the demo)::

    schema_version: 1
    profile: ita-2565
    fiscal_year: 2565
    agency: <name>
    structure: demo|hub|menus|cp874|deep|query
    seed: N
    size: N                      # noise news pages asked for
    start_url: /
    counts: {pages: N, documents: N}
    items:
      O1:
        name: <official item name>
        label: <wording the site uses for it>
        period: NONE|CUR|PREV|H1|LIVE
        verdict: pass|fail|unreadable
        ocr_verdict: pass        # only on scanned items: the verdict when OCR reads the scan
        findings:                # [] when the item passes; one planted finding otherwise
          - kind: not_found|missing_phrases|missing_months|wrong_period|broken_link|
                  missing_elements|not_online_service|unreadable
            phrases: [...]       # missing_phrases
            months: [2565-03]    # missing_months (BE year-month)
            found: 2563          # wrong_period
            expected: 2564
            url: /path           # broken_link (with status: 404) and unreadable
            elements: [...]      # missing_elements (photo, contact, email, map)
        evidence: [/path, ...]   # URLs (path + query) of the item's documents, page first
        reason: <one line, Thai>
        behaviour: attachment_post  # only on an item carrying a site behaviour (behaviours.py); its findings
                                    # may then be short_coverage, off_site, or a list of acceptable kinds
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from oit_checker.sitegen import behaviours as bhv
from oit_checker.sitegen import layouts
from oit_checker.sitegen.build import (
    STRUCTURES,
    Doc,
    Site,
    Spec,
    complete_gap,
    dump_yaml,
    ground_truth,
    make_item_docs,
    make_news,
    other_items_evidence,
    write_site,
)
from oit_checker.sitegen.content import (
    PROFILE,
    gap_eligible,
    h1_months,
    library,
    names_missing,
    round_of,
    rounds,
    unit_concept,
    unit_labels,
)

__all__ = ["BEHAVIOURS", "GAP_KINDS", "STRUCTURES", "WORDINGS", "Spec", "build_site", "generate_site", "random_spec"]

GAP_KINDS = ["not_found", "missing_phrases", "missing_months", "wrong_period", "broken_link", "unreadable",
             "missing_elements", "not_online_service"]


def _agency(rnd: random.Random) -> dict:
    lib = library()["site"]
    base = dict(rnd.choice(lib["agencies"]))
    host = base["host"].removeprefix("www.")
    tambon = base["short"].split(".", 2)[-1]
    base.setdefault("address", f"เลขที่ {rnd.randint(1, 299)} หมู่ที่ {rnd.randint(1, 12)} ตำบล{tambon} "
                               f"{base['district']} {base['province']} {rnd.randint(10, 96)}{rnd.randint(100, 199)}")
    base.setdefault("phone", f"0 {rnd.randint(2000, 7999)} {rnd.randint(1000, 9999)}")
    base.setdefault("fax", f"0 {rnd.randint(2000, 7999)} {rnd.randint(1000, 9999)}")
    base.setdefault("email", f"saraban@{host}")
    base.setdefault("facebook", f"https://www.facebook.com/{host.split('.')[0]}")
    base.setdefault("line", f"https://line.me/R/ti/p/@{host.split('.')[0]}")
    base.setdefault("opened", f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2555, 2563)}")
    execs = []
    for i, e in enumerate(lib["executives"]):
        e = dict(e, email=e["email"].replace("bansuandokmai.go.th", host))
        if i == 0:
            e.update(name=base["mayor"], position=base["mayor_title"])
        execs.append(e)
    base["executives"] = execs
    return base


def item_gap_eligible(profile: str, code: str, kind: str) -> bool:
    """Whether gap ``kind`` can be planted in the round's item ``code``: in its one unit (or, merged, not found)."""
    units = round_of(profile)["items"][code]["units"]
    if kind in (rounds().get("unsupported_gaps") or {}).get(profile, []):
        return False
    if len(units) > 1:
        return kind == "not_found"
    return gap_eligible(units[0], kind)


WORDINGS = ("real", "library")
ITEM_CODE_PREFIX = re.compile(r"^O\d+(?=\s*[-:.]|\s)")
BEHAVIOURS = bhv.BEHAVIOURS


def random_spec(seed: int, structure: str, size: int = 30, profile: str = PROFILE, wording: str = "real",
                behaviours: str = "none") -> Spec:
    """A random but reproducible site description for a round: agency, wording, planted gaps, behaviours.

    ``wording="real"`` labels items with real agencies' titles (titles.yaml) where a concept has one;
    ``"library"`` with the content library's own labels (the wording the checker was calibrated on).
    ``behaviours``: ``none`` (the default: the same site as before behaviours existed), ``all``, ``random``
    (about half, chosen by the seed) or a comma list of ``BEHAVIOURS``; each goes on one random item without a gap.
    """
    chosen = bhv.parse(behaviours)
    if wording not in WORDINGS:
        raise ValueError(f"unknown wording {wording!r}; choose from {', '.join(WORDINGS)}")
    if structure not in STRUCTURES:
        raise ValueError(f"unknown structure {structure!r}; choose from {', '.join(STRUCTURES)}")
    rnd = random.Random(seed)
    rd = round_of(profile)
    fy = rd["fiscal_year"]
    codes = list(rd["items"])
    units = list(dict.fromkeys(u for i in rd["items"].values() for u in i["units"]))
    # a concept the round splits over several units (2566 O31/O32 No Gift) shares its real titles: library labels
    shared = Counter(unit_concept(u) for u in units)
    labels = {u: rnd.choice(unit_labels(u) if wording == "real" and shared[unit_concept(u)] == 1
                            else library()["items"][u]["labels"]) for u in units}
    gaps: dict[str, dict] = {}
    for _ in range(rnd.randint(3, 7)):
        kind = rnd.choice(GAP_KINDS)
        options = [c for c in codes if c not in gaps and item_gap_eligible(profile, c, kind)]
        if not options:
            continue
        code = rnd.choice(options)
        gap = {"kind": kind}
        if kind == "missing_months":
            months = [f"{y}-{m:02d}" for y, m in h1_months(fy)]
            gap["months"] = sorted(rnd.sample(months, rnd.randint(1, 2)))
        gaps[code] = gap
    truncate = {c for c in codes if rnd.random() < 0.3}
    # a real title listed under two concepts names both items: not the label of one while the other's item is
    # planted not found (session 24, generator seed 16370 hub ita-2569: a Drive-only staff-manual post titled
    # "คู่มือการปฏิบัติงาน เกี่ยวกับเรื่องร้องเรียน/ร้องทุกข์" is, by its title, the complaint manual the truth called
    # not found); another title is drawn from a stream of its own, so the rest of the site stays as it was
    missing = {unit_concept(u) for c, g in gaps.items() if g["kind"] == "not_found" for u in rd["items"][c]["units"]}
    for u, label in labels.items():
        if names_missing(label, unit_concept(u), missing):
            other = [t for t in unit_labels(u) if not names_missing(t, unit_concept(u), missing)]
            labels[u] = random.Random(f"{seed}:{u}:label").choice(other or library()["items"][u]["labels"])
    # a real title numbered for the round it was collected in ("O17-…", "O24 : …") carries this round's code: an
    # agency numbers its ITA page by the list it answers, and another round's code names another item here
    code_of = {u: c for c, i in rd["items"].items() for u in i["units"]}
    labels = {u: ITEM_CODE_PREFIX.sub(code_of[u], label, count=1) for u, label in labels.items()}
    no_news = any(g["kind"] == "not_found" and any(unit_concept(u) == "news" for u in rd["items"][c]["units"])
                  for c, g in gaps.items())
    return Spec(structure=structure, agency=_agency(rnd), labels=labels, gaps=gaps, seed=seed, size=size,
                truncate=truncate, fiscal_year=fy, profile=profile,
                behaviours=bhv.choose(chosen, seed, profile, structure, set(gaps), no_news))


def _unit_gap(site: Site, code: str, gap: dict) -> list[str]:
    """The content units a gap planted in the round's item ``code`` lives in."""
    units = site.items[code]["units"]
    return list(units) if gap["kind"] == "not_found" else units[:1]


def _link_merged(site: Site) -> None:
    """An item that merges several units gets one page linking to all of them, as agencies post it."""
    for item in site.items.values():
        units = [u for u in item["units"] if site.docs.get(u)]
        if len(item["units"]) < 2 or not units:
            continue
        first = site.docs[units[0]]
        if first[0].format != "html":
            page = Doc(units[0], "item-page", "html", site.label(units[0]), [])
            page.blocks = [{"attach": {"doc": d, "text": d.title}} for d in first if d.evidence]
            first.insert(0, page)
        for u in units[1:]:
            target = site.docs[u][0]
            first[0].blocks.append({"attach": {"doc": target, "text": target.title}})


def build_site(spec: Spec, root: Path) -> dict:
    """Build the site into ``root`` (created) and return its ground truth."""
    if spec.structure not in STRUCTURES:
        raise ValueError(f"unknown structure {spec.structure!r}; choose from {', '.join(STRUCTURES)}")
    site = Site(spec)
    unknown = [c for c in [*spec.gaps, *spec.behaviours] if c not in site.items]
    if unknown:
        raise ValueError(f"{spec.profile} has no item {', '.join(unknown)}")
    completed = {}
    for c, g in spec.gaps.items():
        units = _unit_gap(site, c, g)
        completed[c] = complete_gap(site, units[0], g)
        for u in units:
            site.gaps[u] = completed[c]
    spec.gaps = completed
    layout = layouts.get(spec.structure)
    absent = {unit_concept(u) for u, g in site.gaps.items() if g.get("kind") == "not_found"}
    if "social_network" in absent:
        # an absent O9 means the agency links no social page: no footer/sidebar Facebook either
        spec.agency = {**spec.agency, "facebook": "", "line": ""}
    if "qa_channel" in absent:
        # a LINE Official Account is a chat where the agency answers (a Q&A channel): an agency planted without
        # one links no LINE account on its social page either
        spec.agency = {**spec.agency, "line": ""}
    for code in site.units:
        if site.gaps.get(code, {}).get("kind") == "not_found":
            continue
        site.docs[code] = make_item_docs(site, code)
    bhv.apply_docs(site)
    _link_merged(site)
    site.news = make_news(site)
    bhv.apply_news(site)
    layout.assign(site)
    bhv.after_assign(site)
    for code, gap in site.gaps.items():
        if gap["kind"] == "broken_link":
            docs = site.docs[code]
            target = next(d for d in docs if d.format != "html")
            gap["url"] = target.url
            gap["status"] = 404
            target.write = False
            if layout.direct_links:  # the only link goes straight to the missing file
                for d in docs:
                    d.write = False
                site.docs[code] = [target]
        elif gap["kind"] == "unreadable":
            gap["url"] = next(d.url for d in site.docs[code] if d.scanned)
    layout.pages(site)
    root.mkdir(parents=True, exist_ok=True)
    write_site(site, root, layout)
    truth = ground_truth(site)
    truth["items"] = other_items_evidence(site, {c: bhv.truth(site, c, e) for c, e in truth["items"].items()})
    return truth


def generate_site(dest: Path, seed: int, structure: str, size: int = 30, profile: str = PROFILE,
                  wording: str = "real", behaviours: str = "none") -> Path:
    """Write ``dest/site/`` and ``dest/ground_truth.yaml`` for a round; return the site folder."""
    dest = Path(dest)
    spec = random_spec(seed, structure, size, profile, wording, behaviours)
    root = dest / "site"
    truth = build_site(spec, root)
    (dest / "ground_truth.yaml").write_text(dump_yaml(truth), encoding="utf-8")
    return root
