"""CI baselines: fail only on gaps that are new since an earlier scan."""

from __future__ import annotations

from oit_checker import result as result_json
from oit_checker.fleet.diff import diff_results


def load_baseline(result: dict, baseline: str | dict | None, db_url: str | None = None) -> dict | None:
    """The baseline result: a dict, a result.json path, or ``"last"`` (newest stored scan of the site).

    ``"last"`` skips the scan that produced ``result`` itself (it may already be stored), and
    returns None when the site has no earlier scan.
    """
    if baseline is None or isinstance(baseline, dict):
        return baseline
    if str(baseline).lower() == "last":
        from oit_checker.fleet import store

        url = (result.get("site") or {}).get("url")
        if not url:
            return None
        return store.last_result(url, db_url, exclude_generated_at=result.get("generated_at"))
    return result_json.load(baseline)


def new_gaps(result: dict, baseline: str | dict | None, db_url: str | None = None) -> list[dict]:
    """Items failing in ``result`` that did not fail in the baseline.

    With no earlier scan to compare against, every current gap counts as new (a CI job
    never passes silently because its history was empty).
    """
    base = load_baseline(result, baseline, db_url)
    if base is None:
        return [{"code": c, "name": result_json.items_by_code(result)[c].get("name"), "before": None, "after": "fail"}
                for c in result_json.gaps(result)]
    return diff_results(base, result)["new_gaps"]
