"""The agency file on the command line: ``--config FILE``, or ``oit-check.yaml`` in this folder.

The file's values become the sub-command's defaults (``set_defaults``) and the arguments are
parsed again, so whatever the officer types still wins; values with no option of their own
(start pages, overrides, the agency's district) travel on ``args`` to :func:`scan.make_options`.
"""

from __future__ import annotations

import argparse
import sys

from oit_checker import agency
from oit_checker.i18n import set_lang, t

COMMANDS = ("scan", "check", "report", "demo")  # the sub-commands that read the agency file
SITE_SCOPE = ("start_pages", "extra_hosts", "include", "exclude")


def add_option(sub_parsers: dict[str, argparse.ArgumentParser]) -> None:
    for name in COMMANDS:
        sub_parsers[name].add_argument("--config", default=None, metavar="FILE",
                                       help="agency file (default: ./oit-check.yaml when present)")


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def apply(parser: argparse.ArgumentParser, argv: list[str], args: argparse.Namespace) -> argparse.Namespace:
    """``args`` parsed again over the agency file's values (unchanged when there is no file)."""
    if args.command not in COMMANDS:
        return args
    path = agency.find(getattr(args, "config", None))
    if path is None:
        args.agency_file = None
        return args
    cfg = agency.load(path)
    sub = subparsers(parser)[args.command]
    dests = {a.dest for a in sub._actions}
    values = dict(cfg.values)
    if args.command == "demo":  # the demo site is not the agency's: its pages, hosts and patterns do not apply
        for key in SITE_SCOPE:
            values.pop(key, None)
    lang = values.pop("lang", None)
    sub.set_defaults(**{k: v for k, v in values.items() if k in dests})
    args = parser.parse_args(argv)
    for k, v in values.items():
        if k not in dests:
            setattr(args, k, v)
    typed_lang = any(a == "--lang" or a.startswith("--lang=") for a in argv)
    if lang and not typed_lang:
        args.lang = lang
        set_lang(lang)
    args.agency_file = cfg
    if not getattr(args, "quiet", False):
        print(t("agency.using", path=path), file=sys.stderr)
    return args
