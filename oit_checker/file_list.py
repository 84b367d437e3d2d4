"""A page that lists a document's files to download, or names documents of several kinds, is not the document.

Why: agencies publish a plan or a report as a page of download entries — the cover, then the parts with their
page ranges ("เล่มแผน ข้อ 1 - 8 (1-16)"), or one line per year or version (">>>ดาวน์โหลด<<< แผนกลยุทธ์…",
"ข้อบัญญัติงบประมาณรายจ่าย ปี 2565 (รายละเอียด)"). The entries carry the document's title words, so the page
met the item's phrases and was cited as the plan itself, while its content is in files the crawl does not hold.
A numbered list whose entries open with different kinds of document ("คู่มือ…", "รายงาน…", "คำสั่ง…") is an
index of what the agency publishes, not one of those documents. The entry words are data
(``rules/common/vocabulary.yaml``: ``file_entry_words``, ``file_entry_lines``, ``document_index_kinds``); which
items never take such a list as their evidence is ``file_list_never`` in ``rules/common/attribution.yaml``.
"""

from __future__ import annotations

import functools
import re

from oit_checker import thai, vocabulary
from oit_checker.locate import View

MIN_ENTRIES = 2  # download entries that make a list
MIN_SHARE = 0.4  # …when they make at least this share of the page's lines (a long document citing a file is no list)
# a part's page range closing its entry line: "(1-16)", "(17 - 24) แก้ไข"; pages, not a plan's years "(2561-2565)"
_PAGE_RANGE = re.compile(r"\(\s*\d{1,3}\s*-\s*\d{1,3}\s*\)\s*\S{0,8}\s*$")


@functools.cache
def _words(key: str) -> tuple[str, ...]:
    """The vocabulary list ``key``, normalised once per process (the lists are read on every judged page)."""
    return tuple(thai.normalize(w) for w in vocabulary.common().get(key, []))


@functools.cache
def _index_kinds() -> dict[str, tuple[str, ...]]:
    """``document_index_kinds``, each kind's opening words normalised once per process."""
    table = vocabulary.common().get("document_index_kinds") or {}
    return {k: tuple(thai.normalize(w) for w in ws) for k, ws in table.items()}


def _is_entry(line: str, words: tuple[str, ...], heads: tuple[str, ...]) -> bool:
    """The line offers a file: a download word, a part's page range, or the part's bare name heading it ("ปก")."""
    if any(w and w in line for w in words) or _PAGE_RANGE.search(line):
        return True
    first = line.split(" ", 1)[0]
    return any(h and first == h for h in heads)


MIN_KINDS = 3  # list entries opening with this many different kinds of document make an index of documents
# a list entry's marker: "(1)", "1.", "1)", "๑.", "-", "•", and a sub-entry's "1.1", "9.2." (an evidence list
# numbers the files under one heading: "3.คู่มือ…", "3.1คู่มือ…", "9.2.สรุป…")
_ENTRY = re.compile(r"^\s*(?:\(\s*[0-9๐-๙]+\s*\)|[0-9๐-๙]+(?:\.[0-9๐-๙]+)+\.?|[0-9๐-๙]+\s*[.)]|[-•*–])\s*")


def names_documents(view: View) -> bool:
    """The page is a numbered list naming documents of several kinds ("(2) คู่มือการปฏิบัติงาน…", "(4) รายงานผล…",
    "5. คำสั่ง…"): an index of what is published (a transparency standard's headings, a complaint system's files),
    not any one of those documents. The kinds are ``document_index_kinds`` in the vocabulary."""
    if view.doc.kind != "html":
        return False
    kinds = _index_kinds()
    seen = set()
    entries = 0
    for _, n in view.page_norms:
        for ln in n.split("\n"):
            m = _ENTRY.match(ln)
            if not m:
                continue
            rest = ln[m.end():].strip()
            kind = next((k for k, ws in kinds.items() if any(w and rest.startswith(w) for w in ws)), None)
            if kind:
                seen.add(kind)
                entries += 1
    return entries >= MIN_KINDS and len(seen) >= MIN_KINDS


ATTACHED_MAX = 1200  # Thai letters of a page that says its content is attached: longer, the page carries content itself


def says_attached(view: View) -> bool:
    """A short page that says its content is in an attached document ("…ประจำปีงบประมาณ พ.ศ.๒๕๖๔ ตามเอกสารที่แนบท้าย
    ประกาศนี้"): the announcement of a plan or a report, not the plan or the report. The words are
    ``attached_content_words`` in the vocabulary; the caller asks that the page links no file the crawl holds."""
    if view.doc.kind != "html":
        return False
    words = tuple(w.replace(" ", "") for w in _words("attached_content_words") if w)
    title = view.title.strip()
    text = "\n".join(ln for _, n in view.page_norms for ln in n.split("\n") if ln.strip() and ln.strip() != title)
    flat = text.replace(" ", "")
    return any(w in flat for w in words) and thai.count_thai(text) <= ATTACHED_MAX


TITLE_LIST_MIN = 4  # document titles, one a line, that make a list of titles
TITLE_LIST_SHARE = 0.75  # …when they make at least this share of the lines under the page's heading
TITLE_LIST_CHARS = 90  # longer lines are sentences, not titles


def lists_titles(view: View) -> bool:
    """Under its heading the page is a bare list of document titles, one a line, most opening with a kind of
    document ("คู่มือการลา", "คู่มือการยืมใช้ทรัพย์สิน", "แนวทางการจัดการเรื่องทุจริต", "ขั้นตอนการจัดซื้อวัสดุ" under
    "มาตรฐานการปฏิบัติงาน"): a menu of the agency's manuals, each a link to its post, not a manual's content (its
    steps are in the posts). Unnumbered and of one kind, unlike :func:`names_documents`; the kinds are
    ``document_index_kinds`` in the vocabulary."""
    if view.doc.kind != "html":
        return False
    words = tuple(w for ws in _index_kinds().values() for w in ws if w)
    title = view.title.strip()
    lines = [ln.strip() for _, n in view.page_norms for ln in n.split("\n") if ln.strip() and ln.strip() != title]
    body = lines[1:]  # the first line heads the list
    if any(len(ln) > TITLE_LIST_CHARS for ln in body):
        return False
    titles = sum(1 for ln in body if ln[_ENTRY.match(ln).end() if _ENTRY.match(ln) else 0:].startswith(words))
    return titles >= TITLE_LIST_MIN and titles >= TITLE_LIST_SHARE * len(body)


def files_cover(text: str) -> bool:
    """A line of ``text`` opens with a part of the document filed as its own entry ("ปก", the cover): the text lists
    the document's files, so its "คำนำ"/"สารบัญ" are entries too, not the document's own preface."""
    heads = _words("file_entry_lines")
    return any(ln.split(" ", 1)[0] in heads for ln in (x.strip() for x in text.split("\n")) if ln)


YEAR_TITLE_CHARS = 15  # the title an entry repeats year after year (shorter: a table's "งบประมาณ ปี 2566" cell)
YEAR_LINE_CHARS = 120  # longer lines are the document's sentences, not catalogue entries
CUT_ENTRY_CHARS = 8  # the listing's last line cut short ("แผนการใช้จ่ายงบประ"): an entry when it begins the title
_YEAR = re.compile(r"(?<![\d,.])(?:25[0-9]\d|20[0-9]\d)(?![\d,.])")
# a line that is only a year, as an archive heads each year's entries: "ปี พ.ศ. 2565", "ปีงบประมาณ 2564", "2563"
_YEAR_HEADING = re.compile(r"^(?:ปี(?:งบประมาณ)?\s*)?(?:พ\.?\s*ศ\.?\s*)?(?:25[0-9]\d|20[0-9]\d)\s*:?$")


def _year_entries(lines: list[str]) -> set[int]:
    """Indexes of the lines that repeat one title for different years ("แผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ.
    2564", "… พ.ศ. 2563"): an archive of the document by year, each line a link to that year's file. The listing's
    last line, cut short, is an entry too when the title begins with it."""
    keyed = {}
    for i, ln in enumerate(lines):
        years = _YEAR.findall(ln)
        if len(years) == 1 and len(ln) <= YEAR_LINE_CHARS:
            title = _YEAR.sub(" ", ln).replace(" ", "").rstrip("-–:.()")
            if len(title) >= YEAR_TITLE_CHARS:
                keyed.setdefault(title, []).append((i, years[0]))
    out = {i for group in keyed.values() if len({y for _, y in group}) >= 2 for i, _ in group}
    if out and lines:
        last = lines[-1].replace(" ", "")
        titles = [t for t, g in keyed.items() if g[0][0] in out]
        if len(last) >= CUT_ENTRY_CHARS and not _YEAR.search(last) and any(t.startswith(last) for t in titles):
            out.add(len(lines) - 1)
    return out


def lists_files(view: View) -> bool:
    """Most of the page's own lines are download entries (at least ``MIN_ENTRIES`` of them): lines offering a file,
    or one title repeated for different years (an archive of the document by year)."""
    if view.doc.kind != "html":
        return False
    words, heads = _words("file_entry_words"), _words("file_entry_lines")
    title = view.title.strip()
    lines = [ln.strip() for _, n in view.page_norms for ln in n.split("\n") if ln.strip() and ln.strip() != title]
    yearly = _year_entries(lines)
    if yearly:  # the archive's year headings ("ปี พ.ศ. 2565") over each year's entries are part of the list
        yearly |= {i for i, ln in enumerate(lines) if _YEAR_HEADING.match(ln)}
    entries = sum(1 for i, ln in enumerate(lines) if i in yearly or _is_entry(ln, words, heads))
    return entries >= MIN_ENTRIES and entries >= MIN_SHARE * len(lines)
