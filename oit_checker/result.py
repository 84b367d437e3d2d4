"""result.json: the one contract between judging and everything after it (build, write, read).

Reports, the answer sheet, fleet history and diffs all read this file, so its shape is
fixed (schema_version 1, documented in docs/result-schema.md, validated by
oit_checker/schemas/result.schema.json); new fields may be added, never renamed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from oit_checker import __version__, vocabulary
from oit_checker.errors import UserError
from oit_checker.scoring import rounded

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
            "errors": int(stats.get("errors", errors))}


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
                    "subindicator_names": {k: _in(v.get("name"), lang) for k, v in profile.subindicators.items()}},
        "items": items,
        "scores": rounded(scores),
    }


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
    """A result.json as a dict, or a clear UserError (missing, not JSON, wrong schema)."""
    p = Path(path)
    if p.is_dir():
        p = p / "result.json"
    if not p.is_file():
        raise UserError("cli.file_not_found", path=str(p))
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError("fleet.bad_result", path=str(p), reason=str(exc)) from exc
    if not isinstance(data, dict) or data.get("schema_version") != 1 or not isinstance(data.get("items"), list):
        raise UserError("fleet.bad_result", path=str(p), reason="schema_version 1 with items[] expected")
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
