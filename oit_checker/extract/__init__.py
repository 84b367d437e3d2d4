"""Extract stage: fetched.jsonl + files/ → documents.jsonl with text per page.

Each body is sniffed (the bytes decide the kind, not the URL), read once per distinct
content hash, and parsed in worker processes: PDFium is not thread-safe, a damaged file
can hang or crash a parser, and two cores halve the wait. A document that cannot be read
gets ``extract_error`` and the run goes on — "could not read" is never "not disclosed".

Re-run alone with ``python -m oit_checker.extract CORPUS_DIR``.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import signal
import sys
import time
from collections import deque
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path

from oit_checker.corpus import DOCUMENTS_FILE, FETCHED_FILE, FILES_DIR, Page, read_jsonl
from oit_checker.extract.sniff import sniff

WORKERS = 2
DOC_TIMEOUT = 120.0  # seconds per document, enforced inside the worker
HARD_GRACE = 30.0  # extra seconds before a stuck worker is killed from outside
MAX_BYTES = 300 * 1024 * 1024
OFFICE_KINDS = {"docx", "xlsx", "xls", "ods", "odt", "odp", "pptx", "doc", "ppt", "rtf"}


class _Timeout(BaseException):
    """Raised by the worker's alarm; a BaseException so readers' ``except Exception`` cannot swallow it."""


@dataclass
class _Task:
    key: tuple[str, str]
    path: str
    kind: str
    url: str
    content_type: str
    encoding: str | None
    suspect: bool = False  # was running when a worker died: retried alone
    submitted: float = 0.0


def _ok(row: dict) -> bool:
    status = row.get("status")
    return row.get("error") is None and status is not None and 200 <= int(status) < 400


def _body_path(corpus_dir: Path, row: dict) -> Path | None:
    if row.get("file"):
        return corpus_dir / row["file"]
    if row.get("sha256"):
        return corpus_dir / FILES_DIR / row["sha256"]
    return None


def run(corpus_dir: Path, opts: object | None = None, *, workers: int = WORKERS, timeout: float = DOC_TIMEOUT) -> None:
    """Extract every fetched document of a corpus folder into documents.jsonl (atomically)."""
    corpus_dir = Path(corpus_dir)
    rows = list(read_jsonl(corpus_dir / FETCHED_FILE))
    quiet = bool(getattr(opts, "quiet", False))
    tasks: dict[tuple[str, str], _Task] = {}
    row_keys: list[tuple[str, str] | None] = []
    early: dict[int, dict] = {}  # row index -> update decided without a worker
    for i, row in enumerate(rows):
        if not _ok(row):
            row_keys.append(None)
            continue
        path = _body_path(corpus_dir, row)
        try:
            if path is None or not path.is_file():
                raise FileNotFoundError
            size = path.stat().st_size
            with open(path, "rb") as fh:
                body = fh.read(MAX_BYTES + 1) if size <= MAX_BYTES else fh.read(65536)
        except OSError:
            row_keys.append(None)
            early[i] = {"extract_error": "missing_file", "pages": []}
            continue
        kind = sniff(body, row.get("final_url") or row.get("url", ""), row.get("content_type", ""))
        if size > MAX_BYTES or size == 0:
            row_keys.append(None)
            early[i] = {"kind": kind, "extract_error": "too_large" if size else "empty", "pages": []}
            continue
        # HTML features hold absolute links, so identical HTML at two URLs is read twice.
        key = (row.get("sha256") or str(path), row.get("url", "") if kind == "html" else "")
        row_keys.append(key)
        if key not in tasks:
            tasks[key] = _Task(key, str(path), kind, row.get("final_url") or row.get("url", ""),
                               row.get("content_type", ""), row.get("encoding") or None)
    results = _run_tasks(list(tasks.values()), workers, timeout, quiet)
    out_rows = []
    for i, (row, key) in enumerate(zip(rows, row_keys, strict=True)):
        row = dict(row)
        if key is not None:
            row.update(results[key])
        elif i in early:
            row.update(early[i])
        out_rows.append(row)
    _move_site_boilerplate(out_rows)
    _write_atomic(corpus_dir / DOCUMENTS_FILE, out_rows)


def _move_site_boilerplate(rows: list[dict]) -> None:
    """Lines repeated on most pages of the site (a sidebar with no telling class names, as on
    saiyoi) are menus, not content: move them from the page text to ``nav_text``."""
    from oit_checker.extract.html import find_boilerplate
    from oit_checker.thai import normalize

    pages = [r for r in rows if r.get("kind") == "html" and not r.get("external") and r.get("pages")]
    repeated = find_boilerplate(r["pages"][0].get("text", "") for r in pages)
    if not repeated:
        return
    for row in pages:
        page = row["pages"][0]
        lines = page.get("text", "").split("\n")
        moved = [x for x in lines if x.strip() in repeated]
        if not moved:
            continue
        row["headings"] = [h for h in row.get("headings") or [] if h.strip() not in repeated]
        page["text"] = "\n".join(x for x in lines if x.strip() not in repeated)
        page["norm"] = normalize(page["text"])
        row["nav_text"] = "\n".join(x for x in (row.get("nav_text", ""), *moved) if x)


def _write_atomic(path: Path, rows: list[dict]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------- scheduling


def _run_tasks(tasks: list[_Task], workers: int, timeout: float, quiet: bool) -> dict:
    """Run tasks with at most ``workers`` in flight, so each one's start time is known.

    A worker stuck past ``timeout + HARD_GRACE`` is killed (its document: "timeout");
    when a worker dies, the documents it may have been reading are retried alone, and a
    document that kills a worker on its own is marked "crash".
    """
    results: dict = {}
    if not tasks:
        return results
    queue: deque[_Task] = deque(tasks)
    progress = _Progress(len(tasks), quiet)
    pool = _new_pool(workers)
    running: dict[cf.Future, _Task] = {}
    try:
        while queue or running:
            while queue and len(running) < workers:
                nxt = queue[0]
                if (nxt.suspect or any(t.suspect for t in running.values())) and running:
                    break
                queue.popleft()
                nxt.submitted = time.monotonic()
                running[pool.submit(extract_one, nxt.path, nxt.kind, nxt.url, nxt.content_type, nxt.encoding,
                                    timeout)] = nxt
            deadline = min(t.submitted for t in running.values()) + timeout + HARD_GRACE
            done, _ = cf.wait(running, timeout=max(0.0, deadline - time.monotonic()),
                              return_when=cf.FIRST_COMPLETED)
            broken = False
            for fut in done:
                task = running.pop(fut)
                try:
                    results[task.key] = fut.result()
                    progress.advance()
                except cf.process.BrokenProcessPool:
                    broken = True
                    if task.suspect:
                        results[task.key] = _failure("crash")
                        progress.advance()
                    else:
                        task.suspect = True
                        queue.appendleft(task)
                except Exception as exc:  # noqa: BLE001 — pickling or other surprises stay per document
                    results[task.key] = _failure(f"failed:{type(exc).__name__}")
                    progress.advance()
            if not done:  # a worker is stuck: kill the pool, requeue the innocent
                now = time.monotonic()
                for task in list(running.values()):
                    if now - task.submitted >= timeout + HARD_GRACE:
                        results[task.key] = _failure("timeout")
                        progress.advance()
                    else:
                        queue.appendleft(task)
                running.clear()
                _kill_pool(pool)
                pool = _new_pool(workers)
            elif broken:
                for task in running.values():
                    task.suspect = True
                    queue.appendleft(task)
                running.clear()
                _kill_pool(pool)
                pool = _new_pool(workers)
    finally:
        if running:
            _kill_pool(pool)
        else:
            pool.shutdown(wait=True, cancel_futures=True)
        progress.close()
    return results


def _new_pool(workers: int) -> cf.ProcessPoolExecutor:
    """A pool whose workers are already started, so per-document deadlines exclude start-up."""
    import multiprocessing

    # fork would copy a parent that may run Twisted/Scrapy threads; spawn is clean.
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        cf.wait([pool.submit(_warm) for _ in range(workers)], timeout=120)
    except Exception:  # noqa: BLE001 — a pool that cannot start shows up on the first real task
        pass
    return pool


def _warm() -> None:
    """Import the readers in a fresh worker (and hold it briefly so every worker gets one)."""
    import pypdfium2  # noqa: F401

    from oit_checker.extract import office, pdf  # noqa: F401

    time.sleep(0.05)


def _kill_pool(pool: cf.ProcessPoolExecutor) -> None:
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


class _Progress:
    """A rich progress bar on stderr, or nothing when quiet."""

    def __init__(self, total: int, quiet: bool):
        self.bar = None
        if quiet:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from oit_checker.i18n import t

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(t("extract.progress"), total=total)

    def advance(self) -> None:
        if self.bar:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar:
            self.bar.stop()


# ---------------------------------------------------------------- worker side


def _failure(reason: str) -> dict:
    return {"extract_error": reason, "pages": []}


def _on_alarm(signum, frame):  # noqa: ARG001
    raise _Timeout


def extract_one(path: str, kind: str, url: str = "", content_type: str = "", encoding: str | None = None,
                timeout: float = DOC_TIMEOUT) -> dict:
    """Read one body (in a worker process) and return the fields documents.jsonl adds."""
    use_alarm = timeout and hasattr(signal, "setitimer")
    if use_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        body = Path(path).read_bytes()
        out = extract_body(body, kind, url, content_type, encoding)
    except _Timeout:
        out = _failure("timeout")
    except MemoryError:
        out = _failure("too_large")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    out["kind"] = kind
    return out


def extract_body(body: bytes, kind: str, url: str = "", content_type: str = "", encoding: str | None = None) -> dict:
    """Dispatch on the sniffed kind; reader failures become ``extract_error``, never exceptions."""
    from oit_checker.extract import office
    from oit_checker.extract.pdf import PdfReadError

    try:
        if kind == "html":
            res = _flag_unreadable_html(_html(body, url, encoding, content_type))
        elif kind == "pdf":
            from oit_checker.extract.pdf import extract_pdf

            res = extract_pdf(body)
        elif kind == "image":
            res = {"pages": [Page(n=1, text="", needs_ocr=True)]}
        elif kind in ("text", "json"):
            res = office.extract_text(body, kind)
        elif kind in OFFICE_KINDS:
            res = _office(body, kind)
        else:
            return {"pages": [], "extract_error": "unsupported"}
    except (PdfReadError, office.OfficeReadError) as exc:
        return _failure(exc.reason)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 — a damaged file may break a reader anywhere
        return _failure("corrupt")
    return _as_json(res)


def _office(body: bytes, kind: str) -> dict:
    from oit_checker.extract import office

    readers = {
        "docx": office.extract_docx, "xlsx": office.extract_xlsx, "xls": office.extract_xls,
        "ods": office.extract_calamine, "odt": office.extract_odt, "odp": office.extract_odp,
        "pptx": office.extract_pptx, "rtf": office.extract_rtf,
    }
    if kind in readers:
        return readers[kind](body)
    reader = office.extract_doc if kind == "doc" else office.extract_ppt
    return office.with_temp_file(body, f".{kind}", reader)


def _html(body: bytes, url: str, encoding: str | None, content_type: str) -> dict:
    try:
        from oit_checker.extract.html import extract_html
    except ImportError:
        return _html_fallback(body, encoding)
    return extract_html(body, url, declared_encoding=encoding, content_type=content_type)


PDF2HTML_MIN_THAI = 200  # Thai letters below which a pdf2htmlEX page is taken as unreadable


def _flag_unreadable_html(res: dict) -> dict:
    """Pages whose text is legacy-font garbage, or empty beside content images, need OCR.

    pdf2htmlEX conversions (hangdong PRspend.html, money.html) are HTML with the document's
    words in images or unmapped fonts: "could not read", never "nothing published".
    """
    from oit_checker import thai

    features = res.get("features") or {}
    images = bool(features.get("images"))
    # A PDF converted to HTML whose words are glyph drawings keeps only stray fragments as text.
    converted = "pdf2htmlex" in str(features.get("generator", "")).lower()
    pages = []
    for page in res.get("pages") or []:
        page = page if isinstance(page, Page) else Page(**page)
        if not page.needs_ocr and (thai.looks_garbled(page.text) or (images and not page.text.strip())
                                   or (converted and thai.count_thai(page.text) < PDF2HTML_MIN_THAI)):
            page.needs_ocr = True
        pages.append(page)
    return {**res, "pages": pages}


def _html_fallback(body: bytes, encoding: str | None) -> dict:
    """Plain text of an HTML page, used only until the HTML extractor is present."""
    from bs4 import BeautifulSoup

    from oit_checker import thai

    soup = BeautifulSoup(body, "lxml", from_encoding=encoding or None)
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    text = "\n".join(line.strip() for line in soup.get_text("\n").splitlines() if line.strip())
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    return {"encoding": soup.original_encoding or "", "title": title,
            "pages": [Page(n=1, text=text, norm=thai.normalize(text))]}


def _as_json(res: dict) -> dict:
    out = dict(res)
    out["pages"] = [asdict(p) if is_dataclass(p) else dict(p) for p in res.get("pages") or []]
    out.setdefault("extract_error", None)
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m oit_checker.extract CORPUS_DIR [--quiet]``."""
    from oit_checker.errors import UserError
    from oit_checker.i18n import t

    args = list(sys.argv[1:] if argv is None else argv)
    quiet = "--quiet" in args or "-q" in args
    paths = [a for a in args if not a.startswith("-")]
    try:
        if len(paths) != 1:
            raise UserError("extract.usage")
        corpus_dir = Path(paths[0])
        if not (corpus_dir / FETCHED_FILE).is_file():
            raise UserError("cli.not_a_corpus", path=corpus_dir)

        class _Opts:
            pass

        opts = _Opts()
        opts.quiet = quiet
        run(corpus_dir, opts)
    except UserError as exc:
        print(f"{t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(t("cli.interrupted", path=paths[0] if paths else ""), file=sys.stderr)
        return 130
    if not quiet:
        print(t("extract.done", path=Path(paths[0]) / DOCUMENTS_FILE))
    return 0
