"""The crawl stage: fetch an agency website into a corpus folder (``oit-check scan`` step 1).

One job per module: :mod:`.target` (start URL, corpus folder), :mod:`.settings` (Scrapy
settings from the limits), :mod:`.runner` (the child process, Ctrl-C, retries), :mod:`.child`
(the Scrapy crawl inside the child), :mod:`.summary` (crawl.json), :mod:`.progress` (the
display). The spiders themselves live in the top-level ``spiders`` package. Run the stage
alone with ``python -m oit_checker.commands.crawl_stage URL CORPUS_DIR``.
"""

from __future__ import annotations

from oit_checker.crawl.runner import run

__all__ = ["run"]
