"""Option groups shared by several sub-commands, so they read the same everywhere.

Every default comes from :mod:`oit_checker.options`; this module only spells them as
argparse options (and is imported by ``cli`` and the command modules, never the other way).
"""

from __future__ import annotations

import argparse

from oit_checker.options import (
    CRAWL_DEFAULTS,
    DEFAULT_FORMATS,
    DEFAULT_PROFILE,
    FORMATS,
    HANDIN_FORMATS,
    OCR_MAX_PAGES,
)


def add_lang(p: argparse.ArgumentParser, top: bool = False) -> None:
    """--lang/--debug on the main parser and again on each sub-command (either place works)."""
    p.add_argument("--lang", choices=["th", "en"], default="th" if top else argparse.SUPPRESS,
                   help="ภาษาของข้อความ / output language")
    p.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="show tracebacks")


def add_common(p: argparse.ArgumentParser) -> None:
    add_lang(p)
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors and the one-line result")
    p.add_argument("--no-progress", action="store_true",
                   help="hide the progress display only (automatic when not a terminal)")


def add_output(p: argparse.ArgumentParser, default_out: str = "oit-out") -> None:
    p.add_argument("--out", "-o", default=default_out, help="output folder (default: %(default)s)")
    p.add_argument("--format", default=",".join(DEFAULT_FORMATS),
                   help=f"comma list of {', '.join(FORMATS)}, or all (default: %(default)s)")


def add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", default=DEFAULT_PROFILE, help="assessment profile (default: %(default)s)")
    p.add_argument("--fiscal-year", type=int, default=None,
                   help="fiscal year assessed, Buddhist era (default: the profile's)")
    p.add_argument("--fail-under", type=float, default=None, help="exit 1 when the OIT score is below this")
    p.add_argument("--baseline", default=None,
                   help="result.json of an earlier scan, or 'last': exit 1 only on new gaps")


def add_crawl(p: argparse.ArgumentParser) -> None:
    d = CRAWL_DEFAULTS
    g = p.add_argument_group("crawl limits")
    g.add_argument("--max-pages", type=int, default=d["max_pages"], help="most URLs to fetch (default: %(default)s)")
    g.add_argument("--max-depth", type=int, default=d["max_depth"],
                   help="most link steps from the home page (default: %(default)s)")
    g.add_argument("--max-bytes", type=int, default=d["max_bytes"],
                   help="largest response kept, in bytes (default: %(default)s)")
    g.add_argument("--max-time", type=int, default=d["max_time"],
                   help="most seconds for the crawl (default: %(default)s)")
    g.add_argument("--concurrency", type=int, default=d["concurrency"],
                   help="parallel requests to the site (default: %(default)s)")
    g.add_argument("--delay", type=float, default=d["delay"], help="seconds between requests (default: %(default)s)")
    g.add_argument("--ignore-robots", action="store_true", default=d["ignore_robots"], help="do not obey robots.txt")
    g.add_argument("--legacy-tls", action="store_true", default=d["legacy_tls"],
                   help="allow TLS 1.0/1.1 and weak ciphers (old servers)")
    g.add_argument("--public-only", action="store_true", default=d["public_only"],
                   help="refuse start URLs on loopback, private or other non-public addresses too "
                        "(for services that take URLs from other people)")
    g.add_argument("--resume", dest="resume_crawl", action="store_true", default=False,
                   help="continue an interrupted crawl in OUT: pages and documents already fetched are kept, "
                        "not fetched again")


def add_ocr(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("OCR of scanned documents (pip install 'oit-checker[ocr]' + tesseract-ocr-tha)")
    g.add_argument("--no-ocr", dest="ocr", action="store_false", default=True,
                   help="do not read scanned pages and images with OCR")
    g.add_argument("--ocr-max-pages", type=_non_negative, default=OCR_MAX_PAGES,
                   help="most scanned pages read by OCR in one scan (default: %(default)s)")


def _non_negative(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    return n


def add_cache(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("re-scans")
    g.add_argument("--cache-dir", default=None,
                   help="cache of earlier scans: unchanged pages and documents are revalidated (HTTP 304), not "
                        "downloaded or read again (default: ~/.local/share/oit-checker/cache, or under "
                        "$XDG_DATA_HOME)")
    g.add_argument("--no-cache", action="store_true", help="download and read every page and document again")


def cache_dir(args: argparse.Namespace) -> str | None:
    """The cache folder chosen (``--cache-dir``, else the default), or None (``--no-cache``, or no such option)."""
    if not hasattr(args, "cache_dir") or getattr(args, "no_cache", False):
        return None
    from oit_checker.paths import cache_dir as default_cache_dir

    return args.cache_dir or str(default_cache_dir())


def crawl_choices(args: argparse.Namespace) -> dict:
    """The crawl limits given on the command line (only those the command has), and --resume."""
    chosen = {k: getattr(args, k) for k in CRAWL_DEFAULTS if hasattr(args, k)}
    if getattr(args, "resume_crawl", False):
        chosen["resume"] = True
    return chosen


def crawl_scope(args: argparse.Namespace) -> dict:
    """Start pages, extra hosts and URL patterns from the agency file; an override's evidence URL is a start
    page too, so every scan fetches what the hand check looked at."""
    overrides = getattr(getattr(args, "agency_file", None), "overrides", None) or []
    pages = [*(getattr(args, "start_pages", None) or []), *(o["url"] for o in overrides)]
    scope = {"start_pages": list(dict.fromkeys(pages))}
    scope.update({k: list(getattr(args, k, None) or []) for k in ("extra_hosts", "include", "exclude")})
    return {k: v for k, v in scope.items() if v}


def formats(value: str) -> list[str]:
    parts = [x.strip().lower() for x in value.split(",") if x.strip()]
    if "all" in parts:
        return list(FORMATS)
    return [x for x in parts if x in FORMATS or x in HANDIN_FORMATS] or ["json"]
