"""The corpus: everything one crawl gathered, on disk, so checks can be re-run offline.

Layout of a corpus folder (documented in docs/corpus.md)::

    crawl.json        summary: start url, status, counts, errors, settings, interrupted
    fetched.jsonl     one line per URL the crawler tried (written as the crawl goes)
    links.jsonl       one line per link seen (from, to, anchor text, external, nav)
    documents.jsonl   fetched.jsonl + extracted text (written by the extract stage)
    files/<sha256>    raw response bodies

JSON Lines were chosen over SQLite so a corpus can be read with any tool, appended
while crawling (nothing is lost on Ctrl-C) and diffed between runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

SCHEMA_VERSION = 1

CRAWL_FILE = "crawl.json"
FETCHED_FILE = "fetched.jsonl"
LINKS_FILE = "links.jsonl"
DOCUMENTS_FILE = "documents.jsonl"
FILES_DIR = "files"


def now_iso() -> str:
    """A timestamp as the corpus files write it: UTC, ISO 8601, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Page:
    """One page of text: the only page of an HTML document, or one PDF page / sheet."""

    n: int
    text: str  # original text, for display
    norm: str = ""  # thai.normalize(text), for matching
    needs_ocr: bool = False  # no text layer: never treat as "empty content"
    label: str = ""  # sheet name, slide title…
    ocr: bool = False  # the text was read from the page's picture by OCR
    ocr_conf: float | None = None  # OCR's mean word confidence, 0–100
    ocr_skipped: str = ""  # why a needs_ocr page was not read: ocr_off, ocr_unavailable, ocr_budget…


@dataclass
class Link:
    """A link as the crawler saw it. ``kind`` is a, iframe, embed, form, area or img."""

    src: str  # page the link is on
    url: str  # absolute target
    text: str  # anchor text (or alt/title/iframe title)
    kind: str = "a"
    external: bool = False
    nav: bool = False  # found inside navigation/menus/sidebars rather than main content


@dataclass
class Document:
    """A fetched URL: an HTML page, a document file, or a failed fetch."""

    url: str
    final_url: str = ""
    status: int | None = None  # HTTP status; None when no response
    error: str | None = None  # timeout, dns, connection, tls, too_large, http_404, robots…
    content_type: str = ""
    kind: str = "other"  # html, pdf, docx, doc, xlsx, xls, odt, ods, image, other
    external: bool = False  # on another host (fetched once as evidence, not crawled)
    depth: int = 0
    nav_path: list[str] = field(default_factory=list)  # link texts from the home page
    link_texts: list[str] = field(default_factory=list)  # anchor texts pointing here
    referrers: list[str] = field(default_factory=list)  # pages linking here
    fetched_at: str = ""
    sha256: str = ""
    size: int = 0
    file: str = ""  # path of the raw body, relative to the corpus folder
    encoding: str = ""
    title: str = ""
    headings: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    nav_text: str = ""  # menus, sidebars, footers: kept apart from the content
    features: dict = field(default_factory=dict)  # forms, images, iframes, emails, phones…
    extract_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 400

    @property
    def needs_ocr(self) -> bool:
        return bool(self.pages) and all(p.needs_ocr for p in self.pages)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def norm(self) -> str:
        return "\n".join(p.norm for p in self.pages)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Document:
        data = dict(data)
        data["pages"] = [Page(**p) for p in data.get("pages") or []]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Corpus:
    root: Path
    crawl: dict
    documents: list[Document]
    links: list[Link]

    def by_url(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for d in self.documents:
            out.setdefault(d.url, d)
            if d.final_url:
                out.setdefault(d.final_url, d)
        return out


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> Iterator[dict]:
    """Read JSON Lines, skipping a torn last line left by an interrupted writer."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def is_corpus(path: Path) -> bool:
    return (path / CRAWL_FILE).exists() or (path / FETCHED_FILE).exists()


def load(root: Path) -> Corpus:
    """Load a corpus folder; uses documents.jsonl when extraction has run, else fetched.jsonl."""
    root = Path(root)
    crawl = {}
    if (root / CRAWL_FILE).exists():
        crawl = json.loads((root / CRAWL_FILE).read_text(encoding="utf-8"))
    src = root / DOCUMENTS_FILE
    if not src.exists():
        src = root / FETCHED_FILE
    docs = [Document.from_json(r) for r in read_jsonl(src)]
    links = [Link(**r) for r in read_jsonl(root / LINKS_FILE)]
    return Corpus(root=root, crawl=crawl, documents=docs, links=links)
