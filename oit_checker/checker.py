"""Judge one O-item as an assessor would: decide its verdict, then write it as result.json carries it.

The decision (which evidence passes, or why none does) is ``verdict.decide``; the answer,
advice and measure around it are ``answer.assemble``.
"""

from __future__ import annotations

from oit_checker.answer import assemble
from oit_checker.verdict import decide


def judge(rule, corpus, profile, lang: str = "th") -> dict:
    """The item's verdict, score, evidence, findings and pre-filled OIT answer."""
    return assemble(rule, decide(rule, corpus, profile, lang), lang)
