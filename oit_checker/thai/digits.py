"""Digits: Thai digits to Arabic for matching, and back for officer-facing output."""

from __future__ import annotations

import oit_checker.thai.nlp as nlp


def arabic_digits(text: str) -> str:
    """Thai digits (๒๕๖๕) to Arabic digits (2565); everything else unchanged."""
    return nlp.util().thai_digit_to_arabic_digit(text)


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits, for officer-facing output that asks for them."""
    return nlp.util().arabic_digit_to_thai_digit(text)
