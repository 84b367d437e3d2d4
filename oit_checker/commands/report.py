"""``oit-check report RESULT.json``: write the reports again from a saved result, no re-check.

Use it to change the agency name, the responsible divisions, the language or the digits
of the measures report without crawling the site again.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from oit_checker.commands import options
from oit_checker.errors import UserError
from oit_checker.i18n import t

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_report_options(p: argparse.ArgumentParser) -> None:
    """Report choices an agency makes; ``scan`` and ``check`` may add the same group."""
    g = p.add_argument_group("report")
    g.add_argument("--agency-name", default=None,
                   help="ชื่อหน่วยงานในรายงาน / agency name printed in the reports")
    g.add_argument("--divisions", default=None, metavar="FILE",
                   help="YAML: owner key -> responsible division (copy oit_checker/report/divisions.yaml)")
    g.add_argument("--thai-digits", action="store_true",
                   help="เลขไทยในรายงานมาตรการ / Thai digits in the measures report")
    g.add_argument("--official", default=None, metavar="FILE",
                   help="ผลการประเมิน ITA อย่างเป็นทางการ (YAML/CSV/ข้อความจาก ป.ป.ช.): เพิ่ม analysis.docx และ o43.docx"
                        " / the official ITA result (YAML, CSV or pasted NACC text): adds analysis.docx and o43.docx")
    g.add_argument("--measures-from", default=None, metavar="RESULT",
                   help="result.json ของการตรวจเมื่อกำหนดมาตรการ หรือวันที่ (YYYY-MM-DD) เพื่อใช้ประวัติการตรวจ"
                        " / result.json of the scan the measures were set from, or a date (history database)")
    g.add_argument("--no-embed-font", dest="embed_font", action="store_false",
                   help="do not embed the Sarabun font in report.html (smaller file)")


def report_settings(args: argparse.Namespace, site_url: str | None = None):
    """The agency's report choices; the official result and the earlier result are read (and checked) here."""
    from oit_checker import official
    from oit_checker.report import Settings
    from oit_checker.result import load

    off = getattr(args, "official", None)
    base = getattr(args, "measures_from", None)
    history: list[dict] = []
    if base and DATE_RE.fullmatch(base):
        history = measures_history(base, site_url or getattr(args, "url", None), getattr(args, "db", None))
        baseline = history[0]
    else:
        baseline = load(base) if base else None
    result_file = None
    if off:
        try:
            result_file = official.load(off)
        except official.NotFilled as blank:  # the template `init` wrote, not filled in yet: say so, go on
            print(blank.message(), file=sys.stderr)
    return Settings(agency_name=getattr(args, "agency_name", None), divisions=getattr(args, "divisions", None),
                    thai_digits=bool(getattr(args, "thai_digits", False)),
                    embed_font=bool(getattr(args, "embed_font", True)),
                    official=result_file, baseline=baseline, history=history)


def measures_history(day: str, url: str | None, db: str | None) -> list[dict]:
    """The site's stored results from the day the measures were set (YYYY-MM-DD, Buddhist or Common Era) on."""
    import datetime as _dt

    from oit_checker.fleet import store

    if not url:
        raise UserError("docs.history_needs_site", date=day)
    y, m, d = (int(x) for x in day.split("-"))
    try:
        since = _dt.datetime(y - 543 if y > 2400 else y, m, d)
    except ValueError as exc:
        raise UserError("docs.bad_measures_date", date=day) from exc
    results = store.results_since(url, since, db)
    if not results:
        raise UserError("docs.no_history", url=url, date=day)
    return results


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="สร้างรายงานใหม่จาก result.json / write the reports again from result.json")
    p.add_argument("result", nargs="?", default=None, help="result.json written by scan or check (default: OUT)")
    options.add_common(p)
    options.add_output(p, default_out="oit-report")
    add_report_options(p)
    from oit_checker.commands.history import add_db

    add_db(p)  # --measures-from DATE reads the scans since that day from the history


def run(args: argparse.Namespace) -> int:
    from oit_checker import report
    from oit_checker.result import load

    cfg = getattr(args, "agency_file", None)  # no RESULT: the scan's output folder of the agency file, else OUT
    result = load(args.result or (cfg.values.get("out") if cfg else None) or args.out)
    out = Path(args.out)
    settings = report_settings(args, site_url=(result.get("site") or {}).get("url"))
    paths = report.write(result, out, options.formats(args.format), getattr(args, "lang", "th"), settings=settings)
    if not getattr(args, "quiet", False):
        print(t("cli.written", path=out))
        for p in paths:
            print(t("report.written_file", path=p))
    return 0
