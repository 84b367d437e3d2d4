"""``oit-check check CORPUS``: re-judge a saved crawl without fetching anything."""

from __future__ import annotations

import argparse
from pathlib import Path

from oit_checker.commands import options
from oit_checker.commands.report import add_report_options
from oit_checker.errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="ตรวจจากข้อมูลที่สำรวจไว้แล้ว / judge a saved crawl corpus")
    p.add_argument("corpus", nargs="?", default=None, help="corpus folder written by scan (default: OUT/corpus)")
    options.add_common(p)
    options.add_output(p)
    options.add_check(p)
    options.add_ocr(p)
    add_report_options(p)
    from oit_checker.commands.scan import options_history

    options_history(p)  # judged like a scan, kept in history like a scan (--no-history to skip)


def run(args: argparse.Namespace) -> int:
    from oit_checker import corpus, pipeline
    from oit_checker.commands.exitcode import exit_code
    from oit_checker.commands.scan import make_options

    if args.corpus is None:
        args.corpus = str(Path(args.out) / "corpus")
    path = Path(args.corpus)
    if not corpus.is_corpus(path) and corpus.is_corpus(path / "corpus"):
        path = path / "corpus"
    if not corpus.is_corpus(path):
        raise UserError("cli.not_a_corpus", path=args.corpus)
    res = pipeline.check(path, Path(args.out), make_options(args))
    from oit_checker.fleet.hooks import after_scan

    after_scan(res, args, corpus_dir=path, source="check")  # history; never fails the check
    return exit_code(res, args)
