"""The whole job on one screen: crawl → extract → locate → check → score → report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Options:
    """What the officer chose on the command line, passed down unchanged."""

    lang: str = "th"
    profile: str = "ita-2565"
    fiscal_year: int | None = None
    formats: list[str] = field(default_factory=lambda: ["json", "html", "answers", "measures"])
    quiet: bool = False
    crawl: dict = field(default_factory=dict)  # limits from commands.options.add_crawl
    report: Any = None  # report.Settings: agency name, divisions file, Thai digits


def scan(url: str, out: Path, opts: Options) -> dict:
    """Crawl a site into OUT/corpus, read its documents, then judge it."""
    from oit_checker import crawl, extract

    corpus_dir = Path(out) / "corpus"
    crawl.run(url, corpus_dir, opts)  # crawl: Scrapy, writes fetched.jsonl/links.jsonl/files
    extract.run(corpus_dir, opts)  # extract: text of HTML/PDF/DOCX/XLSX → documents.jsonl
    return check(corpus_dir, Path(out), opts)


def check(corpus_dir: Path, out: Path, opts: Options) -> dict:
    """Judge a saved corpus without re-crawling and write the chosen reports."""
    from oit_checker import checker, console, corpus, report, result, rules, scoring

    data = corpus.load(corpus_dir)
    profile = rules.load_profile(opts.profile, fiscal_year=opts.fiscal_year)
    items = [checker.judge(rule, data, profile, opts.lang) for rule in profile.rules]  # locate + check
    scores = scoring.score(items, profile)  # score
    res = result.build(data, profile, items, scores, opts.lang)
    if not opts.quiet:
        console.show(res, opts.lang)
    written = report.write(res, Path(out), opts.formats, opts.lang, settings=opts.report)  # report
    if not opts.quiet:
        console.written(written, opts.lang)
    return res
