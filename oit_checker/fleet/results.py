"""Reading result.json files (schema_version 1) and the small facts the fleet needs from them."""

from __future__ import annotations

import json
from pathlib import Path

from oit_checker.errors import UserError

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
