"""``oit-check init [DIR]``: write the agency file and the official-result template to fill in.

Both come from ``oit_checker/templates/`` (package data): the agency file in Thai, or English
with ``--lang en``, with today's defaults filled in, so an officer edits values rather than
learning option names. Existing files are never overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import json
import string
from pathlib import Path

from oit_checker.errors import UserError
from oit_checker.i18n import t

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def add_parser(sub: argparse._SubParsersAction) -> None:
    from oit_checker.commands.options import add_lang

    p = sub.add_parser("init", help="สร้างแฟ้มหน่วยงาน oit-check.yaml / write the agency file oit-check.yaml")
    p.add_argument("dir", nargs="?", default=".", help="folder to write into (default: this folder)")
    p.add_argument("--force", action="store_true", help="overwrite files that exist")
    add_lang(p)


def agency_text(lang: str) -> str:
    """The agency file template in ``lang`` with the current defaults and divisions filled in."""
    from oit_checker.options import CRAWL_DEFAULTS, DEFAULT_PROFILE, OCR_MAX_PAGES
    from oit_checker.report.context import load_divisions

    divisions = load_divisions()
    lines = []
    for key, name in divisions.items():
        if isinstance(name, dict) and lang == "en":  # English reports keep their English names
            text = "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in name.items()) + "}"
        else:
            text = json.dumps(name.get("th") if isinstance(name, dict) else name, ensure_ascii=False)
        lines.append(f"  {key}: {text}")
    tpl = string.Template((TEMPLATES / f"oit-check.{'en' if lang == 'en' else 'th'}.yaml").read_text(encoding="utf-8"))
    return tpl.substitute(profile=DEFAULT_PROFILE, ocr_max_pages=OCR_MAX_PAGES, divisions="\n".join(lines),
                          **{k: v for k, v in CRAWL_DEFAULTS.items()})


def run(args: argparse.Namespace) -> int:
    from oit_checker.agency import FILE_NAME, OFFICIAL_FILE

    lang = getattr(args, "lang", "th")
    folder = Path(args.dir)
    files = {folder / FILE_NAME: agency_text(lang),
             folder / OFFICIAL_FILE: (TEMPLATES / OFFICIAL_FILE).read_text(encoding="utf-8")}
    if not args.force:
        for path in files:
            if path.exists():
                raise UserError("init.exists", path=path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
            print(t("init.written", path=path))
    except OSError as exc:
        raise UserError("init.not_writable", path=folder, reason=exc.strerror or exc) from exc
    print(t("init.next", path=folder / FILE_NAME))
    return 0
