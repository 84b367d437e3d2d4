"""Times as a Thai officer reads them: Thai time and the Buddhist-era year.

Thai time is UTC+7 with no daylight saving; in Thai a time reads "29 พ.ย. 2569 11:05 น.".
Stored times are UTC (a naive one is taken as UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from oit_checker.i18n import t
from oit_checker.thai.dates import month_name

THAI_TZ = timezone(timedelta(hours=7), "ICT")
BE_OFFSET = 543


def thai_time(value: datetime | str | None) -> datetime | None:
    """``value`` (a datetime or ISO text) in Thai time; None when it is missing or not a time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(THAI_TZ)


def when(value: datetime | str | None, lang: str = "th") -> str:
    """A stored time for people: ``29 พ.ย. 2569 11:05 น.`` in Thai, ``2026-11-29 11:05 +07`` in English."""
    local = thai_time(value)
    if local is None:
        return "-"
    return t("clock.when", lang, day=local.day, month=month_name(local.month, lang, abbr=True),
             year_be=local.year + BE_OFFSET, iso_date=f"{local:%Y-%m-%d}", time=f"{local:%H:%M}")
