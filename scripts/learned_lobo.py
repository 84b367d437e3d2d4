"""The learned locate signal as a plain classifier, leave one collection round out: per batch file of the set.

Why: ``scripts/realtext.py`` measures the whole checker (the model's prediction, its gates, locate, the item's
checks); this script measures only the model (``oit_checker/learned.py``) on each batch file, trained without it
(``scripts/realtext.py``'s exclusions: every batch file of the same collection round and every example re-telling
one of the round's pages), in a second or so per round, so that features and gates can be compared on rounds the
model never saw before a full measurement. Each excerpt is read as the neutral presentation shows it to locate (a
neutral title, then its text).

Per file (figures measured, never asserted):

- ``top1``: of the ``pass`` excerpts, the share whose best class is their own item;
- ``taken``: of the ``pass`` excerpts, the share the gates (``learned.accepted``, ``min_chars``) accept for their
  own item (what can become a learned candidate);
- ``wrong``: accepted predictions that are not the excerpt's evidence (another item; any item for a ``fail``
  excerpt of that item or a hard negative), of all accepted predictions (``acc``).

Usage::

    python scripts/learned_lobo.py --set tests/realtext --skip b11- [--knob min_lead=0.2] [--files b8-1,b9-1]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "scripts"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import realtext as rt  # noqa: E402

from oit_checker import learned, thai  # noqa: E402


def neutral_text(entry: dict, n: int) -> str:
    """The document as locate reads it behind a neutral link: the neutral title, then the excerpt's text."""
    return thai.normalize(f"เอกสาร {n}\n{entry.get('text') or ''}")


def measure(entries: list[dict], folder: Path, script: str = "any", only: tuple[str, ...] = ()) -> dict[str, dict]:
    """Per batch file (those starting with one of ``only``, default all): counts of pass excerpts, top-1, taken,
    and accepted predictions right/wrong."""
    excluded = rt.exclusions(entries, folder)  # of the whole set: a round's mates are left out of its training
    cfg = learned.settings()
    out: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    saved = dict(learned.EXCLUDE)
    try:
        for n, e in enumerate(entries, 1):
            if (script != "any" and rt.script_of(e) != script) or (only and not e["_file"].startswith(only)):
                continue
            learned.EXCLUDE.update(excluded[e.get("_file", "")])
            m = learned.model()
            ranked = learned.ranked_of(neutral_text(e, n), m, normalized=True)
            row = out[e["_file"]]
            label, item = e["verdict"], e["item"]
            if label == "pass":
                row["pass"] += 1
                row["top1"] += bool(ranked) and ranked[0][0] == item
            taken = learned.accepted(ranked, cfg) if ranked else {}
            for code in taken:
                row["acc"] += 1
                right = (code == item and label == "pass") or code in (e.get("also") or [])
                row["right"] += right
                if label == "pass" and code == item:
                    row["taken"] += 1
                if not right and label == "fail" and code == item:
                    row["fail_taken"] += 1
    finally:
        learned.EXCLUDE.update(saved)
    return out


NEW = ("b8-1.yaml", "b9-1.yaml", "b10-1.yaml")


def report(res: dict[str, dict]) -> str:
    lines = ["file                      pass  top1         taken        acc  wrong  fail-taken"]
    tot, new = defaultdict(int), defaultdict(int)
    for name in sorted(res):
        r = res[name]
        for k in ("pass", "top1", "taken", "acc", "right", "fail_taken"):
            tot[k] += r[k]
            if name in NEW:
                new[k] += r[k]
        lines.append(_line(name, r))
    lines.append(_line("ALL", tot))
    lines.append(_line("NEW (b8-1,b9-1,b10-1)", new))
    per = [res[n] for n in res]
    mean = sum(r["top1"] / r["pass"] for r in per if r["pass"]) / max(1, sum(1 for r in per if r["pass"]))
    mtk = sum(r["taken"] / r["pass"] for r in per if r["pass"]) / max(1, sum(1 for r in per if r["pass"]))
    lines.append(f"mean over files: top1 {100 * mean:.1f} %, taken {100 * mtk:.1f} %")
    return "\n".join(lines)


def _line(name: str, r) -> str:
    p = r["pass"] or 1
    return (f"{name:<24} {r['pass']:>5}  {r['top1']:>3} {100 * r['top1'] / p:5.1f} %  {r['taken']:>3} "
            f"{100 * r['taken'] / p:5.1f} %  {r['acc']:>4}  {r['acc'] - r['right']:>4}  {r['fail_taken']:>4}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    rt.add_set_args(ap)
    ap.add_argument("--files", default="", help="comma-separated file-name prefixes to measure (default: all)")
    ap.add_argument("--script", choices=("any", "thai", "latin"), default="any")
    args = ap.parse_args(argv)
    folder = rt.open_set(args)
    if folder is None:
        return 2
    learned.OVERRIDES.setdefault("enabled", True)
    entries = rt.load_set(folder, rt.skipped(args))
    only = tuple(p for p in args.files.split(",") if p)
    print(report(measure(entries, folder, args.script, only)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
