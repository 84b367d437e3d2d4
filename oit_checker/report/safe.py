"""Text made safe for the files we write: no control characters, no spreadsheet formulas.

Crawled text (titles, link texts, document text, file names) and user-supplied text (a batch
CSV's names and provinces) reach every writer. XML-based writers (XLSX, DOCX, junit.xml)
refuse control characters outright, so :func:`clean` removes them from a whole result before
any writer sees it; :func:`cell` also neutralises a value a spreadsheet would run as a formula
(``=HYPERLINK(…)``, ``=cmd|…``, ``+SUM(…)``, ``@…``) by prefixing an apostrophe (OWASP CSV
injection advice).
"""

from __future__ import annotations

import re
from typing import Any

# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) and DEL.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def clean_text(text: str) -> str:
    """``text`` without characters no XML writer accepts."""
    return _ILLEGAL_RE.sub("", text)


def clean(value: Any) -> Any:
    """A copy of ``value`` (dicts, lists, strings) with every string cleaned; other values unchanged."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean(v) for v in value)
    return value


def cell(value: Any) -> Any:
    """A CSV/XLSX cell value: numbers as they are; text cleaned, with an apostrophe before anything a
    spreadsheet would take as a formula (also after leading spaces)."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = clean_text(str(value))
    return "'" + text if text.lstrip(" ")[:1] in FORMULA_STARTS else text
