"""Terminal summary of a result: what an officer acts on, first.

The score and level, the counts, then only the items to fix or check by hand (failing and
unreadable: code, name, the finding in one line, the evidence URL), and where report.html is.
Passing items are only counted. On a terminal, lines wrap between Thai words and never inside
a word or a URL (:mod:`oit_checker.thai.wrap`); piped, each item is one tab-separated line, so
logs of fleet runs stay greppable. ``--quiet`` prints :func:`one_line` instead.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from oit_checker.i18n import t
from oit_checker.result import indicator_ids

MARK = {"fail": ("✗", "red"), "unreadable": ("?", "yellow")}
ORDER = {"fail": 0, "unreadable": 1}


def _counts(result: dict) -> dict[str, int]:
    counts = {"pass": 0, "fail": 0, "unreadable": 0}
    for it in result.get("items", []):
        counts[it["verdict"]] = counts.get(it["verdict"], 0) + 1
    return counts


def _open_items(result: dict, lang: str) -> list[tuple[str, str, str, str, str]]:
    """(code and name, verdict key, verdict word, first finding, evidence URL) of every item not passed."""
    rows = []
    items = [it for it in result.get("items", []) if it.get("verdict") != "pass"]
    for it in sorted(items, key=lambda i: ORDER.get(i.get("verdict"), 2)):  # stable: code order within
        finding = it["findings"][0]["message"] if it.get("findings") else ""
        url = (it.get("answer") or {}).get("url") or ""
        if not url and it.get("findings"):
            url = ((it["findings"][0].get("evidence") or {}).get("url")) or ""
        rows.append((f"{it['code']} {it.get('name', '')}".strip(), it["verdict"],
                     t(f"check.verdict.{it['verdict']}", lang), " ".join(finding.split()), url))
    return rows


def _override_lines(result: dict, lang: str) -> list[str]:
    """Items checked by hand (the agency file): applied ones with the tool's own verdict, expired ones with why."""
    notes = result.get("overrides") or []
    if not notes:
        return []
    lines = [t("override.console.title", lang)]
    for n in notes:
        if n.get("state") == "applied":
            lines.append("  " + t("override.console.applied", lang, code=n.get("code", ""), text=n.get("message", ""),
                                  original=t(f"check.verdict.{n.get('original', 'fail')}", lang)))
        else:
            lines.append(f"  {n.get('code', '')}: {n.get('message', '')}")
    return lines


def _score_line(result: dict, lang: str) -> str:
    s = result.get("scores", {})
    ind = s.get("indicators", {})
    indicators = ", ".join(t("check.console.indicator", lang, id=i, score=f"{ind.get(i, 0):.2f}")
                           for i in indicator_ids(result))
    return t("check.console.scores", lang, oit=f"{s.get('oit', 0):.2f}", level=s.get("level", ""),
             indicators=indicators, oit_min=f"{s.get('oit_min', 0):.2f}", oit_max=f"{s.get('oit_max', 0):.2f}")


def _count_line(result: dict, lang: str) -> str:
    c = _counts(result)
    return t("check.console.counts", lang, passed=c["pass"], failed=c["fail"], unreadable=c["unreadable"],
             total=len(result.get("items", [])))


def _profile_lines(profile: dict, lang: str) -> list[str]:
    """Which round and fiscal year the result was judged under, and whether its roll-up is published."""
    if not profile.get("id"):
        return []
    lines = [t("check.console.profile", lang, id=profile["id"], year=profile.get("fiscal_year", "-"))]
    if profile.get("scoring_note"):
        lines.append(str(profile["scoring_note"]))
    return lines


def show(result: dict, lang: str = "th", file=None) -> None:
    """Print the score, the counts and the items to act on (wrapped between words on a terminal)."""
    file = file or sys.stdout
    site = (result.get("agency") or {}).get("name") or (result.get("site") or {}).get("url", "")
    rows = _open_items(result, lang)
    head = [t("check.console.title", lang, site=site), _score_line(result, lang), _count_line(result, lang),
            *_profile_lines(result.get("profile") or {}, lang), *_override_lines(result, lang)]
    if rows:
        head.append(t("check.console.to_act", lang))
    if not file.isatty():
        for line in head:
            print(line, file=file)
        for name, _, verdict, finding, url in rows:
            print("\t".join((name, verdict, finding, url)), file=file)
        return
    from rich.console import Console
    from rich.text import Text

    from oit_checker.thai.wrap import wrap

    console = Console(file=file, highlight=False)
    width = console.width

    def say(text: str, style: str = "", indent: str = "") -> None:
        for i, line in enumerate(wrap(text, width, indent)):
            console.print(Text(line, style=style if i == 0 else ""), no_wrap=True, overflow="ignore", crop=False)

    console.print(Text(head[0], style="bold"), no_wrap=True, overflow="ignore", crop=False)
    say(head[1], "bold")
    for line in head[2:]:
        say(line)
    # items sharing one finding (a crawl cut short leaves many) are listed together, the finding once
    for (key, finding), group in itertools.groupby(rows, key=lambda r: (r[1], r[3])):
        group = list(group)
        mark, colour = MARK.get(key, ("-", "white"))
        if len(group) == 1:
            name, _, verdict, _, url = group[0]
            say(f"{mark} {name} [{verdict}] — {finding}" if finding else f"{mark} {name} [{verdict}]", colour, "    ")
            if url:
                say(f"    {url}", "dim", "    ")
            continue
        for name, _, verdict, _, _url in group:
            say(f"{mark} {name} [{verdict}]", colour, "    ")
        if finding:
            say(f"    {finding}", "", "    ")


def report_html(paths: list) -> Path | None:
    """The absolute path of report.html among the written files, if it was written."""
    return next((Path(p).resolve() for p in paths if Path(p).name == "report.html"), None)


def written(paths: list, lang: str = "th", file=None) -> None:
    """List the files an officer can open or hand in, and where report.html is (path and file:// URL)."""
    file = file or sys.stdout
    if not paths:
        return
    print(t("cli.written", lang, path=Path(paths[0]).resolve().parent), file=file)
    for p in paths:
        print(t("report.written_file", lang, path=Path(p).name), file=file)
    html = report_html(paths)
    if html is not None:
        print(t("check.console.open_report", lang, path=html, url=html.as_uri()), file=file)


def one_line(result: dict, paths: list, lang: str = "th", file=None) -> None:
    """``--quiet``: the result in one line (score, level, counts, report.html or the output folder)."""
    file = file or sys.stdout
    s = result.get("scores", {})
    c = _counts(result)
    where = report_html(paths) or (Path(paths[0]).resolve().parent if paths else "")
    print(t("check.console.one_line", lang, oit=f"{s.get('oit', 0):.2f}", level=s.get("level", ""),
            passed=c["pass"], failed=c["fail"], unreadable=c["unreadable"], total=len(result.get("items", [])),
            where=where), file=file)
