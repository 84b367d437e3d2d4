"""``oit-check report RESULT.json``: write the reports again from a saved result, no re-check.

Use it to change the agency name, the responsible divisions, the language or the digits
of the measures report without crawling the site again.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from oit_checker.commands import options
from oit_checker.i18n import t


def add_report_options(p: argparse.ArgumentParser) -> None:
    """Report choices an agency makes; ``scan`` and ``check`` may add the same group."""
    g = p.add_argument_group("report")
    g.add_argument("--agency-name", default=None,
                   help="ชื่อหน่วยงานในรายงาน / agency name printed in the reports")
    g.add_argument("--divisions", default=None, metavar="FILE",
                   help="YAML: owner key -> responsible division (copy oit_checker/report/divisions.yaml)")
    g.add_argument("--thai-digits", action="store_true",
                   help="เลขไทยในรายงานมาตรการ / Thai digits in the measures report")
    g.add_argument("--no-embed-font", dest="embed_font", action="store_false",
                   help="do not embed the Sarabun font in report.html (smaller file)")


def report_settings(args: argparse.Namespace):
    from oit_checker.report import Settings

    return Settings(agency_name=getattr(args, "agency_name", None), divisions=getattr(args, "divisions", None),
                    thai_digits=bool(getattr(args, "thai_digits", False)),
                    embed_font=bool(getattr(args, "embed_font", True)))


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="สร้างรายงานใหม่จาก result.json / write the reports again from result.json")
    p.add_argument("result", nargs="?", default=None, help="result.json written by scan or check (default: OUT)")
    options.add_common(p)
    options.add_output(p, default_out="oit-report")
    add_report_options(p)


def run(args: argparse.Namespace) -> int:
    from oit_checker import report
    from oit_checker.result import load

    cfg = getattr(args, "agency_file", None)  # no RESULT: the scan's output folder of the agency file, else OUT
    result = load(args.result or (cfg.values.get("out") if cfg else None) or args.out)
    out = Path(args.out)
    paths = report.write(result, out, options.formats(args.format), getattr(args, "lang", "th"),
                         settings=report_settings(args))
    if not getattr(args, "quiet", False):
        print(t("cli.written", path=out))
        for p in paths:
            print(t("report.written_file", path=p))
    return 0
