"""Vocabulary shared by every profile (``rules/common/vocabulary.yaml``): Thai words stay data."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

COMMON = Path(__file__).resolve().parent / "rules" / "common" / "vocabulary.yaml"


@functools.cache
def common() -> dict[str, list[str]]:
    return yaml.safe_load(COMMON.read_text(encoding="utf-8")) or {}
