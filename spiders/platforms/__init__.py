"""The platform tier: one spider per CMS family, and recognising the family from a home page.

Each platform is a :class:`spiders.base.BaseSpider` subclass with a handful of attributes;
per-host spiders in ``spiders/sites.py`` subclass one. :func:`detect` lets the default
``AgencySpider`` take a platform's attributes when the home page shows its marks.
"""

from __future__ import annotations

import re

from spiders.base import BaseSpider
from spiders.platforms.joomla import JoomlaSpider
from spiders.platforms.publiclist import PublicListSpider
from spiders.platforms.wordpress import WordPressSpider

PLATFORMS: tuple[type[BaseSpider], ...] = (PublicListSpider, WordPressSpider, JoomlaSpider)
# What AgencySpider takes over from a recognised platform (entry points stay per-host knowledge).
PLATFORM_ATTRS = ("platform", "pagination_patterns", "attachment_patterns")


def detect(html: str) -> type[BaseSpider] | None:
    """The platform whose home-page marks appear most often in ``html`` (None when none does)."""
    counts = {cls: sum(len(re.findall(m, html)) for m in cls.home_markers) for cls in PLATFORMS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None
