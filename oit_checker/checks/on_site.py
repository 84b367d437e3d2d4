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

import re

from oit_checker import vocabulary
from oit_checker.checks.base import CheckKind, Context, Outcome, Scope, finding
from oit_checker.checks.findings import FindingKind
from oit_checker.locate import View, host_of

SCHEMA = {"properties": {"kind": True}, "additionalProperties": False}
POINTER_CHARS = 80  # a local page with less own text than this besides its off-site links only points elsewhere
_URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def _offsite_refs(view: View, ctx: Context) -> tuple[list[str], str]:
    """Off-site addresses the page shows (as text or as links in its content), and its text without them."""
    text = "\n".join(n for _, n in view.page_norms)
    own = ctx.index.site_hosts
    refs = [u for u in _URL_RE.findall(text) if host_of(u) not in own]
    refs += [lk.url for lk in ctx.index.outlinks(view) if not lk.nav and lk.external]
    return refs, _URL_RE.sub(" ", text)


def pointer_only(view: View, ctx: Context) -> bool:
    """A local page that only points to evidence kept elsewhere: its own text, besides the title and
    the addresses, is a line or two ("ระเบียบกฎหมาย… http://www.dla.go.th/…"), or it lists files
    kept on a file-sharing host (Google Drive). The files themselves count when crawled and linked."""
    if view.doc.kind != "html":
        return False
    refs, rest = _offsite_refs(view, ctx)
    text = "\n".join(n for _, n in view.page_norms)
    if not refs:
        return False
    share = [h.lower() for h in vocabulary.common().get("file_share_hosts", [])]
    shared = sum(1 for u in refs if any(host_of(u).endswith(h) for h in share))
    # a list of Drive files, not a home page that also links a few of them among its own pages
    content_links = len(_URL_RE.findall(text)) + sum(1 for lk in ctx.index.outlinks(view) if not lk.nav)
    if shared >= 2 and 2 * shared >= content_links:
        return True
    title = view.title.strip()
    # the post's heading repeats its title ("<title> - เทศบาล…"): a repeat is not own content
    lines = [ln.strip() for ln in rest.split("\n") if ln.strip() and ln.strip() not in title
             and ln.strip() not in view.headings]
    return sum(len(ln) for ln in lines) < POINTER_CHARS


def file_host_links(view: View, ctx: Context) -> list[str]:
    """The file-host links (Google Drive…) of a local page that only points to them; [] for any other page.
    Such a post is a pointer, never the evidence: its title alone must not pass the item."""
    if not (view.on_site and pointer_only(view, ctx)):
        return []
    refs, _ = _offsite_refs(view, ctx)
    share = [h.lower() for h in vocabulary.common().get("file_share_hosts", [])]
    return list(dict.fromkeys(u for u in refs if any(host_of(u).endswith(h) for h in share)))


def off_site_files_fail() -> bool:
    """The one switch ``off_site_files`` (rules/common/vocabulary.yaml): a post holding only a file-host
    link fails the item (``fail``, the default) or is left to the other checks (``accept``)."""
    return str(vocabulary.common().get("off_site_files", "fail")).lower() != "accept"


def check(cfg: dict, view: View, ctx: Context) -> Outcome:
    """Evidence must be on the main website, or linked from it when hosted elsewhere; a local page
    that only points to another site is not itself the evidence."""
    if view.on_site and pointer_only(view, ctx):
        return Outcome(False, [finding(FindingKind.OFF_SITE, ctx, view)])
    if view.on_site or ctx.index.linked_from_site(view.doc.url) or (
            view.doc.final_url and ctx.index.linked_from_site(view.doc.final_url)):
        return Outcome(True)
    return Outcome(False, [finding(FindingKind.OFF_SITE, ctx, view)])


KIND = CheckKind(
    name="on_site", scope=Scope.DOCUMENT, check=check, schema=SCHEMA, findings=(FindingKind.OFF_SITE,),
    alone_is_evidence=False,
    passes_when="it is on the main site, or linked from it; a local page that only points to another site "
                "(a line and a link, or a list of Google Drive files) is not the evidence")
