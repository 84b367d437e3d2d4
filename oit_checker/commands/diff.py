"""``oit-check diff``: what changed between two scans (new gaps, fixed items, evidence, score).

``oit-check diff SITE [--from ID --to ID]`` compares stored scans (default: the last two);
``oit-check diff OLD.json NEW.json`` compares two result files. Exit 1 when there are new gaps.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from oit_checker.commands import options
from oit_checker.commands.history import add_db
from oit_checker.errors import UserError
from oit_checker.i18n import get_lang, t
from oit_checker.thai.clock import when


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="เปรียบเทียบผลการตรวจสองครั้ง / compare two scans")
    p.add_argument("what", nargs="+", metavar="SITE | OLD.json NEW.json",
                   help="a site (code, URL or host) from history, or two result.json files")
    p.add_argument("--from", dest="from_id", type=int, default=None, help="history scan id to compare from")
    p.add_argument("--to", dest="to_id", type=int, default=None, help="history scan id to compare to")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    options.add_common(p)


def _pair_from_history(args: argparse.Namespace) -> tuple[dict, dict]:
    from oit_checker.fleet import store

    site = store.find_site(args.what[0], args.db)
    if site is None:
        raise UserError("fleet.site_unknown", site=args.what[0])
    scans = [s for s in store.list_scans(site.id, args.db) if s.result]
    by_id = {s.id: s for s in scans}
    for sid in (args.from_id, args.to_id):
        if sid is not None and sid not in by_id:
            raise UserError("fleet.scan_unknown", id=sid, site=site.url)
    new = by_id[args.to_id] if args.to_id is not None else (scans[-1] if scans else None)
    if args.from_id is not None:
        old = by_id[args.from_id]
    else:
        earlier = [s for s in scans if new is not None and s.id != new.id and
                   (s.finished_at, s.id) < (new.finished_at, new.id)]
        old = earlier[-1] if earlier else None
    if old is None or new is None:
        raise UserError("fleet.diff_need_two", site=site.url)
    return old.result, new.result


def run(args: argparse.Namespace) -> int:
    from oit_checker import result as result_json
    from oit_checker.fleet.diff import diff_results

    if len(args.what) == 2:
        old, new = result_json.load(args.what[0]), result_json.load(args.what[1])
    elif len(args.what) == 1:
        if Path(args.what[0]).suffix == ".json" or Path(args.what[0], "result.json").is_file():
            raise UserError("fleet.diff_need_two_files")
        old, new = _pair_from_history(args)
    else:
        raise UserError("fleet.diff_usage")
    d = diff_results(old, new)
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        print_diff(d)
    return 1 if d["new_gaps"] else 0


def print_diff(d: dict) -> None:
    from rich.console import Console

    c = Console(highlight=False)
    if not d.get("same_profile", True):
        c.print(t("fleet.diff_other_profile", a=f"{d['from']['profile']} {d['from']['fiscal_year']}",
                  b=f"{d['to']['profile']} {d['to']['fiscal_year']}"), style="yellow", markup=False)
    if d.get("by_concept"):
        c.print(t("fleet.diff_by_concept"), style="yellow", markup=False)
    c.print(t("fleet.diff_when", before=when(d["from"].get("generated_at"), get_lang()),
              after=when(d["to"].get("generated_at"), get_lang())), markup=False)
    sc = d["score"]
    delta = sc["delta"]
    c.print(t("fleet.diff_score", before=_n(sc["before"]), after=_n(sc["after"]),
              delta=("+" if delta and delta > 0 else "") + _n(delta), level_before=sc["level_before"] or "-",
              level_after=sc["level_after"] or "-"))
    for key, style in (("new_gaps", "red"), ("fixed", "green"), ("changed", "yellow")):
        rows = d[key]
        c.print(f"[bold {style}]{t('fleet.diff_' + key, n=len(rows))}[/]")
        for r in rows:
            was = ""
            if r.get("code_before") and r["code_before"] != r["code"]:
                was = " " + t("fleet.diff_was_code", round=str(d["from"]["profile"] or "").replace("ita-", "ITA "),
                              code=r["code_before"])
            c.print(f"  {r['code']} {r['name'] or ''}{was} ({r['before'] or '-'} → {r['after'] or '-'})", markup=False)
    c.print(f"[bold]{t('fleet.diff_evidence', n=len(d['evidence']))}[/]")
    for r in d["evidence"]:
        c.print(f"  {r['code']} {r['name'] or ''}", markup=False)
        for u in r["added"]:
            c.print(f"    + {u}", markup=False)
        for u in r["removed"]:
            c.print(f"    - {u}", markup=False)
        for u in r["rehashed"]:
            c.print(f"    ~ {u} ({t('fleet.diff_rehashed')})", markup=False)


def _n(v: object) -> str:
    return "-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)
