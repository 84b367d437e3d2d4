"""``oit-check history [SITE]``: the stored scans of a site (or the list of known sites)."""

from __future__ import annotations

import argparse
import json

from oit_checker.commands import options
from oit_checker.errors import UserError
from oit_checker.i18n import get_lang, t
from oit_checker.thai.clock import when


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None, help="history database URL or SQLite file (default: $OIT_CHECK_DB or "
                   "~/.local/share/oit-checker/history.sqlite)")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="ประวัติการตรวจของเว็บไซต์ / past scans of a site")
    p.add_argument("site", nargs="?", help="site code, URL or host name; omit to list all sites")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--item", default=None,
                   help="one item across scans, by its code in the latest scan's round (O11) or its concept "
                        "(monthly_procurement): matched in each scan's own round through rules/concepts.yaml")
    options.add_common(p)


def _fmt(v: object) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import func, select

    from oit_checker.fleet import store
    from oit_checker.fleet.models import Scan, Site

    console = Console()
    if not args.site:
        with store.session(args.db) as s:
            rows = s.execute(select(Site, func.count(Scan.id), func.max(Scan.finished_at)).outerjoin(Scan)
                             .group_by(Site.id).order_by(Site.code, Site.key)).all()
        if args.json:
            print(json.dumps([{"code": st.code, "name": st.name, "url": st.url, "scans": n,
                               "last": last.isoformat() if last else None} for st, n, last in rows],
                             ensure_ascii=False, indent=2))
            return 0
        table = Table(title=t("fleet.sites_title"))
        for col in ("code", "name", "url", "scans", "last"):
            table.add_column(t(f"fleet.col_{col}"))
        for st, n, last in rows:
            table.add_row(_fmt(st.code), _fmt(st.name), st.url, str(n), when(last, get_lang()))
        console.print(table)
        return 0
    site = store.find_site(args.site, args.db)
    if site is None:
        raise UserError("fleet.site_unknown", site=args.site)
    scans = store.list_scans(site.id, args.db)
    if args.item:
        return _item_history(args, site, scans, console)
    if args.json:
        print(json.dumps([{
            "id": sc.id, "finished_at": sc.finished_at.isoformat() if sc.finished_at else None,
            "profile": sc.profile, "fiscal_year": sc.fiscal_year, "oit": sc.oit, "level": sc.level,
            "fails": sc.n_fail, "unreadable": sc.n_unreadable, "status": sc.status, "pages": sc.pages,
            "documents": sc.documents, "tool_version": sc.tool_version, "batch": sc.batch,
        } for sc in scans], ensure_ascii=False, indent=2))
        return 0
    table = Table(title=t("fleet.history_title", site=site.name or site.url, url=site.url))
    for col in ("id", "time", "profile", "fy", "oit", "level", "fails", "status"):
        table.add_column(t(f"fleet.col_{col}"), justify="right" if col in ("id", "oit", "fails", "fy") else "left")
    for sc in scans:
        table.add_row(str(sc.id), when(sc.finished_at, get_lang()),
                      _fmt(sc.profile), _fmt(sc.fiscal_year), _fmt(sc.oit), _fmt(sc.level), _fmt(sc.n_fail),
                      t(f"fleet.status_{sc.status}"))
    console.print(table)
    return 0


def _item_history(args: argparse.Namespace, site, scans: list, console) -> int:
    """The verdict of one concept in every scan, each under its own round's code."""
    from rich.table import Table

    from oit_checker import concepts

    latest = scans[-1].profile if scans else None
    key = args.item if args.item in concepts.load() else concepts.concept_of(str(latest or ""), args.item)
    if key is None:
        raise UserError("fleet.item_unknown", item=args.item, profile=latest or "-")
    rows = []
    for sc in scans:
        codes = concepts.codes(key, str(sc.profile or ""))
        items = {str(i.get("code")): i for i in ((sc.result or {}).get("items") or []) if isinstance(i, dict)}
        for code in codes or [None]:
            it = items.get(code) if code else None
            rows.append({"id": sc.id, "finished_at": sc.finished_at.isoformat() if sc.finished_at else None,
                         "profile": sc.profile, "fiscal_year": sc.fiscal_year, "concept": key, "code": code,
                         "verdict": (it or {}).get("verdict"), "name": (it or {}).get("name")})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    title = t("fleet.item_history_title", concept=concepts.name(key, args.lang), site=site.name or site.url)
    table = Table(title=title)
    for col in ("id", "time", "profile", "fy", "item", "verdict"):
        table.add_column(t(f"fleet.col_{col}"))
    for r in rows:
        verdict = t(f"report.verdict.{r['verdict']}") if r["verdict"] else t("fleet.item_not_in_round")
        table.add_row(str(r["id"]), (r["finished_at"] or "-")[:16].replace("T", " "), _fmt(r["profile"]),
                      _fmt(r["fiscal_year"]), f"{r['code'] or '-'} {r['name'] or ''}".strip(), verdict)
    console.print(table)
    return 0
