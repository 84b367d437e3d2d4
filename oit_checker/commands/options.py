"""Option groups shared by several sub-commands, so they read the same everywhere."""

from __future__ import annotations

import argparse

from oit_checker.cli import add_lang

DEFAULT_FORMATS = "json,html,answers,measures"


def add_common(p: argparse.ArgumentParser) -> None:
    add_lang(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress display (automatic when not a terminal)")


def add_output(p: argparse.ArgumentParser, default_out: str = "oit-out") -> None:
    p.add_argument("--out", "-o", default=default_out, help="output folder (default: %(default)s)")
    p.add_argument("--format", default=DEFAULT_FORMATS,
                   help="comma list of json, html, answers, measures, csv, junit, or all (default: %(default)s)")


def add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", default="ita-2565", help="assessment profile (default: %(default)s)")
    p.add_argument("--fiscal-year", type=int, default=None,
                   help="fiscal year assessed, Buddhist era (default: the profile's)")
    p.add_argument("--fail-under", type=float, default=None, help="exit 1 when the OIT score is below this")
    p.add_argument("--baseline", default=None,
                   help="result.json of an earlier scan, or 'last': exit 1 only on new gaps")


def add_crawl(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("crawl limits")
    g.add_argument("--max-pages", type=int, default=2000, help="most URLs to fetch (default: %(default)s)")
    g.add_argument("--max-depth", type=int, default=6, help="most link steps from the home page (default: %(default)s)")
    g.add_argument("--max-bytes", type=int, default=30_000_000,
                   help="largest response kept, in bytes (default: %(default)s)")
    g.add_argument("--max-time", type=int, default=1800, help="most seconds for the crawl (default: %(default)s)")
    g.add_argument("--concurrency", type=int, default=4, help="parallel requests to the site (default: %(default)s)")
    g.add_argument("--delay", type=float, default=0.25, help="seconds between requests (default: %(default)s)")
    g.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt")
    g.add_argument("--legacy-tls", action="store_true", help="allow TLS 1.0/1.1 and weak ciphers (old servers)")


def formats(value: str) -> list[str]:
    known = ["json", "html", "answers", "measures", "csv", "junit"]
    parts = [x.strip().lower() for x in value.split(",") if x.strip()]
    if "all" in parts:
        return known
    return [x for x in parts if x in known] or ["json"]
