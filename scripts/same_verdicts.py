#!/usr/bin/env python3
"""Same verdicts before and after a speed-up: judge saved corpora with two checkouts, compare result.json.

Why: a change that only caches, indexes or defers work must not change a single item. This runs
``oit-check check`` on each corpus with a base checkout (``--base``, e.g. ``git archive main``
unpacked in a folder) and with this one, then compares every item of ``result.json`` (verdict,
score, evidence URLs, matched text, findings, advice) and the scores, field by field::

    python scripts/same_verdicts.py --base /tmp/base CORPUS[@PROFILE] ...

Exit 0 when every corpus gives identical items and scores, 1 otherwise (the first differences
are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def judge(code: Path, corpus: Path, profile: str | None, out: Path) -> dict:
    """result.json of ``oit-check check`` run with the checkout ``code``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIT_CHECK_")}
    env["PYTHONPATH"] = str(code)
    cmd = [sys.executable, "-m", "oit_checker", "check", str(corpus), "--out", str(out), "--format", "json",
           "--quiet", "--no-history"] + (["--profile", profile] if profile else [])
    r = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True)
    if not (out / "result.json").exists():
        raise SystemExit(f"{code}: check failed on {corpus} (exit {r.returncode}): {r.stderr[-2000:]}")
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


def differences(a: dict, b: dict, limit: int = 10) -> list[str]:
    """Where the items or scores of two results differ (path: before → after)."""
    out: list[str] = []

    def walk(x, y, path: str) -> None:
        if len(out) >= limit or x == y:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y), key=str):
                walk(x.get(k), y.get(k), f"{path}.{k}")
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y, strict=True)):
                walk(p, q, f"{path}[{i}]")
        else:
            out.append(f"{path}: {json.dumps(x, ensure_ascii=False)[:300]} → {json.dumps(y, ensure_ascii=False)[:300]}")

    walk(a.get("items"), b.get("items"), "items")
    walk(a.get("scores"), b.get("scores"), "scores")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="the checkout to compare with (before)")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout under test (default: this one)")
    ap.add_argument("corpora", nargs="+", help="corpus folders, each optionally @PROFILE (e.g. out/corpus@ita-2565)")
    args = ap.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, spec in enumerate(args.corpora):
            corpus, _, profile = spec.partition("@")
            before = judge(args.base.resolve(), Path(corpus).resolve(), profile or None, Path(tmp) / f"{n}-before")
            after = judge(args.code.resolve(), Path(corpus).resolve(), profile or None, Path(tmp) / f"{n}-after")
            diff = differences(before, after)
            verdicts = {i["verdict"] for i in after["items"]}
            print(f"{'same' if not diff else 'DIFFERENT'}  {spec}  ({len(after['items'])} items, "
                  f"verdicts {sorted(verdicts)}, OIT {after['scores'].get('oit')})")
            for line in diff:
                print("   ", line)
            failed += bool(diff)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
