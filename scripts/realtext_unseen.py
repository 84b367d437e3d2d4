"""Copy a labelled real-text set without the excerpts whose page somebody has already read.

Why: a set measures generalisation only on pages nobody tuned on. Rule engineers log every page
they read (one URL per line, ``/work/eval/seen-*.txt``; earlier sets' URLs in ``used-urls.txt``);
this drops those excerpts so the figure is taken on unseen pages only, and says how many it dropped.

Usage::

    python scripts/realtext_unseen.py SRC DEST --seen /work/eval/used-urls.txt /work/eval/seen-s11-*.txt
    OIT_REALTEXT=DEST python scripts/realtext.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="folder of *.yaml excerpt lists")
    ap.add_argument("dest", type=Path, help="folder to write the unseen excerpts to")
    ap.add_argument("--seen", nargs="*", type=Path, default=[], help="files of URLs already read, one per line")
    args = ap.parse_args()
    seen: set[str] = set()
    for f in args.seen:
        seen |= set(f.read_text(encoding="utf-8").split())
    args.dest.mkdir(parents=True, exist_ok=True)
    kept = dropped = 0
    for f in sorted(args.src.glob("*.yaml")):
        entries = yaml.safe_load(f.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            continue  # a non-list file (titles) is not an excerpt list
        keep = [e for e in entries if e.get("url") not in seen]
        kept, dropped = kept + len(keep), dropped + len(entries) - len(keep)
        (args.dest / f.name).write_text(yaml.safe_dump(keep, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"kept {kept}, dropped {dropped} already read")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
