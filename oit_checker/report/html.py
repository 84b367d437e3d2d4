"""report.html: one self-contained Thai page that opens offline and runs no crawled code.

Safety: Jinja2 autoescape for every value from the result; a Content-Security-Policy
meta that allows only our own inline script and style (by SHA-256 hash), data: fonts and
images, nothing else; only http(s) URLs become links, with rel="noopener noreferrer".
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.resources
import unicodedata
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from oit_checker.checks.findings import list_text, text_of
from oit_checker.report import answers, snippets
from oit_checker.report.context import Report, fmt_score, is_web_url
from oit_checker.result import rollup

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT_STACK = '"TH Sarabun New","TH SarabunPSK","Sarabun","Laksaman","Noto Sans Thai",sans-serif'


@functools.cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def sarabun_font_faces() -> str:
    """@font-face rules embedding Sarabun Regular and Bold (OFL) from the fontpkg-sarabun wheel."""
    try:
        files = importlib.resources.files("fontpkg_sarabun") / "files"
    except ModuleNotFoundError:
        return ""
    rules = []
    for weight, name in ((400, "Sarabun-Regular.ttf"), (700, "Sarabun-Bold.ttf")):
        res = files / name
        if not res.is_file():
            continue
        data = base64.b64encode(res.read_bytes()).decode("ascii")
        rules.append(f'@font-face{{font-family:"Sarabun";font-style:normal;font-weight:{weight};'
                     f'src:url(data:font/ttf;base64,{data}) format("truetype");}}')
    return "\n".join(rules)


def _width(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c) not in ("Mn", "Me"))


def chart(rep: Report) -> dict:
    """Geometry of the sub-indicator bar chart, drawn as inline SVG by the template."""
    bar_w, row_h, top = 330, 34, 10
    groups = [g for g in rep.groups() if g["code"]]
    labels = [f'{g["code"]} {g["name"]}'.strip() for g in groups]
    # Room for the longest label: Thai marks take no width, so count spacing characters only.
    label_w = max(200, min(480, 20 + 7.6 * max((_width(x) for x in labels), default=0)))
    pass_mark = rollup(rep.result)["pass_mark"]  # the profile's; None: no pass line
    bars = []
    for i, g in enumerate(groups):
        score = g["score"] if isinstance(g["score"], (int, float)) else None
        value = max(0.0, min(100.0, float(score))) if score is not None else 0.0
        good = pass_mark is not None and value >= pass_mark
        level = "none" if score is None else "good" if good else "mid" if value >= 50 else "bad"
        bars.append({"label": f'{g["code"]} {g["name"]}'.strip(), "score": fmt_score(score), "pct": value,
                     "y": top + i * row_h, "w": round(bar_w * value / 100, 1), "cls": level})
    height = top * 2 + len(bars) * row_h + 18
    return {"bars": bars, "x0": label_w, "bar_w": bar_w, "row_h": row_h, "height": height,
            "width": label_w + bar_w + 70, "pass_mark": fmt_pass_mark(pass_mark),
            "pass_x": None if pass_mark is None else label_w + bar_w * pass_mark / 100,
            "axis_y": height - 16}


def chart_css(ch: dict) -> str:
    """Bar widths and the pass line as style rules: the page's CSP allows no inline style attributes."""
    rules = [f".chart #bar-{i}{{width:{b['pct']:.2f}%}}" for i, b in enumerate(ch["bars"], start=1)]
    if ch["pass_x"] is not None:
        pct = float(ch["pass_mark"])
        rules.append(f".chart .bar-pass,.chart .bar-pass-label{{left:{pct:.2f}%}}")
    return "\n".join(rules)


def fmt_pass_mark(value: float | None) -> str:
    """85 (not 85.0) under the chart's pass line."""
    return "" if value is None else f"{value:g}"


def _link(url: object, text: object = None, page: object = None) -> dict:
    url_s = "" if url is None else str(url)
    href = snippets.page_link(url_s, page) if is_web_url(url_s) else None
    return {"href": href, "url": url_s, "text": str(text or url_s)}


def _ocr_label(rep: Report, ev: dict) -> str:
    """"Read from a scan (confidence 94%)" for OCR evidence, with its note on years; "" otherwise."""
    if not ev.get("ocr"):
        return ""
    conf = ev.get("ocr_confidence")
    label = rep.t("report.html.ocr", conf="" if conf is None else f"{float(conf):.0f}")
    if ev.get("picture"):  # a web page's picture: which one on the page was read
        label = f"{label} {rep.t('report.html.ocr_picture', picture=str(ev['picture']))}"
    return f"{label} {ev['ocr_note']}" if ev.get("ocr_note") else label


def _item_view(rep: Report, it: dict) -> dict:
    findings = []
    raw = it.get("findings") or []
    texts = rep.item_findings(it)
    shown: set[tuple] = set()  # evidence already on the page for this item: said once
    for i, text in enumerate(texts):
        ev = (raw[i].get("evidence") if i < len(raw) else None) or {}
        if ev.get("url"):
            shown.add(snippets.key(ev.get("url"), ev.get("page"), ev.get("snippet") or ""))
        findings.append({"text": text, "link": _link(ev.get("url"), None, ev.get("page")) if ev.get("url") else None,
                         "snippet": snippets.cut(ev.get("snippet") or ""), "page": ev.get("page")})
    evidence: dict[tuple, dict] = {}  # one entry per address and page, its distinct quotes under it
    for e in it.get("evidence") or []:
        if not isinstance(e, dict):
            continue
        k = snippets.key(e.get("url"), e.get("page"), e.get("snippet") or "")
        if k in shown:
            continue
        shown.add(k)
        entry = evidence.setdefault(k[:2], {"link": _link(e.get("url"), e.get("title"), e.get("page")),
                                            "snippets": [], "page": e.get("page"), "ocr": ""})
        if e.get("via") and not entry.get("via"):  # an attachment of a post: the post is where the assessor looks
            entry["via"] = _link(e["via"])
        entry["ocr"] = entry["ocr"] or _ocr_label(rep, e)
        if e.get("presumed"):  # only the standard document's opening was read: the officer confirms its parts
            note = rep.t("check.presumed_parts", phrases=list_text(e["presumed"], rep.lang))
            entry["ocr"] = f"{entry['ocr']} {note}".strip()
        if e.get("recognised"):  # located by the learned content signal alone (oit_checker/learned.py)
            entry["ocr"] = f"{entry['ocr']} {e['recognised']}".strip()
        if isinstance(e.get("part"), dict):  # a merged item met part by part: which part this document shows
            entry["part"] = entry.get("part") or text_of(e["part"], rep.lang)
        quote = snippets.without_title(e.get("snippet") or "", str(e.get("title") or ""))
        if quote and len(entry["snippets"]) < MAX_QUOTES:
            entry["snippets"].append(snippets.cut(quote))
    answer = answers.answer(rep, it)  # the same answer as the sheet's
    group = str(it.get("group") or "")
    return {
        "code": it.get("code", ""), "name": it.get("name", ""), "verdict": it.get("verdict", ""),
        "verdict_label": rep.verdict_label(it.get("verdict", "")),
        "group": f"{group} {rep.group_name(group)}".strip(),
        "confidence": rep.t("report.confidence", mark=it["confidence"]) if it.get("confidence") else "",
        "other_rounds": _other_rounds(rep, it),
        # {"cls", "text"} marks beside the verdict: one place for all (checked by hand, from the agency file)
        "badges": [{"cls": "b-hand", "text": rep.t("override.badge")}] if it.get("override") else [],
        "findings": findings, "evidence": list(evidence.values()), "advice": (it.get("advice") or "").strip(),
        "answer": {"word": answer["word"], "link": _link(answer["url"]) if answer["url"] else None,
                   "explanation": answer["where"] if answer["state"] == "no" else answer["explanation"]},
    }


def _other_rounds(rep: Report, it: dict) -> str:
    """"In ITA 2565: O23 · ITA 2566: O21": the same item under other rounds' codes (rules/concepts.yaml)."""
    rounds = it.get("other_rounds") or {}
    parts = [rep.t("report.other_round", round=pid.replace("ita-", "ITA "), codes=", ".join(codes))
             for pid, codes in sorted(rounds.items()) if codes]
    return rep.t("report.other_rounds", rounds=" · ".join(parts)) if parts else ""


LEGEND_ORDER = ("H", "M", "M/L", "L")
MAX_QUOTES = 2  # quotes shown per evidence address and page
BROKEN_SHOWN = 50  # the rest stay in result.json


def legend(rep: Report) -> list[tuple[str, str]]:
    """The confidence marks this report uses, each with what it means (locale: report.html.legend.*)."""
    used = {str(it.get("confidence")) for it in rep.items if it.get("confidence")}
    return [(m, rep.t(f"report.html.legend.{m}")) for m in LEGEND_ORDER if m in used]


def broken_links(rep: Report) -> dict:
    """The site's links that failed during the crawl (result.json site.broken_links), with why and where."""
    rows = [b for b in (rep.result.get("site") or {}).get("broken_links") or [] if isinstance(b, dict)]
    out = []
    for b in rows[:BROKEN_SHOWN]:
        status = b.get("status")
        reason = (rep.t("report.html.broken_error.http", status=status) if isinstance(status, int) and status >= 400
                  else rep.t("report.html.broken_error.network", error=b.get("error") or "?"))
        out.append({"link": _link(b.get("url")), "reason": reason,
                    "found_on": [_link(u) for u in (b.get("found_on") or [])[:3]]})
    return {"rows": out, "total": len(rows), "more": max(0, len(rows) - BROKEN_SHOWN)}


def render(rep: Report) -> str:
    env = _env()
    the_chart = chart(rep)
    css = env.get_template("report.css").render(font_stack=Markup(FONT_STACK)) + "\n" + chart_css(the_chart)
    if rep.settings.embed_font:
        css = sarabun_font_faces() + "\n" + css
    # filter.js.j2 is plain JavaScript read as is (the .j2 suffix only makes package-data ship it)
    script = (TEMPLATES / "filter.js.j2").read_text(encoding="utf-8")
    site = rep.result.get("site") or {}
    scores = rep.scores
    counts = rep.counts()
    tool = rep.result.get("tool") or {}
    oit_min, oit_max = scores.get("oit_min"), scores.get("oit_max")
    show_range = isinstance(oit_min, (int, float)) and isinstance(oit_max, (int, float)) and oit_min != oit_max
    csp = (f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(css)}'; "
           "font-src data:; img-src data:; base-uri 'none'; form-action 'none'")
    status = site.get("status") or "ok"
    profile_label = str(rep.profile.get("name") or rep.profile.get("id", ""))
    return env.get_template("report.html.j2").render(
        rep=rep, t=rep.t, lang=rep.lang, csp=Markup(csp), css=Markup(css), script=Markup(script),
        agency=rep.agency, site_link=_link(site.get("url")), site=site,
        status_note=rep.t(f"report.html.status.{status}") if status in ("partial", "unreachable", "blocked") else "",
        profile_id=profile_label, scoring_note=rep.profile.get("scoring_note") or "",
        fiscal_year=rep.t("report.fiscal_year", year=rep.fiscal_year)
        if rep.fiscal_year and str(rep.fiscal_year) not in profile_label else "",
        date=rep.date(), oit=fmt_score(scores.get("oit")), level=scores.get("level") or "–",
        range_note=rep.t("report.html.range", min=fmt_score(oit_min), max=fmt_score(oit_max),
                         n=counts.get("unreadable", 0)) if show_range else "",
        counts=rep.t("report.html.counts", passed=counts.get("pass", 0), failed=counts.get("fail", 0),
                     unreadable=counts.get("unreadable", 0), total=len(rep.items)),
        chart=the_chart, legend=legend(rep), broken=broken_links(rep),
        items=[_item_view(rep, it) for it in rep.ordered_items()],
        filters=[(v, rep.verdict_label(v)) for v in ("fail", "unreadable", "pass")],
        generated_by=rep.t("report.html.generated_by", tool=tool.get("name", "oit-checker"),
                           version=tool.get("version", "")),
    )


def write(rep: Report, out: Path) -> Path:
    path = Path(out) / "report.html"
    path.write_text(render(rep), encoding="utf-8")
    return path
