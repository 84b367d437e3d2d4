"""Which gate of the learned locate signal stops each positive that ends ``not_found`` (session 23, s23-gate).

For every ``pass`` excerpt whose item ended ``not_found`` in a ``scripts/realtext.py --json`` run, the excerpt is
served again as realtext serves it (same site, same training exclusions) and the model's reading is traced through
``learned.accepted`` and locate's vetoes in the order they apply: the document view (hub, list, criteria copy),
``min_chars``, ``none`` or a ``~fail`` class best, ``top_k`` (another item first), ``min_lead``, ``none_margin``,
then ``not_named_other`` and ``about_not_veto``. Prints one row per positive (match-key letters, the item's rank
and gap below the best class, its lead over the next class) and the count per gate with the ranks.

    python scripts/realtext.py --set tests/realtext/corpus --host-half A --script thai --mode neutral --json /tmp/A.json
    python scripts/learned_gates.py --set tests/realtext/corpus --host-half A --script thai --outcomes /tmp/A.json

Knobs are the file's (``rules/common/learned.yaml``) unless ``--knob`` is given, as in realtext.py. Never run it on
a held-out half (it prints per-excerpt rows).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "scripts"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import realtext as rt  # noqa: E402

from oit_checker import learned, locate, thai  # noqa: E402
from oit_checker.fixtures import fixture_corpus  # noqa: E402
from oit_checker.locate import DocState, index_for  # noqa: E402
from oit_checker.profiles import load_profile  # noqa: E402


def gate_of(entry: dict, n: int, mode: str, profile, cfg: dict) -> dict:
    """The excerpt's reading by the model and the first gate that stops its item."""
    idx = index_for(fixture_corpus(rt.site(entry, n, mode)))
    url = rt.excerpt_url(n)
    pos = next(i for i, v in enumerate(idx.views) if v.doc.url == url)
    v = idx.views[pos]
    m = idx.learned_model()
    key = thai.key_of_normalized(v.about_content[:m.head_chars])
    ranked = m.scores(key)  # unlike ranked_of, also below min_chars
    item = entry["item"]
    scores = dict(ranked)
    labels = [y for y, _ in ranked]
    rank = labels.index(item) + 1 if item in labels else None
    best_y, best = ranked[0] if ranked else ("", 0.0)
    own = scores.get(item)
    rest = [s for y, s in ranked if y != item and not (cfg.get("lead_of_items") and learned.item_of(y) == item)]
    lead = round(own - rest[0], 3) if own is not None and rest else None
    none = scores.get(learned.NONE)
    rule = profile.rule(item)
    if v.state != DocState.OK or idx.is_hub(v) or v.entries or v.copies_criteria:
        gate = "view:" + ("hub" if idx.is_hub(v) else "list" if v.entries else "criteria" if v.copies_criteria
                          else str(v.state))
    elif len(key) < int(cfg["min_chars"]):
        gate = "min_chars"
    elif item not in learned.accepted(ranked, cfg):  # the signal's own decision; the label below only says why
        if best_y == learned.NONE:
            gate = "none_best"
        elif best_y.endswith(learned.FAIL):
            gate = "own_fail_best" if learned.item_of(best_y) == item else "fail_best"
        elif rank != 1:
            gate = "top_k"
        elif lead is not None and lead < float(cfg.get("min_lead") or 0):
            gate = "min_lead"
        elif none is not None and own - none < float(cfg["none_margin"]):
            gate = "none_margin"
        else:
            gate = "not_accepted"
    elif getattr(rule, "concept", None) not in learned.from_ranked(ranked):
        gate = "concept"
    else:
        others = locate.terms_of_other_items(profile, item)
        mine = {locate.needle(t)[1] for t in rule.locate.get("terms", [])}
        others_named = [t for t in others if locate.needle(t)[1] not in mine]
        nots = locate._common_nots(rule.locate.get("about", []))
        if cfg.get("not_named_other") and locate._named_as(v, others_named):
            gate = "not_named_other"
        elif cfg.get("about_not_veto") and any(locate._not_hit(*v.opening, t) for t in nots):
            gate = "about_not_veto"
        else:
            gate = "candidate" if locate.candidates(rule, idx, others) else "no_candidate"
    return {"id": entry["id"], "item": item, "chars": len(key), "rank": rank,
            "gap": round(best - own, 3) if own is not None else None, "lead": lead, "gate": gate,
            "top3": " ".join(f"{y}:{s:.2f}" for y, s in ranked[:3])}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    rt.add_set_args(ap)
    ap.add_argument("--host-half", choices=("A", "B"))
    ap.add_argument("--script", choices=("any", "thai", "latin"), default="any")
    ap.add_argument("--mode", choices=rt.MODES, default="neutral")
    ap.add_argument("--outcomes", required=True, help="a scripts/realtext.py --json file of the same selection")
    args = ap.parse_args(argv)
    folder = rt.open_set(args)
    if folder is None:
        return 2
    entries = [e for e in rt.load_set(folder, rt.skipped(args)) if args.script in ("any", rt.script_of(e))
               and args.host_half in (None, rt.host_half(e))]
    data = json.loads(Path(args.outcomes).read_text(encoding="utf-8"))
    lost = {o["id"] for o in data["outcomes"] if o["mode"] == args.mode and o["label"] == "pass"
            and "not_found" in o["judged"][o["item"]]["kinds"]}
    excluded = rt.exclusions(entries, folder)
    profile = load_profile(rt.PROFILE, validate=False)
    cfg = learned.settings()
    rows = []
    for n, e in enumerate(entries, 1):  # numbered as realtext numbers them
        if e["id"] in lost:
            learned.EXCLUDE.update(excluded[e.get("_file", "")])
            rows.append(gate_of(e, n, args.mode, profile, cfg))
    for r in rows:
        print(f"{r['id']:<14} {r['item']:<4} chars={r['chars']:<5} rank={r['rank']!s:<4} gap={r['gap']!s:<6} "
              f"lead={r['lead']!s:<7} {r['gate']:<16} {r['top3']}")
    print(f"\n{len(rows)} not_found positives ({args.mode})")
    for gate, k in Counter(r["gate"] for r in rows).most_common():
        ranks = Counter(r["rank"] for r in rows if r["gate"] == gate)
        print(f"{gate:<16} {k:>3}  item's rank: "
              + ", ".join(f"{r}×{c}" for r, c in sorted(ranks.items(), key=lambda x: (x[0] is None, x[0] or 0))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
