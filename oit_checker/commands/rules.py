"""``oit-check rules validate [PATH|PROFILE]`` and ``oit-check rules test [PROFILE]``.

Rule authors (not programmers) edit YAML; these commands tell them, in Thai or English,
which file and field is wrong, and whether every item still judges its fixtures right.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oit_checker.commands import options
from oit_checker.i18n import t
from oit_checker.options import DEFAULT_PROFILE


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="ตรวจไฟล์กฎและตัวอย่างทดสอบ / validate and test rule files")
    options.add_common(p)
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    v = rsub.add_parser("validate", help="ตรวจรูปแบบไฟล์กฎ / validate rule files against the schema")
    v.add_argument("path", nargs="?", default=DEFAULT_PROFILE, help="profile id, profile folder or one YAML file")
    options.add_common(v)
    tp = rsub.add_parser("test", help="ตรวจกฎกับตัวอย่าง pass/fail / judge every rule fixture")
    tp.add_argument("profile", nargs="?", default=DEFAULT_PROFILE, help="profile id or folder")
    options.add_common(tp)


def _target(path: str) -> Path:
    from oit_checker import profiles

    p = Path(path)
    if p.exists():
        return p
    return profiles.profile_dir(path)


def run(args: argparse.Namespace) -> int:
    from oit_checker import fixtures, profiles

    lang = getattr(args, "lang", "th")
    if args.rules_command == "validate":
        target = _target(args.path)
        errors = profiles.validate_path(target)
        for e in errors:
            print(t("check.rules.error_line", lang, **e), file=sys.stderr)
        if errors:
            print(t("check.rules.invalid_summary", lang, count=len(errors)), file=sys.stderr)
            return 2
        count = len(profiles.rule_files(target)) if target.is_dir() else 1
        print(t("check.rules.valid", lang, path=str(target), count=count))
        return 0
    folder = profiles.profile_dir(args.profile)
    profile = profiles.load_profile(folder)
    results = [fixtures.run_fixture(p, profile, lang) for p in profiles.fixture_files(folder)]
    bad = [r for r in results if not r["ok"]]
    for r in results:
        if r["ok"]:
            if not args.quiet:
                print(t("check.rules.test_ok", lang, path=r["path"], verdict=r["got"]))
        else:
            print(t("check.rules.test_bad", lang, path=r["path"], got=r["got"], want=r["want"],
                    got_kinds=",".join(r["got_kinds"]), want_kinds=",".join(r["want_kinds"])))
    print(t("check.rules.test_summary", lang, total=len(results), ok=len(results) - len(bad), bad=len(bad)))
    return 1 if bad else 0
