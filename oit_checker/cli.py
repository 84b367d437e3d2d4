"""Command-line entry point ``oit-check``.

Each sub-command lives in ``oit_checker/commands/<name>.py`` with ``add_parser`` and
``run``; this module only wires them up and turns errors into one clear line.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from oit_checker import __version__
from oit_checker.errors import UserError
from oit_checker.i18n import set_lang, t
from oit_checker.thai import setup_pythainlp

COMMANDS = ["demo", "scan", "check", "report", "rules", "batch", "history", "diff", "worker"]


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(
        prog="oit-check",
        description="ตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) บนเว็บไซต์หน่วยงาน / "
        "Check a Thai agency website against the ITA OIT disclosure items",
    )
    parser.add_argument("--version", action="version", version=f"oit-checker {__version__}")
    add_lang(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for name in COMMANDS:
        mod = importlib.import_module(f"oit_checker.commands.{name}")
        mod.add_parser(sub)
        modules[name] = mod
    return parser, modules


def add_lang(p: argparse.ArgumentParser, top: bool = False) -> None:
    """--lang/--debug on the main parser and again on each sub-command (either place works)."""
    p.add_argument("--lang", choices=["th", "en"], default="th" if top else argparse.SUPPRESS,
                   help="ภาษาของข้อความ / output language")
    p.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="show tracebacks")


def _pre_lang(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return "th"


def main(argv: list[str] | None = None) -> int:
    setup_pythainlp()  # before any command imports pythainlp
    argv = list(sys.argv[1:] if argv is None else argv)
    set_lang(_pre_lang(argv))
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    set_lang(getattr(args, "lang", "th"))
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(modules[args.command].run(args) or 0)
    except UserError as exc:
        print(f"{t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        out = getattr(args, "out", None)
        print(t("cli.interrupted", path=f"{out}/corpus" if out else "-"), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - officers get one line, developers use --debug
        if getattr(args, "debug", False):
            raise
        print(f"{t('cli.error_prefix')}: {t('cli.internal_error', reason=exc)}", file=sys.stderr)
        return 2
