"""pythainlp behind one door: imported on first use, after the program has made it read-only and offline.

Importing pythainlp creates ``~/pythainlp-data`` (and fails on a read-only home) unless
``PYTHAINLP_READ_ONLY`` is set, and a missing corpus would be downloaded unless ``PYTHAINLP_OFFLINE``
is. Crawlers, CI and read-only homes must get neither, and the bundled word list is all this
package needs (tech-notes §3). So this package never imports pythainlp at import time and never
touches ``os.environ`` by itself: entry points call :func:`setup_pythainlp` once, before the first
use; child processes inherit the variables.
"""

from __future__ import annotations

import functools
import os
from types import ModuleType


def setup_pythainlp() -> None:
    """Make pythainlp read-only and offline for this process and its children (a user's own setting wins)."""
    if "PYTHAINLP_READ_MODE" not in os.environ:  # the deprecated name; pythainlp rejects both at once
        os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


@functools.cache
def util() -> ModuleType:
    """``pythainlp.util``, imported on first call."""
    import pythainlp.util

    return pythainlp.util


@functools.cache
def words() -> frozenset[str]:
    """pythainlp's bundled Thai word list."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())
