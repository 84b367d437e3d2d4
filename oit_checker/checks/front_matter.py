"""A standard document known by its opening: the parts its official form always carries are presumed.

Why: LAO plans and reports follow forms the Ministry of Interior fixes (แผนพัฒนาท้องถิ่น, แผนการ
ดำเนินงาน, รายงานการติดตามและประเมินผล…). Agencies often publish only the document's opening as
text — its title with the period, then its preface (คำนำ), introduction (บทนำ, ส่วนที่ 1) or the
regulation it is made under — and an assessor accepts that as the document. When a ``phrases``
check's groups are not all in the text, its ``document:`` entry says how such an opening looks:

- one of ``names`` heads a line of the document's opening (its title, not a passing mention), or the opening
  says it made the document by that name (``self_naming_words`` + the name: "…ได้จัดทำรายงานการติดตามและ
  ประเมินผล…", the first sentence of a report whose cover is a picture);
- one of ``front_matter_words`` (rules/common/vocabulary.yaml) or the rule's own ``opening`` phrases is
  in its opening;
- one of its ``with`` phrases, if it has any, is in its opening too (the six-month report says its
  months: an annual report of the same committee is not it), and none of its ``not`` phrases;
- it is not an announcement or a post pointing to an attachment (``announcement_words``,
  ``attachment_phrases``): those present the document, they are not it — unless ``listing`` says the
  document is itself a list of instruments in force, each a download (the HR rules of O27: the list
  names the rules, the files hold them);
- the text read is short (``MAX_CHARS``): a full document lacking the parts really lacks them;
- its opening does not file the cover as an entry of its own ("ปก", ``file_list.files_cover``): that is a list
  of the document's files, whose "คำนำ"/"สารบัญ" are entries, not the document's preface.

The evidence then says which parts were presumed, so the officer can confirm them by eye.
"""

from __future__ import annotations

from oit_checker import file_list, thai, vocabulary
from oit_checker.checks.base import snippet_at
from oit_checker.locate import ABOUT_CHARS, OPENING_SLACK, View, match_term, needle

MAX_CHARS = 4000  # more text than an opening: the parts would be in it if the document had them


def _any(text: str, key: str, terms: list[str]) -> str | None:
    return next((t for t in terms if match_term(text, key, t)), None)


def _heads_a_line(text: str, name: str) -> bool:
    """The name starts one of the opening's lines (a site banner or a category heading may come first)."""
    nk = needle(name)[1]
    return bool(nk) and any(0 <= thai.key_of_normalized(ln).find(nk) <= OPENING_SLACK
                            for ln in text.split("\n") if ln.strip())


SELF_REFERENCE_SPAN = 60  # letters of the fuzzy key from "จัดทำ<name>" to "เล่มนี้"/"ฉบับนี้" (one clause)


def _self_named(text: str, key: str, name: str, common: dict) -> bool:
    """The opening says it made the document by its name ("…ได้จัดทำรายงานการติดตามและประเมินผล…", "…จัดทำ
    แผนปฏิบัติการประจำปีการศึกษา 2565 เพื่อใช้…"): a preface or first sentence presenting the document itself,
    when its title is a picture or a cover line the text lost (``self_naming_words``); or the bare "จัดทำ" + the name
    followed in the same clause by "this volume" (``self_reference_words``: "…จัดทำคู่มือการปฏิบัติงานธุรการ…
    เล่มนี้ขึ้น…"), read on the fuzzy key so that split vowels of a PDF copy do not hide it."""
    if any(match_term(text, key, word + name) for word in common.get("self_naming_words") or []):
        return True
    refs = [k for k in (needle(w)[1] for w in common.get("self_reference_words") or []) if k]
    made = needle("จัดทำ" + name)[1]
    if not refs or not made:
        return False
    if _made_then_this(key, made, refs):
        return True
    # the preface says it made "this volume" ("…จึงจัดทำแผนนี้ขึ้น", "…ได้จัดทำเอกสารฉบับนี้ขึ้น") after naming the
    # document in the sentence before ("…ให้โรงเรียนในสังกัด จัดทำแผนปฏิบัติการประจำปีการศึกษา 2565 … จึงจัดทำแผนนี้ขึ้น")
    return match_term(text, key, name) and any(
        _made_then_this(key, k, refs) for k in (needle(w)[1] for w in common.get("self_naming_words") or []) if k)


def _made_then_this(key: str, made: str, refs: list[str]) -> bool:
    """``made`` is followed within one clause (``SELF_REFERENCE_SPAN``) by a "this volume" word."""
    i = key.find(made)
    while i >= 0:
        window = key[i + len(made):i + len(made) + SELF_REFERENCE_SPAN]
        if any(r in window for r in refs):
            return True
        i = key.find(made, i + 1)
    return False


def presumed(cfg: dict | None, view: View) -> str | None:
    """Where the opening names the document (a snippet) when it is the standard document ``cfg`` describes."""
    if not cfg or len(view.content) > MAX_CHARS:
        return None
    text = view.content[:ABOUT_CHARS]
    key = thai.key_of_normalized(text)
    common = vocabulary.common()
    name = next((n for n in cfg.get("names") or []
                 if _heads_a_line(text, n) or _self_named(text, key, n, common)), None)
    if not name:
        return None
    if not _any(text, key, list(common.get("front_matter_words", [])) + list(cfg.get("opening") or [])):
        return None
    if cfg.get("with") and not _any(text, key, list(cfg["with"])):
        return None
    if _any(text, key, list(cfg.get("not") or [])) or file_list.files_cover(text):
        return None
    stops = list(common.get("announcement_words", []))
    if not cfg.get("listing"):
        stops += list(common.get("attachment_phrases", []))
    if _any(view.content, view.content_key, stops):
        return None
    return snippet_at(view.content, name)
