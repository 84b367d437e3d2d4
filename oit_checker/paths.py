"""Where the package's data folders are: the rule files (``rules/``), found the same way in a
checkout, an editable install and an installed wheel. Imports nothing from the package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RULES_DIR = PACKAGE_DIR / "rules"  # the top-level rules/ as the package sees it
SCHEMA_DIR = RULES_DIR / "schema"
COMMON_DIR = RULES_DIR / "common"  # vocabulary and calendar shared by every profile
