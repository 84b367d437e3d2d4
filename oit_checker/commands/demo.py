"""``oit-check demo [--profile P]``: serve the bundled demo municipality (content of P's round) and scan it."""

from __future__ import annotations

import argparse
from pathlib import Path

from oit_checker.commands import options
from oit_checker.commands.report import add_report_options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="ทดลองตรวจเว็บไซต์ตัวอย่าง / scan the bundled demo site")
    options.add_common(p)
    options.add_output(p, default_out="oit-demo")
    options.add_check(p)
    options.add_ocr(p)
    options.add_crawl(p)
    p.set_defaults(delay=0.0)  # the demo site is on this machine: no need to be polite
    add_report_options(p)
    p.add_argument("--port", type=int, default=0, help="port for the demo site (default: any free port)")


def run(args: argparse.Namespace) -> int:
    from oit_checker import pipeline
    from oit_checker.commands.exitcode import exit_code
    from oit_checker.commands.scan import make_options
    from oit_checker.demo import build_demo_site, demo_profiles
    from oit_checker.errors import UserError
    from oit_checker.serve import SiteServer

    if args.profile not in demo_profiles():  # a round's demo is built in its own numbering and year
        raise UserError("cli.demo.no_profile", name=args.profile, known=", ".join(demo_profiles()))
    site_dir = build_demo_site(profile=args.profile)
    with SiteServer(site_dir, port=args.port) as server:
        res = pipeline.scan(server.url, Path(args.out), make_options(args))
    return exit_code(res, args)
