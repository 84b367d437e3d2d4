"""``oit-check scan URL``: crawl one agency site, judge it and write the reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from oit_checker.commands import options
from oit_checker.commands.report import add_report_options
from oit_checker.errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scan", help="สำรวจและตรวจเว็บไซต์หน่วยงาน / crawl and check one agency website")
    p.add_argument("url", nargs="?", default=None,
                   help="main website of the agency (default: site.url of the agency file)")
    options.add_common(p)
    options.add_output(p)
    options.add_check(p)
    options.add_crawl(p)
    options.add_ocr(p)
    options.add_cache(p)
    add_report_options(p)
    options_history(p)


def options_history(p: argparse.ArgumentParser) -> None:
    """--db/--no-history: where the scan is kept in history (see oit_checker/fleet/store.py)."""
    p.add_argument("--db", default=None, help="history database URL or SQLite file (default: $OIT_CHECK_DB or "
                   "~/.local/share/oit-checker/history.sqlite)")
    p.add_argument("--no-history", action="store_true", help="do not keep this scan in the history database")


def year_check(args: argparse.Namespace) -> None:
    """Refuse a Christian-era --fiscal-year (exit 2); warn when it is not the profile's round."""
    import sys

    from oit_checker import profiles
    from oit_checker.i18n import t

    year = getattr(args, "fiscal_year", None)
    profiles.check_fiscal_year(year)
    if year is None:
        return
    prof = profiles.load_profile(args.profile)
    key = profiles.round_warning(prof, year)
    if key:
        print(t(key, getattr(args, "lang", "th"), year=year, profile=prof.id, profile_year=prof.raw.get("fiscal_year")),
              file=sys.stderr)


def make_options(args: argparse.Namespace):
    from oit_checker.commands.report import report_settings
    from oit_checker.options import OCR_MAX_PAGES, Options

    year_check(args)
    cfg = getattr(args, "agency_file", None)  # the agency file (commands/config.py), when one was read
    return Options(lang=args.lang, profile=args.profile, fiscal_year=args.fiscal_year,
                   formats=options.formats(args.format),
                   quiet=args.quiet or getattr(args, "no_progress", False), brief=args.quiet,
                   crawl={**options.crawl_choices(args), **options.crawl_scope(args)}, report=report_settings(args),
                   ocr=getattr(args, "ocr", True), ocr_max_pages=getattr(args, "ocr_max_pages", OCR_MAX_PAGES),
                   cache_dir=options.cache_dir(args), overrides=list(cfg.overrides) if cfg else [],
                   override_state=str(cfg.state_path) if cfg else None, agency=cfg.agency_info() if cfg else {})


def run(args: argparse.Namespace) -> int:
    from oit_checker import pipeline
    from oit_checker.commands.exitcode import exit_code

    if not args.url:
        raise UserError("agency.no_url")
    opts = make_options(args)
    res = pipeline.scan(args.url, Path(args.out), opts)
    from oit_checker.fleet.hooks import after_scan

    after_scan(res, args)  # history + junit.xml; never fails the scan
    return exit_code(res, args)
