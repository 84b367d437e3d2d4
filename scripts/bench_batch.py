#!/usr/bin/env python3
"""Wall time of ``oit-check batch`` over N local sites with 1, 2, … workers.

    PYTHONPATH=. python scripts/bench_batch.py                      # fake scanner, 20 sites, 1 and 2 workers
    PYTHONPATH=. python scripts/bench_batch.py --sleep 1            # fake scanner that "crawls" 1 s per site
    PYTHONPATH=. python scripts/bench_batch.py --real --workers 1,2,4   # the real scan pipeline
    PYTHONPATH=. python scripts/bench_batch.py --broker redis://127.0.0.1:6379/0 --db postgresql+psycopg://…
        # through `oit-check worker`s you started (with the same OIT_CHECK_SCAN_CMD as the bench uses)

Sites are served from 127.0.0.1 (one SiteServer per site). With ``--real`` each site is the
bundled demo municipality when ``oit_checker.demo`` is available, else a three-page site.
Prints a table and writes ``bench.json`` in ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from oit_checker.serve import SiteServer  # noqa: E402

PAGES = {
    "index.html": "<html><head><meta charset='utf-8'><title>เทศบาลตำบลทดสอบ</title></head><body>"
                  "<a href='structure.html'>โครงสร้าง</a> <a href='contact.html'>ติดต่อเรา</a></body></html>",
    "structure.html": "<html><head><meta charset='utf-8'><title>โครงสร้าง</title></head><body>สำนักปลัด กองคลัง"
                      "</body></html>",
    "contact.html": "<html><head><meta charset='utf-8'><title>ติดต่อ</title></head><body>โทร 053-000000</body></html>",
}


def build_site(root: Path, n: int, real: bool, sleep: float) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if real:
        try:
            from oit_checker.demo import build_demo_site

            return Path(build_demo_site())
        except ImportError:
            for name, html in PAGES.items():
                (root / name).write_text(html, encoding="utf-8")
            return root
    spec = {"agency": f"อบต.ทดสอบ {n}", "fail": [f"O{1 + n % 43}", "O23"], "sleep": sleep,
            "pages": 20 + n, "documents": n}
    (root / "oit.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return root


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sites", type=int, default=20)
    p.add_argument("--workers", default="1,2", help="comma list of --workers values")
    p.add_argument("--real", action="store_true", help="use the real scanner (python -m oit_checker scan)")
    p.add_argument("--sleep", type=float, default=0.0, help="fake scanner: seconds of simulated crawl per site")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--out", default=None, help="folder for outputs (default: a temporary folder)")
    p.add_argument("--broker", default=None, help="send the scans to running `oit-check worker`s through this "
                   "broker (then --workers only labels the run)")
    p.add_argument("--db", default=None, help="history database for the runs (default: a SQLite file per run)")
    a = p.parse_args()
    out = Path(a.out or tempfile.mkdtemp(prefix="oit-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIT_CHECK_")}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["XDG_DATA_HOME"] = str(out / "xdg")
    if not a.real:
        env["OIT_CHECK_SCAN_CMD"] = f"{sys.executable} {ROOT / 'tests' / 'fleet_fake_scanner.py'} scan"
    servers = [SiteServer(build_site(out / "www" / f"{n:03d}", n, a.real, a.sleep)).start() for n in range(a.sites)]
    runs = []
    try:
        csv_path = out / "sites.csv"
        csv_path.write_text("code,name,type,province,url\n" + "".join(
            f"{n:03d},site {n},,,{s.url}\n" for n, s in enumerate(servers)), encoding="utf-8")
        for w in [int(x) for x in a.workers.split(",") if x.strip()]:
            run_out = out / f"w{w}"
            t0 = time.monotonic()
            cmd = [sys.executable, "-m", "oit_checker", "batch", str(csv_path), "--out", str(run_out), "--workers",
                   str(w), "--db", a.db or str(run_out / "h.sqlite"), "--timeout", str(a.timeout), "--quiet"]
            if a.broker:
                cmd += ["--broker", a.broker]
            r = subprocess.run(cmd, env=env, capture_output=True, text=True)
            wall = time.monotonic() - t0
            rows = json.loads((run_out / "summary.json").read_text())["sites"] if r.returncode == 0 else []
            statuses = {s: sum(1 for x in rows if x["status"] == s) for s in {x["status"] for x in rows}}
            runs.append({"workers": w, "wall_s": round(wall, 2), "sites": len(rows), "statuses": statuses,
                         "per_site_s": round(wall / max(1, len(rows)), 3), "rc": r.returncode})
            if r.returncode != 0:
                print(r.stderr, file=sys.stderr)
    finally:
        for s in servers:
            s.stop()
    info = {"scanner": "real" if a.real else f"fake (sleep {a.sleep}s)", "sites": a.sites, "cpus": os.cpu_count(),
            "mode": "celery" if a.broker else "local", "runs": runs}
    (out / "bench.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    print(f"scanner: {info['scanner']}, {info['mode']}, {a.sites} sites, {os.cpu_count()} CPUs, outputs in {out}")
    print(f"{'workers':>7} {'wall s':>8} {'s/site':>7}  statuses")
    for r in runs:
        print(f"{r['workers']:>7} {r['wall_s']:>8} {r['per_site_s']:>7}  {r['statuses']}")
    return 0 if all(r["rc"] == 0 for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
