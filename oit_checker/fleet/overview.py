"""Cross-site overview of a batch: ``overview.csv`` (one row per site) and ``overview.html``.

The HTML is one self-contained file (inline CSS and an inline SVG bar chart, no scripts)
so it can be mailed to a provincial office; every value is escaped by Jinja2 autoescape, links are
http(s) only (a batch CSV may say ``javascript:``) and a Content-Security-Policy allows no script.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from oit_checker import __version__
from oit_checker.i18n import get_lang, t
from oit_checker.report.safe import cell
from oit_checker.result import level_colours

CSV_COLUMNS = ("code", "name", "type", "province", "url", "status", "oit", "level", "fails", "unreadable",
               "pages", "documents", "failed_items", "warnings", "error")
NO_LEVEL_COLOUR = "#57606a"  # a site without a level (or one its profile gives no colour)


def _from_results(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Item names and level colours (from the profiles' bands) of the sites' result.json files."""
    names: dict[str, str] = {}
    colours: dict[str, str] = {}
    for path in sorted((out / "sites").glob("*/result.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        for level, colour in level_colours(data).items():
            colours.setdefault(level, colour)
        if not names:
            for it in data.get("items") or []:
                if isinstance(it, dict) and it.get("code") and it.get("name"):
                    names.setdefault(str(it["code"]), str(it["name"]))
    return names, colours


def _warning_text(row: dict, lang: str) -> str:
    return "; ".join(t(w["key"], lang, before=w.get("before"), after=w.get("after")) for w in row.get("warnings") or [])


def write_csv(rows: list[dict], path: Path, lang: str) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens Thai correctly
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for r in rows:
            w.writerow([cell(v) for v in (  # the batch CSV's own columns are echoed back: neutralised too
                r.get("code"), r.get("name"), r.get("type"), r.get("province"), r.get("url"), r.get("status"),
                "" if r.get("oit") is None else r["oit"], r.get("level") or "", len(r.get("fails") or []),
                r.get("unreadable") or 0, r.get("pages") if r.get("pages") is not None else "",
                r.get("documents") if r.get("documents") is not None else "",
                " ".join(r.get("fails") or []), _warning_text(r, lang), r.get("error") or "")])


def chart(rows: list[dict], lang: str, colours: dict[str, str] | None = None) -> dict:
    """Bars for the SVG chart: sites with a score, highest first, coloured by level."""
    scored = sorted((r for r in rows if isinstance(r.get("oit"), int | float)), key=lambda r: -r["oit"])
    bar_h, gap, label_w, width = 18, 6, 220, 460
    bars = []
    for i, r in enumerate(scored):
        bars.append({"y": i * (bar_h + gap), "w": round(width * max(0.0, min(100.0, r["oit"])) / 100, 1),
                     "label": (r.get("name") or r.get("code") or "")[:40], "value": f"{r['oit']:.2f}",
                     "colour": (colours or {}).get(str(r.get("level")), NO_LEVEL_COLOUR)})
    return {"bars": bars, "bar_h": bar_h, "label_w": label_w, "width": width,
            "height": max(1, len(bars)) * (bar_h + gap), "total_w": label_w + width + 70}


def top_fails_by_concept(rows: list[dict], lang: str, judged: int) -> list[dict]:
    """Sites scanned under different rounds: count failing items by concept (rules/concepts.yaml), since one
    code means different things in different rounds; the code column lists each round's code."""
    from oit_checker import concepts

    counts: Counter = Counter()
    codes: dict[str, dict[str, set[str]]] = {}
    for r in rows:
        pid = str(r.get("profile") or "")
        for code in dict.fromkeys(r.get("fails") or []):
            key = concepts.concept_of(pid, code) or f"{pid}:{code}"
            counts[key] += 1
            codes.setdefault(key, {}).setdefault(pid, set()).add(code)
    top = []
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        label = " · ".join(f"{pid.replace('ita-', 'ITA ')} {'/'.join(sorted(c))}"
                           for pid, c in sorted(codes[key].items()))
        name = concepts.name(key, lang) if ":" not in key else ""
        top.append({"code": label, "name": name, "n": n, "share": round(100 * n / judged) if judged else 0})
    return top


def render_html(rows: list[dict], out: Path, lang: str, batch_id: str | None = None) -> str:
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.tests["web_url"] = lambda v: str(v or "").lower().startswith(("http://", "https://"))  # never javascript:
    statuses = Counter(r.get("status") for r in rows)
    names, colours = _from_results(out)
    judged = sum(1 for r in rows if r.get("status") in ("ok", "partial"))
    if len({r.get("profile") for r in rows if r.get("fails")}) > 1:
        top = top_fails_by_concept(rows, lang, judged)
    else:
        fail_counts = Counter(code for r in rows for code in r.get("fails") or [])
        top = [{"code": c, "name": names.get(c, ""), "n": n, "share": round(100 * n / judged) if judged else 0}
               for c, n in sorted(fail_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    scores = [r["oit"] for r in rows if isinstance(r.get("oit"), int | float)]
    tmpl = env.get_template("overview.html.j2")
    return tmpl.render(
        lang=lang, t=lambda key, **kw: t(key, lang, **kw), rows=rows, statuses=sorted(statuses.items()),
        top=top, chart=chart(rows, lang, colours), batch=batch_id, version=__version__,
        mean=round(sum(scores) / len(scores), 2) if scores else None, warning_text=lambda r: _warning_text(r, lang),
    )


def write(rows: list[dict], out: Path, lang: str | None = None, batch_id: str | None = None) -> tuple[Path, Path]:
    lang = lang or get_lang()
    out = Path(out)
    csv_path, html_path = out / "overview.csv", out / "overview.html"
    # Written beside and moved into place: a batch killed mid-write leaves the previous overview whole.
    write_csv(rows, csv_path.with_name(csv_path.name + ".tmp"), lang)
    html_path.with_name(html_path.name + ".tmp").write_text(render_html(rows, out, lang, batch_id), encoding="utf-8")
    os.replace(csv_path.with_name(csv_path.name + ".tmp"), csv_path)
    os.replace(html_path.with_name(html_path.name + ".tmp"), html_path)
    return csv_path, html_path
