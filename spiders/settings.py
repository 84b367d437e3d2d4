"""Default Scrapy settings: polite to small, slow government servers (tech-notes §5.2).

``oit_checker.crawl.settings.scrapy_settings`` overrides the limits from the command line
(``--max-pages``, ``--max-depth``, ``--max-bytes``, ``--max-time``, ``--concurrency``,
``--delay``, ``--ignore-robots``, ``--legacy-tls``); their defaults come from
``oit_checker.options.CRAWL_DEFAULTS``.
"""

from oit_checker.options import CRAWL_DEFAULTS as _defaults  # lower case: not a Scrapy setting

BOT_NAME = "oit-checker"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

USER_AGENT = "Mozilla/5.0 (compatible; oit-checker/0.1; ITA OIT self-check; +https://github.com/oit-checker)"
ROBOTSTXT_OBEY = True

# Politeness: one site at a time, a few parallel requests, AutoThrottle adapts to the server.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = _defaults["concurrency"]
DOWNLOAD_DELAY = _defaults["delay"]
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 20.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Bounds.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = _defaults["max_bytes"]
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
CLOSESPIDER_TIMEOUT = _defaults["max_time"]
REDIRECT_MAX_TIMES = 10
DNS_TIMEOUT = 20

# Every status reaches the spider, which records 404/500 as errors rather than dropping them.
HTTPERROR_ALLOW_ALL = True
METAREFRESH_ENABLED = True

# Breadth-first: pages near the home page (menus) first; the spider sets priorities.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
DEPTH_LIMIT = 0  # the spider enforces --max-depth itself (documents one step further)
DEPTH_STATS_VERBOSE = False

COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8",
    "Accept-Language": "th,en;q=0.8",
}

# Address safety (spiders/address.py): only public addresses besides the start host, checked
# before the request (before robots.txt and any cache) and again at connect time.
# Retries: a 429/503 with Retry-After is retried after the wait it asks, up to OIT_RETRY_AFTER_MAX
# seconds (spiders/retry.py); a longer wait is recorded as could-not-fetch.
DOWNLOADER_MIDDLEWARES = {"spiders.address.AddressGuardMiddleware": 40,
                          "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
                          "spiders.retry.RetryAfterMiddleware": 550}
OIT_RETRY_AFTER_MAX = 60
TWISTED_DNS_RESOLVER = "spiders.address.GuardedResolver"
OIT_ADDRESS_GUARD = True
OIT_PUBLIC_ONLY = False  # --public-only: the start host must be public too
# Scrapy drops longer URLs silently; the spider records links over OIT_MAX_URL_LENGTH instead.
URLLENGTH_LIMIT = 0
OIT_MAX_URL_LENGTH = 16384

# The spider yields items; this pipeline writes them into the corpus folder.
ITEM_PIPELINES = {"spiders.pipelines.CorpusPipeline": 300}
# The pipeline is synchronous, so items gain nothing from being processed in parallel, while Scrapy starts
# CONCURRENT_ITEMS asyncio tasks for every response's output (100 by default: 230,000 tasks for a crawl of
# 2,300 URLs, a fifth of its CPU). One at a time keeps the order the spider decided them in.
CONCURRENT_ITEMS = 1
# Spider middlewares that each wrap every output of every page and do nothing here: the spider enforces
# --max-depth itself (DEPTH_LIMIT = 0; it keeps its own depth in meta["oit"]), and it copies no meta.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.depth.DepthMiddleware": None,
                      "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None}

# oit-checker settings read by the spider.
OIT_CORPUS_DIR = "corpus"
OIT_MAX_PAGES = _defaults["max_pages"]
OIT_MAX_DEPTH = _defaults["max_depth"]
OIT_MAX_QUERY_VARIANTS = 500  # distinct query strings per path
OIT_MAX_CALENDAR_PAGES = 24  # URLs per date-driven URL shape (calendar traps)
OIT_EXTERNAL_DOCS = True  # fetch documents hosted on other sites once (never follow them)
