#!/usr/bin/env python3
"""Benchmark: a full scan against ``wget --mirror`` on the same large generated site, stage by stage.

    python scripts/bench.py                       # large site (~1,850 pages, ~430 documents) and a 2x one, 3 runs
    python scripts/bench.py --sizes 1600 --runs 1 # one size, one run (quicker)
    python scripts/bench.py --code /tmp/old-main  # measure another checkout (a "before" figure)

For each size the site is generated once (``oit_checker.sitegen``, structure ``deep``) and served
once from 127.0.0.1 (``oit_checker.serve.SiteServer``); every run then times, against that same
server:

- ``wget --mirror`` (Debian wget) into an empty folder: the pace of a plain mirroring tool;
- a full ``oit-check scan`` (``--delay 0``, no history) with the seconds of each stage
  (crawl, extract, check, reports; from ``OIT_CHECK_TIMINGS``, or from the files' times for
  code that predates it) and the peak resident memory of the whole process tree (the CLI, the
  crawler and the extract workers, summed at each moment; sampled from /proc);
- a re-scan of the unchanged site with the same cache folder (``$XDG_DATA_HOME``), and whether the
  re-scan fast path (``oit_checker/crawl/revalidate.py``) vouched for it;
- ``oit-check check`` on the saved corpus;

and once per benchmark ``pdftotext`` (poppler-utils) against our PDF reader on the same
multi-page Thai PDFs of the site. Medians of the runs are printed as a table with the goals of
issue 12 and written to ``OUT/bench.json``. Timings are reported here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = os.sysconf("SC_PAGE_SIZE")
SCAN_LIMITS = ["--max-pages", "50000", "--max-time", "7200", "--delay", "0"]
GOALS = {  # issue 12
    "scan_seconds": ("full scan of the large site", "<=", 45.0),
    "crawl_vs_wget": ("crawl throughput / wget's", ">=", 0.5),
    "rescan_ratio": ("unchanged re-scan / first scan", "<=", 0.20),
    "check_seconds": ("check on the large corpus (s)", "<=", 3.0),
    "peak_mb": ("peak memory of the scan (MB)", "<=", 300.0),
    "growth": ("2x site time / large site time", "<=", 2.1),
}


# -- measuring -------------------------------------------------------------------------------

def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants right now (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
            parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(p for p, pp in parents.items() if pp == pid and p not in tree)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_timed(cmd: list[str], env: dict, cwd: Path | None = None) -> dict:
    """Run ``cmd``; wall seconds, exit code, stderr tail and the peak RSS of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the whole reaped tree: CPU, not waiting
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "exit": proc.returncode,
            "peak_mb": round(peak[0] / 2**20, 1),
            "stderr": err.decode("utf-8", "replace")[-1500:]}


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def stages(out: Path, started: float, ended: float, timings: Path) -> dict:
    """Seconds per stage: from OIT_CHECK_TIMINGS when the code writes it, else from file times."""
    if timings.exists():
        return json.loads(timings.read_text(encoding="utf-8"))
    corpus = out / "corpus"
    crawled = (corpus / "crawl.json").stat().st_mtime
    extracted = (corpus / "documents.jsonl").stat().st_mtime
    return {"crawl": round(crawled - started, 2), "extract": round(extracted - crawled, 2),
            "check+reports": round(ended - extracted, 2)}


def scan(code: Path, url: str, out: Path, xdg: Path, extra: list[str]) -> dict:
    timings = out.parent / f"{out.name}-timings.json"
    env = _env(code, xdg, timings)
    started = time.time()
    r = run_timed([sys.executable, "-m", "oit_checker", "scan", "--profile", "ita-2565",  # generated 2565 sites
                   url, "--out", str(out), "--quiet", "--no-history",
                   *SCAN_LIMITS, *extra], env, cwd=code)
    r["stages"] = stages(out, started, time.time(), timings) if (out / "corpus" / "crawl.json").exists() else {}
    fetched = _jsonl(out / "corpus" / "fetched.jsonl")
    r["urls"] = len(fetched)
    r["pages"] = sum(1 for d in fetched if d.get("kind") == "html" and not d.get("error"))
    r["documents"] = sum(1 for d in fetched if d.get("kind") not in ("html", "other", None) and not d.get("error"))
    r["errors"] = sum(1 for d in fetched if d.get("error"))
    res = out / "result.json"
    if res.exists():
        data = json.loads(res.read_text(encoding="utf-8"))
        r["oit"] = data["scores"]["oit"]
        r["verdicts"] = {i["code"]: i["verdict"] for i in data["items"]}
    crawl = out / "corpus" / "crawl.json"
    if crawl.exists():
        record = json.loads(crawl.read_text(encoding="utf-8"))
        r["crawl_stats"] = record.get("stats", {})
        r["fast_path"] = bool(record.get("revalidated"))  # the re-scan fast path (crawl/revalidate.py) vouched
    return r


def check(code: Path, corpus: Path, out: Path, xdg: Path) -> dict:
    timings = out.parent / f"{out.name}-timings.json"
    return run_timed([sys.executable, "-m", "oit_checker", "check", "--profile", "ita-2565",
                      str(corpus), "--out", str(out), "--quiet"],
                     _env(code, xdg, timings), cwd=code)


def wget(url: str, dest: Path) -> dict:
    dest.mkdir(parents=True)
    r = run_timed(["wget", "--mirror", "--no-parent", "--no-verbose", "--directory-prefix", str(dest), url],
                  dict(os.environ))
    r["files"] = sum(1 for p in dest.rglob("*") if p.is_file())
    r.pop("stderr")
    return r


def pdf_readers(code: Path, site: Path, limit: int = 60) -> dict:
    """pdftotext against our reader (oit_checker.extract.pdf) on the site's multi-page PDFs."""
    import pypdfium2 as pdfium

    files, pages = [], 0
    for path in sorted(site.rglob("*.pdf")):
        try:
            n = len(pdfium.PdfDocument(str(path)))
        except Exception:  # noqa: BLE001 - a planted unreadable file is not a benchmark input
            continue
        if n >= 2:
            files.append(str(path))
            pages += n
        if len(files) >= limit:
            break
    if len(files) < 5:  # generated sites publish one-page PDFs: add multi-page Thai ones
        sys.path.insert(0, str(code / "tests"))
        from fixtures.extract_docs import PHRASE_1, PHRASE_2, PHRASE_3, make_pdf

        lines = [PHRASE_1, PHRASE_2, PHRASE_3, "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๕ ขององค์การบริหารส่วนตำบล"]
        out = site.parent / "multipage-pdfs"
        out.mkdir(exist_ok=True)
        for n in range(20):
            path = out / f"report-{n}.pdf"
            path.write_bytes(make_pdf([[f"{lines[(i + k) % 4]} ({k + 1})" for i in range(28)]
                                       for k in range(10 + n % 5)]))
            files.append(str(path))
            pages += 10 + n % 5
    if not files or not shutil.which("pdftotext"):
        return {}
    t0 = time.perf_counter()
    for f in files:
        subprocess.run(["pdftotext", "-enc", "UTF-8", f, "-"], stdout=subprocess.DEVNULL, check=False)
    poppler = time.perf_counter() - t0
    probe = ("import json, sys, time\nfrom oit_checker.extract.pdf import extract_pdf\n"
             "files = json.loads(sys.argv[1])\nt0 = time.perf_counter()\n"
             "for f in files:\n    extract_pdf(open(f, 'rb').read())\n"
             "print(time.perf_counter() - t0)\n")
    ours = float(subprocess.run([sys.executable, "-c", probe, json.dumps(files)], env=_env(code, None, None), cwd=code,
                                capture_output=True, text=True, check=True).stdout.strip())
    return {"files": len(files), "pages": pages, "pdftotext_pages_per_s": round(pages / poppler, 1),
            "ours_pages_per_s": round(pages / ours, 1), "ratio": round(poppler / ours, 2)}


def _env(code: Path, xdg: Path | None, timings: Path | None) -> dict:
    """The environment of a measured child: ``code`` first on the path (children also run in ``code``,
    since ``python -m`` puts the working folder before everything, an editable install included)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIT_CHECK_")}
    env["PYTHONPATH"] = str(code)
    if xdg is not None:
        env["XDG_DATA_HOME"] = str(xdg)  # history and the HTTP/extract cache of this run only
    if timings is not None:
        env["OIT_CHECK_TIMINGS"] = str(timings)
    return env


# -- one size ----------------------------------------------------------------------------------

def bench_size(code: Path, work: Path, size: int, runs: int, args: argparse.Namespace) -> dict:
    sys.path.insert(0, str(code))
    from oit_checker.serve import SiteServer
    from oit_checker.sitegen import generate_site

    site = generate_site(work / f"site-{size}", seed=args.seed, structure=args.structure, size=size)
    rows = []
    with SiteServer(site) as server:
        for n in range(runs):
            run_dir = work / f"size-{size}-run-{n}"
            xdg = run_dir / "xdg"
            row = {}
            if not args.no_wget:
                row["wget"] = wget(server.url, run_dir / "wget")
            row["scan"] = scan(code, server.url, run_dir / "scan", xdg, args.scan_args)
            row["rescan"] = scan(code, server.url, run_dir / "rescan", xdg, args.scan_args)
            row["check"] = check(code, run_dir / "scan" / "corpus", run_dir / "check", xdg)
            rows.append(row)
            print(f"  size {size} run {n + 1}/{runs}: " + ", ".join(
                f"{k} {v['seconds']} s" for k, v in row.items()), file=sys.stderr)
            for k, v in row.items():
                if v.get("exit") not in (0, 1, 8) and k != "wget":
                    print(f"  {k} exited {v['exit']}: {v.get('stderr', '')}", file=sys.stderr)
    return summarise(rows)


def _med(rows: list[dict], *keys: str) -> float | None:
    vals = []
    for row in rows:
        v = row
        for k in keys:
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, int | float):
            vals.append(v)
    return round(statistics.median(vals), 2) if vals else None


def summarise(rows: list[dict]) -> dict:
    first = rows[0]["scan"]
    out = {"runs": len(rows), "urls": first["urls"], "pages": first["pages"], "documents": first["documents"],
           "errors": first["errors"], "oit": first.get("oit"),
           "rescan_same_verdicts": all(r["rescan"].get("verdicts") == r["scan"].get("verdicts") for r in rows),
           "rescan_fast_path": all(r["rescan"].get("fast_path") for r in rows),
           "rescan_ratio_cpu": (round(_med(rows, "rescan", "cpu_seconds") / _med(rows, "scan", "cpu_seconds"), 2)
                                if _med(rows, "rescan", "cpu_seconds") and _med(rows, "scan", "cpu_seconds")
                                else None),
           "scan_seconds": _med(rows, "scan", "seconds"), "rescan_seconds": _med(rows, "rescan", "seconds"),
           "check_seconds": _med(rows, "check", "seconds"), "peak_mb": _med(rows, "scan", "peak_mb"),
           **{f"{k}_cpu_seconds": _med(rows, k, "cpu_seconds") for k in ("scan", "rescan", "check", "wget")},
           "rescan_peak_mb": _med(rows, "rescan", "peak_mb"), "stages": {}, "rescan_stages": {},
           "raw": rows}
    for key in ("stages", "rescan_stages"):
        src = "scan" if key == "stages" else "rescan"
        for stage in rows[0][src].get("stages", {}):
            out[key][stage] = _med(rows, src, "stages", stage)
    crawl_s = out["stages"].get("crawl")
    if crawl_s:
        out["crawl_urls_per_s"] = round(first["urls"] / crawl_s, 1)
    if "wget" in rows[0]:
        out["wget_seconds"] = _med(rows, "wget", "seconds")
        out["wget_files"] = rows[0]["wget"]["files"]
        out["wget_files_per_s"] = round(out["wget_files"] / out["wget_seconds"], 1)
        if crawl_s:
            out["crawl_vs_wget"] = round(out["crawl_urls_per_s"] / out["wget_files_per_s"], 2)
    if out["scan_seconds"] and out["rescan_seconds"]:
        out["rescan_ratio"] = round(out["rescan_seconds"] / out["scan_seconds"], 2)
    return out


# -- the table -----------------------------------------------------------------------------------

def table(results: dict) -> str:
    sizes = results["sizes"]
    names = list(sizes)
    lines = [f"{'':34}" + "".join(f"{n:>16}" for n in names)]

    def row(label: str, key: str, fmt: str = "{}") -> None:
        vals = [sizes[n].get(key) for n in names]
        lines.append(f"{label:34}" + "".join(f"{(fmt.format(v) if v is not None else '-'):>16}" for v in vals))

    row("URLs fetched (pages/documents)", "urls")
    lines.append(f"{'':34}" + "".join(f"{str(sizes[n]['pages']) + '/' + str(sizes[n]['documents']):>16}"
                                      for n in names))
    row("wget --mirror (s)", "wget_seconds")
    row("wget files/s", "wget_files_per_s")
    row("wget CPU (s)", "wget_cpu_seconds")
    row("full scan (s)", "scan_seconds")
    row("full scan CPU, all processes (s)", "scan_cpu_seconds")
    for stage in sizes[names[0]]["stages"]:
        lines.append(f"{'  ' + stage + ' (s)':34}" + "".join(
            f"{str(sizes[n]['stages'].get(stage, '-')):>16}" for n in names))
    row("crawl URLs/s", "crawl_urls_per_s")
    row("crawl / wget throughput", "crawl_vs_wget")
    row("re-scan unchanged (s)", "rescan_seconds")
    for stage in sizes[names[0]]["rescan_stages"]:
        lines.append(f"{'  ' + stage + ' (s)':34}" + "".join(
            f"{str(sizes[n]['rescan_stages'].get(stage, '-')):>16}" for n in names))
    row("re-scan CPU (s)", "rescan_cpu_seconds")
    row("re-scan / scan", "rescan_ratio")
    row("re-scan / scan, CPU", "rescan_ratio_cpu")
    row("re-scan: same verdicts", "rescan_same_verdicts")
    row("re-scan: fast path taken", "rescan_fast_path")
    row("check on the corpus (s)", "check_seconds")
    row("check CPU (s)", "check_cpu_seconds")
    row("peak RSS, process tree (MB)", "peak_mb")
    row("OIT score", "oit")
    if results.get("growth") is not None:
        lines.append(f"{'2x site / large site (time)':34}{results['growth']:>16}")
    pdf = results.get("pdf") or {}
    if pdf:
        lines.append(f"PDF reader on {pdf['files']} multi-page Thai PDFs ({pdf['pages']} pages): ours "
                     f"{pdf['ours_pages_per_s']} pages/s, pdftotext {pdf['pdftotext_pages_per_s']} pages/s, "
                     f"ratio {pdf['ratio']}x")
    lines.append(f"load average before/after: {results.get('load_before')} / {results.get('load_after')} "
                 f"on {results.get('cpus')} CPUs (wall times grow with other work on the machine; CPU times less)")
    lines.append("")
    lines.append("goals (issue 12; medians):")
    for key, (label, op, goal) in GOALS.items():
        val = results["goals"].get(key)
        met = "-" if val is None else ("met" if (val <= goal if op == "<=" else val >= goal) else "NOT met")
        lines.append(f"  {label:34} {op} {goal:<6} measured {val if val is not None else '-':<8} {met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1600,3200", help="news pages of the generated sites; the first is the "
                    "'large' site, the second (when given) the growth check (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="runs per size; medians are reported (default: 3)")
    ap.add_argument("--growth-runs", type=int, default=None, help="runs of the second (2x) size (default: --runs)")
    ap.add_argument("--structure", default="deep")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=None, help="folder for sites, outputs and bench.json "
                    "(default: a temporary folder)")
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout to measure (default: this one)")
    ap.add_argument("--no-wget", action="store_true", help="skip wget --mirror")
    ap.add_argument("--scan-args", default="", help="extra arguments for every scan, e.g. '--concurrency 8'")
    args = ap.parse_args(argv)
    args.scan_args = args.scan_args.split()
    if not args.no_wget and not shutil.which("wget"):
        print("wget is not installed (apt-get install wget); or pass --no-wget", file=sys.stderr)
        return 2
    work = Path(args.out or tempfile.mkdtemp(prefix="oit-bench-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    code = args.code.resolve()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    results: dict = {"code": str(code), "sizes": {}, "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "cpus": os.cpu_count(), "runs": args.runs, "scan_args": SCAN_LIMITS + args.scan_args}
    results["load_before"] = [round(x, 2) for x in os.getloadavg()]
    for size in sizes:
        print(f"size {size}: generating and measuring ...", file=sys.stderr)
        runs = args.runs if size == sizes[0] or args.growth_runs is None else args.growth_runs
        results["sizes"][f"size {size}"] = bench_size(code, work, size, runs, args)
    results["pdf"] = pdf_readers(code, work / f"site-{sizes[0]}")
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    large = results["sizes"][f"size {sizes[0]}"]
    results["growth"] = None
    if len(sizes) > 1:
        big = results["sizes"][f"size {sizes[1]}"]
        results["growth"] = round(big["scan_seconds"] / large["scan_seconds"], 2)
    results["goals"] = {"scan_seconds": large["scan_seconds"], "crawl_vs_wget": large.get("crawl_vs_wget"),
                        "rescan_ratio": large.get("rescan_ratio"), "check_seconds": large["check_seconds"],
                        "peak_mb": max(s["peak_mb"] or 0 for s in results["sizes"].values()),
                        "growth": results["growth"]}
    (work / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))
    print(f"\nbench.json: {work / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
