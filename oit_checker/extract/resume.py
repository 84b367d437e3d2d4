"""Is the extract stage up to date with the crawl? (``check`` reads what was downloaded but not yet read.)

A crawl stopped while documents were being read (Ctrl-C, SIGTERM, a killed job) leaves
fetched.jsonl and files/ but no documents.jsonl, or one older than the crawl: judging that
would call every page "not disclosed". documents.jsonl is current when it holds exactly the
fetched URLs with the same bodies; otherwise the stage runs again (it is idempotent and
writes atomically, so running it twice or after an interruption gives the same file).
"""

from __future__ import annotations

from pathlib import Path

from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE, read_jsonl


def _keys(path: Path) -> list[tuple[str, str, str]]:
    return sorted((r.get("url") or "", r.get("sha256") or "", r.get("error") or "") for r in read_jsonl(path))


def is_current(corpus_dir: Path) -> bool:
    """True when documents.jsonl holds every fetched document with the same body (nothing left to read)."""
    corpus_dir = Path(corpus_dir)
    fetched, documents = corpus_dir / FETCHED_FILE, corpus_dir / DOCUMENTS_FILE
    if not fetched.exists():
        return True  # nothing was fetched: nothing to read
    if not documents.exists():
        return False
    return _keys(fetched) == _keys(documents)


def ensure(corpus_dir: Path, *, quiet: bool = False) -> bool:
    """Run the extract stage when documents.jsonl is missing or behind the crawl; True when it ran."""
    if is_current(corpus_dir):
        return False
    from oit_checker.extract.stage import run

    run(Path(corpus_dir), quiet=quiet)
    return True
