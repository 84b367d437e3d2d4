"""Where the learned locate signal loses true evidence: per ``pass`` excerpt, the first stage that drops it.

Why: the model (``oit_checker/learned.py``) ranks many real documents to their item, yet few become a cited pass.
This script serves each ``pass`` excerpt as ``scripts/realtext.py`` does (behind a neutral link, the model trained
without the excerpts it judges) and tells, for its own item, whether it is a hit and otherwise where it was lost:

- ``named candidate fails checks``: the rules' own signals found the excerpt; the item's checks reject it;
- ``model: …``: the model's best class is ``none``, a ``~fail`` class or another item;
- ``gate: …``: the model ranks the item first but a knob of ``rules/common/learned.yaml`` holds it back;
- ``learned candidate fails checks`` / ``attribution``: it became a candidate and the checks or attribution decide.

``--oracle`` also judges every excerpt lost at the model or a gate as if the model had named its true item: the
ceiling of any change to the model or its gates (the rest is for the checks). ``--named-page`` judges each
excerpt's own item on a site that also has a page named as the item with only its heading ("อยู่ระหว่าง
ดำเนินการ", the common real-site menu page), under each ``only_unlocated`` value given.

Usage (figures measured, never asserted)::

    OIT_REALTEXT=/path/to/set python scripts/learned_trace.py [--oracle] [--named-page true,fallback]
    python scripts/learned_trace.py --set tests/realtext --skip b6-,b7-   # the committed set, leave one round out
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "scripts"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import realtext as rt  # noqa: E402

from oit_checker import checker, learned, thai  # noqa: E402
from oit_checker.fixtures import fixture_corpus  # noqa: E402
from oit_checker.locate import (  # noqa: E402
    NAMED_WHERE,
    _common_nots,
    _named_as,
    _not_hit,
    candidates,
    index_for,
    needle,
    terms_of_other_items,
)
from oit_checker.profiles import load_profile  # noqa: E402

PLACEHOLDER = "อยู่ระหว่างดำเนินการ"


def load(folder: Path, skip: tuple[str, ...]) -> list[dict]:
    """The set's excerpts, less every file whose name starts with one of ``skip`` (never read)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "titles.yaml" or (skip and path.name.startswith(skip)):
            continue
        for raw in yaml.load(path.read_text(encoding="utf-8"), Loader=rt.LOADER) or []:  # noqa: S506 - safe loader
            entry = dict(raw)
            entry["_file"] = path.name
            out.append(entry)
    return out


def _hit(item: dict, url: str) -> bool:
    return item["verdict"] == "pass" and any(url in (ev.get("url"), ev.get("found_on")) for ev in item["evidence"])


def stage_of(entry: dict, n: int, profile, cfg: dict) -> dict:
    """The excerpt's outcome for its own item and the first stage that lost it."""
    rule = profile.rule(entry["item"])
    url = rt.excerpt_url(n)
    corpus = fixture_corpus(rt.site(entry, n, "neutral"))
    res = checker.judge(rule, corpus, profile)
    kinds = "+".join(sorted({f["kind"] for f in res["findings"]}))
    index = index_for(corpus)
    v = next(v for v in index.views if v.doc.url == url)
    m = learned.model()
    key = thai.key_of_normalized(v.content[:m.head_chars]) if m else ""
    ranked = m.scores(key) if m else []
    others = terms_of_other_items(profile, rule.code)
    saved = learned.OVERRIDES.get("enabled")
    learned.OVERRIDES["enabled"] = False
    try:
        named = any(c.view.doc.url == url for c in candidates(rule, index, others))
        named_other = any(c.view.doc.url != url and c.eligible and any(x["where"] in NAMED_WHERE for x in c.matched)
                          for c in candidates(rule, index, others))
    finally:
        learned.OVERRIDES.pop("enabled")
        if saved is not None:
            learned.OVERRIDES["enabled"] = saved
    lead = ranked[0][1] - ranked[1][1] if len(ranked) > 1 else 0.0
    own = {needle(t)[1] for t in rule.locate.get("terms", [])}
    if _hit(res, url):
        stage = "hit"
    elif named:
        stage = "named candidate fails checks" if res["verdict"] != "pass" else "attribution"
    elif v.state != "ok" or index.is_hub(v) or v.entries or v.copies_criteria:
        stage = "gate: not a document the model reads"
    elif len(key) < int(cfg["min_chars"]):
        stage = "gate: min_chars"
    elif not ranked or ranked[0][0] == learned.NONE:
        stage = "model: none top-1"
    elif ranked[0][0] == entry["item"] + learned.FAIL:
        stage = "model: own ~fail top-1"
    elif ranked[0][0].endswith(learned.FAIL):
        stage = "model: another item's ~fail top-1"
    elif ranked[0][0] != entry["item"]:
        stage = "model: another item top-1"
    elif entry["item"] not in learned.accepted(ranked, cfg):
        stage = "gate: min_lead" if lead < float(cfg.get("min_lead") or 0) else "gate: none_margin"
    elif cfg.get("not_named_other") and _named_as(v, [t for t in others if needle(t)[1] not in own]):
        stage = "gate: not_named_other"
    elif cfg.get("about_not_veto") and any(_not_hit(*v.opening, t) for t in _common_nots(rule.locate.get("about", []))):
        stage = "gate: about_not_veto"
    elif named_other and cfg.get("only_unlocated") is True:
        stage = "gate: only_unlocated"
    else:
        stage = "learned candidate fails checks" if res["verdict"] != "pass" else "attribution"
    return {"id": entry["id"], "item": entry["item"], "stage": stage, "kinds": kinds,
            "top": [(y, round(s, 3)) for y, s in ranked[:3]]}


def oracle(entry: dict, n: int, profile) -> str:
    """Judged as if the model had named the excerpt's true item: "hit" or the checks' findings."""
    true = dict.fromkeys(learned.concepts_of_codes([entry["item"]]), 0.0)
    real = learned.from_ranked
    learned.from_ranked = lambda ranked: dict(true)
    try:
        url = rt.excerpt_url(n)
        res = checker.judge(profile.rule(entry["item"]), fixture_corpus(rt.site(entry, n, "neutral")), profile)
    finally:
        learned.from_ranked = real
    return "hit" if _hit(res, url) else "+".join(sorted({f["kind"] for f in res["findings"]}))


def named_page(entry: dict, n: int, profile, values: list) -> dict:
    """The excerpt's own item on its neutral site plus a heading-only page named as the item (its first term)."""
    rule = profile.rule(entry["item"])
    term = (rule.locate.get("terms") or [""])[0]
    site = rt.site(entry, n, "neutral")
    page = f"{rt.HOST}/menu/{n}.html"
    site["documents"].append({"url": page, "kind": "html", "title": term, "link_texts": [term],
                              "referrers": [f"{rt.HOST}/"], "depth": 1, "nav_path": [],
                              "text": f"{term}\n{PLACEHOLDER}"})
    site["links"].append({"src": f"{rt.HOST}/", "url": page, "text": term})
    out = {}
    for value in values:
        learned.OVERRIDES["only_unlocated"] = value
        res = checker.judge(rule, fixture_corpus(site), profile)
        out[str(value)] = {"verdict": res["verdict"], "hit": _hit(res, rt.excerpt_url(n))}
    learned.OVERRIDES.pop("only_unlocated", None)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    rt.add_set_args(ap)
    ap.add_argument("--oracle", action="store_true", help="judge each model/gate loss as if the model were right")
    ap.add_argument("--named-page", metavar="VALUES", help="only_unlocated values to compare, e.g. true,fallback")
    ap.add_argument("--json", help="write the per-excerpt rows here")
    args = ap.parse_args(argv)
    folder = rt.open_set(args)
    if folder is None:
        return 2
    learned.OVERRIDES.setdefault("enabled", True)
    entries = load(folder, rt.skipped(args))
    excluded = rt.exclusions(entries, folder)
    base = load_profile(rt.PROFILE, validate=False)
    profiles = rt._profiles({int(e.get("fiscal_year") or base.fiscal_year) for e in entries})
    cfg = learned.settings()
    values = [yaml.safe_load(v) for v in args.named_page.split(",")] if args.named_page else []
    rows, page = [], {str(v): Counter() for v in values}
    saved = dict(learned.EXCLUDE)
    try:
        for n, e in enumerate(entries, 1):
            if e.get("verdict") not in ("pass", "fail"):
                continue
            learned.EXCLUDE.update(excluded[e.get("_file", "")])
            profile = profiles[int(e.get("fiscal_year") or base.fiscal_year)]
            if values:
                for value, got in named_page(e, n, profile, values).items():
                    if e["verdict"] == "pass":
                        page[value]["pos"] += 1
                        page[value]["found"] += got["hit"]
                    else:
                        page[value]["neg"] += 1
                        page[value]["held"] += got["verdict"] != "pass"
            if e["verdict"] != "pass":
                continue
            row = stage_of(e, n, profile, cfg)
            if args.oracle and row["stage"].startswith(("model", "gate")):
                row["oracle"] = oracle(e, n, profile)
            rows.append(row)
    finally:
        learned.EXCLUDE.update(saved)
    print(f"{len(rows)} pass excerpts in {folder}, behind a neutral link")
    for stage, count in sorted(Counter(r["stage"] for r in rows).items(), key=lambda x: (-x[1], x[0])):
        print(f"  {count:4d}  {stage}")
    if args.oracle:
        got = Counter(r["oracle"] for r in rows if "oracle" in r)
        print(f"as if the model named the true item, of {sum(got.values())} lost at the model or a gate: "
              + ", ".join(f"{k} {v}" for k, v in sorted(got.items(), key=lambda x: (-x[1], x[0]))))
    for value, c in page.items():
        print(f"with a heading-only page named as the item, only_unlocated={value}: recall {c['found']}/{c['pos']}, "
              f"fail agreement {c['held']}/{c['neg']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
