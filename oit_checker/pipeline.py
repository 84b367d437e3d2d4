"""The whole job on one screen: crawl → extract → locate → check → score → report.

Set ``OIT_CHECK_TIMINGS=FILE`` to have the seconds of each stage written to FILE as JSON
(``scripts/bench.py`` reads it); nothing is written otherwise.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

from oit_checker.options import Options


def scan(url: str, out: Path, opts: Options) -> dict:
    """Crawl a site into OUT/corpus, read its documents, then judge it."""
    from oit_checker import crawl, extract
    from oit_checker.extract import previous

    corpus_dir = Path(out) / "corpus"
    with _timed("crawl"), extract.ReadAhead(corpus_dir, opts.cache_dir):  # documents read as they arrive
        crawl.run(url, corpus_dir, opts)  # crawl: Scrapy, writes fetched.jsonl/links.jsonl/files
    with _timed("extract"):  # extract: text of HTML/PDF/DOCX/XLSX → documents.jsonl, then scans → text
        key = previous.key(corpus_dir, opts.ocr, opts.ocr_max_pages) if opts.cache_dir else None
        if not previous.restore(corpus_dir, opts.cache_dir, key):  # the same fetch as a scan before: its text
            extract.run(corpus_dir, quiet=opts.quiet, cache_dir=opts.cache_dir)
            extract.read_scans(corpus_dir, enabled=opts.ocr, max_pages=opts.ocr_max_pages, quiet=opts.quiet)
            previous.keep(corpus_dir, opts.cache_dir, key)
    return check(corpus_dir, Path(out), opts)


def check(corpus_dir: Path, out: Path, opts: Options) -> dict:
    """Judge a saved corpus without re-crawling and write the chosen reports."""
    from oit_checker import checker, console, corpus, extract, judged, overrides, profiles, report, result, scoring
    from oit_checker.extract import resume

    resume.ensure(corpus_dir, quiet=opts.quiet)  # extract: whatever was downloaded but not yet read
    if opts.ocr:  # scanned pages left unread (OCR was off or not installed then) are read now
        extract.read_scans(corpus_dir, enabled=True, max_pages=opts.ocr_max_pages, quiet=opts.quiet)
    with _timed("check"):
        key = judged.fingerprint(corpus_dir, opts) if opts.cache_dir else None
        res = judged.get(opts.cache_dir, key)  # the same corpus, rules and code as last time: the same verdicts
        if res is None:
            data = corpus.load(corpus_dir)
            profile = profiles.load_profile(opts.profile, fiscal_year=opts.fiscal_year)
            items = [checker.judge(rule, data, profile, opts.lang) for rule in profile.rules]  # locate + check
            notes = overrides.apply(items, opts.overrides, data,
                                    Path(opts.override_state) if opts.override_state else None,
                                    opts.lang, profile.id)  # items checked by hand, while their evidence holds
            scores = scoring.score(items, profile)  # score
            res = result.build(data, profile, items, scores, opts.lang)
            if notes:
                res["overrides"] = notes
            judged.put(opts.cache_dir, key, res)
        if opts.agency:
            res["agency"].update(opts.agency)
        if getattr(opts.report, "agency_name", None):  # the terminal names the agency as the reports do
            res["agency"]["name"] = opts.report.agency_name
    if not opts.brief:
        console.show(res, opts.lang)
    with _timed("reports"):
        written = report.write(res, Path(out), opts.formats, opts.lang, settings=opts.report)  # report
    if opts.brief:
        console.one_line(res, written, opts.lang)
    else:
        console.written(written, opts.lang)
    return res


@contextmanager
def _timed(stage: str):
    """Add the seconds of one stage to ``$OIT_CHECK_TIMINGS`` (a JSON object), when it is set."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        path = os.environ.get("OIT_CHECK_TIMINGS")
        if path:
            try:
                times = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                times = {}
            times[stage] = round(times.get(stage, 0) + time.perf_counter() - t0, 3)
            Path(path).write_text(json.dumps(times), encoding="utf-8")
