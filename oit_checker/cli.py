"""Command-line entry point ``oit-check``: wire up the sub-commands and turn errors into one clear line.

Each sub-command lives in ``oit_checker/commands/<name>.py`` with ``add_parser`` and
``run``; a new one is one module plus one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import signal
import sys
from types import ModuleType

from oit_checker import __version__
from oit_checker.commands import (
    batch,
    check,
    config,
    demo,
    diff,
    helptext,
    history,
    init,
    report,
    rules,
    scan,
    validate,
    worker,
)
from oit_checker.commands.options import add_lang
from oit_checker.errors import UserError
from oit_checker.i18n import set_lang, t
from oit_checker.thai import setup_pythainlp

# in the order `oit-check --help` lists them
COMMANDS: dict[str, ModuleType] = {"init": init, "demo": demo, "scan": scan, "check": check, "report": report,
                                   "rules": rules, "batch": batch, "history": history, "diff": diff, "worker": worker}


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="oit-check",
        description="ตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) บนเว็บไซต์หน่วยงาน / "
        "Check a Thai agency website against the ITA OIT disclosure items",
    )
    parser.add_argument("--version", action="version", version=f"oit-checker {__version__}")
    add_lang(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in COMMANDS.values():
        mod.add_parser(sub)
    config.add_option(dict(sub.choices))  # --config: the agency file (oit-check.yaml)
    helptext.localize(parser)  # help and argparse's own words in the chosen language (Thai first)
    return parser, COMMANDS


_STOP: list[int] = []  # signals received while a command ran


def _sigterm_as_interrupt():
    """SIGTERM (a scheduler or `kill` stopping the run) stops it like Ctrl-C in every stage: what was
    gathered is kept and the run ends within seconds. Returns a function restoring the old handler."""
    def handler(signum: int, frame: object) -> None:
        _STOP.append(signum)  # remembered: an exception raised inside a __del__ is swallowed by Python
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


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
        args = config.apply(parser, argv, args)  # the agency file's values, under what was typed
        validate.check_args(args)  # every option checked before anything runs
        restore = _sigterm_as_interrupt()
        try:
            code = int(modules[args.command].run(args) or 0)
            if _STOP:  # the interrupt was raised where Python ignores exceptions: stop all the same
                raise KeyboardInterrupt
            return code
        finally:
            restore()
    except UserError as exc:
        print(f"{t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        out = getattr(args, "out", None)
        if args.command in ("scan", "demo") and out:
            print(t("cli.interrupted", path=f"{out}/corpus"), file=sys.stderr)
        else:
            print(t("cli.interrupted_plain"), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - officers get one line, developers use --debug
        if getattr(args, "debug", False):
            raise
        print(f"{t('cli.error_prefix')}: {t('cli.internal_error', reason=exc)}", file=sys.stderr)
        return 2
