"""The crawl child process: run one Scrapy crawl described by a JSON config file, then record it.

Started by :mod:`oit_checker.crawl.runner` as ``python -m oit_checker.crawl.child CONFIG`` (one
Twisted reactor per process; ``OPENSSL_CONF`` set before OpenSSL loads). The spider yields items,
``spiders.pipelines.CorpusPipeline`` writes the corpus, and when the spider closes this module
writes ``crawl.json`` so the parent learns how the crawl ended (close reason, limits hit, traps).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from oit_checker.crawl.summary import finalize


def record(spider: Any, reason: str) -> None:
    """spider_closed: write crawl.json from the corpus and what only the spider knows."""
    finalize(spider.corpus_dir, start_url=spider.start_url, started_at=spider.started_at, close_reason=reason,
             limits_hit=sorted(spider.limits_hit), skipped_traps=spider.traps.skipped,
             settings=spider.crawler.settings.getdict("OIT_SUMMARY_SETTINGS") or {})


def watch_parent() -> None:
    """Stop gracefully (SIGINT to self) if the parent process goes away."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(2)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGINT)
                return

    threading.Thread(target=watch, daemon=True).start()


def main(config_path: str) -> int:
    """Run the Scrapy crawl described by a JSON config file (in a fresh process)."""
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from spiders import settings as default_settings
    from spiders import spider_for

    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.update(cfg["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_for(cfg["url"]))
    crawler.signals.connect(record, signal=signals.spider_closed)
    watch_parent()
    process.crawl(crawler, start_url=cfg["url"], corpus_dir=cfg["corpus_dir"])
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
