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
    ls = rsub.add_parser("list", help="ชุดเกณฑ์ที่มีและรายการข้อ / the profiles, or one profile's items")
    ls.add_argument("--profile", default=None, help="list this profile's items, groups, periods and confidence")
    ls.add_argument("--fiscal-year", type=int, default=None,
                    help="fiscal year for the period labels, Buddhist era (default: the profile's)")
    options.add_common(ls)
    tp = rsub.add_parser("test", help="ตรวจกฎกับตัวอย่าง pass/fail / judge every rule fixture")
    tp.add_argument("profile", nargs="?", default=DEFAULT_PROFILE,
                    help="profile id or folder; with --mutate also 'all' (every profile)")
    tp.add_argument("--mutate", action="store_true",
                    help="ตัดข้อกำหนดของกฎทีละข้อ แล้วดูว่าตัวอย่างทดสอบจับได้หรือไม่ / drop each requirement of each "
                         "rule in turn and report the ones no fixture catches")
    tp.add_argument("--json", default=None, metavar="FILE", help="with --mutate: write the result as JSON")
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
    if args.rules_command == "list":
        return _list(args, lang)
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
    if getattr(args, "mutate", False):
        return _mutate(args, lang)
    if getattr(args, "json", None):
        from oit_checker.errors import UserError

        raise UserError("check.rules.json_needs_mutate")
    results = []
    for name in (profiles.known_profiles() if args.profile == "all" else [args.profile]):  # `all`: every profile
        folder = profiles.profile_dir(name)
        profile = profiles.load_profile(folder)
        results += [fixtures.run_fixture(p, profile, lang) for p in profiles.fixture_files(folder)]
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


def _mutate(args: argparse.Namespace, lang: str) -> int:
    """``rules test --mutate``: per profile, the mutations tried and caught, and each uncaught one."""
    import json

    from oit_checker import mutate, profiles
    from oit_checker.errors import UserError

    names = profiles.known_profiles() if args.profile == "all" else [args.profile]
    results = mutate.run_all(names, lang)
    for r in results:
        print(t("check.rules.mutate_profile", lang, profile=r["profile"], tried=r["tried"], caught=r["caught"],
                uncaught=len(r["uncaught"]), seconds=r["seconds"]))
        for u in r["uncaught"]:
            print(t("check.rules.mutate_uncaught", lang, code=u["code"], where=u["key"], what=u["what"] or "-",
                    dropped=t(f"check.rules.mutate_part.{u['part']}", lang, kind=u["kind"])))
    bad = sum(len(r["uncaught"]) for r in results)
    print(t("check.rules.mutate_learned_off", lang))
    print(t("check.rules.mutate_summary", lang, tried=sum(r["tried"] for r in results), uncaught=bad,
            caught=sum(r["caught"] for r in results), seconds=round(sum(r["seconds"] for r in results), 2)))
    if args.json:
        try:
            Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise UserError("cli.out_not_writable", path=str(args.json), reason=exc.strerror or str(exc)) from exc
    return 1 if bad else 0


def _conf(rule) -> str:
    c = rule.confidence
    if not c:
        return rule.criterion.get("confidence", "") or "-"
    return " · ".join(c.get(k, "-") for k in ("name", "elements", "period"))


def _list(args: argparse.Namespace, lang: str) -> int:
    """Without --profile: every profile with its round and item count. With it: its items."""
    from oit_checker import profiles
    from oit_checker.thai.dates import period_label

    if not args.profile:
        for pid in profiles.known_profiles():
            prof = profiles.load_profile(pid)
            status = prof.raw.get("status", "final")
            print(t("check.rules.list_profile", lang, id=pid, year=prof.fiscal_year, count=len(prof.items),
                    name=prof.name.get(lang) or prof.name.get("th", ""),
                    default=t("check.rules.list_default", lang) if pid == DEFAULT_PROFILE else "",
                    status=t(f"check.rules.list_status.{status}", lang),
                    confidence=prof.raw.get("confidence", "-")))
        return 0
    profiles.check_fiscal_year(args.fiscal_year)
    prof = profiles.load_profile(args.profile, fiscal_year=args.fiscal_year)
    print(t("check.rules.list_header", lang, id=prof.id, year=prof.fiscal_year, count=len(prof.items),
            name=prof.name.get(lang) or prof.name.get("th", "")))
    note = (prof.scoring.get("note") or {}).get(lang) if prof.scoring.get("published") is False else None
    if note:
        print(note)
    for gid, g in prof.subindicators.items():
        print(t("check.rules.list_group", lang, id=gid, name=(g.get("name") or {}).get(lang, "")))
        for code in g.get("items", []):
            r = prof.rule(code)
            label = period_label(prof.fiscal_year, r.period, lang) or t(f"check.rules.list_period.{r.period}", lang)
            others = " ".join(f"{p.replace('ita-', '')}:{','.join(cs)}" for p, cs in sorted(r.other_rounds.items()))
            print(t("check.rules.list_item", lang, code=code, name=r.label(lang), period=r.period, label=label,
                    confidence=_conf(r), others=others or "-"))
    return 0
