"""Joomla sites: ``index.php?option=com_content``, ``/component/…`` URLs, lists paged with ``?start=N``."""

from __future__ import annotations

from spiders.base import BaseSpider


class JoomlaSpider(BaseSpider):
    """Joomla: category lists paged with ``start=``/``limitstart=``; Phoca/JDownloads file links."""

    name = "joomla"
    platform = "joomla"
    home_markers = (r"option=com_\w+", r"/component/\w+", r"/media/jui/", r'content="Joomla')
    pagination_patterns = (r"[?&](start|limitstart)=\d+",)
    attachment_patterns = (r"option=com_(phocadownload|jdownloads)[^\"'\s]*(download|task=download)",
                           r"/component/(phocadownload|jdownloads)/\S*download")
