"""Thai text: one import for the script, PDF-repair, matching, calendar, quality and digit modules.

``from oit_checker import thai; thai.normalize(...)`` is how the rest of the project uses it.
Nothing here imports pythainlp or touches ``os.environ`` at import time; entry points call
:func:`setup_pythainlp` once (see :mod:`oit_checker.thai.nlp`).
"""

from oit_checker.thai.dates import (
    MonthRef,
    YearRef,
    calendar,
    days_in_named_year,
    find_dates,
    find_month_refs,
    find_years,
    fiscal_year_of,
    month_label,
    month_name,
    period_months,
    to_be,
    ym,
)
from oit_checker.thai.digits import arabic_digits, thai_digits
from oit_checker.thai.matching import contains, found_in, key_of_normalized, match_key, normalize
from oit_checker.thai.nlp import setup_pythainlp
from oit_checker.thai.pdf_repair import (
    clean_pdf_thai,
    hanakat_moved,
    legacy_am_swap,
    repair_mojibake,
    split_am_font,
)
from oit_checker.thai.quality import count_thai, garble_score, looks_garbled, thai_share
from oit_checker.thai.script import MARKS, strip_zero_width

__all__ = [
    "MARKS",
    "found_in",
    "MonthRef",
    "YearRef",
    "arabic_digits",
    "calendar",
    "clean_pdf_thai",
    "contains",
    "count_thai",
    "days_in_named_year",
    "find_dates",
    "find_month_refs",
    "find_years",
    "fiscal_year_of",
    "garble_score",
    "hanakat_moved",
    "key_of_normalized",
    "legacy_am_swap",
    "looks_garbled",
    "match_key",
    "month_label",
    "month_name",
    "normalize",
    "period_months",
    "repair_mojibake",
    "setup_pythainlp",
    "split_am_font",
    "strip_zero_width",
    "thai_digits",
    "thai_share",
    "to_be",
    "ym",
]
