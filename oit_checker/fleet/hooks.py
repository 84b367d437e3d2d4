"""What ``oit-check scan`` does after judging a site: keep it in history (junit.xml is a report format).

Called by ``commands/scan.py`` (and usable from ``pipeline``): a failure here never loses
the scan itself, it is reported as one warning line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from oit_checker.i18n import t


def _crawl_started(corpus_dir: Path) -> str | None:
    try:
        return json.loads((corpus_dir / "crawl.json").read_text(encoding="utf-8")).get("started_at")
    except (OSError, ValueError, AttributeError):
        return None


def after_scan(result: dict, args: argparse.Namespace, corpus_dir: Path | None = None,
               source: str = "scan") -> int | None:
    """Store the scan in history (unless --no-history); ``check`` passes the corpus it judged.

    Before storing, a crawl that collapsed since the previous stored scan (far fewer pages,
    documents or items with evidence) is reported as a warning line.

    Returns the history scan id, or None when nothing was stored.
    """
    out = Path(getattr(args, "out", ".") or ".")
    if getattr(args, "no_history", False) or not isinstance(result, dict) or not result.get("site"):
        return None
    try:
        from oit_checker.fleet import health, store

        db = getattr(args, "db", None)
        prev = store.previous_scan(result["site"].get("url") or "", db)
        if prev is not None:
            before = {"pages": prev.pages, "documents": prev.documents, "n_found": prev.n_found,
                      "profile": prev.profile}
            for w in health.warnings(before, health.facts(result)):
                print(t(w["key"], before=w["before"], after=w["after"]), file=sys.stderr)
        return store.record_result(result, db, source=source, started_at=_crawl_started(corpus_dir or out / "corpus"))
    except Exception as exc:  # noqa: BLE001 - history is a bonus; the scan's own files are written
        print(t("fleet.history_not_saved", reason=exc), file=sys.stderr)
        return None
