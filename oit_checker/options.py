"""What the officer chose, with every default in one place (the bottom of the import graph).

Commands fill :class:`Options` from the command line; stages receive it (or the plain values
they need) as arguments and never read the command line themselves. This module imports
nothing from the package, so any module may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_PROFILE = "ita-2569"
# every report format a scan can write, in the order they are offered
FORMATS = ("json", "html", "answers", "measures", "csv", "junit", "pdf")
DEFAULT_FORMATS = ("json", "html", "answers", "measures")
# Documents the ITA working group hands in, built from the official result (--official): never part of "all",
# added by --official, or named in --format.
HANDIN_FORMATS = ("analysis", "o43")
CRAWL_DEFAULTS: dict[str, Any] = {"max_pages": 2000, "max_depth": 6, "max_bytes": 30_000_000, "max_time": 1800,
                                  "concurrency": 4, "delay": 0.25, "ignore_robots": False, "legacy_tls": False,
                                  "public_only": False}

# OCR of scanned pages: on by default when installed; pages read per scan; seconds per page
OCR_MAX_PAGES = 100
OCR_PAGE_TIMEOUT = 60.0


@dataclass
class Options:
    """What the officer chose on the command line, passed down unchanged."""

    lang: str = "th"
    profile: str = DEFAULT_PROFILE
    fiscal_year: int | None = None
    formats: list[str] = field(default_factory=lambda: list(DEFAULT_FORMATS))
    quiet: bool = False  # no progress display (--no-progress, --quiet, or not a terminal)
    brief: bool = False  # --quiet: only errors and the one-line result
    crawl: dict = field(default_factory=dict)  # crawl limits; missing keys take CRAWL_DEFAULTS
    report: Any = None  # report.Settings: agency name, divisions file, Thai digits
    ocr: bool = True  # read scanned pages and images with OCR (when installed)
    ocr_max_pages: int = OCR_MAX_PAGES  # most pages read by OCR in one scan
    cache_dir: str | None = None  # cache of re-scans (HTTP revalidation, extracted text); None: no cache
    overrides: list[dict] = field(default_factory=list)  # items checked by hand (agency file, agency.py)
    override_state: str | None = None  # file keeping the overrides' evidence fingerprints between scans
    agency: dict = field(default_factory=dict)  # type, district, province from the agency file


def crawl_limits(chosen: dict | None) -> dict:
    """The crawl limits in force: CRAWL_DEFAULTS overridden by what was chosen (None = default)."""
    out = dict(CRAWL_DEFAULTS)
    out.update({k: v for k, v in (chosen or {}).items() if v is not None})
    return out
