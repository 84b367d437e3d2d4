"""The read-ahead worker reads documents at a lower CPU priority than the crawl it runs beside."""

from __future__ import annotations

import os

from oit_checker.extract.ahead import NICE, ReadAhead


def test_read_ahead_worker_runs_below_the_crawl(tmp_path):
    mine = os.nice(0)
    with ReadAhead(tmp_path / "corpus", tmp_path / "cache") as ahead:
        assert ahead.pool is None  # nothing read yet: no worker started
        theirs = ahead.worker_pool().schedule(os.nice, args=(0,)).result(timeout=120)
    assert theirs == min(19, mine + NICE)
