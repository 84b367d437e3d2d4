"""Requirement coverage of the rules' ``locate.exclude`` and ``locate.mask`` lists (not yet in the figure).

``oit-check rules test --mutate`` drops each requirement of a rule's checks and each ``locate.about``
pattern. A rule's ``exclude`` words (a document naming another item is not this one) and ``mask``
phrases (blanked before terms match) make it stricter too, but few fixtures hold another item's
document that the rule's terms would take, so dropping them is mostly uncaught. This reports, per
profile, which lists no fixture needs: add a fail fixture for each (the other item's page), then
fold them into ``mutate.mutations``.

    python scripts/mutate_locate_lists.py [PROFILE ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from oit_checker import mutate

PROFILES = ["ita-2565", "ita-2566", "ita-2568", "ita-2569"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("profiles", nargs="*", default=PROFILES)
    ap.add_argument("--json", type=Path, help="write every mutation with what caught it")
    args = ap.parse_args(argv)
    suites = mutate._Suites()
    results = [mutate.run(p, "en", suites, locate_lists=True) for p in args.profiles]
    for r in results:
        print(f"{r['profile']}: {r['tried']} locate lists dropped, {r['caught']} caught, "
              f"{len(r['uncaught'])} uncaught ({r['seconds']} s)")
        for u in r["uncaught"]:
            print(f"  UNCAUGHT {u['key']} «{u['what']}»")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
