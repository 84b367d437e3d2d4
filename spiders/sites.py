"""Per-host spiders: a handful of attributes each on top of a platform (``spiders/platforms/``).

Add one when a site needs help the generic crawl cannot guess: an entry point the home
page does not link (``extra_start_paths``), another host that belongs to the same site
(``extra_hosts``), or evidence pictures with unusual names (``evidence_image_words``).
Subclass the site's platform when it has one, else ``AgencySpider`` (which still recognises
a platform from the home page). ``oit-check scan URL`` picks the spider whose ``start_url``
host matches URL's host (``www.`` or not), else ``AgencySpider``. ``scrapy crawl <name>``
runs one from a checkout.
"""

from __future__ import annotations

from spiders.agency import AgencySpider
from spiders.platforms.publiclist import PublicListSpider


class PhukradungSaoSpider(PublicListSpider):
    """อบต.ภูกระดึง (vendor "/public/" CMS): the site lives under /public/."""

    name = "phukradungsao"
    start_url = "https://phukradungsao.go.th/public/"


class SaiyoiDenchaiSpider(AgencySpider):
    """อบต.ไทรย้อย: the home is index.php; older member pages are only reachable directly."""

    name = "saiyoidenchai"
    start_url = "http://www.saiyoidenchai.go.th/index.php"
    extra_start_paths = ("/member/index.html",)
