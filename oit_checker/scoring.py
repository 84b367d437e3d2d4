"""Roll item scores (0/100) up to sub-indicators, indicators 9 and 10, and the OIT score.

ITA 2564/2565 (oit-criteria.md §8.2, fitted to published results): a sub-indicator is the
mean of its items, an indicator the unweighted mean of its sub-indicators, OIT the mean
of indicators 9 and 10. Rounding happens only when results are written out.
"""

from __future__ import annotations

from statistics import mean


def _item_score(item: dict, unreadable_as: float | None) -> float:
    if item.get("verdict") == "unreadable" and unreadable_as is not None:
        return unreadable_as
    return float(item.get("score", 0))


def _roll(items: list[dict], profile, unreadable_as: float | None = None) -> dict:
    by_code = {it["code"]: _item_score(it, unreadable_as) for it in items}
    method = (profile.scoring or {}).get("method", "mean_of_subindicators")
    subs: dict[str, float] = {}
    for gid, g in profile.subindicators.items():
        vals = [by_code[c] for c in g["items"] if c in by_code]
        if vals:
            subs[gid] = mean(vals)
    inds: dict[str, float] = {}
    for iid, ind in profile.indicators.items():
        if method == "mean_of_items":
            vals = [by_code[c] for s in ind["subindicators"] for c in profile.subindicators[s]["items"]
                    if c in by_code]
        else:
            vals = [subs[s] for s in ind["subindicators"] if s in subs]
        if vals:
            inds[iid] = mean(vals)
    oit = mean(inds.values()) if inds else 0.0
    return {"subindicators": subs, "indicators": inds, "oit": oit}


def level(score: float, bands: list[dict]) -> str:
    """The rating band (AA…F) of a score, from the profile's bands."""
    for band in sorted(bands, key=lambda b: -b["min"]):
        if round(score, 2) >= band["min"]:
            return band["level"]
    return bands[-1]["level"] if bands else ""


def score(items: list[dict], profile) -> dict:
    """Scores with unreadable items as scored (0), and the range they could reach if read."""
    main = _roll(items, profile)
    low = _roll(items, profile, unreadable_as=0.0)
    high = _roll(items, profile, unreadable_as=100.0)
    return {
        "subindicators": main["subindicators"],
        "indicators": main["indicators"],
        "oit": main["oit"],
        "oit_min": low["oit"],
        "oit_max": high["oit"],
        "level": level(main["oit"], profile.bands),
    }


def rounded(scores: dict, ndigits: int = 2) -> dict:
    """A copy with every number rounded, for output only."""
    out: dict = {}
    for k, v in scores.items():
        if isinstance(v, dict):
            out[k] = rounded(v, ndigits)
        elif isinstance(v, float):
            out[k] = round(v, ndigits)
        else:
            out[k] = v
    return out
