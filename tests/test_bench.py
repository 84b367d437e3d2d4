"""The benchmark's own measuring code (scripts/bench.py), on tiny inputs: figures are reported
by the benchmark, never asserted here; only that it measures what it says."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_peak_memory_covers_the_process_tree():
    bench = _bench()
    # a child that starts a grandchild holding 80 MB: the parent alone stays small
    grandchild = "b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(1.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    r = bench.run_timed([sys.executable, "-c", child], dict(os.environ))
    assert r["exit"] == 0
    assert r["peak_mb"] >= 80
    assert r["seconds"] >= r["cpu_seconds"] >= 0


def test_summary_and_table_from_runs():
    bench = _bench()

    def run(scan, rescan, crawl):
        return {"wget": {"seconds": 2.0, "cpu_seconds": 1.0, "files": 100, "exit": 0, "peak_mb": 5},
                "scan": {"seconds": scan, "cpu_seconds": scan, "peak_mb": 120, "urls": 100, "pages": 80,
                         "documents": 20, "errors": 0, "oit": 80.0, "verdicts": {"O1": "pass"},
                         "stages": {"crawl": crawl, "extract": 1.0, "check": 1.0, "reports": 1.0}},
                "rescan": {"seconds": rescan, "cpu_seconds": rescan, "peak_mb": 100, "verdicts": {"O1": "pass"},
                           "stages": {"crawl": 1.0, "extract": 0.1, "check": 1.0, "reports": 1.0}},
                "check": {"seconds": 2.5, "cpu_seconds": 2.0, "peak_mb": 60}}

    s = bench.summarise([run(10.0, 3.0, 5.0), run(12.0, 2.0, 4.0), run(30.0, 9.0, 6.0)])
    assert s["scan_seconds"] == 12.0 and s["rescan_seconds"] == 3.0  # medians, not means
    assert s["stages"]["crawl"] == 5.0
    assert s["crawl_urls_per_s"] == 20.0 and s["wget_files_per_s"] == 50.0 and s["crawl_vs_wget"] == 0.4
    assert s["rescan_ratio"] == 0.25 and s["rescan_same_verdicts"] is True
    results = {"sizes": {"size 10": s}, "growth": None, "pdf": {}, "cpus": 2,
               "goals": {"scan_seconds": 12.0, "crawl_vs_wget": 0.4, "rescan_ratio": 0.25, "check_seconds": 2.5,
                         "peak_mb": 120, "growth": None}}
    text = bench.table(results)
    assert "crawl throughput / wget's" in text
    lines = {line.split(">=")[0].split("<=")[0].strip(): line for line in text.splitlines() if "measured" in line}
    assert lines["full scan of the large site"].endswith(" met") and "NOT" not in lines["full scan of the large site"]
    assert lines["crawl throughput / wget's"].endswith("NOT met")
    assert lines["unchanged re-scan / first scan"].endswith("NOT met")
