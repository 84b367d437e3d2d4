"""The whole job on one screen: crawl → extract → locate → check → score → report."""

from __future__ import annotations

from pathlib import Path

from oit_checker.options import Options


def scan(url: str, out: Path, opts: Options) -> dict:
    """Crawl a site into OUT/corpus, read its documents, then judge it."""
    from oit_checker import crawl, extract

    corpus_dir = Path(out) / "corpus"
    crawl.run(url, corpus_dir, opts)  # crawl: Scrapy, writes fetched.jsonl/links.jsonl/files
    extract.run(corpus_dir, quiet=opts.quiet)  # extract: text of HTML/PDF/DOCX/XLSX → documents.jsonl
    extract.read_scans(corpus_dir, enabled=opts.ocr, max_pages=opts.ocr_max_pages, quiet=opts.quiet)  # scans → text
    return check(corpus_dir, Path(out), opts)


def check(corpus_dir: Path, out: Path, opts: Options) -> dict:
    """Judge a saved corpus without re-crawling and write the chosen reports."""
    from oit_checker import checker, console, corpus, extract, profiles, report, result, scoring
    from oit_checker.extract import resume

    resume.ensure(corpus_dir, quiet=opts.quiet)  # extract: whatever was downloaded but not yet read
    if opts.ocr:  # scanned pages left unread (OCR was off or not installed then) are read now
        extract.read_scans(corpus_dir, enabled=True, max_pages=opts.ocr_max_pages, quiet=opts.quiet)
    data = corpus.load(corpus_dir)
    profile = profiles.load_profile(opts.profile, fiscal_year=opts.fiscal_year)
    items = [checker.judge(rule, data, profile, opts.lang) for rule in profile.rules]  # locate + check
    scores = scoring.score(items, profile)  # score
    res = result.build(data, profile, items, scores, opts.lang)
    if not opts.brief:
        console.show(res, opts.lang)
    written = report.write(res, Path(out), opts.formats, opts.lang, settings=opts.report)  # report
    if opts.brief:
        console.one_line(res, written, opts.lang)
    else:
        console.written(written, opts.lang)
    return res
