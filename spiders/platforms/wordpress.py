"""WordPress sites: posts ``?p=N``, archives ``/category/…/page/N/``, files under ``/wp-content/uploads/``."""

from __future__ import annotations

from spiders.base import BaseSpider


class WordPressSpider(BaseSpider):
    """WordPress: archive pages ``/page/N/`` or ``?paged=N``; Download-Monitor style ``/download/N/`` links."""

    name = "wordpress"
    platform = "wordpress"
    home_markers = (r"/wp-content/", r"/wp-includes/", r'content="WordPress')
    pagination_patterns = (r"/page/\d+/?(\?|$)", r"[?&]paged=\d+")
    attachment_patterns = (r"[?&]download=\d+", r"/download/\d+/?$", r"[?&]attachment_id=\d+")
