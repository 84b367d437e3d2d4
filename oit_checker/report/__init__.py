"""Reports people hand in, written from a result dict (result.json, schema_version 1).

| format   | files                                   | for whom |
|----------|-----------------------------------------|----------|
| json     | result.json                             | programs, re-rendering (``oit-check report``) |
| html     | report.html                             | the web officer: one offline file |
| answers  | oit-answers.xlsx, oit-answers.csv       | the OIT answer sheet (มี/ไม่มี, URL, explanation) |
| measures | measures.docx, measures.xlsx            | the ITA working group (seed 004 layout) |
| analysis | analysis.docx                           | working group: official-result analysis (seed 000) |
| o43      | o43.docx                                | working group: O43 measures report (seed 001) |
| csv      | findings.csv, findings.json             | programs: one row per finding |
| junit    | junit.xml                               | CI dashboards: one testcase per item |
| pdf      | report.pdf                              | report.html printed on A4 (WeasyPrint) |
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from oit_checker.errors import UserError
from oit_checker.options import HANDIN_FORMATS
from oit_checker.report.context import Report, Settings
from oit_checker.report.safe import clean
from oit_checker.result import write_json

__all__ = ["write", "Settings", "Report"]

STAGE_PREFIX = ".oit-writing-"  # staging folder inside OUT (see write)
STALE_STAGE_SECONDS = 3600


def write(result: dict, out: Path, formats: list[str], lang: str = "th", settings: Settings | None = None,
          **options: object) -> list[Path]:
    """Write the chosen formats into OUT and return the files written.

    ``settings`` (or the same names as keyword options: agency_name, divisions, thai_digits,
    embed_font) carry the agency's choices; unknown formats are left to their owners.
    """
    out = Path(out)
    if settings is None:
        settings = Settings(**{k: v for k, v in options.items() if k in Settings.__dataclass_fields__})
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("cli.out_not_writable", path=out, reason=exc.strerror or exc) from exc
    if settings.official is not None:  # the official result is given for the hand-in documents
        formats = [*formats, *(f for f in HANDIN_FORMATS if f not in formats)]
    elif "analysis" in formats:
        raise UserError("docs.needs_official")
    result = clean(result)  # control characters in crawled text would crash the XLSX/DOCX/XML writers
    rep = Report(result, lang, settings)
    if settings.agency_name:
        result = {**result, "agency": {**(result.get("agency") or {}), "name": settings.agency_name}}
    # Written into a staging folder inside OUT, then moved into place file by file (os.replace): a scan killed
    # mid-write (kill -9, a full disk) leaves the previous reports whole, never a truncated file.
    _clear_stale_stages(out)
    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out))
    except OSError as exc:
        raise UserError("cli.out_not_writable", path=out, reason=exc.strerror or exc) from exc
    try:
        written = [out / p.relative_to(stage) for p in _write_formats(result, rep, stage, formats, lang)]
        moved = _move_into(stage, out)
        paths = written + [p for p in moved if p not in written]
    except PermissionError as exc:
        raise UserError("cli.out_not_writable", path=out, reason=exc.strerror or exc) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return paths


def _write_formats(result: dict, rep: Report, out: Path, formats: list[str], lang: str) -> list[Path]:
    paths: list[Path] = []
    if "json" in formats:
        paths.append(write_json(result, out))
    if "html" in formats:
        from oit_checker.report import html

        paths.append(html.write(rep, out))
    if "answers" in formats:
        from oit_checker.report import answers

        paths += answers.write(rep, out)
    if "measures" in formats:
        from oit_checker.report import measures

        paths += measures.write(rep, out)
    if "analysis" in formats:
        from oit_checker.report import analysis

        paths.append(analysis.write(rep, out))
    if "o43" in formats:
        from oit_checker.report import o43

        paths.append(o43.write(rep, out))
    if "csv" in formats:
        from oit_checker.report import findings

        paths += findings.write(rep, out)
    if "junit" in formats:
        from oit_checker.report import junit

        paths.append(junit.write(result, out, lang))
    if "pdf" in formats:
        from oit_checker.report import pdf

        paths.append(pdf.write(rep, out))
    return paths


def _clear_stale_stages(out: Path) -> None:
    """Remove staging folders a killed write left behind (an hour old: no live write takes that long)."""
    import time

    for old in out.glob(STAGE_PREFIX + "*"):
        try:
            if old.is_dir() and time.time() - old.stat().st_mtime > STALE_STAGE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue


def _move_into(stage: Path, out: Path) -> list[Path]:
    """Move every file written in ``stage`` to the same place under ``out`` (atomic per file)."""
    moved = []
    for src in sorted(p for p in stage.rglob("*") if p.is_file()):
        dest = out / src.relative_to(stage)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
        moved.append(dest)
    return moved
