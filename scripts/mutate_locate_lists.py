"""Requirement coverage of the rules' ``locate.exclude`` and ``locate.mask`` lists alone.

``oit-check rules test --mutate`` drops each requirement of a rule's checks, each ``locate.about``
pattern and (since every list has a fixture that needs it) each ``exclude``/``mask`` list too. This
reports the locate lists on their own, per profile: a list no fixture needs wants a fail fixture
holding the other item's page (or the copied heading) that the rule's terms would take.

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
