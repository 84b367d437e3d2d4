"""result.json: the one contract between judging and everything after it (build, write, read).

Reports, the answer sheet, fleet history and diffs all read this file, so its shape is
fixed (schema_version 1, documented in docs/result-schema.md, validated by
oit_checker/schemas/result.schema.json); new fields may be added, never renamed.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import yaml

from oit_checker import __version__, vocabulary
from oit_checker.errors import UserError
from oit_checker.paths import RULES_DIR
from oit_checker.scoring import rounded
from oit_checker.states import is_blocked_error, is_http_error, is_network_error

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "result.schema.json"
RESULT_FILE = "result.json"


def _site(corpus) -> dict:
    crawl = corpus.crawl or {}
    stats = crawl.get("stats") or {}
    docs = corpus.documents
    pages = sum(1 for d in docs if d.kind == "html" and d.ok)
    files = sum(1 for d in docs if d.kind != "html" and d.ok)
    errors = sum(1 for d in docs if not d.ok)
    start = crawl.get("start_url") or (docs[0].url if docs else "")
    return {"url": start, "status": crawl.get("status") or "ok",
            "pages": int(stats.get("pages", pages)), "documents": int(stats.get("documents", files)),
            "errors": int(stats.get("errors", errors)), "broken_links": broken_links(docs)}


BROKEN_LINKS_MAX = 500


def broken_links(docs) -> list[dict]:
    """Links on the site that failed (the site answered 4xx/5xx, or no answer): url, status, error, found_on.

    Not here: addresses we chose not to fetch or were refused (robots.txt, 403, too large) — those are
    not broken for a visitor.
    """
    out = []
    for d in docs:
        if d.ok or not d.error or is_blocked_error(d.error) or not (is_http_error(d.error)
                                                                    or is_network_error(d.error)):
            continue
        out.append({"url": d.url, "status": d.status, "error": str(d.error), "found_on": list(d.referrers[:3])})
        if len(out) >= BROKEN_LINKS_MAX:
            break
    return out


def _agency_name(corpus, start: str) -> str:
    crawl = corpus.crawl or {}
    if crawl.get("agency"):
        return str(crawl["agency"])
    for d in corpus.documents:
        if d.url.rstrip("/") == start.rstrip("/") and d.title:
            parts = [p.strip() for p in re.split(r"\s[-|–:]\s", d.title) if p.strip()]
            named = [p for p in parts if any(w in p for w in vocabulary.common()["agency_words"])]
            return (named or parts or [d.title.strip()])[0]
    return ""


def _in(text: dict | str | None, lang: str) -> str:
    """A {th, en} label in the result's language."""
    return str(text.get(lang) or text.get("th") or "") if isinstance(text, dict) else str(text or "")


def build(corpus, profile, items: list[dict], scores: dict, lang: str = "th") -> dict:
    """The result dict in the contract shape (numbers rounded to 2 decimals here only)."""
    site = _site(corpus)
    name = profile.name.get(lang) or profile.name.get("th") if isinstance(profile.name, dict) else str(profile.name)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "oit-checker", "version": __version__},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "lang": lang,
        "site": site,
        "agency": {"name": _agency_name(corpus, site["url"])},
        "profile": {"id": profile.id, "fiscal_year": profile.fiscal_year, "name": name,
                    "indicator_names": {k: _in(v.get("name"), lang) for k, v in profile.indicators.items()},
                    "subindicator_names": {k: _in(v.get("name"), lang) for k, v in profile.subindicators.items()},
                    **_bands(profile.raw.get("pass_mark"), profile.bands), **_scoring(profile.scoring, lang)},
        "items": items,
        "scores": rounded(scores),
        "ocr": ocr_summary(corpus),
    }


def _scoring(scoring: dict, lang: str) -> dict:
    """Whether the round's roll-up is published; when it is not, the note the reports show (additive)."""
    if scoring.get("published", True):
        return {}
    return {"scoring_published": False, "scoring_note": _in(scoring.get("note"), lang)}


def ocr_summary(corpus) -> dict:
    """Scanned pages of the corpus: how many OCR read, and why the others were not read."""
    read, waiting, skipped = 0, 0, {}
    for d in corpus.documents:
        for p in d.pages:
            if p.ocr:
                read += 1
            elif p.needs_ocr:
                waiting += 1
                if p.ocr_skipped:
                    skipped[p.ocr_skipped] = skipped.get(p.ocr_skipped, 0) + 1
    return {"pages_read": read, "pages_unread": waiting, "skipped": skipped}


def _bands(pass_mark: float | None, bands: list[dict]) -> dict:
    """The profile's pass mark and level bands (level, min, colour) as result.json carries them."""
    out: dict = {"bands": [{k: b[k] for k in ("level", "min", "colour") if k in b} for b in bands]}
    if pass_mark is not None:
        out["pass_mark"] = pass_mark
    return out


def write_json(result: dict, out_dir: Path) -> Path:
    """Write OUT/result.json (UTF-8, Thai kept readable)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / RESULT_FILE
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def validate(result: dict) -> list[str]:
    """Schema errors of a result dict (empty when it honours the contract)."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    return [f"{'.'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in v.iter_errors(result)]


# reading: what the fleet, JUnit and diffs need from a written result

GAP = "fail"  # "unreadable" is never a gap: could not read is not "not disclosed"


def load(path: str | Path) -> dict:
    """A result.json (or a folder holding one) as a dict, or a clear UserError: missing, not JSON, wrong schema."""
    p = Path(path)
    if p.is_dir():
        p = p / RESULT_FILE
    if not p.is_file():
        raise UserError("cli.file_not_found", path=p)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError("report.bad_result", path=p, reason=exc) from exc
    except json.JSONDecodeError as exc:
        raise UserError("report.bad_result", path=p, reason=f"JSON line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION or not isinstance(
            data.get("items"), list):
        version = data.get("schema_version") if isinstance(data, dict) else None
        raise UserError("report.bad_schema", path=p, version=version)
    return data


def is_complete(path: str | Path) -> bool:
    """True when ``path`` holds a finished result.json (used by --resume)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return (isinstance(data, dict) and data.get("schema_version") == 1 and isinstance(data.get("items"), list)
            and isinstance(data.get("scores"), dict))


def items_by_code(result: dict) -> dict[str, dict]:
    return {str(i.get("code")): i for i in result.get("items") or [] if isinstance(i, dict)}


def gaps(result: dict) -> list[str]:
    """Codes of items that fail, in result order."""
    return [code for code, it in items_by_code(result).items() if it.get("verdict") == GAP]


def oit(result: dict) -> float | None:
    value = (result.get("scores") or {}).get("oit")
    return float(value) if isinstance(value, int | float) else None


def finding_text(item: dict) -> str:
    """Findings of one item as plain lines (for JUnit and terminal output)."""
    lines = []
    for f in item.get("findings") or []:
        if isinstance(f, dict):
            lines.append(f"[{f.get('kind', '')}] {f.get('message', '')}".strip())
        else:
            lines.append(str(f))
    return "\n".join(lines)


def indicator_ids(result: dict) -> list[str]:
    """The profile's indicators in its order (a result carries their names; old ones only their scores)."""
    names = (result.get("profile") or {}).get("indicator_names")
    return list(names or (result.get("scores") or {}).get("indicators") or {})


def rollup(result: dict) -> dict:
    """``{"pass_mark", "bands"}`` of the result's profile, read from the result itself.

    A result written before these fields existed takes them from its profile's file, when
    that profile is installed; else the pass mark is None and there are no bands.
    """
    prof = result.get("profile") or {}
    if "bands" in prof:
        return {"pass_mark": prof.get("pass_mark"), "bands": list(prof["bands"])}
    data = _profile_file(str(prof.get("id") or ""))
    return {"pass_mark": data.get("pass_mark"), **_bands(None, data.get("bands") or [])}


def level_colours(result: dict) -> dict[str, str]:
    """Level -> chart colour, from the profile's bands."""
    return {str(b["level"]): str(b["colour"]) for b in rollup(result)["bands"] if b.get("colour")}


@functools.cache
def _profile_file(profile_id: str, depth: int = 0) -> dict:
    """pass_mark and bands of an installed profile, following ``extends:`` (no validation: display only)."""
    path = RULES_DIR / profile_id / "profile.yaml"
    if not profile_id or "/" in profile_id or depth > 8 or not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    parent = _profile_file(str(data["extends"]), depth + 1) if data.get("extends") else {}
    return {k: data.get(k, parent.get(k)) for k in ("pass_mark", "bands")}
