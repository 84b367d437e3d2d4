"""Crawl health: warn when a site yields far fewer pages, documents or found items than last time.

A sudden drop usually means the crawler or the site broke (a new menu built in JavaScript,
a firewall, a moved document server), not that the agency stopped disclosing; the officer
should look before trusting the new gaps.
"""

from __future__ import annotations

# (field, smallest previous value worth comparing, share of it below which we warn)
CHECKS = (("pages", 10, 0.5), ("documents", 5, 0.5), ("n_found", 5, 0.6))


def warnings(previous: dict | None, current: dict) -> list[dict]:
    """Health warnings as ``{"key": locale key, "field", "before", "after"}`` dicts.

    ``previous``/``current`` carry ``pages``, ``documents`` and ``n_found`` (items with
    evidence); a missing previous scan gives no warning. Found items are not compared across rounds
    (``profile``): ITA 2565 has 43 items, ITA 2569 26, so fewer found is no sign of a broken crawl.
    """
    if not previous:
        return []
    other_round = bool(previous.get("profile") and current.get("profile")
                       and previous["profile"] != current["profile"])
    out = []
    for field, minimum, share in CHECKS:
        if field == "n_found" and other_round:
            continue
        before, after = previous.get(field), current.get(field)
        if not isinstance(before, int | float) or not isinstance(after, int | float):
            continue
        if before >= minimum and after < before * share:
            out.append({"key": f"fleet.health_{field}", "field": field, "before": before, "after": after})
    return out


def facts(result: dict | None, crawl: dict | None = None) -> dict:
    """pages/documents/n_found of a scan from its result (or its crawl.json)."""
    site = (result or {}).get("site") or {}
    stats = (crawl or {}).get("stats") or {}
    items = (result or {}).get("items") or []
    return {
        "pages": site.get("pages", stats.get("pages")),
        "documents": site.get("documents", stats.get("documents")),
        "n_found": sum(1 for i in items if isinstance(i, dict) and i.get("evidence")) if result else None,
        "profile": ((result or {}).get("profile") or {}).get("id"),
    }
