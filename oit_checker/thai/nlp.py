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


class WordPrefixes:
    """pythainlp's word list in the shape newmm reads it (``prefixes``, ``len``): a set of words and the
    length of the longest word that starts with each pair of letters.

    Why: newmm finds the same words at each position as with pythainlp's own ``Trie``, but that trie
    takes about 0.8 s to build (62,000 words added a letter at a time), a fifth of an ``oit-check
    check``; this takes a twentieth of that. Same words, same order, so the same tokens.
    """

    def __init__(self, words: frozenset[str]) -> None:
        self.words = frozenset(w.strip() for w in words) - {""}  # pythainlp's Trie strips each word too
        longest: dict[str, int] = {}
        for w in self.words:
            if len(w) > longest.get(w[:2], 0):
                longest[w[:2]] = len(w)
        self.longest = longest

    def __len__(self) -> int:
        return len(self.words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Words of the list that start at ``start`` in ``text``, shortest first (as ``Trie.prefixes``)."""
        out = [text[start:start + 1]] if text[start:start + 1] in self.words else []
        last = min(len(text), start + self.longest.get(text[start:start + 2], 0))
        out += [text[start:end] for end in range(start + 2, last + 1) if text[start:end] in self.words]
        return out


@functools.cache
def word_prefixes() -> WordPrefixes:
    """The bundled word list for ``word_tokenize(..., custom_dict=word_prefixes())``, built once."""
    return WordPrefixes(words())
