"""Every option checked before anything runs: a bad value is one clear line (Thai, English
with ``--lang en``) and exit 2 — never a crawl that blames the site, a hang or a silent default.

``cli.main`` calls :func:`check_args` on the parsed arguments of every sub-command; a command
only has the options it declares, so each rule applies where the option exists.
"""

from __future__ import annotations

import argparse

from oit_checker import profiles
from oit_checker.errors import UserError
from oit_checker.options import FORMATS, HANDIN_FORMATS

# option attribute → (flag, smallest allowed value); a limit of 0 or less would crawl nothing or hang
MINIMUM: dict[str, tuple[str, float]] = {
    "max_pages": ("--max-pages", 1), "max_depth": ("--max-depth", 0), "max_bytes": ("--max-bytes", 1),
    "max_time": ("--max-time", 1), "concurrency": ("--concurrency", 1), "delay": ("--delay", 0),
    "workers": ("--workers", 1), "timeout": ("--timeout", 1), "retries": ("--retries", 0),
}
THRESHOLDS = {"fail_under": "--fail-under"}  # a score: 0–100
FORMAT_OPTIONS = {"format": "--format", "scan_format": "--scan-format"}


def check_formats(flag: str, value: str | None) -> None:
    """A comma list of known report formats (or ``all``); an unknown one is an error naming the list."""
    if value is None:
        return
    parts = [x.strip().lower() for x in str(value).split(",") if x.strip()]
    unknown = [x for x in parts if x != "all" and x not in FORMATS and x not in HANDIN_FORMATS]
    if unknown or not parts:
        raise UserError("cli.bad_format", option=flag, value=", ".join(unknown) or str(value),
                        known=", ".join((*FORMATS, *HANDIN_FORMATS, "all")))


def check_args(args: argparse.Namespace) -> None:
    """Raise UserError (exit 2) on the first option value the command cannot honour."""
    for attr, flag in FORMAT_OPTIONS.items():
        if hasattr(args, attr):
            check_formats(flag, getattr(args, attr))
    for attr, (flag, least) in MINIMUM.items():
        value = getattr(args, attr, None)
        if isinstance(value, int | float) and value < least:
            raise UserError("cli.bad_minimum", option=flag, value=_num(value), least=_num(least))
    year = getattr(args, "fiscal_year", None)
    if isinstance(year, int):
        profiles.check_fiscal_year(year)  # Buddhist era only: 2025 → "2568"
    for attr, flag in THRESHOLDS.items():
        value = getattr(args, attr, None)
        if isinstance(value, int | float) and not 0 <= value <= 100:
            raise UserError("cli.bad_threshold", option=flag, value=_num(value))


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)
