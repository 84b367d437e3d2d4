"""Benchmark: seconds and peak memory of a full scan of the demo site and of a large generated site.

Usage:  python scripts/bench.py [--size 600] [--structure deep] [--seed 7]

Each scan runs `python -m oit_checker scan URL --quiet` in a child process; peak memory is the
largest resident set of any process in that scan (the CLI, and the crawler/extractor children
it waits for), read from getrusage(RUSAGE_CHILDREN) in a fresh measuring process. Timings are
reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(url: str, out: Path, extra: list[str]) -> dict:
    """Run one scan in this process's child and report wall time and peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "oit_checker", "scan", url, "--out", str(out), "--quiet", *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    crawl = json.loads((out / "corpus" / "crawl.json").read_text(encoding="utf-8"))
    docs = [json.loads(x) for x in (out / "corpus" / "documents.jsonl").read_text(encoding="utf-8").splitlines() if x]
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    return {
        "exit": proc.returncode,
        "seconds": round(seconds, 1),
        "peak_mb": round(peak_kb / 1024, 1),
        "fetched": len(docs),
        "html_pages": sum(1 for d in docs if d.get("kind") == "html" and not d.get("error")),
        "documents": sum(1 for d in docs if d.get("kind") not in ("html", "other") and not d.get("error")),
        "errors": sum(1 for d in docs if d.get("error")),
        "crawl_status": crawl.get("status"),
        "oit": result["scores"]["oit"],
    }


def one(kind: str, args: argparse.Namespace) -> dict:
    from oit_checker.serve import SiteServer

    work = Path(tempfile.mkdtemp(prefix="oit-bench-"))
    if kind == "demo":
        from oit_checker.demo import build_demo_site

        site = build_demo_site()
    else:
        from oit_checker.sitegen import generate_site

        site = generate_site(work / "site", seed=args.seed, structure=args.structure, size=args.size)
    with SiteServer(site) as server:
        return measure(server.url, work / "out", ["--max-pages", "20000", "--delay", "0"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=600)
    ap.add_argument("--structure", default="deep")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", choices=["demo", "large"])
    args = ap.parse_args()
    if args.one:  # measuring process: a fresh RUSAGE_CHILDREN per benchmark
        print(json.dumps(one(args.one, args)))
        return
    for kind in ("demo", "large"):
        out = subprocess.run(
            [sys.executable, __file__, "--one", kind, "--size", str(args.size), "--structure", args.structure,
             "--seed", str(args.seed)],
            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        if out.returncode:
            print(kind, "failed:", out.stderr[-2000:])
            continue
        print(kind, out.stdout.strip())


if __name__ == "__main__":
    main()
