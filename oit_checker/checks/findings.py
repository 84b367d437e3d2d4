"""The finding vocabulary: every finding kind and where its words are in the one catalogue.

A finding's ``kind`` is a string in result.json; its message is ``finding.<kind>`` (or a
variant ``finding.<variant>``) in ``locale/findings.yaml``, used by the checker for
result.json and by the report when it re-words a finding in another language.
"""

from __future__ import annotations

from enum import StrEnum


class FindingKind(StrEnum):
    """Why an item is not a pass, in the assessors' terms (the ``kind`` of a finding)."""

    NOT_FOUND = "not_found"
    MISSING_PHRASES = "missing_phrases"
    MISSING_MONTHS = "missing_months"
    WRONG_PERIOD = "wrong_period"
    SHORT_COVERAGE = "short_coverage"
    MISSING_ELEMENTS = "missing_elements"
    OFF_SITE = "off_site"
    NOT_ONLINE_SERVICE = "not_online_service"
    BROKEN_LINK = "broken_link"
    UNREADABLE = "unreadable"


OTHER_KEY = "finding.other"  # a kind this version does not know (a newer result file)


def message_key(kind: str, variant: str | None = None) -> str:
    """Catalogue key of a finding's message: ``finding.<variant or kind>``."""
    return f"finding.{variant or kind}"


def text_of(obj: object, lang: str) -> str:
    """A rule's ``{th, en}`` text in ``lang`` (Thai when the language is missing)."""
    if isinstance(obj, dict):
        return obj.get(lang) or obj.get("th") or ""
    return str(obj or "")


def list_text(values: list, lang: str) -> str:
    """A list inside a finding message: space-separated in Thai, comma-separated in English."""
    return (" " if lang == "th" else ", ").join(str(x) for x in values)
