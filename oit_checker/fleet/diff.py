"""What changed between two scans of a site: new gaps, fixed items, changed evidence, score."""

from __future__ import annotations

from oit_checker import concepts
from oit_checker.result import GAP, items_by_code, oit


def _keyed(result: dict, by_concept: bool) -> dict[str, dict]:
    """Items by code, or by cross-year concept (rules/concepts.yaml) when two rounds are compared: the
    monthly procurement summary is O23 in a 2565 scan and O11 in a 2569 one."""
    items = items_by_code(result)
    if not by_concept:
        return items
    pid = str((result.get("profile") or {}).get("id") or "")
    out: dict[str, dict] = {}
    for code, it in items.items():
        key = concepts.concept_of(pid, code, it.get("concept")) or f"code:{code}"
        out[key if key not in out else f"{key}#{code}"] = it
    return out


def _evidence(item: dict | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for ev in (item or {}).get("evidence") or []:
        if isinstance(ev, dict) and ev.get("url"):
            out[str(ev["url"])] = ev.get("sha256")
    return out


def diff_results(old: dict, new: dict) -> dict:
    """Compare two result dicts (old → new).

    ``new_gaps``: items failing now that did not fail before (or were not checked);
    ``fixed``: items that failed before and pass now; ``changed``: other verdict changes
    (e.g. pass → unreadable); ``evidence``: items whose evidence URLs were added/removed or
    whose file hash changed; ``score``: OIT before/after/delta and level.
    """
    p_old, p_new = old.get("profile") or {}, new.get("profile") or {}
    by_concept = bool(p_old.get("id") and p_new.get("id") and p_old.get("id") != p_new.get("id"))
    a, b = _keyed(old, by_concept), _keyed(new, by_concept)
    new_gaps, fixed, changed, evidence = [], [], [], []
    for key, it in b.items():
        code = str(it.get("code"))
        before = (a.get(key) or {}).get("verdict")
        after = it.get("verdict")
        row = {"code": code, "name": it.get("name") or (a.get(key) or {}).get("name"), "before": before,
               "after": after}
        if by_concept:
            row["concept"] = None if key.startswith("code:") else key.split("#")[0]
            row["code_before"] = (a.get(key) or {}).get("code")
        if after == GAP and before != GAP:
            new_gaps.append(row)
        elif before == GAP and after == "pass":
            fixed.append(row)
        elif before is not None and before != after:
            changed.append(row)
        ea, eb = _evidence(a.get(key)), _evidence(it)
        added = sorted(set(eb) - set(ea))
        removed = sorted(set(ea) - set(eb))
        rehashed = sorted(u for u in set(ea) & set(eb) if ea[u] and eb[u] and ea[u] != eb[u])
        if key in a and (added or removed or rehashed):
            evidence.append({"code": code, "name": row["name"], "added": added, "removed": removed,
                             "rehashed": rehashed})
    for key, it in a.items():
        if key not in b and it.get("verdict") == GAP:
            fixed.append({"code": str(it.get("code")), "name": it.get("name"), "before": GAP, "after": None})
    s_old, s_new = oit(old), oit(new)
    delta = round(s_new - s_old, 2) if s_old is not None and s_new is not None else None
    return {
        "from": _ident(old), "to": _ident(new),
        "same_profile": (p_old.get("id"), p_old.get("fiscal_year")) == (p_new.get("id"), p_new.get("fiscal_year")),
        "by_concept": by_concept,
        "new_gaps": new_gaps, "fixed": fixed, "changed": changed, "evidence": evidence,
        "score": {"before": s_old, "after": s_new, "delta": delta,
                  "level_before": (old.get("scores") or {}).get("level"),
                  "level_after": (new.get("scores") or {}).get("level")},
    }


def _ident(result: dict) -> dict:
    profile = result.get("profile") or {}
    return {"url": (result.get("site") or {}).get("url"), "generated_at": result.get("generated_at"),
            "profile": profile.get("id"), "fiscal_year": profile.get("fiscal_year")}
