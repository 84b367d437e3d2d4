"""Real agency texts as evidence: per-item recall and evidence precision of the checker.

Why: the rules were written against our own fixtures and generator, which speak the rules'
vocabulary. The labelled set (a folder of ``*.yaml``: the verbatim reference set is kept outside
the repository, its excerpts being stored copies of other people's pages, not ours to commit;
``tests/realtext`` is its committed form, re-told in our own words) holds excerpts of real Thai
agency pages and documents (found in stored copies of public web pages, each with its URL, the
query that found it and a one-line reason for its label). This script serves every excerpt as a
tiny site and judges every ita-2565 item on it through the normal corpus path
(``fixtures.fixture_corpus`` → ``checker.judge``), in two presentations:

- ``neutral``: the excerpt is a page reached from the home page by a neutral link text
  ("เอกสาร 17") and titled the same way, as when an agency files a document under a generic
  name or behind "ดาวน์โหลด"; the checker must recognise it by what it says;
- ``titled``: the excerpt is a page with its real title (as the agency named it), linked by
  that title.

Figures (measured, never asserted):

- **recall** of an item: of the excerpts labelled ``pass`` for it, the share on which the item
  passes *and* cites the excerpt as evidence;
- **fail agreement**: of the excerpts labelled ``fail`` for it (an element missing, the wrong
  period, a heading without content), the share on which the item does not pass;
- **evidence precision** of an item: of the excerpts the item cites as passing evidence, the
  share that really are that item's evidence (labelled ``pass`` for it, or listing it in
  ``also``).

Halves: excerpts whose id ends in an even number are the **dev** half (rules may be tuned on
them), the odd ones the **held-out** half (never read while tuning); figures are given for both.

Usage (from the project root; the set from ``--set DIR`` or the ``OIT_REALTEXT`` environment
variable)::

    python scripts/realtext.py                    # both presentations, per-item table
    python scripts/realtext.py --mode neutral     # one presentation
    python scripts/realtext.py --items O1,O23     # some items only
    python scripts/realtext.py --json FILE        # the full per-excerpt outcome
    python scripts/realtext.py --misses           # list every miss and false pass
    python scripts/realtext.py --wrong            # every wrong citation with what the excerpt is labelled
    python scripts/realtext.py --set tests/realtext --compare /work/eval/realtext
                                                  # the same ids in two sets, item by item
    python scripts/realtext.py --learned off      # without the learned locate signal (main's behaviour)

The learned locate signal (``oit_checker/learned.py``) is trained on ``tests/realtext``; a measurement never
lets it see the excerpt it judges: judging another set, the model is trained without every example that re-tells
a page of that set (by ``url``/``source``); judging ``tests/realtext`` itself, without every batch file of the
collection round whose excerpts are judged (leave one round out: ``b3-*``, ``b4-*``, ``b5-*``, the first set), and
without any example of another round re-telling the same pages.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from oit_checker import checker, learned  # noqa: E402
from oit_checker.fixtures import fixture_corpus  # noqa: E402
from oit_checker.profiles import load_profile  # noqa: E402

SET_ENV = "OIT_REALTEXT"
HALVES = ("dev", "held-out")
PROFILE = "ita-2565"
HOST = "https://www.realtext.test"
MODES = ("neutral", "titled")
VERDICTS = ("pass", "fail", "none")
REQUIRED = ("id", "item", "verdict", "url", "query", "reason", "text")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the set is 2,000 excerpts of YAML


# ---------------------------------------------------------------- the labelled set

def half_of(entry_id: str) -> str:
    """``dev`` for ids ending in an even number (tuned on), ``held-out`` for odd ones."""
    m = re.search(r"(\d+)\s*$", str(entry_id))
    return "dev" if m and int(m.group(1)) % 2 == 0 else "held-out"


def host_half(entry: dict) -> str:
    """``A`` or ``B``: the half of the training corpus (``tests/realtext/corpus``) an opening's site falls in, by a
    hash of its host (a GitHub repository counts as a host). Why by host: openings of one site share its wording;
    split by entry, a rule tuned on one half would be measured on the same sites in the other."""
    parts = urlparse(str(entry.get("url") or ""))
    host = parts.netloc.lower().removeprefix("www.")
    if host in ("github.com", "raw.githubusercontent.com"):
        host += "/" + "/".join(parts.path.strip("/").split("/")[:2])
    return "A" if hashlib.sha1(host.encode()).digest()[0] % 2 == 0 else "B"


def located(data: dict) -> tuple[int, int]:
    """(positives located, positives) of one mode's figures: a positive is located when the item did not end
    ``not_found`` (it may still fail its checks: a corpus opening is labelled by kind of document, not by
    whether it holds every element and the period)."""
    pos = data["total"]["pos"]
    lost = sum(v for k, v in data.get("miss_causes", {}).items() if "not_found" in k.split(" + "))
    return pos - lost, pos


def script_of(entry: dict) -> str:
    """``thai`` or ``latin``: the script most of the excerpt's letters (title and text) are written in. The rules
    read Thai; English-language pages of Thai agencies (b9-1) are reported apart so that the figure of the Thai
    pages, what the checker is for, is a command's output."""
    words = f"{entry.get('title') or ''} {entry.get('text') or ''}"
    thai = len(re.findall(r"[\u0e01-\u0e4e]", words))
    latin = len(re.findall(r"[A-Za-z]", words))
    return "thai" if thai >= latin else "latin"


def set_dir(arg: str | None = None) -> Path | None:
    """The labelled set's folder: ``--set``, else ``$OIT_REALTEXT``; None when neither is given."""
    value = arg or os.environ.get(SET_ENV)
    return Path(value) if value else None


def load_set(folder: Path, skip: tuple[str, ...] = ()) -> list[dict]:
    """Every excerpt of every ``*.yaml`` in the set folder except ``titles.yaml`` and files whose name starts with
    one of ``skip`` (locked rounds: their re-told copies are the untouched measure's)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "titles.yaml" or (skip and path.name.startswith(skip)):
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER) or []  # noqa: S506 - a safe loader
        for raw in data:
            entry = dict(raw)
            entry["_file"] = path.name
            out.append(entry)
    return out


def integrity(entries: list[dict], items: list[str]) -> list[str]:
    """Problems with the set: missing fields, unknown items/verdicts, duplicate ids, items not covered."""
    problems, seen = [], set()
    for e in entries:
        where = f"{e.get('_file')}:{e.get('id', '?')}"
        for key in REQUIRED:
            if not str(e.get(key) or "").strip():
                problems.append(f"{where}: no {key}")
        if e.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(e.get("id"))
        item = e.get("item")
        if item != "none" and item not in items:
            problems.append(f"{where}: unknown item {item!r}")
        if e.get("verdict") not in VERDICTS:
            problems.append(f"{where}: verdict must be one of {VERDICTS}")
        if (item == "none") != (e.get("verdict") == "none"):
            problems.append(f"{where}: item none goes with verdict none (and only with it)")
        if e.get("verdict") == "fail" and not str(e.get("missing") or "").strip():
            problems.append(f"{where}: a fail label names what is missing (missing:)")
        for other in e.get("also") or []:
            if other not in items:
                problems.append(f"{where}: unknown item in also: {other!r}")
        if not str(e.get("url", "")).startswith(("http://", "https://")):
            problems.append(f"{where}: url is not a web address")
        for kind in ("iframes", "forms", "images"):  # markup features are tag records, as the page builder reads them
            if any(not isinstance(f, dict) for f in (e.get("features") or {}).get(kind) or []):
                problems.append(f"{where}: features.{kind} holds records ({{src: …}}), not bare strings")
    for code in items:
        if not any(e.get("item") == code for e in entries):
            problems.append(f"{code}: no excerpt for this item")
    return problems


def gaps(entries: list[dict], items: list[str]) -> list[str]:
    """Items with no excerpt labelled ``pass`` (their recall cannot be measured yet)."""
    return [c for c in items if not any(e.get("item") == c and e.get("verdict") == "pass" for e in entries)]


# ---------------------------------------------------------------- serving one excerpt

def _title(entry: dict) -> str:
    if entry.get("title"):
        return str(entry["title"]).strip()
    return next((ln.strip() for ln in str(entry["text"]).splitlines() if ln.strip()), "")[:120]


def excerpt_url(n: int) -> str:
    return f"{HOST}/doc/{n}.html"


def site(entry: dict, n: int, mode: str) -> dict:
    """A two-page site (home + the excerpt) as a fixture mapping for ``fixture_corpus``."""
    label = f"เอกสาร {n}" if mode == "neutral" else _title(entry)
    url = excerpt_url(n)
    home = {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับสู่เว็บไซต์",
            "nav_text": label}
    doc = {"url": url, "kind": "html", "title": label, "link_texts": [label], "referrers": [f"{HOST}/"],
           "depth": 1, "nav_path": [], "text": str(entry["text"])}
    if entry.get("features"):  # page features kept from the real page (its <img> list), never invented
        doc["features"] = dict(entry["features"])
    links = [{"src": f"{HOST}/", "url": url, "text": label}]
    # the real page's own anchors, when the set kept them (features.links: a Facebook page, a form host)
    for a in (entry.get("features") or {}).get("links") or []:
        if isinstance(a, dict) and a.get("href"):
            links.append({"src": url, "url": str(a["href"]), "text": str(a.get("text") or "")})
    return {"start_url": f"{HOST}/", "documents": [home, doc], "links": links}


def write_site(entries: list[dict], folder: Path) -> list[str]:
    """The excerpts as real files for one end-to-end crawl: a home page linking every excerpt page
    by a neutral link text ("เอกสาร n"); returns the pages' paths in ``entries`` order."""
    folder = Path(folder)
    (folder / "doc").mkdir(parents=True, exist_ok=True)
    links, paths = [], []
    for n, entry in enumerate(entries, 1):
        path = f"doc/{n}.html"
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in str(entry["text"]).splitlines() if line.strip())
        (folder / path).write_text(f'<!doctype html><html lang="th"><head><meta charset="utf-8">'
                                   f"<title>เอกสาร {n}</title></head><body><main>{body}</main></body></html>",
                                   encoding="utf-8")
        links.append(f'<li><a href="{path}">เอกสาร {n}</a></li>')
        paths.append("/" + path)
    (folder / "index.html").write_text('<!doctype html><html lang="th"><head><meta charset="utf-8">'
                                       "<title>หน้าหลัก</title></head><body><main><p>ยินดีต้อนรับสู่เว็บไซต์</p>"
                                       f"<ul>{''.join(links)}</ul></main></body></html>", encoding="utf-8")
    return paths


# ---------------------------------------------------------------- judging

def _profiles(years: set[int]) -> dict:
    return {y: load_profile(PROFILE, fiscal_year=y, validate=False) for y in years}


def batch_round(name: str) -> str:
    """The collection round a batch file belongs to: ``b4-2.yaml`` → ``b4``; the first set's files (``9.1-…``,
    ``10.2-…``, ``negatives.yaml``) are one round."""
    m = re.match(r"(b\d+)-", name)
    return m.group(1) if m else "first"


def exclusions(entries: list[dict], folder: Path | None = None) -> dict[str, dict]:
    """Per batch file of the measured set, what the learned signal is trained without (``learned.EXCLUDE``): when
    the set is the examples folder, every batch file of the same collection round (leave one round out: four
    trainings, not one per file, and no round-mate's phrasing); always every example that re-tells a page of the
    measured excerpts (by URL: a verbatim set's re-told copy is in the examples)."""
    own = folder is not None and Path(folder).resolve() == Path(learned.EXAMPLES_DIR).resolve()
    everything = frozenset().union(*(learned.urls_of(e) for e in entries)) if entries else frozenset()
    out = {}
    for name in {e.get("_file", "") for e in entries}:
        if own:
            mates = {e.get("_file", "") for e in entries if batch_round(e.get("_file", "")) == batch_round(name)}
            urls = frozenset().union(*(learned.urls_of(e) for e in entries if e.get("_file", "") in mates))
            out[name] = {"urls": urls, "files": frozenset(mates)}
        else:
            out[name] = {"urls": everything, "files": frozenset()}
    return out


def judge_set(entries: list[dict], modes=MODES, items: list[str] | None = None,
              folder: Path | None = None) -> list[dict]:
    """One outcome per (excerpt, mode): for every judged item its verdict and whether it cites the excerpt.
    ``folder``: where the entries come from (the examples folder itself is judged leave one batch file out)."""
    base = load_profile(PROFILE, validate=False)
    profiles = _profiles({int(e.get("fiscal_year") or base.fiscal_year) for e in entries})
    codes = items or [r.code for r in base.rules]
    excluded = exclusions(entries, folder)
    saved = dict(learned.EXCLUDE)
    try:
        return _judge(entries, modes, codes, profiles, base, excluded)
    finally:
        learned.EXCLUDE.update(saved)


def _judge(entries, modes, codes, profiles, base, excluded) -> list[dict]:
    out = []
    for n, entry in enumerate(entries, 1):
        learned.EXCLUDE.update(excluded[entry.get("_file", "")])
        profile = profiles[int(entry.get("fiscal_year") or base.fiscal_year)]
        for mode in modes:
            corpus = fixture_corpus(site(entry, n, mode))
            url = excerpt_url(n)
            judged = {}
            for code in codes:
                item = checker.judge(profile.rule(code), corpus, profile)
                # a channel's evidence is the link itself, found on the excerpt's page
                cites = any(url in (ev.get("url"), ev.get("found_on")) for ev in item["evidence"])
                judged[code] = {"verdict": item["verdict"], "cites": cites,
                                "kinds": sorted({f["kind"] for f in item["findings"]}),
                                "why": [_why(f) for f in item["findings"]],
                                "evidence": sorted({ev.get("url") or "" for ev in item["evidence"]} - {""})}
            out.append({"id": entry["id"], "file": entry.get("_file", ""), "item": entry["item"],
                        "label": entry["verdict"], "also": list(entry.get("also") or []), "mode": mode,
                        "judged": judged})
    return out


def _why(f: dict) -> str:
    """A finding in one line: its kind and what it names (the missing phrases or elements, the period found)."""
    named = [f"{k}={f[k]}" for k in ("phrases", "elements", "found", "expected", "until", "months") if f.get(k)]
    where = (f.get("evidence") or {}).get("url") if isinstance(f.get("evidence"), dict) else ""
    return " ".join([f["kind"], *named] + ([f"@{where}"] if where else []))


def why(outcomes: list[dict]) -> str:
    """Per missed positive and false pass: the item's findings (what blocked the excerpt, or what it was taken
    for) — the input for deciding whether a rule is narrower or looser than the criteria."""
    lines = []
    for o in outcomes:
        j = o["judged"].get(o["item"])
        if j is None or o["label"] not in ("pass", "fail"):
            continue
        if o["label"] == "pass" and not _hit(o, o["item"]):
            lines.append(f"{o['mode']:<8} {o['id']:<10} missed: {'; '.join(j.get('why') or []) or 'passes on '}"
                         f"{'' if j.get('why') else ', '.join(j.get('evidence') or [])}")
        elif o["label"] == "fail" and j["verdict"] == "pass":
            lines.append(f"{o['mode']:<8} {o['id']:<10} false pass on {', '.join(j.get('evidence') or [])}")
    return "\n".join(lines)


def _hit(o: dict, code: str) -> bool:
    """The item passed on this excerpt and cites it as evidence."""
    j = o["judged"].get(code, {})
    return j.get("verdict") == "pass" and bool(j.get("cites"))


def _right(o: dict, code: str) -> bool:
    """The excerpt really is passing evidence for the item."""
    return (o["item"] == code and o["label"] == "pass") or code in o["also"]


def figures(outcomes: list[dict], codes: list[str]) -> dict:
    """Per mode and item: recall, fail agreement, evidence precision (with their counts)."""
    res: dict = {}
    for mode in sorted({o["mode"] for o in outcomes}):
        rows = [o for o in outcomes if o["mode"] == mode]
        per = {}
        tot = defaultdict(int)
        for code in codes:
            pos = [o for o in rows if o["item"] == code and o["label"] == "pass"]
            neg = [o for o in rows if o["item"] == code and o["label"] == "fail"]
            cited = [o for o in rows if _hit(o, code)]
            per[code] = {"pos": len(pos), "found": sum(1 for o in pos if _hit(o, code)),
                         "neg": len(neg), "held": sum(1 for o in neg if o["judged"][code]["verdict"] != "pass"),
                         "cited": len(cited), "right": sum(1 for o in cited if _right(o, code)),
                         "wrong": sorted({o["id"] for o in cited if not _right(o, code)}),
                         "missed": sorted({o["id"] for o in pos if not _hit(o, code)}),
                         "false_pass": sorted({o["id"] for o in neg if o["judged"][code]["verdict"] == "pass"})}
            for k in ("pos", "found", "neg", "held", "cited", "right"):
                tot[k] += per[code][k]
        causes = defaultdict(int)
        for o in rows:
            if o["label"] == "pass" and o["item"] in per and not _hit(o, o["item"]):
                kinds = o["judged"][o["item"]]["kinds"] or ["cited elsewhere"]
                causes[" + ".join(kinds)] += 1
        res[mode] = {"items": per, "total": dict(tot), "miss_causes": dict(sorted(causes.items()))}
    return res


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f} %" if b else "    – "


def table(fig: dict) -> str:
    lines = []
    for mode, data in fig.items():
        t = data["total"]
        lines.append(f"== {mode}: recall {t['found']}/{t['pos']} ({_pct(t['found'], t['pos']).strip()}), "
                     f"fail agreement {t['held']}/{t['neg']} ({_pct(t['held'], t['neg']).strip()}), "
                     f"evidence precision {t['right']}/{t['cited']} ({_pct(t['right'], t['cited']).strip()})")
        causes = ", ".join(f"{k} {v}" for k, v in data.get("miss_causes", {}).items())
        lines.append(f"   missed positives by finding: {causes or '-'}")
        found, pos = located(data)
        lines.append(f"   located (not not_found): {found}/{pos} ({_pct(found, pos).strip()})")
        lines.append("item   recall          fail-agree      precision")
        for code, p in data["items"].items():
            lines.append(f"{code:<5}  {p['found']:>2}/{p['pos']:<2} {_pct(p['found'], p['pos'])}  "
                         f"{p['held']:>2}/{p['neg']:<2} {_pct(p['held'], p['neg'])}  "
                         f"{p['right']:>2}/{p['cited']:<2} {_pct(p['right'], p['cited'])}")
    return "\n".join(lines)


def misses(fig: dict) -> str:
    lines = []
    for mode, data in fig.items():
        for code, p in data["items"].items():
            for key, what in (("missed", "missed"), ("false_pass", "false pass"), ("wrong", "wrong evidence")):
                if p[key]:
                    lines.append(f"{mode:<8} {code:<4} {what}: {', '.join(p[key])}")
    return "\n".join(lines)


def wrong(outcomes: list[dict], codes: list[str], entries: list[dict]) -> str:
    """Every wrong citation, one line each: the item that cites the excerpt, the excerpt, what the excerpt really is
    (its own item and verdict, its ``also``), its batch file and title — the list to group by cause."""
    by_id = {e["id"]: e for e in entries}
    lines = []
    for o in outcomes:
        for code in codes:
            if _hit(o, code) and not _right(o, code):
                e = by_id.get(o["id"], {})
                also = f" also {','.join(o['also'])}" if o["also"] else ""
                lines.append(f"{o['mode']:<8} {code:<4} cites {o['id']:<9} ({o['item']} {o['label']}{also}; "
                             f"{o['file']}) {_title(e)[:70] if e else ''}")
    return "\n".join(sorted(lines))


def by_file(outcomes: list[dict], codes: list[str]) -> str:
    """Per batch file and mode: recall, fail agreement, evidence precision (the leave-one-round-out figure of each
    file: a file's excerpts are judged by a model trained without its round)."""
    lines = ["file                      mode     recall        fail-agree    precision"]
    for name in sorted({o.get("file", "") for o in outcomes}):
        for mode, data in figures([o for o in outcomes if o.get("file", "") == name], codes).items():
            t = data["total"]
            lines.append(f"{name:<25} {mode:<8} {t['found']:>3}/{t['pos']:<3} {_pct(t['found'], t['pos'])}  "
                         f"{t['held']:>3}/{t['neg']:<3} {_pct(t['held'], t['neg'])}  "
                         f"{t['right']:>3}/{t['cited']:<3} {_pct(t['right'], t['cited'])}")
    return "\n".join(lines)


def run(folder: Path, modes=MODES, items: list[str] | None = None) -> tuple[list[dict], dict]:
    entries = load_set(folder)
    base = load_profile(PROFILE, validate=False)
    codes = items or [r.code for r in base.rules]
    outcomes = judge_set(entries, modes, codes, folder)
    return outcomes, figures(outcomes, codes)


def _own(o: dict) -> str:
    """What the checker did with an excerpt for its own item: hit, pass without citing it, or not."""
    if o["item"] == "none":
        return "cited" if any(_hit(o, c) for c in o["judged"]) else "-"
    j = o["judged"].get(o["item"], {})
    return "hit" if _hit(o, o["item"]) else ("pass" if j.get("verdict") == "pass" else "no")


def compare(entries: list[dict], other: list[dict], modes, codes: list[str], folder: Path | None = None,
            other_folder: Path | None = None) -> str:
    """Both sets judged on the ids they share: per-item figures side by side, then every id whose
    outcome for its own item differs (why: a re-told set must be as hard as the real texts)."""
    ids = {e["id"] for e in entries} & {e["id"] for e in other}
    a = judge_set([e for e in entries if e["id"] in ids], modes, codes, folder)
    b = judge_set([e for e in other if e["id"] in ids], modes, codes, other_folder)
    fa, fb = figures(a, codes), figures(b, codes)
    lines = [f"{len(ids)} shared ids; columns: this set | the other set"]
    for mode in fa:
        ta, tb = fa[mode]["total"], fb[mode]["total"]
        lines.append(f"== {mode}: recall {ta['found']}/{ta['pos']} | {tb['found']}/{tb['pos']}, "
                     f"fail agreement {ta['held']}/{ta['neg']} | {tb['held']}/{tb['neg']}, "
                     f"evidence precision {ta['right']}/{ta['cited']} | {tb['right']}/{tb['cited']}")
        lines.append("item   recall          fail-agree      precision")
        for code in codes:
            pa, pb = fa[mode]["items"][code], fb[mode]["items"][code]
            keys = ("found", "held", "right", "cited")
            if [pa[k] for k in keys] == [pb[k] for k in keys]:
                continue
            lines.append(f"{code:<5}  {pa['found']}/{pa['pos']} | {pb['found']}/{pb['pos']:<4} "
                         f"{pa['held']}/{pa['neg']} | {pb['held']}/{pb['neg']:<4} "
                         f"{pa['right']}/{pa['cited']} | {pb['right']}/{pb['cited']}")
    key = {(o["id"], o["mode"]): o for o in b}
    for o in a:
        p = key[(o["id"], o["mode"])]
        if _own(o) != _own(p):
            lines.append(f"differs {o['mode']:<8} {o['id']:<7} ({o['item']} {o['label']}): {_own(o)} | {_own(p)}")
        ca, cb = ([c for c in codes if _hit(x, c)] for x in (o, p))
        if ca != cb:
            lines.append(f"cited   {o['mode']:<8} {o['id']:<7} as evidence of: "
                         f"{','.join(ca) or '-'} | {','.join(cb) or '-'}")
    return "\n".join(lines)


def add_set_args(ap: argparse.ArgumentParser) -> None:
    """``--set``, ``--skip`` and ``--knob``: the arguments every script over the labelled set shares."""
    ap.add_argument("--set", help=f"folder of the labelled set (default: ${SET_ENV})")
    ap.add_argument("--skip", default="", help="comma-separated file-name prefixes never read (locked rounds)")
    ap.add_argument("--knob", action="append", default=[], metavar="NAME=YAML",
                    help="override a knob of rules/common/learned.yaml for this run (tuning), e.g. top_k=1")


def open_set(args: argparse.Namespace) -> Path | None:
    """Apply the run's ``--knob`` overrides and return the set's folder (None, said on stderr, when there is none)."""
    for knob in args.knob:
        name, _, value = knob.partition("=")
        learned.OVERRIDES[name.strip()] = yaml.safe_load(value)
    folder = set_dir(args.set)
    if folder is None or not folder.is_dir():
        print(f"no labelled set: give --set DIR or set ${SET_ENV} (the set is kept outside the repository)",
              file=sys.stderr)
        return None
    return folder


def skipped(args: argparse.Namespace) -> tuple[str, ...]:
    """The ``--skip`` prefixes (locked rounds) as a tuple."""
    return tuple(p for p in args.skip.split(",") if p)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_set_args(ap)
    ap.add_argument("--half", choices=("all",) + HALVES, action="append",
                    help="which half to report (default: all, dev and held-out)")
    ap.add_argument("--host-half", choices=("A", "B"),
                    help="only excerpts whose site is in this half (the training corpus: tune on A, measure on B)")
    ap.add_argument("--mode", choices=MODES, action="append")
    ap.add_argument("--items", help="comma-separated item codes (default: all)")
    ap.add_argument("--json", help="write every outcome and the figures here")
    ap.add_argument("--misses", action="store_true", help="list misses, false passes and wrong evidence")
    ap.add_argument("--wrong", action="store_true",
                    help="every wrong citation: the citing item, the excerpt, what it is labelled, its file and title")
    ap.add_argument("--why", action="store_true", help="per missed positive, the item's findings (what blocked it)")
    ap.add_argument("--by-file", action="store_true", help="per batch file: recall, fail agreement, precision")
    ap.add_argument("--script", choices=("any", "thai", "latin"), default="any",
                    help="only excerpts written mostly in this script (default: any)")
    ap.add_argument("--compare", metavar="DIR", help="another set (e.g. the verbatim one): both on their shared ids")
    ap.add_argument("--learned", choices=("on", "off"),
                    help="the learned locate signal on or off (default: as rules/common/learned.yaml says)")
    args = ap.parse_args(argv)
    if args.learned:
        learned.OVERRIDES["enabled"] = args.learned == "on"
    folder = open_set(args)
    if folder is None:
        return 2
    entries = load_set(folder, skipped(args))
    entries = [e for e in entries if args.script in ("any", script_of(e))
               and args.host_half in (None, host_half(e))]
    base = load_profile(PROFILE, validate=False)
    problems = integrity(entries, [r.code for r in base.rules])
    print(f"{len(entries)} excerpts in {folder}; "
          f"{sum(1 for e in entries if e['verdict'] == 'pass')} pass, "
          f"{sum(1 for e in entries if e['verdict'] == 'fail')} fail, "
          f"{sum(1 for e in entries if e['verdict'] == 'none')} hard negatives")
    for p in problems:
        print("set:", p)
    missing = gaps(entries, [r.code for r in base.rules])
    print(f"items with no positive excerpt ({len(missing)}): {', '.join(missing) or '-'}")
    items = args.items.split(",") if args.items else None
    codes = items or [r.code for r in base.rules]
    if args.compare:
        other = Path(args.compare)
        if not other.is_dir():
            print(f"no labelled set in {other}", file=sys.stderr)
            return 2
        print(compare(entries, load_set(other), tuple(args.mode or MODES), codes, folder, other))
        return 0
    outcomes = judge_set(entries, tuple(args.mode or MODES), codes, folder)
    report = {}
    for half in args.half or ("all",) + HALVES:
        rows = [o for o in outcomes if half == "all" or half_of(o["id"]) == half]
        fig = figures(rows, codes)
        report[half] = fig
        print(f"\n######## {half} ({len({o['id'] for o in rows})} excerpts)")
        print(table(fig))
        if args.misses:
            print(misses(fig))
    if args.by_file:
        print("\n######## per batch file")
        print(by_file(outcomes, codes))
    if args.wrong:
        print("\n######## wrong citations (item cites excerpt: what the excerpt is labelled)")
        print(wrong(outcomes, codes, entries))
    if args.why:
        print("\n######## why (the item's findings per missed positive and false pass)")
        print(why(outcomes))
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": report, "outcomes": outcomes}, ensure_ascii=False,
                                              indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
