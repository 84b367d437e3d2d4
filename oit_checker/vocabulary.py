"""Vocabulary shared by every profile (``rules/common/vocabulary.yaml``): Thai words stay data."""

from __future__ import annotations

import functools

import yaml

from oit_checker.paths import COMMON_DIR

COMMON = COMMON_DIR / "vocabulary.yaml"


@functools.cache
def common() -> dict[str, list[str]]:
    return yaml.safe_load(COMMON.read_text(encoding="utf-8")) or {}
