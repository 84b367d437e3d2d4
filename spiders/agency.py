"""The default spider for any agency site: the base logic plus platform recognition from the home page."""

from __future__ import annotations

from spiders.base import BaseSpider
from spiders.platforms import PLATFORM_ATTRS, detect


class AgencySpider(BaseSpider):
    """Crawl a site no per-host spider knows; take a platform's URL patterns when its home page shows one."""

    name = "agency"

    def on_home(self, body: bytes) -> None:
        if self.platform:
            return
        found = detect(body.decode("latin-1"))
        if found is not None:
            for attr in PLATFORM_ATTRS:
                setattr(self, attr, getattr(found, attr))
            self.logger.info("platform recognised: %s", self.platform)
