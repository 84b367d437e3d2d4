"""``python -m oit_checker.sitegen DEST --seed N --structure S [--size N] [--profile P] [--behaviours all]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from oit_checker.sitegen import BEHAVIOURS, STRUCTURES, generate_site
from oit_checker.thai import setup_pythainlp


def main(argv: list[str] | None = None) -> int:
    setup_pythainlp()
    p = argparse.ArgumentParser(prog="python -m oit_checker.sitegen",
                                description="generate a test agency website with a ground truth")
    p.add_argument("dest", type=Path, help="output folder (site/ and ground_truth.yaml go inside)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--structure", choices=STRUCTURES, default="hub")
    p.add_argument("--size", type=int, default=30, help="number of ordinary news pages (noise)")
    p.add_argument("--profile", default="ita-2565", help="the round whose items the site publishes")
    p.add_argument("--behaviours", default="none",
                   help=f"site behaviours to plant: all, none, random or a comma list of {', '.join(BEHAVIOURS)}")
    args = p.parse_args(argv)
    t0 = time.monotonic()
    try:
        root = generate_site(args.dest, args.seed, args.structure, args.size, args.profile,
                             behaviours=args.behaviours)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    import yaml

    truth = yaml.safe_load((args.dest / "ground_truth.yaml").read_text(encoding="utf-8"))
    c = truth["counts"]
    print(f"{root}: {c['pages']} pages, {c['documents']} documents, "
          f"{sum(1 for i in truth['items'].values() if i['verdict'] != 'pass')} items not passing, "
          f"{sum(1 for i in truth['items'].values() if i.get('behaviour'))} behaviours, "
          f"{time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
