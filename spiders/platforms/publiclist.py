"""The "/public/" vendor CMS of many Thai LAO sites: menus as ``/public/list/data/index/menu/N``."""

from __future__ import annotations

from spiders.base import BaseSpider


class PublicListSpider(BaseSpider):
    """Pages under ``/public/``: lists ``/public/list/data/index/menu/N``, items ``…/detail/id/N/menu/N``,
    categories ``…/datacategory/catid/N/menu/N``; a list pages on with ``…/page/N``."""

    name = "publiclist"
    platform = "publiclist"
    home_markers = (r"/public/list/data/", r"/public/\w+/data/index/menu/\d+", r"/application/modules/")
    extra_start_paths = ("/public/",)  # the site root is often only a splash or a redirect
    pagination_patterns = (r"/public/[\w/]+/menu/\d+/page/\d+/?$",)
    attachment_patterns = (r"/public/[\w/]*(download|upload)[\w/]*/id/\d+",)
