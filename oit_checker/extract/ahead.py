"""Read documents while the crawl goes on, so the extract stage finds most of them already read.

``with ReadAhead(corpus_dir, cache_dir): crawl.run(...)`` follows ``fetched.jsonl`` as the crawl
appends to it and reads each new body in one worker process at a lower priority (the crawler keeps the other core),
keeping the text in the extract cache (:mod:`oit_checker.extract.cache`). The extract stage then
takes those from the cache and reads only the rest. Nothing here decides anything: the same
``stage.plan`` picks what to read and the same reader reads it, so the result is the same as
reading after the crawl. When the crawl ends, documents not started yet are left to the stage;
on an error or Ctrl-C the workers are stopped at once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from pathlib import Path

from pebble import ProcessPool

from oit_checker.corpus import FETCHED_FILE
from oit_checker.extract import pool
from oit_checker.extract.cache import ExtractCache
from oit_checker.extract.dispatch import DOC_TIMEOUT, extract_one
from oit_checker.extract.stage import plan

POLL = 0.5  # seconds between looks at fetched.jsonl
# The read-ahead worker runs at a lower CPU priority than the crawl: on a fast site the crawl is the one on
# the critical path (on two cores it competes with this worker and the site's server), on a slow site it
# waits for the network and the worker gets all the CPU it wants anyway.
NICE = 5


def _warm_low() -> None:
    try:
        os.nice(NICE)
    except OSError:  # not allowed here: read at the same priority
        pass
    pool._warm()


class ReadAhead:
    """Context manager reading fetched bodies in the background; a no-op without ``cache_dir``."""

    def __init__(self, corpus_dir: Path, cache_dir: Path | str | None, workers: int = 1,
                 timeout: float = DOC_TIMEOUT) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.cache = ExtractCache(cache_dir)
        self.workers, self.timeout = workers, timeout
        self.futures: list = []
        self.scheduled: set[pool.Key] = set()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.pool: ProcessPool | None = None
        self.read = 0

    def __enter__(self) -> ReadAhead:
        if self.cache.root is None:
            return self
        path = self.corpus_dir / FETCHED_FILE
        # a corpus left by an earlier scan: its fetched.jsonl is deleted when the crawl starts
        self.old = os.stat(path).st_ino if path.exists() else None
        self.thread = threading.Thread(target=self._follow, name="oit-read-ahead", daemon=True)
        self.thread.start()
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.thread is None:
            return
        self.stop.set()
        self.thread.join()
        if self.pool is None:  # nothing needed reading (a re-scan of an unchanged site): no worker was started
            return
        if exc_type is None:
            for future in self.futures:
                if not future.running():
                    future.cancel()  # not started yet: the extract stage reads it with all its workers
            self.pool.close()
        else:
            self.pool.stop()
        self.pool.join()

    def worker_pool(self) -> ProcessPool:
        """The reading workers, started at the first body to read, not before (none on an unchanged re-scan)."""
        if self.pool is None:
            self.pool = ProcessPool(max_workers=self.workers, initializer=_warm_low,
                                    context=multiprocessing.get_context("spawn"))
        return self.pool

    def _follow(self) -> None:
        path = self.corpus_dir / FETCHED_FILE
        offset, inode, pending = 0, None, b""
        while not self.stop.wait(POLL):
            try:
                st = os.stat(path)
            except OSError:
                continue
            if st.st_ino == self.old:
                continue
            if st.st_ino != inode or st.st_size < offset:
                offset, inode, pending = 0, st.st_ino, b""
            with open(path, "rb") as fh:
                fh.seek(offset)
                chunk = fh.read()
            offset += len(chunk)
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()  # a line still being written
            for line in lines:
                if line.strip():
                    self._schedule(line)

    def _schedule(self, line: bytes) -> None:
        try:
            row = json.loads(line)
        except ValueError:
            return
        task, _ = plan(self.corpus_dir, row)
        if task is None or task.key in self.scheduled:
            return
        self.scheduled.add(task.key)
        if self.cache.get(task.key[0], task.kind, task.url, task.content_type, task.encoding) is not None:
            return
        try:
            future = self.worker_pool().schedule(extract_one, args=(task.path, task.kind, task.url, task.content_type,
                                                           task.encoding, self.timeout),
                                        timeout=self.timeout + pool.HARD_GRACE)
        except RuntimeError:  # the pool is closing
            return
        future.add_done_callback(lambda f, t=task: self._keep(f, t))
        self.futures.append(future)

    def _keep(self, future, task: pool.Task) -> None:  # noqa: ANN001 - a pebble future
        if future.cancelled() or future.exception() is not None:
            return
        self.read += 1
        self.cache.put(task.key[0], task.kind, task.url, task.content_type, task.encoding, future.result())
