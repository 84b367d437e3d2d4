"""What every check kind shares: its context, its outcome, evidence and finding builders.

A check kind is a module in this package (see ``registry.py``); it judges one document
(``Scope.DOCUMENT``) or the item as a whole (``Scope.ITEM``) and returns an :class:`Outcome`
with structured findings in the assessors' style.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from oit_checker import thai
from oit_checker.checks.findings import list_text, message_key
from oit_checker.i18n import t
from oit_checker.locate import View, match_term

SNIPPET = 160
DOWNLOAD_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "image")
CONFIDENCE = {"enum": ["H", "M", "L", "M/L"]}  # schema of a check's own ``confidence``


class Scope(StrEnum):
    """What a check kind judges: one document, or the item across its documents."""

    DOCUMENT = "document"
    ITEM = "item"


class ItemViews(StrEnum):
    """The documents an item-scope check reads."""

    POOL = "pool"  # the eligible documents that pass the document checks (month coverage)
    STRONG = "strong"  # every candidate named as the item in a title, heading or link (a channel)


@dataclass
class Context:
    """What every check needs besides the documents."""

    rule: object
    profile: object
    index: object
    lang: str = "th"

    @property
    def fy(self) -> int:
        return self.profile.fiscal_year

    def vocab(self, key: str) -> list[str]:
        return list(self.profile.vocabulary.get(key, []))


@dataclass
class Outcome:
    ok: bool
    findings: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)  # {"url", "title", "snippet", "page"}


def evidence(view: View | None, snippet: str = "", page: int | None = None, url: str = "") -> dict:
    return {"url": url or (view.url if view else ""), "title": (view.doc.title if view else "") or "",
            "snippet": snippet[:SNIPPET], "page": page}


def finding(kind: str, ctx: Context, view: View | None = None, snippet: str = "", page: int | None = None,
            variant: str | None = None, url: str = "", msg_kw: dict | None = None, **fields: object) -> dict:
    """A structured finding; its message is ``finding.<variant or kind>`` of locale/findings.yaml."""
    fmt = {k: _fmt(v, ctx.lang) for k, v in {**fields, **(msg_kw or {})}.items()}
    out: dict = {"kind": str(kind), **fields}
    out["message"] = t(message_key(kind, variant), ctx.lang, **fmt)
    out["evidence"] = {"url": url or (view.url if view else ""), "snippet": snippet[:SNIPPET], "page": page}
    return out


def _fmt(v: object, lang: str) -> str:
    if isinstance(v, list):
        return list_text(v, lang)
    return "" if v is None else str(v)


def snippet_at(norm: str, term: str) -> str:
    n = thai.normalize(term)
    i = norm.find(n)
    if i < 0:
        return norm[:SNIPPET].replace("\n", " ")
    start = max(0, i - 30)
    return norm[start:start + SNIPPET].replace("\n", " ")


def find_in_view(view: View, terms: list[str]) -> tuple[str, int | None, str] | None:
    """First term found in the document's own text: (term, page, snippet), pages first."""
    for n, norm, key in view.pages:
        for term in terms:
            if match_term(norm, key, term):
                return term, n, snippet_at(norm, term)
    head = "\n".join([view.title, view.headings])
    for term in terms:
        if match_term(head, None, term):
            return term, None, snippet_at(head, term)
    return None


def one_per_finding(finding: dict) -> int:
    """Distance to passing of a finding that names no list of missing parts: one."""
    return 1


@dataclass(frozen=True)
class CheckKind:
    """What a check kind module declares; the registry lists one per module.

    ``check(cfg, view, ctx)`` for a document scope, ``check(cfg, views, ctx)`` for an item scope.
    """

    name: str
    scope: Scope
    check: Callable[..., Outcome]
    schema: dict  # JSON Schema of the check's config besides ``kind`` (rule.schema.json)
    findings: tuple[str, ...]  # finding kinds it emits
    passes_when: str  # one sentence for the table in docs/rules.md
    finding_fields: tuple[str, ...] = ()  # fields of its finding besides kind/message/evidence
    distance: Callable[[dict], int] = one_per_finding  # how far a finding is from passing
    reword: Callable[[dict, str], str] | None = None  # the finding's message from its fields (report)
    item_views: ItemViews | None = None  # item scope: which documents it reads
    alone_is_evidence: bool = True  # False: only a condition on documents other checks select
    hidden_text: bool = False  # its failure may be text hidden in a picture or a scan
    pictures: Callable[[dict], bool] | None = None  # the check counts a page's pictures as content (O2 photos)
