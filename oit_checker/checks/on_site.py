"""Check kind ``on_site``: the evidence is on the agency's main website, or linked from it.

A document hosted elsewhere (Google Drive, a ministry portal) counts only when a page of
the site links to it. Alone it does not make an item document-based: it is a condition on
the documents the other checks select.

PASS::

    locate: {terms: [รายงานผลการดำเนินงาน]}
    checks:
      - {kind: on_site}
    documents:
      - {url: "https://www.tambon-test.go.th/", kind: html, title: หน้าแรก, text: ยินดีต้อนรับ}
      - {url: "https://drive.google.com/file/d/abc", kind: pdf, external: true,
         title: รายงานผลการดำเนินงาน, text: รายงานผลการดำเนินงาน}
    links:
      - {src: "https://www.tambon-test.go.th/", url: "https://drive.google.com/file/d/abc",
         text: รายงานผลการดำเนินงาน, external: true}
    expect: {verdict: pass}

FAIL::

    locate: {terms: [รายงานผลการดำเนินงาน]}
    checks:
      - {kind: on_site}
    documents:
      - {url: "https://www.tambon-test.go.th/", kind: html, title: หน้าแรก, text: ยินดีต้อนรับ}
      - {url: "https://drive.google.com/file/d/abc", kind: pdf, external: true,
         title: รายงานผลการดำเนินงาน, text: รายงานผลการดำเนินงาน}
    expect: {verdict: fail, findings: [off_site]}
"""

from __future__ import annotations

from oit_checker.checks.base import CheckKind, Context, Outcome, Scope, finding
from oit_checker.checks.findings import FindingKind
from oit_checker.locate import View

SCHEMA = {"properties": {"kind": True}, "additionalProperties": False}


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    """Evidence must be on the main website, or linked from it when hosted elsewhere."""
    if view.on_site or ctx.index.linked_from_site(view.doc.url) or (
            view.doc.final_url and ctx.index.linked_from_site(view.doc.final_url)):
        return Outcome(True)
    return Outcome(False, [finding(FindingKind.OFF_SITE, ctx, view)])


KIND = CheckKind(
    name="on_site", scope=Scope.DOCUMENT, check=check, schema=SCHEMA, findings=(FindingKind.OFF_SITE,),
    alone_is_evidence=False, passes_when="it is on the main site, or linked from it")
