"""A stand-in for ``python -m oit_checker`` used by the fleet tests (``OIT_CHECK_SCAN_CMD``).

``python tests/fleet_fake_scanner.py scan URL --out DIR …`` runs the real CLI (the real
``scan`` command, its history hook, junit and exit codes) with ``pipeline.scan`` replaced:
the fake fetches ``URL/oit.json`` over HTTP and turns it into a contract-shaped
``DIR/result.json`` plus ``DIR/corpus/crawl.json``, so batch, Celery, history and diff run
against real subprocesses and real HTTP while the real crawler is built elsewhere.
``oit.json``::

    {"agency": "เทศบาลตำบลหนึ่ง", "fail": ["O23"], "unreadable": ["O11"], "pages": 40,
     "documents": 12, "hashes": {"O1": "ab…"}, "sleep": 0, "crash": false, "status": "ok",
     "track": "/tmp/dir"}   # optional: record how many scans run at once

Scores follow criteria §8: sub-indicator = mean of its items, indicator = mean of its
sub-indicators, OIT = mean of indicators 9 and 10 (as a 0–100 score).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

GROUPS = {"9.1": range(1, 10), "9.2": range(10, 18), "9.3": range(18, 25), "9.4": range(25, 29),
          "9.5": range(29, 34), "10.1": range(34, 42), "10.2": range(42, 44)}
LEVELS = ((95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E"), (0, "F"))


def group_of(n: int) -> str:
    return next(g for g, r in GROUPS.items() if n in r)


def build(url: str, spec: dict, profile: str, fy: int) -> dict:
    fails, unread = set(spec.get("fail") or []), set(spec.get("unreadable") or [])
    hashes = spec.get("hashes") or {}
    items = []
    for n in range(1, 44):
        code = f"O{n}"
        verdict = "fail" if code in fails else "unreadable" if code in unread else "pass"
        evidence = []
        if verdict != "fail":
            ev_url = url.rstrip("/") + f"/docs/{code.lower()}.pdf"
            evidence.append({"url": ev_url, "title": f"เอกสาร {code}", "snippet": f"ข้อมูล {code}", "page": 1,
                             "sha256": hashes.get(code) or hashlib.sha256(ev_url.encode()).hexdigest()})
        findings = [{"kind": "not_found", "message": f"ไม่พบข้อมูล {code} บนเว็บไซต์"}] if verdict == "fail" else []
        if verdict == "unreadable":
            findings = [{"kind": "unreadable", "message": "เปิดไฟล์ไม่ได้"}]
        items.append({"code": code, "name": f"รายการ {code}", "group": group_of(n), "verdict": verdict,
                      "score": 100 if verdict == "pass" else 0, "evidence": evidence, "findings": findings,
                      "answer": {"disclosed": verdict == "pass", "url": evidence[0]["url"] if evidence else "",
                                 "explanation": ""}})
    sub = {g: round(sum(i["score"] for i in items if i["group"] == g) / len(r), 2) for g, r in GROUPS.items()}
    ind9 = round(sum(sub[g] for g in ("9.1", "9.2", "9.3", "9.4", "9.5")) / 5, 2)
    ind10 = round((sub["10.1"] + sub["10.2"]) / 2, 2)
    oit = round((ind9 + ind10) / 2, 2)
    return {
        "schema_version": 1, "tool": {"name": "fake-scanner", "version": "0.0.1"},
        "generated_at": datetime.now(UTC).isoformat(), "agency": {"name": spec.get("agency", "")},
        "site": {"url": url, "status": spec.get("status", "ok"), "pages": spec.get("pages", 30),
                 "documents": spec.get("documents", 10), "errors": 0},
        "profile": {"id": profile, "fiscal_year": fy}, "items": items,
        "scores": {"subindicators": sub, "indicators": {"9": ind9, "10": ind10}, "oit": oit, "oit_min": oit,
                   "oit_max": oit, "level": next(lv for lim, lv in LEVELS if oit >= lim)},
    }


def _sleep_tracked(seconds: float, track: str | None) -> None:
    """Sleep like a crawl; with ``track`` (a folder) record how many scans were running at once."""
    if not track:
        time.sleep(seconds)
        return
    import os

    me = Path(track) / f"run-{os.getpid()}"
    me.touch()
    try:
        time.sleep(seconds / 2)
        running = len(list(Path(track).glob("run-*")))
        (Path(track) / f"seen-{os.getpid()}").write_text(str(running))
        time.sleep(seconds / 2)
    finally:
        me.unlink()


def fake_pipeline_scan(url: str, out: Path, opts) -> dict:  # noqa: ANN001 - pipeline.Options
    """Replaces ``oit_checker.pipeline.scan``: fetch /oit.json, write crawl.json and result.json."""
    from oit_checker.errors import UserError

    out = Path(out)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    crawl = {"schema_version": 1, "start_url": url, "started_at": datetime.now(UTC).isoformat(), "status": "ok",
             "stats": {"pages": 0, "documents": 0, "errors": 0}}
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/oit.json", timeout=10) as resp:
            spec = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError) as exc:
        crawl.update(status="unreachable", errors=[{"url": url, "error": str(exc)}])
        (out / "corpus" / "crawl.json").write_text(json.dumps(crawl), encoding="utf-8")
        raise UserError("cli.file_not_found", path=url) from exc
    _sleep_tracked(float(spec.get("sleep", 0)), spec.get("track"))
    if spec.get("crash"):
        raise RuntimeError("simulated crash in a PDF library")
    crawl["stats"] = {"pages": spec.get("pages", 30), "documents": spec.get("documents", 10), "errors": 0}
    crawl["status"] = spec.get("status", "ok")
    (out / "corpus" / "crawl.json").write_text(json.dumps(crawl), encoding="utf-8")
    result = build(url, spec, opts.profile or "ita-2565", opts.fiscal_year or 2565)
    from oit_checker import report

    report.write(result, out, [f for f in opts.formats if f in ("json", "junit")], opts.lang)  # the real writers
    return result


def main(argv: list[str]) -> int:
    """Run the real ``oit-check`` CLI (``scan`` and all) with the fake pipeline in place."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from oit_checker import cli, pipeline

    pipeline.scan = fake_pipeline_scan
    return cli.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
