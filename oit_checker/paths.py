"""Where the package's data folders are: the rule files (``rules/``), found the same way in a
checkout, an editable install and an installed wheel. Imports nothing from the package.

The rules live in the top-level ``rules/`` folder of the repository (as a Scrapy project keeps
its data beside the code); a wheel ships them as package data in ``oit_checker/rules``
(see ``setup.py``). This module is the only place that knows both spots; the same holds for the
labelled real-text examples (``tests/realtext``, shipped as ``oit_checker/rules/examples``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _rules_dir() -> Path:
    shipped = PACKAGE_DIR / "rules"  # an installed wheel
    if (shipped / "schema").is_dir():
        return shipped
    return PACKAGE_DIR.parent / "rules"  # a checkout or an editable install: the top-level folder


RULES_DIR = _rules_dir()
SCHEMA_DIR = RULES_DIR / "schema"
COMMON_DIR = RULES_DIR / "common"  # vocabulary and calendar shared by every profile


def _examples_dir() -> Path:
    shipped = RULES_DIR / "examples"  # an installed wheel ships tests/realtext here (setup.py)
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent / "tests" / "realtext"  # a checkout or an editable install


# The labelled real-text examples the learned locate signal is trained on (``oit_checker/learned.py``).
EXAMPLES_DIR = _examples_dir()


def data_dir() -> Path:
    """``$XDG_DATA_HOME/oit-checker`` or ``~/.local/share/oit-checker``: history and caches."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "oit-checker"


def cache_dir() -> Path:
    """Default cache of re-scans (HTTP responses, extracted text), beside the history database."""
    return data_dir() / "cache"
