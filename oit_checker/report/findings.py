"""findings.json / findings.csv: one row per finding, for programs and spreadsheets.

Columns: code, name, verdict, kind, message, url, page, details (the finding's other
fields as JSON, e.g. {"months": ["2565-03"]}). An item that is not a pass but carries no
finding still gets one row (kind empty), so no gap is silently dropped.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from oit_checker.report.answers import csv_safe
from oit_checker.report.context import Report

COLUMNS = ["code", "name", "verdict", "kind", "message", "url", "page", "details"]
_SKIP = {"kind", "message", "evidence"}


def rows(rep: Report) -> list[dict]:
    out = []
    for it in rep.items:
        findings = it.get("findings") or []
        if not findings and it.get("verdict") not in ("fail", "unreadable"):
            continue
        for f in findings or [{}]:
            ev = f.get("evidence") or {}
            out.append({
                "code": it.get("code", ""), "name": it.get("name", ""), "verdict": it.get("verdict", ""),
                "kind": f.get("kind", ""), "message": rep.finding_text(f) if f else rep.item_findings(it)[0],
                "url": ev.get("url") or "", "page": ev.get("page"),
                "details": {k: v for k, v in f.items() if k not in _SKIP},
            })
    return out


def write(rep: Report, out: Path) -> list[Path]:
    data = rows(rep)
    r = rep.result
    doc = {"schema_version": 1, "generated_at": r.get("generated_at"), "agency": {"name": rep.agency},
           "site": {"url": (r.get("site") or {}).get("url")}, "profile": rep.profile, "findings": data}
    json_path = Path(out) / "findings.json"
    json_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    csv_path = Path(out) / "findings.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for row in data:
            values = {**row, "page": "" if row["page"] is None else row["page"],
                      "details": json.dumps(row["details"], ensure_ascii=False)}
            w.writerow([csv_safe(values[c]) for c in COLUMNS])
    return [json_path, csv_path]
