"""Thai script: the character classes and invisible characters every repair and matching key is built from."""

from __future__ import annotations

import re

# Combining Thai marks: MAI HAN-AKAT, SARA I..PHINTHU, MAITAIKHU..YAMAKKAN.
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
MARK_CLASS = f"[{MARKS}]"
CONSONANTS = "\u0e01-\u0e2e"  # a character-class range, for use inside [...]
TONES = "\u0e48-\u0e4b"  # MAI EK..MAI CHATTAWA, a character-class range

# Zero-width space/non-joiner/joiner, word joiner, BOM and soft hyphen: invisible, and they break matching.
_ZW_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def strip_zero_width(text: str) -> str:
    """``text`` without zero-width characters and soft hyphens."""
    return _ZW_RE.sub("", text)
