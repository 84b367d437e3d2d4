"""The job for one site, shared by the local batch and the Celery task: scan, compare, store, summarise.

Scan the site in a subprocess, compare its crawl with the previous stored scan (health
warnings), store the result (or the failure) in history, and build the site's summary row.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from oit_checker import result as result_json
from oit_checker.fleet import health, runner, store
from oit_checker.fleet.sites import safe_code


def new_batch_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def site_dir(out: Path, code: str) -> Path:
    return Path(out) / "sites" / safe_code(code)


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _prev_facts(url: str, db: str | None) -> dict | None:
    prev = store.previous_scan(url, db)
    if prev is None:
        return None
    return {"pages": prev.pages, "documents": prev.documents, "n_found": prev.n_found, "profile": prev.profile}


def finish_site(site: dict, outcome: dict, db: str | None, batch_id: str | None,
                source: str) -> tuple[dict, dict | None]:
    """Compare with the previous stored scan, store this one, and build the site's summary row."""
    result = None
    if outcome.get("result_path"):
        try:
            result = result_json.load(outcome["result_path"])
        except Exception:  # noqa: BLE001 - an unreadable result is an error row, not a crash
            result = None
            outcome = {**outcome, "status": "error", "error": "result.json could not be read"}
    crawl = outcome.get("crawl") or {}
    warns = health.warnings(_prev_facts(site["url"], db), health.facts(result, crawl)) if result else []
    if result is not None:
        scan_id = store.record_result(result, db, site=site, source=source, batch=batch_id,
                                      started_at=crawl.get("started_at"))
    else:
        scan_id = store.record_failure(site["url"], outcome["status"], outcome.get("error") or "", db, site=site,
                                       source=source, batch=batch_id, crawl=crawl)
    return summary_row(site, outcome, result, scan_id, warns), result


def summary_row(site: dict, outcome: dict, result: dict | None, scan_id: int | None, warns: list[dict]) -> dict:
    scores = (result or {}).get("scores") or {}
    res_site = (result or {}).get("site") or {}
    stats = (outcome.get("crawl") or {}).get("stats") or {}
    items = (result or {}).get("items") or []
    return {
        "code": site.get("code"), "name": site.get("name"), "type": site.get("type"),
        "province": site.get("province"), "url": site.get("url"),
        "status": outcome.get("status"), "oit": scores.get("oit"), "level": scores.get("level"),
        "fails": result_json.gaps(result) if result else [],
        "profile": ((result or {}).get("profile") or {}).get("id"),  # the round the fails' codes belong to
        "unreadable": sum(1 for i in items if isinstance(i, dict) and i.get("verdict") == "unreadable"),
        "pages": res_site.get("pages", stats.get("pages")), "documents": res_site.get("documents",
                                                                                      stats.get("documents")),
        "error": outcome.get("error"), "seconds": outcome.get("seconds"), "scan_id": scan_id, "warnings": warns,
    }


def scan_and_finish(site: dict, out_dir: Path, scan_opts: dict, db: str | None, batch_id: str | None,
                    source: str) -> tuple[dict, dict | None]:
    """The whole job for one site: scan in a subprocess, then health check and history."""
    outcome = runner.scan_site(site["url"], out_dir, scan_opts)
    return finish_site(site, outcome, db, batch_id, source)
