"""Terminal summary: one row per item (verdict, main finding, evidence URL), then scores.

A rich table on a terminal; plain tab-separated lines when piped, so logs of fleet runs
stay greppable.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oit_checker.i18n import t
from oit_checker.result import indicator_ids


def _rows(result: dict, lang: str) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for it in result.get("items", []):
        finding = it["findings"][0]["message"] if it.get("findings") else ""
        url = (it.get("answer") or {}).get("url") or ""
        rows.append((f"{it['code']} {it.get('name', '')}", it["verdict"],
                     t(f"check.verdict.{it['verdict']}", lang), finding, url))
    return rows


def _score_lines(result: dict, lang: str) -> list[str]:
    s = result.get("scores", {})
    ind = s.get("indicators", {})
    counts = {"pass": 0, "fail": 0, "unreadable": 0}
    for it in result.get("items", []):
        counts[it["verdict"]] = counts.get(it["verdict"], 0) + 1
    indicators = ", ".join(t("check.console.indicator", lang, id=i, score=f"{ind.get(i, 0):.2f}")
                           for i in indicator_ids(result))
    return [
        t("check.console.counts", lang, passed=counts["pass"], failed=counts["fail"],
          unreadable=counts["unreadable"], total=len(result.get("items", []))),
        t("check.console.scores", lang, oit=f"{s.get('oit', 0):.2f}", level=s.get("level", ""),
          indicators=indicators, oit_min=f"{s.get('oit_min', 0):.2f}", oit_max=f"{s.get('oit_max', 0):.2f}"),
        *_profile_lines(result.get("profile") or {}, lang),
    ]


def _profile_lines(profile: dict, lang: str) -> list[str]:
    """Which round and fiscal year the result was judged under, and whether its roll-up is published."""
    if not profile.get("id"):
        return []
    lines = [t("check.console.profile", lang, id=profile["id"], year=profile.get("fiscal_year", "-"))]
    if profile.get("scoring_note"):
        lines.append(str(profile["scoring_note"]))
    return lines


def show(result: dict, lang: str = "th", file=None) -> None:
    """Print the item table and the scores (rich on a terminal, plain otherwise)."""
    file = file or sys.stdout
    rows = _rows(result, lang)
    site = (result.get("agency") or {}).get("name") or (result.get("site") or {}).get("url", "")
    if not file.isatty():
        print(t("check.console.title", lang, site=site), file=file)
        for name, _, verdict, finding, url in rows:
            print("\t".join((name, verdict, finding, url)), file=file)
        for line in _score_lines(result, lang):
            print(line, file=file)
        return
    from rich.console import Console
    from rich.table import Table

    colour = {"pass": "green", "fail": "red", "unreadable": "yellow"}
    table = Table(title=t("check.console.title", lang, site=site), show_lines=False)
    table.add_column(t("check.console.item", lang), overflow="fold", max_width=40)
    table.add_column(t("check.console.verdict", lang))
    table.add_column(t("check.console.finding", lang), overflow="fold", max_width=50)
    table.add_column(t("check.console.evidence", lang), overflow="fold", max_width=50)
    for name, key, verdict, finding, url in rows:
        table.add_row(name, f"[{colour.get(key, 'white')}]{verdict}[/]", finding, url)
    console = Console(file=file)
    console.print(table)
    for line in _score_lines(result, lang):
        console.print(line, highlight=False)


def written(paths: list, lang: str = "th", file=None) -> None:
    """List the files an officer can open or hand in."""
    file = file or sys.stdout
    if not paths:
        return
    print(t("cli.written", lang, path=Path(paths[0]).parent), file=file)
    for p in paths:
        print(t("report.written_file", lang, path=Path(p).name), file=file)
