"""Item-level agreement between the checker and a ground truth, as an assessor would judge.

Why: the rules were written while looking at the demo site; this script measures them on
sites nobody calibrated on (generated sites with a fresh seed, and three real Thai sites whose
truth was written by hand in ``tests/real_sites/*.truth.yaml``).

Usage (from the project root, ``PYTHONPATH=$PWD``)::

    python scripts/evaluate.py result OUT/result.json TRUTH.yaml
    python scripts/evaluate.py demo
    python scripts/evaluate.py generated --seed 4242 --structures hub,menus,cp874,deep,query
    python scripts/evaluate.py generated --profile ita-2569 --seed 3131 --structures hub,menus --behaviours all
    python scripts/evaluate.py real [--sites hangdong,saiyoi,phukradung]
    ... [--json FILE] [--keep DIR]

Truth format: the one of ``oit_checker/demo/ground_truth.yaml`` (``items: {O1: {verdict,
findings: [{kind, ...}], evidence, reason}}``), extended for hand-written truths:
``verdict`` may be a list of acceptable verdicts, ``findings`` may be omitted (then any
finding kind is accepted) and a finding's ``kind`` may be a list of acceptable kinds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
# ../shared/real-sites beside the checkout; OIT_REAL_SITES names it from elsewhere (a git worktree)
REAL_SITES_DIR = Path(os.environ.get("OIT_REAL_SITES") or ROOT.parent / "shared" / "real-sites")
REAL_TRUTH_DIR = ROOT / "tests" / "real_sites"
DEMO_TRUTH = ROOT / "oit_checker" / "demo" / "ground_truth.yaml"
GENERATED_STRUCTURES = ("hub", "menus", "cp874", "deep", "query")
# Real sites: start path and the fiscal year of the content era (why: see each truth file).
REAL_SITES = {
    "hangdong": {"start": "/index.html"},
    "saiyoi": {"start": "/index.html"},
    "phukradung": {"start": "/public/"},
}
# Optional variants (not in the default run): the same folder entered from another page.
# saiyoi's /index.html has a menu of href="#" only; /architech.html carries the real menu.
REAL_VARIANTS = {"saiyoi-inner": {"dir": "saiyoi", "start": "/architech.html"}}


# ---------------------------------------------------------------- comparison

def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _path(url: str) -> str:
    """Path + query of a URL, so results from any port compare with truth paths."""
    if not url:
        return ""
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _finding_matches(want: dict, got: dict) -> bool:
    """A got finding satisfies a wanted one: same kind, and details equal when the truth gives them. The details
    (months, years) describe the first kind the truth lists; an alternative kind after it ("this year's post lacks
    the outcome" beside "the report is last year's") is accepted by its kind alone."""
    kinds = _as_list(want.get("kind"))
    if got.get("kind") not in kinds:
        return False
    if len(kinds) > 1 and got.get("kind") != kinds[0]:
        return True
    if "months" in want and want["months"] is not None:
        if sorted(str(m) for m in want["months"]) != sorted(str(m) for m in got.get("months") or []):
            return False
    for key in ("found", "expected"):
        if key in want and want[key] is not None:
            if str(want[key]) != str(got.get(key)):
                return False
    return True


def judge_item(want: dict, got: dict | None) -> tuple[bool, str]:
    """(agrees, why-not) for one item."""
    if got is None:
        return False, "item missing from result"
    verdicts = _as_list(want.get("verdict"))
    if got.get("verdict") not in verdicts:
        return False, "verdict"
    if got.get("verdict") == "pass":
        return True, ""
    wanted = want.get("findings")
    if not wanted:  # omitted or [] on an acceptable non-pass verdict: any finding kind will do
        return True, ""
    got_findings = got.get("findings") or []
    for w in wanted:
        if not any(_finding_matches(w, g) for g in got_findings):
            if not any(g.get("kind") in _as_list(w.get("kind")) for g in got_findings):
                return False, "finding kind"
            return False, "finding detail"
    return True, ""


def _short_findings(findings: list[dict]) -> list[dict]:
    keep = ("kind", "months", "found", "expected", "phrases", "elements", "reason")
    return [{k: f[k] for k in keep if k in f and f[k] not in (None, [])} for f in findings or []]


def phrase_notes(want: dict, got: dict | None) -> list[dict]:
    """Agreeing items whose missing_phrases list differs from the truth's (reported, not counted)."""
    notes = []
    for w in want.get("findings") or []:
        if w.get("kind") != "missing_phrases" or not w.get("phrases"):
            continue
        for g in (got or {}).get("findings") or []:
            if g.get("kind") == "missing_phrases" and sorted(g.get("phrases") or []) != sorted(w["phrases"]):
                notes.append({"expected": w["phrases"], "got": g.get("phrases") or []})
    return notes


def compare(result: dict, truth: dict) -> dict:
    """Agreement of a result.json dict with a ground-truth dict, item by item."""
    got_items = {it.get("code"): it for it in result.get("items") or []}
    rows, disagreements, details = [], [], []
    confusion: dict[str, dict[str, int]] = {}
    ocr_on = bool((result.get("ocr") or {}).get("pages_read"))
    scanned = {"items": 0, "recovered": 0, "ocr": ocr_on}
    for code, want in (truth.get("items") or {}).items():
        got = got_items.get(code)
        if "ocr_verdict" in want:  # a scanned item: with OCR on, the verdict of what the scan says
            scanned["items"] += 1
            if ocr_on:
                want = {**want, "verdict": want["ocr_verdict"], "findings": []}
                scanned["recovered"] += bool(got and got.get("verdict") == want["verdict"])
        ok, why = judge_item(want, got)
        expected_verdicts = _as_list(want.get("verdict"))
        got_verdict = got.get("verdict") if got else "missing"
        key = "|".join(expected_verdicts)
        confusion.setdefault(key, {}).setdefault(got_verdict, 0)
        confusion[key][got_verdict] += 1
        row = {
            "code": code,
            "name": want.get("name") or (got or {}).get("name", ""),
            "agree": ok,
            "why": why,
            "expected": {"verdict": expected_verdicts, "findings": want.get("findings"),
                         "reason": want.get("reason", "")},
            "behaviour": want.get("behaviour"),
            "got": {"verdict": got_verdict, "findings": _short_findings((got or {}).get("findings"))},
        }
        rows.append(row)
        if ok:
            for note in phrase_notes(want, got):
                details.append({"code": code, **note})
        if not ok:
            got = got or {}
            row["got"]["messages"] = [f.get("message", "") for f in got.get("findings") or []]
            urls = [_path((f.get("evidence") or {}).get("url", "")) for f in got.get("findings") or []]
            urls += [_path(e.get("url", "")) for e in got.get("evidence") or []]
            row["got"]["evidence_urls"] = list(dict.fromkeys(u for u in urls if u))
            row["got"]["located"] = [{"url": _path(c.get("url", "")), "score": c.get("score"), "state": c.get("state")}
                                     for c in (got.get("located") or [])[:3]]
            disagreements.append(row)
    total = len(rows)
    agree = sum(r["agree"] for r in rows)
    return {
        "total": total,
        "agree": agree,
        "disagree": total - agree,
        "agreement": round(100.0 * agree / total, 1) if total else 0.0,
        "confusion": confusion,
        "items": rows,
        "disagreements": disagreements,
        "phrase_details": details,
        "scanned": scanned,
    }


# ---------------------------------------------------------------- running scans

def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _scan_supports(flag: str) -> bool:
    out = subprocess.run([sys.executable, "-m", "oit_checker", "scan", "--help"], capture_output=True, text=True,
                         env=_env(), cwd=ROOT)
    return flag in out.stdout


def _read_result(out: Path, proc: subprocess.CompletedProcess) -> dict:
    path = out / "result.json"
    if not path.exists():
        raise SystemExit(f"no result.json in {out} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(path.read_text(encoding="utf-8"))


def run_scan(url: str, out: Path, fiscal_year: int | None = None, profile: str | None = None) -> dict:
    """Scan a URL with the CLI in a subprocess (one Twisted reactor per process)."""
    cmd = [sys.executable, "-m", "oit_checker", "scan", url, "--out", str(out), "--quiet", "--format", "json",
           "--delay", "0"]
    if _scan_supports("--no-history"):
        cmd.append("--no-history")
    if fiscal_year:
        cmd += ["--fiscal-year", str(fiscal_year)]
    if profile:
        cmd += ["--profile", profile]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT)
    return _read_result(out, proc)


def eval_demo(work: Path, profile: str | None = None) -> list[dict]:
    from oit_checker.demo import ground_truth

    out = work / f"demo-{profile or 'default'}"
    cmd = [sys.executable, "-m", "oit_checker", "demo", "--out", str(out), "--quiet", "--format", "json"]
    if profile:
        cmd += ["--profile", profile]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT)
    result = _read_result(out, proc)
    truth = ground_truth((result.get("profile") or {}).get("id") or profile)
    return [{"site": f"demo ({truth.get('profile')})", "result_path": str(out / "result.json"),
             **compare(result, truth)}]


def label_term_overlap(truth: dict) -> tuple[int, int]:
    """How many of a generated site's item labels equal one of the item's rule locate terms (labels, total)."""
    from oit_checker.profiles import load_profile
    from oit_checker.thai import normalize

    prof = load_profile(truth["profile"])
    same = 0
    for code, item in truth["items"].items():
        terms = {normalize(t) for t in (prof.rule(code).locate or {}).get("terms", [])}
        same += normalize(item["label"]) in terms
    return same, len(truth["items"])


def eval_generated(work: Path, seed: int, structures: list[str], size: int = 30,
                   profile: str = "ita-2565", wording: str = "real", behaviours: str = "none") -> list[dict]:
    from oit_checker.serve import SiteServer
    from oit_checker.sitegen import generate_site

    reports = []
    for structure in structures:
        dest = work / f"gen-{profile}-{structure}-{seed}"
        site = generate_site(dest, seed, structure, size, profile, wording, behaviours)
        truth = yaml.safe_load((dest / "ground_truth.yaml").read_text(encoding="utf-8"))
        same, total = label_term_overlap(truth)
        print(f"{profile} {structure} seed {seed}: {same} of {total} item labels equal a rule locate term")
        start = truth.get("start_url") or "/"
        with SiteServer(site) as server:
            result = run_scan(server.url.rstrip("/") + start, dest / "out", truth.get("fiscal_year"),
                              truth.get("profile"))
        reports.append({"site": f"{profile} {structure} (seed {seed})",
                        "result_path": str(dest / "out" / "result.json"), **compare(result, truth)})
    return reports


def eval_real(work: Path, sites: list[str]) -> list[dict]:
    from oit_checker.serve import SiteServer

    reports = []
    for name in sites:
        spec = REAL_SITES.get(name) or REAL_VARIANTS.get(name)
        if spec is None:
            raise SystemExit(f"unknown real site {name!r}; choose from {', '.join([*REAL_SITES, *REAL_VARIANTS])}")
        truth = yaml.safe_load((REAL_TRUTH_DIR / f"{name}.truth.yaml").read_text(encoding="utf-8"))
        start = truth.get("start_url") or spec["start"]
        out = work / f"real-{name}"
        with SiteServer(REAL_SITES_DIR / spec.get("dir", name)) as server:
            result = run_scan(server.url.rstrip("/") + start, out, truth.get("fiscal_year"), truth.get("profile"))
        reports.append({"site": name, "result_path": str(out / "result.json"), **compare(result, truth)})
    return reports


# ---------------------------------------------------------------- output

def _fmt_expected(row: dict) -> str:
    text = "/".join(row["expected"]["verdict"])
    kinds = [("/".join(_as_list(f.get("kind")))) for f in row["expected"].get("findings") or []]
    return text + (f" [{', '.join(kinds)}]" if kinds else "")


def _fmt_got(row: dict) -> str:
    kinds = [f.get("kind", "") for f in row["got"]["findings"]]
    return row["got"]["verdict"] + (f" [{', '.join(kinds)}]" if kinds else "")


def print_reports(reports: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    summary = Table(title="Item-level agreement")
    for col in ("site", "items", "agree", "disagree", "agreement %"):
        summary.add_column(col, justify="right" if col != "site" else "left")
    for rep in reports:
        summary.add_row(rep["site"], str(rep["total"]), str(rep["agree"]), str(rep["disagree"]),
                        f"{rep['agreement']:.1f}")
    if len(reports) > 1:
        tot = sum(r["total"] for r in reports)
        agr = sum(r["agree"] for r in reports)
        summary.add_row("all", str(tot), str(agr), str(tot - agr), f"{100.0 * agr / tot:.1f}" if tot else "-")
    for rep in reports:
        if not rep["disagreements"]:
            continue
        table = Table(title=f"Disagreements: {rep['site']}", show_lines=True)
        for col in ("item", "expected", "got", "messages / evidence"):
            table.add_column(col, overflow="fold")
        for row in rep["disagreements"]:
            detail = "; ".join(m for m in row["got"].get("messages", []) if m)
            urls = ", ".join(row["got"].get("evidence_urls", [])[:3])
            item = row["code"] + (f"\n({row['behaviour']})" if row.get("behaviour") else "")
            table.add_row(item, _fmt_expected(row), _fmt_got(row) + (f"\n({row['why']})" if row["why"] else ""),
                          (detail + ("\n" + urls if urls else ""))[:400])
        console.print(table)
    for rep in reports:
        for d in rep.get("phrase_details") or []:
            console.print(f"[dim]{rep['site']} {d['code']}: agrees, but missing phrases differ — truth "
                          f"{', '.join(d['expected'])}; got {', '.join(d['got'])}[/dim]")
    console.print(summary)
    planted = [r for rep in reports for r in rep.get("items") or [] if r.get("behaviour")]
    if planted:
        by: dict[str, list[int]] = {}
        for r in planted:
            by.setdefault(r["behaviour"], [0, 0])[0] += r["agree"]
            by[r["behaviour"]][1] += 1
        console.print("Site behaviours (agree/items): " + ", ".join(f"{b} {a}/{n}" for b, (a, n) in sorted(by.items())))
    scans = [r["scanned"] for r in reports if (r.get("scanned") or {}).get("items")]
    if scans:
        n, ok = sum(x["items"] for x in scans), sum(x["recovered"] for x in scans)
        state = "on" if any(x["ocr"] for x in scans) else "off or not installed"
        console.print(f"Scanned items (OCR {state}): {ok} of {n} recovered with the right verdict")
    runs = [_ocr_stats(r) for r in reports]
    runs = [x for x in runs if x.get("read")]
    if runs:
        pages, secs = sum(x["read"] for x in runs), sum(x["seconds"] for x in runs)
        console.print(f"OCR: {pages} pages in {secs:.1f} s on {runs[0].get('workers')} workers "
                      f"({secs / pages:.2f} s per page wall time), {pages / len(runs):.1f} pages per scan")


def _ocr_stats(report: dict) -> dict:
    """The OCR run of a scan (``corpus/ocr.json`` beside its result.json), or {}."""
    path = Path(report.get("result_path") or "").parent / "corpus" / "ocr.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def parse_seeds(text: str) -> list[int]:
    """'4242', '4242,4250' or '4242-4245' → list of seeds."""
    seeds: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        if "-" in part:
            lo, hi = (int(x) for x in part.split("-", 1))
            seeds.extend(range(lo, hi + 1))
        elif part:
            seeds.append(int(part))
    return seeds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("result", help="compare an existing result.json with a truth file")
    p.add_argument("result")
    p.add_argument("truth")
    p = sub.add_parser("demo", help="scan the bundled demo and compare with its ground truth")
    p.add_argument("--profile", default=None, help="the demo of this round (default: the default profile)")
    p = sub.add_parser("generated", help="generate fresh sites, scan and compare")
    p.add_argument("--seed", default="4242",
                   help="seed, or several: 4242,4250 or a range 4242-4251 (the same seed plants the same gaps "
                        "in every structure, so several seeds test more gaps)")
    p.add_argument("--structures", default=",".join(GENERATED_STRUCTURES))
    p.add_argument("--size", type=int, default=30)
    p.add_argument("--profile", default="ita-2565", help="build sites for this round (its numbering and year)")
    p.add_argument("--wording", default="real", choices=("real", "library"),
                   help="item labels: real agencies' titles (default) or the content library's own labels")
    p.add_argument("--behaviours", default="none",
                   help="site behaviours to plant (oit_checker/sitegen/behaviours.py): all, none (default), random "
                        "or a comma list")
    p = sub.add_parser("real", help="scan the real sites in ../shared/real-sites")
    p.add_argument("--sites", default=",".join(REAL_SITES),
                   help=f"comma list (default: %(default)s; also: {', '.join(REAL_VARIANTS)})")
    for name in ("demo", "generated", "real", "result"):
        sp = sub.choices[name]
        sp.add_argument("--json", default=None, help="also write the full comparison as JSON to this file")
        sp.add_argument("--keep", default=None, help="folder for generated sites and scan outputs (default: temp)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="oit-eval-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.mode == "result":
            result = json.loads(Path(args.result).read_text(encoding="utf-8"))
            truth = yaml.safe_load(Path(args.truth).read_text(encoding="utf-8"))
            reports = [{"site": Path(args.truth).stem, "result_path": args.result, **compare(result, truth)}]
        elif args.mode == "demo":
            reports = eval_demo(work, args.profile)
        elif args.mode == "generated":
            structures = [s.strip() for s in args.structures.split(",") if s.strip()]
            reports = [rep for seed in parse_seeds(args.seed)
                       for rep in eval_generated(work, seed, structures, args.size, args.profile, args.wording,
                                                 args.behaviours)]
        else:
            reports = eval_real(work, [s.strip() for s in args.sites.split(",") if s.strip()])
        print_reports(reports)
        if args.json:
            Path(args.json).write_text(json.dumps(reports, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
