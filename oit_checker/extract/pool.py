"""Read documents in isolated worker processes, so a hung or crashing reader costs one document, never the stage.

PDFium is not thread-safe and a damaged file can hang or kill a parser, so readers run in
``pebble`` worker processes (spawned: the parent may run Twisted/Scrapy threads). Each
document has two deadlines: the worker's own alarm at ``timeout`` (cheap, the worker lives on)
and pebble's at ``timeout + grace``, which kills a worker stuck where the alarm cannot reach
(C code). A worker that dies takes only its own document with it ("crash"); pebble starts a
new one and the others go on. Ctrl-C drops the queue and kills the workers within seconds.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

from oit_checker.extract.dispatch import DOC_TIMEOUT, extract_one, failure

WORKERS = 2
# Address space of one reader process: a document that needs more is "too_large" (MemoryError in the
# reader, or the worker dies and the document is a "crash"), never the machine's memory. Override with
# OIT_READER_MEMORY_MB (0 = no limit).
READER_MEMORY_MB = 3072
HARD_GRACE = 30.0  # extra seconds before a worker stuck past its alarm is killed from outside

Key = tuple[str, str]


@dataclass(frozen=True)
class Task:
    """One distinct body to read, and what its reader needs to know about it."""

    key: Key
    path: str
    kind: str
    url: str = ""
    content_type: str = ""
    encoding: str | None = None


def read_all(tasks: Iterable[Task], *, workers: int = WORKERS, timeout: float = DOC_TIMEOUT,
             grace: float = HARD_GRACE, on_done: Callable[[], None] = lambda: None,
             reader: Callable[..., dict] = extract_one) -> dict[Key, dict]:
    """Read every task with ``reader`` in at most ``workers`` processes; return its fields by task key."""
    calls = [(t.key, reader, (t.path, t.kind, t.url, t.content_type, t.encoding, timeout)) for t in tasks]
    return run_calls(calls, workers=workers, timeout=timeout + grace, on_done=on_done)


def run_calls(calls: Iterable[tuple[Key, Callable[..., dict], tuple]], *, workers: int = WORKERS,
              timeout: float, on_done: Callable[[], None] = lambda: None) -> dict[Key, dict]:
    """Run each ``(key, function, args)`` in at most ``workers`` isolated processes, each killed
    after ``timeout`` seconds; return the function's dict (or a failure) by key."""
    calls = list(calls)
    results: dict[Key, dict] = {}
    if not calls:
        return results
    memory_mb = int(os.environ.get("OIT_READER_MEMORY_MB", READER_MEMORY_MB))
    pool = ProcessPool(max_workers=workers, initializer=_warm, initargs=(memory_mb,),
                       context=multiprocessing.get_context("spawn"))
    try:
        futures = {pool.schedule(fn, args=args, timeout=timeout): key for key, fn, args in calls}
        for future in cf.as_completed(futures):
            results[futures[future]] = _outcome(future)
            on_done()
    except BaseException:  # Ctrl-C included: drop the queued documents, kill the workers
        pool.stop()
        pool.join()
        raise
    pool.close()
    pool.join()
    return results


def _outcome(future: cf.Future) -> dict:
    error = future.exception()  # what the reader raised in the worker, or what the pool saw
    if error is None:
        return future.result()
    if isinstance(error, TimeoutError):  # pebble killed the worker: the alarm could not stop the reader
        return failure("timeout")
    if isinstance(error, ProcessExpired):  # the reader took its worker down with it
        return failure("crash")
    return failure(f"failed:{type(error).__name__}")  # pickling or other surprises stay per document


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at ``memory_mb`` MiB (no-op where RLIMIT_AS is missing, or 0)."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    if memory_mb <= 0 or not hasattr(resource, "RLIMIT_AS"):
        return
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _warm(memory_mb: int = READER_MEMORY_MB) -> None:
    """Cap the worker's memory, then import the readers, so a document's deadline excludes start-up."""
    limit_memory(memory_mb)
    try:
        import pypdfium2  # noqa: F401

        from oit_checker.extract import office, pdf  # noqa: F401
    except Exception:  # noqa: BLE001 — a reader that cannot load fails on its own documents
        pass
