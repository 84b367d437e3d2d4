"""``oit-check report``: not built yet (see the issues)."""

from __future__ import annotations

import argparse

from oit_checker.commands import options
from oit_checker.errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="report")
    options.add_common(p)


def run(args: argparse.Namespace) -> int:
    raise UserError("cli.not_implemented", what="report")
