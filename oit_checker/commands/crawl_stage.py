"""The crawl stage alone on the command line: ``python -m oit_checker.commands.crawl_stage URL CORPUS_DIR``.

For developers and tests: the same crawl as ``oit-check scan`` step 1, plus options a scan does
not offer (``--timeout``, ``--retries``, ``--retry-after-max``, ``--no-external-docs``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oit_checker import crawl
from oit_checker.commands import options
from oit_checker.errors import UserError
from oit_checker.i18n import set_lang, t
from oit_checker.options import CRAWL_DEFAULTS, Options

EXTRA = ("timeout", "retries", "external_docs", "retry_after_max")  # crawl limits only this command offers


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m oit_checker.commands.crawl_stage",
                                description="Crawl one agency website into a corpus folder (crawl stage only)")
    p.add_argument("url")
    p.add_argument("corpus_dir")
    options.add_common(p)
    options.add_crawl(p)
    p.add_argument("--timeout", type=float, default=None, help="seconds to wait for one response")
    p.add_argument("--retries", type=int, default=None, help="retries of a failed request")
    p.add_argument("--retry-after-max", type=float, default=None,
                   help="longest Retry-After wait honoured, in seconds (default 60); longer: could not fetch")
    p.add_argument("--no-external-docs", dest="external_docs", action="store_false", default=None,
                   help="do not fetch documents hosted on other sites (they are still recorded as links)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    lang = getattr(args, "lang", "th")
    set_lang(lang)
    crawl_opts = {k: getattr(args, k) for k in (*CRAWL_DEFAULTS, *EXTRA) if getattr(args, k, None) is not None}
    if args.resume_crawl:
        crawl_opts["resume"] = True
    opts = Options(lang=lang, quiet=args.quiet, crawl=crawl_opts)
    try:
        crawl.run(args.url, Path(args.corpus_dir), opts)
    except UserError as exc:
        print(f"{t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(t("cli.interrupted", path=args.corpus_dir), file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
