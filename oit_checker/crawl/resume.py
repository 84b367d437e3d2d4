"""Continue an interrupted crawl (``--resume``): the corpus itself is the crawl's saved state.

fetched.jsonl and links.jsonl are appended and flushed line by line, so after Ctrl-C, a killed
job or ``kill -9`` they hold every URL already fetched. Scrapy's JOBDIR would keep its queue only
on a graceful stop; here the spider instead re-reads the saved pages (``spiders/resume.py``), marks
every fetched URL as done and schedules only the links not fetched yet. This module prepares the
folder: it cuts a line torn by the kill, checks the corpus belongs to the same site, and forgets
the URLs that got no answer (timeouts, refused connections), so the resumed crawl tries them again.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path

from oit_checker.corpus import FETCHED_FILE, LINKS_FILE, read_jsonl
from oit_checker.errors import UserError
from oit_checker.states import is_network_error
from spiders.urls import host_key


def cut_torn_line(path: Path) -> None:
    """Drop a last line without its newline (a write cut by kill -9), so appending starts clean."""
    if not path.exists():
        return
    with open(path, "rb+") as fh:
        data = fh.read()
        if data and not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


def prepare(corpus_dir: Path, start_url: str) -> int:
    """Make ``corpus_dir`` ready to be continued from ``start_url``; returns the URLs already tried.

    Raises UserError when the corpus was crawled from another site (resuming would mix two sites)."""
    corpus_dir = Path(corpus_dir)
    for name in (FETCHED_FILE, LINKS_FILE):
        cut_torn_line(corpus_dir / name)
    rows = list(read_jsonl(corpus_dir / FETCHED_FILE))
    homes = {host_key(urllib.parse.urlsplit(r.get("url") or "").hostname or "") for r in rows if r.get("depth") == 0}
    start = host_key(urllib.parse.urlsplit(start_url).hostname or "")
    if homes and start not in homes:
        raise UserError("crawl.resume_other_site", path=str(corpus_dir), url=start_url, host=sorted(homes)[0])
    kept = [r for r in rows if not is_network_error(r.get("error"))]
    if len(kept) < len(rows):  # no answer last time: asked again (an HTTP error answer is kept, it is an answer)
        tmp = corpus_dir / (FETCHED_FILE + ".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
        os.replace(tmp, corpus_dir / FETCHED_FILE)
    return len(kept)
