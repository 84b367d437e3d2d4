"""Site behaviours of real Thai agency sites (field-notes §C.2), planted on one item each, with their truth.

Why: the checker agreed fully with sites that publish evidence the way our library does, and
much less with real sites. Each behaviour rewrites one item's documents the way agencies really
publish them (a post that only says "รายละเอียดตามไฟล์แนบ", a Drive link, a CE date…) and says
what the assessor would conclude: pass, or fail with the finding the assessor would write
(``oit-criteria.md`` §2–§3). Wording comes from titles.yaml, field-notes and the seeds, never
from ``rules/``.

``choose`` picks items in ``random_spec`` (no gap on them, one behaviour per item); ``apply_docs``
runs once the item documents exist, ``apply_news`` once the news exist, ``after_assign`` once the
layout has given every document its URL; ``ground_truth`` reads ``site.behaviours``.
"""

from __future__ import annotations

import hashlib
import random
import re

from oit_checker.sitegen.build import (
    PHRASES_PROBLEMS,
    SOR_KOR_ROR_HEAD,
    Doc,
    Site,
    complete_gap,
    executives_html,
    make_item_docs,
)
from oit_checker.sitegen.content import (
    MONTHS_ABBR,
    MONTHS_TH,
    fill,
    gap_eligible,
    h1_months,
    library,
    month_ctx,
    names_missing,
    other_documents,
    period_year,
    real_titles,
    round_of,
    rounds,
    unit_concept,
)

# Narrow behaviours (one possible item) come first so that "all" finds each an item.
BEHAVIOURS = ("chart_beside_text", "per_person_no_photo", "map_iframe", "map_picture", "info_centre_word",
              "xlsx_month_sheets", "partial_coverage", "news_filed", "ce_dates", "numeric_dates", "fy_boundary",
              "attachment_post", "drive_only", "heading_only", "catalogue_404",
              # added later, appended so that a seed plants the earlier ones on the same items
              "doc_centre_incomplete", "older_repost", "doc_centre_filed", "image_table_page", "pdf_viewer")
GENERIC_LINKS = ("เปิดไฟล์ PDF", "ดาวน์โหลด", "เอกสารแนบ", "คลิกที่นี่")
NEWS_CONCEPTS = ("executive_participation", "risk_assessment", "risk_actions", "culture_building", "participation")
POSTS_STRUCTURES = ("menus", "deep")  # no hub: the news sit in the same lists as the evidence posts
_YEAR = re.compile(r"(พ\.ศ\.\s*)?(25[4-7]\d)")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_YEAR_PHRASE = re.compile(r"\s*(?:ประจำ)?\s*ปี\s*(?:งบประมาณ)?\s*(?:พ\.ศ\.)?\s*25[4-7]\d(?:\s*[-–]\s*25[4-7]\d)?")
_DATED = re.compile(r"(?:ประกาศ\s*)?ณ\s*วันที่\s*\d{1,2}\s*\S+\s*(?:พ\.ศ\.)?\s*25[4-7]\d")
_ANY_YEAR = re.compile(r"\s*(?:พ\.ศ\.)?\s*25[4-7]\d")
SCORE_LINE = "ผลการดำเนินงานคิดเป็นร้อยละ 90.34 ของเป้าหมาย"  # a decimal that must not read as the year 2590
# How Thai document centres title themselves (field-notes §C.2, titles.yaml "news"/menus) and the unrelated
# files they list beside the evidence.
CENTRE_TITLES = ("ศูนย์ข้อมูลข่าวสาร", "เอกสารเผยแพร่", "ดาวน์โหลดเอกสาร")
CENTRE_URL = "/download/documents.html"
CENTRE_NOISE = ("แบบคำร้องทั่วไป", "แบบคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ", "แบบคำร้องขอข้อมูลข่าวสาร")


def parse(text: str | None) -> list[str] | str:
    """``all``, ``none``, ``random`` or a comma list → the names (or "random"); a clear error otherwise."""
    text = (text or "none").strip()
    if text in ("none", ""):
        return []
    if text == "all":
        return list(BEHAVIOURS)
    if text == "random":
        return "random"
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in BEHAVIOURS]
    if unknown:
        raise ValueError(f"unknown behaviour {', '.join(unknown)}; choose all, none, random or from "
                         f"{', '.join(BEHAVIOURS)}")
    return names


# ---------------------------------------------------------------- eligibility


def _files(unit: str) -> list[dict]:
    return [d for d in library()["items"][unit]["docs"] if d["format"] != "html" and not d.get("gap_only")]


def _html_first(unit: str) -> bool:
    return library()["items"][unit]["docs"][0]["format"] == "html"


def _one_file(unit: str) -> bool:
    files = _files(unit)
    return len(files) == 1 and not files[0].get("each_month") and files[0]["format"] in ("pdf", "docx")


def _in_file(unit: str) -> bool:
    """One PDF/Word file holds the evidence; a page, if any, only introduces and links it."""
    return _one_file(unit) and all(set(b) <= {"p", "attach", "gap", "gap_only"}
                                   for d in library()["items"][unit]["docs"] if d["format"] == "html"
                                   for b in d["blocks"])


def _text(unit: str) -> str:
    return repr(library()["items"][unit]["docs"])


def eligible(name: str, unit: str, period: str, structure: str) -> bool:
    """Whether behaviour ``name`` can be planted in content unit ``unit`` (alone in its item, period ``period``)."""
    concept = unit_concept(unit)
    if name == "chart_beside_text":
        return concept == "org_structure"
    if name == "per_person_no_photo":
        return "executives" in _text(unit)
    if name in ("map_iframe", "map_picture"):
        return "'map'" in _text(unit)
    if name == "info_centre_word":
        return concept == "news" and structure not in POSTS_STRUCTURES
    if name == "xlsx_month_sheets":
        return any(d.get("each_month") for d in _files(unit))
    if name == "partial_coverage":
        return period == "H1" and not any(d.get("each_month") for d in _files(unit)) and (
            "มีนาคม {y}" in _text(unit) or "มี.ค. {yy}" in _text(unit))
    if name == "news_filed":
        return concept in NEWS_CONCEPTS
    if name in ("ce_dates", "numeric_dates", "fy_boundary"):
        text = _text(unit)
        return (period == "CUR" and _one_file(unit) and "{y" in _files(unit)[0]["title"]
                and "{y-4}" not in text and "{y+" not in text and library()["items"][unit].get("shift_ok", True))
    if name in ("attachment_post", "catalogue_404"):
        return _in_file(unit)
    if name == "doc_centre_filed":  # a paraphrase needs a real title other than the one the site labels it with
        return _in_file(unit) and period != "LIVE" and len(real_titles().get(concept) or []) >= 2
    if name == "doc_centre_incomplete":
        return _in_file(unit) and bool(real_titles().get(concept)) and gap_eligible(unit, "missing_phrases")
    if name == "image_table_page":
        return _in_file(unit) and period != "LIVE"
    if name == "pdf_viewer":
        return _in_file(unit) and _files(unit)[0]["format"] == "pdf" and period != "LIVE"
    if name == "older_repost":
        text = _text(unit)
        return (period in ("CUR", "PREV", "H1") and _in_file(unit) and "{y" in _files(unit)[0]["title"]
                and "{y-4}" not in text and "{y+" not in text and library()["items"][unit].get("shift_ok", True))
    if name == "drive_only":
        return bool(_files(unit)) and period != "LIVE"
    if name == "heading_only":
        return _html_first(unit) and period == "NONE" and not _files(unit)
    return False


def choose(names: list[str] | str, seed: int, profile: str, structure: str, taken: set[str],
           no_news: bool = False) -> dict[str, str]:
    """{round item code: behaviour}: each named behaviour on one random eligible item not in ``taken``.
    ``no_news``: the site posts no news (its news item planted missing), so nothing is filed as news.

    A separate random stream from the gaps', so a seed plants the same gaps with or without behaviours.
    """
    rnd = random.Random(seed * 104_729 + 17)
    order = list(BEHAVIOURS)
    if names == "random":
        names = [n for n in order if rnd.random() < 0.5]
    names = [n for n in order if n in names]
    if "map_iframe" in names and "map_picture" in names and rnd.random() < 0.5:  # one O5: alternate per seed
        names.remove("map_picture")
        names.insert(names.index("map_iframe"), "map_picture")
    rd = round_of(profile)
    unsupported = (rounds().get("unsupported_gaps") or {}).get(profile, [])
    out: dict[str, str] = {}
    for name in names:
        if name == "news_filed" and (no_news or "info_centre_word" in out.values()):
            continue  # a site without news cannot file evidence as news
        if name == "doc_centre_incomplete" and "missing_phrases" in unsupported:
            continue  # the round does not ask for the problems/suggestions part (rounds.yaml unsupported_gaps)
        options = [c for c, item in rd["items"].items() if c not in taken and c not in out
                   and len(item["units"]) == 1 and eligible(name, item["units"][0], item["period"], structure)]
        if options:
            out[rnd.choice(options)] = name
    if "info_centre_word" in out.values():
        out = {c: n for c, n in out.items() if n != "news_filed"}
    return out


# ---------------------------------------------------------------- helpers


def _strings(value, fn):
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: (v if isinstance(v, Doc) or k in ("doc", "href", "src") else _strings(v, fn))
                for k, v in value.items()}
    return value


def _each_doc(docs: list[Doc], fn) -> None:
    for d in docs:
        d.title = fn(d.title)
        d.blocks = _strings(d.blocks, fn)


def _record(site: Site, code: str, name: str, verdict: str = "pass", findings: list | None = None,
            reason: str = "", docs: list[Doc] | None = None) -> None:
    site.behaviours[code] = {"name": name, "verdict": verdict, "findings": findings or [],
                             "reason": reason or "เผยแพร่ครบตามองค์ประกอบและช่วงเวลา", "docs": docs}


def _real_title(site: Site, unit: str, rnd: random.Random) -> str:
    titles = _unshared(site, unit, real_titles().get(unit_concept(unit)) or [])
    return rnd.choice(titles) if titles else site.label(unit)


def _unshared(site: Site, unit: str, titles: list[str]) -> list[str]:
    """``titles`` without those naming an item the site plants as not found too (content.names_missing)."""
    missing = {unit_concept(u) for u, g in site.gaps.items() if g.get("kind") == "not_found"}
    return [t for t in titles if not names_missing(t, unit_concept(unit), missing)]


def _post_date(site: Site, n: int) -> str:
    return f"{3 + n % 25} มี.ค. {site.spec.fiscal_year}"


# ---------------------------------------------------------------- documents


def apply_docs(site: Site) -> None:
    """Rewrite the documents of every item that carries a behaviour (news behaviours wait for the news)."""
    rnd = random.Random(site.spec.seed * 7_877 + 3)
    for code, name in sorted(site.spec.behaviours.items(), key=lambda kv: int(kv[0][1:])):
        unit = site.items[code]["units"][0]
        docs = site.docs.get(unit) or []
        if name in ("news_filed", "info_centre_word", "doc_centre_filed", "doc_centre_incomplete"):
            continue
        globals()[f"_{name}"](site, code, unit, docs, rnd)


def _attachment_post(site, code, unit, docs, rnd) -> None:
    file = next(d for d in docs if d.format != "html")
    label = site.label(unit)
    date = _post_date(site, int(code[1:]))
    page = Doc(unit, "post", "html", label, [
        {"p": label}, {"p": f"วันที่ {date}"}, {"p": "รายละเอียดตามไฟล์แนบ"},
        {"attach": {"doc": file, "text": rnd.choice(GENERIC_LINKS), "bare": True}}], date=date)
    site.docs[unit] = [page, file]
    _record(site, code, "attachment_post",
            reason="หลักฐานอยู่ในไฟล์แนบของประกาศ (ลิงก์ข้อความทั่วไป) เผยแพร่ครบถ้วน")


def _chart_beside_text(site, code, unit, docs, rnd) -> None:
    page = docs[0]
    alt = f"แผนภูมิโครงสร้าง {site.spec.agency['name']}"
    big = site.image("chart", f"{unit}:big:{alt}")
    small = site.image("chart", f"{unit}:{alt}")
    text = [b for b in page.blocks if "img" not in b and "p" not in b]
    page.blocks = [{"h": site.label(unit)},
                   {"html": f'<p class="img"><a href="{big}"><img src="{small}" alt="{alt}" width="640"></a></p>'},
                   {"p": "คลิกเพื่อดูภาพที่ขนาดใหญ่ขึ้น"}] + text
    _record(site, code, "chart_beside_text",
            reason="มีแผนภูมิเป็นภาพ และรายชื่อส่วนราชการ ตำแหน่งสำคัญเป็นข้อความครบ")


def _per_person_no_photo(site, code, unit, docs, rnd) -> None:
    page = docs[0]
    full = executives_html(site, unit)
    bare = re.sub(r'<img [^>]*>', "", full)
    page.blocks = [b for b in page.blocks if "executives" not in b] + [{"html": bare}]
    _record(site, code, "per_person_no_photo", "fail", [{"kind": "missing_elements", "elements": ["photo"]}],
            "ไม่ปรากฏรูปถ่ายของผู้บริหารแต่ละคน")


def _map_iframe(site, code, unit, docs, rnd) -> None:
    page = docs[0]
    page.blocks = [b for b in page.blocks if "map" not in b and "แผนที่" not in str(b.get("h", ""))]
    page.blocks.append({"html": '<iframe src="https://www.google.com/maps/embed?pb=!1m14!1m8!1m3!1d15107.2!2d100.5'
                                '!3d13.7" width="600" height="450" style="border:0;" allowfullscreen="" '
                                'loading="lazy"></iframe>'})
    _record(site, code, "map_iframe", reason="มีที่อยู่ โทรศัพท์ อีเมล และแผนที่ (Google Maps ฝังในหน้า)")


def _map_picture(site, code, unit, docs, rnd) -> None:
    page = docs[0]
    page.blocks = [b for b in page.blocks if "map" not in b and "แผนที่" not in str(b.get("h", ""))]
    src = site.image("map", f"{unit}:map")
    page.blocks.append({"html": f'<figure><img src="{src}" alt="" width="480"><figcaption>แผนที่'
                                f"</figcaption></figure>"})
    _record(site, code, "map_picture", reason="มีที่อยู่ โทรศัพท์ อีเมล และแผนที่ (ภาพแผนที่)")


def _xlsx_month_sheets(site, code, unit, docs, rnd) -> None:
    page = docs[0]
    item = library()["items"][unit]
    fy = site.spec.fiscal_year
    sheets = []
    empty = rnd.choice([(y, m) for y, m in h1_months(fy) if item.get("months", {}).get(f"{m:02d}")])
    for y, m in h1_months(fy):
        mctx = month_ctx(y, m)
        rows = item.get("months", {}).get(mctx["mm"], []) if (y, m) != empty else []
        rows = fill(rows, {**site.ctx(unit), **mctx})
        blocks = [{"p": f"แบบ สขร.1 ประจำเดือน{mctx['month']} {y}"}]
        if rows:
            blocks.append({"table": {"head": SOR_KOR_ROR_HEAD, "rows": rows}})
        else:
            blocks.append({"p": f"เดือน{mctx['month']} {y} ไม่มีการจัดซื้อจัดจ้าง"})
        sheets.append({"sheet": f"{MONTHS_ABBR[m - 1]} {y - 2500}", "blocks": blocks})
    book = Doc(unit, "book", "xlsx", f"สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำปีงบประมาณ {fy} (ต.ค. {fy - 2501} "
                                     f"- มี.ค. {fy - 2500})", sheets, landscape=True)
    book.file = f"/files/procurement/sorkorror1-{fy}.xlsx"
    page.blocks = [{"p": "แบบสรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1) แยกแผ่นงานตามเดือน"},
                   {"attach": {"doc": book, "text": book.title}}]
    site.docs[unit] = [page, book]
    _record(site, code, "xlsx_month_sheets",
            reason=f"มีสรุปผลครบ 6 เดือน (แผ่นงานละเดือน; เดือน{MONTHS_TH[empty[1] - 1]} แจ้งว่าไม่มีการจัดซื้อจัดจ้าง)")


def _partial_coverage(site, code, unit, docs, rnd) -> None:
    fy = site.spec.fiscal_year
    y = period_year(site.unit_period(unit), fy)
    subs = [(f"31 มีนาคม {y}", f"31 ธันวาคม {y - 1}"), (f"มีนาคม {y}", f"ธันวาคม {y - 1}"),
            (f"มี.ค. {y}", f"ธ.ค. {y - 1}"), (f"มี.ค. {y - 2500}", f"ธ.ค. {y - 2501}"),
            ("รอบ 6 เดือน", "ไตรมาสที่ 1 (3 เดือน)"), ("6 เดือน", "3 เดือน")]

    def cut(text: str) -> str:
        text = text.translate(_THAI_DIGITS)
        for a, b in subs:
            text = text.replace(a, b)
        return text

    for d in docs:
        d.blocks = [_drop_h2_columns(b, y) for b in d.blocks]
    _each_doc(docs, cut)
    _record(site, code, "partial_coverage", "fail", [{"kind": "short_coverage"}],
            "ข้อมูลไม่ครอบคลุม 6 เดือนแรกของปีงบประมาณ (ต.ค.–มี.ค.) มีเพียง ต.ค.–ธ.ค.")


_H2 = ("ม.ค.", "ก.พ.", "มี.ค.", "มกราคม", "กุมภาพันธ์", "มีนาคม")


def _num(v) -> int:
    return int(str(v).translate(_THAI_DIGITS).replace(",", ""))


def _drop_h2_columns(block: dict, y: int) -> dict:
    """A table by month keeps ต.ค.–ธ.ค. only (columns or rows), with its total recomputed."""
    t = block.get("table")
    if not t or not t.get("head"):
        return block
    late = {i for i, h in enumerate(t["head"]) if str(h).translate(_THAI_DIGITS).startswith(_H2)}
    keep = [i for i in range(len(t["head"])) if i not in late]
    head = [t["head"][i] for i in keep]
    rows = [[r[i] for i in keep] for r in t["rows"] if not str(r[0]).startswith(_H2)]
    if len(rows) == len(t["rows"]) and not late:
        return block
    if "รวม" in head:  # a total column: the sum of the month columns left
        months = [i for i, h in enumerate(head) if str(h).startswith(("ต.ค.", "พ.ย.", "ธ.ค."))]
        for row in rows:
            row[head.index("รวม")] = sum(_num(row[i]) for i in months)
    total = [r for r in rows if str(r[0]) == "รวม"]
    if total and late == set():  # a total row: the sum of the month rows left
        body = [r for r in rows if str(r[0]) != "รวม"]
        for j in range(1, len(head)):
            try:
                total[0][j] = sum(_num(r[j]) for r in body)
            except ValueError:
                pass
    return {"table": {"head": head, "rows": rows}}


def _ce_dates(site, code, unit, docs, rnd) -> None:
    def ce(text: str) -> str:
        return _YEAR.sub(lambda m: ("ค.ศ. " if m.group(1) else "") + str(int(m.group(2)) - 543),
                         text.translate(_THAI_DIGITS))

    _each_doc(docs, ce)
    for d in docs:
        if d.file:
            d.file = _YEAR.sub(lambda m: str(int(m.group(2)) - 543), d.file)
    _dated(docs, None)
    _record(site, code, "ce_dates", reason="ลงปีเป็น ค.ศ. ซึ่งตรงกับปีงบประมาณที่ประเมิน")


def _undated(docs: list[Doc]) -> None:
    """Drop every year from the documents (titles, dated lines, file names)."""

    def strip(text: str) -> str:
        text = text.translate(_THAI_DIGITS)
        text = _DATED.sub("", text)
        text = _YEAR_PHRASE.sub("", text)
        return _ANY_YEAR.sub("", text).strip()

    _each_doc(docs, strip)
    for d in docs:
        if d.file:
            d.file = re.sub(r"-?25[4-7]\d", "", d.file)
        d.blocks = [b for b in d.blocks if not ("p" in b and not b["p"].strip())]


def _dated(docs: list[Doc], line: str | None) -> None:
    """Add the date line (if any) and a decimal score to the file documents."""
    for d in docs:
        if d.format == "html":
            continue
        if line:
            d.blocks.append({"p": line})
        d.blocks.append({"p": SCORE_LINE})


def _redate(site, code, unit, docs, name: str, date: str, why: str) -> None:
    """Date the item's documents only by ``date`` ({y1}: the calendar year before fiscal year {y})."""
    y = period_year(site.unit_period(unit), site.spec.fiscal_year)
    _undated(docs)
    when = date.format(y1=y - 1)
    _dated(docs, f"ประกาศ ณ วันที่ {when}")
    _record(site, code, name, reason=why.format(when=when, y=y))


def _numeric_dates(site, code, unit, docs, rnd) -> None:
    _redate(site, code, unit, docs, "numeric_dates", "15/12/{y1}", "ลงวันที่แบบตัวเลข {when} ซึ่งอยู่ในปีงบประมาณ พ.ศ. {y}")


def _fy_boundary(site, code, unit, docs, rnd) -> None:
    _redate(site, code, unit, docs, "fy_boundary", "9 ธันวาคม {y1}",
            "ลงวันที่ {when} ซึ่งอยู่ในปีงบประมาณ พ.ศ. {y} (ต.ค.–ก.ย.)")


def _drive_only(site, code, unit, docs, rnd) -> None:
    label = site.label(unit)
    key = "1" + hashlib.sha1(f"{site.spec.seed}:{unit}".encode()).hexdigest()[:24]
    page = Doc(unit, "post", "html", label, [
        {"p": label},
        {"link": {"href": f"https://drive.google.com/file/d/{key}/view?usp=sharing", "text": "คลิกที่นี่"}}],
        date=_post_date(site, 2))
    site.docs[unit] = [page]
    if label in (other_documents().get(unit_concept(unit)) or []):
        # the title names another document, or only a category of several items (other_documents.yaml): nothing
        # ties the post to the item
        _record(site, code, "drive_only", "fail", [{"kind": ["off_site", "not_found"]}],
                f"หลักฐานอยู่บน Google Drive เท่านั้น และชื่อโพสต์ \"{label}\" ไม่ได้บอกว่าเป็นเอกสารของข้อนี้")
        return
    _record(site, code, "drive_only", "fail", [{"kind": "off_site"}],
            "หลักฐานอยู่บน Google Drive เท่านั้น ไม่ได้เผยแพร่บนเว็บไซต์หลักของหน่วยงาน")


def _heading_only(site, code, unit, docs, rnd) -> None:
    page = docs[0]
    stats = [["หมู่ที่ 1", "412", "438", "850"], ["หมู่ที่ 2", "388", "401", "789"],
             ["หมู่ที่ 3", "295", "310", "605"], ["รวม", "1,095", "1,149", "2,244"]]
    if rnd.random() < 0.5:
        page.blocks = [{"h": site.label(unit)},
                       {"p": "จำนวนประชากรในเขตพื้นที่ (ข้อมูลจากสำนักทะเบียนราษฎร)"},
                       {"table": {"head": ["หมู่บ้าน", "ชาย", "หญิง", "รวม"], "rows": stats}}]
        what = "ใต้หัวข้อเป็นข้อมูลจำนวนประชากร ไม่ใช่ข้อมูลของข้อนี้"
    else:
        page.blocks = [{"h": site.label(unit)}, {"p": "อยู่ระหว่างปรับปรุงข้อมูล"}]
        what = "มีเพียงหัวข้อ ไม่มีเนื้อหา"
    site.docs[unit] = [page]
    _record(site, code, "heading_only", "fail",
            [{"kind": ["missing_phrases", "missing_elements", "not_found"]}], what)


def _catalogue_404(site, code, unit, docs, rnd) -> None:
    file = next(d for d in docs if d.format != "html")
    other = Doc(unit, "form", "pdf", "แบบคำร้องทั่วไป", [{"p": "แบบคำร้องทั่วไป"}, {"p": "ชื่อผู้ยื่นคำร้อง ..."}],
                evidence=False)
    other.file = f"/files/download/form-{unit.lower()}.pdf"
    page = Doc(unit, "catalogue", "html", "ศูนย์รวมเอกสารเผยแพร่", [
        {"p": "เอกสารเผยแพร่ของหน่วยงาน"},
        {"catalogue": [(file.title, file), (other.title, other)]}])
    site.docs[unit] = [page, file, other]
    _record(site, code, "catalogue_404", "fail", [{"kind": "broken_link", "status": 404}],
            "ลิงก์หลักฐานเปิดไม่ได้ (404)")


def _older_repost(site, code, unit, docs, rnd) -> None:
    """The previous fiscal year's edition stays posted beside the current one (either may come first)."""
    file = next(d for d in docs if d.format != "html")
    site.gaps[unit] = {"kind": "wrong_period"}  # make_item_docs dates a wrong_period gap back (wrong_period_shift)
    try:
        old = next(d for d in make_item_docs(site, unit) if d.format != "html")
    finally:
        del site.gaps[unit]
    old.id, old.evidence = f"{file.id}-prev", False
    stem, ext = file.file.rsplit(".", 1)
    old.file = f"{stem}-prev.{ext}" if old.file == file.file else old.file
    page = next((d for d in docs if d.format == "html"), None)
    if page is None:
        label = site.label(unit)
        page = Doc(unit, "page", "html", label, [{"p": label}, {"attach": {"doc": file, "text": file.title}}])
        docs.insert(0, page)
    entry = {"attach": {"doc": old, "text": old.title}}
    at = next(i for i, b in enumerate(page.blocks) if "attach" in b)
    page.blocks.insert(at + (rnd.random() < 0.5), entry)
    docs.append(old)
    site.docs[unit] = docs
    y = period_year(site.unit_period(unit), site.spec.fiscal_year)
    _record(site, code, "older_repost",
            reason=f"มีเอกสารของปี พ.ศ. {y} ครบถ้วน (ฉบับปี พ.ศ. {y - 1} ยังแสดงอยู่คู่กัน)")


def _image_table_page(site, code, unit, docs, rnd) -> None:
    """The item page shows the document as a picture of a table; the text is in the file behind a bare link."""
    file = next(d for d in docs if d.format != "html")
    label = site.label(unit)
    src = site.image("table", f"{unit}:{label}")
    page = Doc(unit, "page", "html", label, [
        {"html": f'<p class="img"><img src="{src}" alt="" width="800"></p>'},
        {"attach": {"doc": file, "text": rnd.choice(("ดาวน์โหลด", "ดาวน์โหลดเอกสาร", "คลิกที่นี่")), "bare": True}}])
    site.docs[unit] = [page, file]
    _record(site, code, "image_table_page",
            reason="หน้าเว็บแสดงตารางเป็นภาพ ไฟล์ที่ให้ดาวน์โหลดมีข้อความครบถ้วน")


def _pdf_viewer(site, code, unit, docs, rnd) -> None:
    """The item's post shows its PDF only inside a PDF.js viewer frame (field-notes §C.2 "viewers instead of links":
    ``<iframe src="…/pdfjs/web/viewer.html?file=…">``, no link, no link text): the file is on the site, read through
    the frame. Draws nothing from ``rnd`` (the behaviours after it keep their plantings)."""
    file = next(d for d in docs if d.format != "html")
    label = site.label(unit)
    date = _post_date(site, int(code[1:]))
    page = Doc(unit, "post", "html", label, [
        {"p": label}, {"p": f"วันที่ {date}"}, {"attach": {"doc": file, "text": "", "viewer": True}}], date=date)
    site.docs[unit] = [page, file]
    _record(site, code, "pdf_viewer",
            reason="เอกสารแสดงในกรอบโปรแกรมอ่าน PDF (PDF.js) บนหน้าเว็บของหน่วยงาน เนื้อหาครบถ้วน")


# ---------------------------------------------------------------- news


def apply_news(site: Site) -> None:
    """Behaviours that live in the news: evidence filed as a news post; a site whose only "news" is a word."""
    rnd = random.Random(site.spec.seed * 6_151 + 5)
    for code, name in site.spec.behaviours.items():
        unit = site.items[code]["units"][0]
        if name == "news_filed":
            _news_filed(site, code, unit, rnd)
        elif name == "info_centre_word":
            _info_centre_word(site, code, unit)
        elif name in ("doc_centre_filed", "doc_centre_incomplete"):
            _doc_centre(site, code, unit, name, rnd)


def _news_filed(site: Site, code: str, unit: str, rnd: random.Random) -> None:
    docs = site.docs.pop(unit, [])
    files = [d for d in docs if d.format != "html"]
    text = [b for d in docs if d.format == "html" for b in d.blocks if "attach" not in b]
    title = _real_title(site, unit, rnd)
    fy = site.spec.fiscal_year
    date = f"{rnd.randint(1, 28)} {MONTHS_ABBR[rnd.choice([0, 1, 2, 3, 4])]} {fy}"
    post = Doc(None, f"news-{unit.lower()}", "html", title,
               [{"p": f"{site.spec.agency['name']} {title}"}] + text +
               [{"attach": {"doc": f, "text": f.title}} for f in files], date=date)
    for f in files:
        f.code = None
    site.news.insert(0, post)
    site.news.extend(files)
    _record(site, code, "news_filed", reason="เผยแพร่เป็นข่าวประชาสัมพันธ์ มีเนื้อหาครบ", docs=[post, *files])


def _info_centre_word(site: Site, code: str, unit: str) -> None:
    site.news = []
    page = Doc(unit, "info", "html", "ศูนย์ข้อมูลข่าวสาร", [
        {"p": "ศูนย์ข้อมูลข่าวสารตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540"},
        {"ul": ["ระเบียบ ข้อบังคับ", "คำสั่งแต่งตั้งคณะกรรมการศูนย์ข้อมูลข่าวสาร", "สถานที่ตั้งศูนย์ข้อมูลข่าวสาร"]}],
        evidence=False)
    site.docs[unit] = [page]
    _record(site, code, "info_centre_word", "fail", [{"kind": ["not_found", "missing_phrases"]}],
            "ไม่มีข่าวประชาสัมพันธ์ของหน่วยงาน (มีเพียงคำว่า ศูนย์ข้อมูลข่าวสาร)", docs=[])


def _doc_centre(site: Site, code: str, unit: str, name: str, rnd: random.Random) -> None:
    """The item's file is listed only in the site's document centre, under a real but paraphrased title.

    Nothing else links it (no hub row, menu or post): the checker has to judge the file by what it says.
    ``doc_centre_incomplete``: the same, but the file lacks the problems/suggestions part (``oit-criteria`` §3).
    """
    if name == "doc_centre_incomplete":
        gap = complete_gap(site, unit, {"kind": "missing_phrases"})
        site.gaps[unit] = gap
        try:
            docs = make_item_docs(site, unit)
        finally:
            del site.gaps[unit]
        site.docs.pop(unit, None)
    else:
        docs = site.docs.pop(unit, [])
    file = next(d for d in docs if d.format != "html")
    avoid = {site.label(unit), file.title}
    titles = [t for t in _unshared(site, unit, real_titles().get(unit_concept(unit)) or []) if t not in avoid] or [
        site.label(unit)]
    entry = rnd.choice(titles)
    key = hashlib.sha1(f"{site.spec.seed}:{unit}:centre".encode()).hexdigest()[:10]
    file.file = f"/files/download/doc-{key}.{file.format}"
    file.code = None
    site.news.append(file)
    site.centre.append((entry, file))
    if name == "doc_centre_incomplete":
        _record(site, code, name, "fail", [{"kind": "missing_phrases", "phrases": list(PHRASES_PROBLEMS)}],
                gap["reason"] + " (เอกสารอยู่ในศูนย์เอกสารเผยแพร่)", docs=[file])
    else:
        _record(site, code, name, reason=f"เอกสารอยู่ในหน้ารวมเอกสารดาวน์โหลดของเว็บไซต์ ชื่อ \"{entry}\" เนื้อหาครบ",
                docs=[file])


def _centre_page(site: Site) -> None:
    """One document centre for every item filed there, with unrelated forms beside them, as a top menu entry."""
    if not site.centre:
        return
    rnd = random.Random(site.spec.seed * 3_571 + 11)
    entries = list(site.centre)
    for i, title in enumerate(CENTRE_NOISE):
        form = Doc(None, f"centre-form-{i}", "pdf", title, [{"p": title}, {"p": "ชื่อผู้ยื่นคำร้อง ..."},
                                                              {"p": "ที่อยู่ ..."}], evidence=False)
        form.file = form.url = f"/files/download/form-{i + 1}.pdf"
        site.extra.append(form)
        entries.append((title, form))
    rnd.shuffle(entries)
    title = rnd.choice(CENTRE_TITLES)
    page = Doc(None, "centre", "html", title, [{"p": f"{title} {site.spec.agency['name']}"},
                                               {"catalogue": entries}], evidence=False)
    page.file = page.url = CENTRE_URL
    site.extra.insert(0, page)


def after_assign(site: Site) -> None:
    """Once URLs exist: the document centre page; a catalogue entry's file missing (404), named by its finding."""
    _centre_page(site)
    for code, rec in site.behaviours.items():
        if rec["name"] != "catalogue_404":
            continue
        unit = site.items[code]["units"][0]
        target = site.docs[unit][1]
        target.write = False
        rec["findings"][0]["url"] = target.url


def truth(site: Site, code: str, entry: dict) -> dict:
    """The ground-truth entry of an item that carries a behaviour."""
    rec = site.behaviours.get(code)
    if not rec:
        return entry
    entry = {**entry, "verdict": rec["verdict"], "findings": rec["findings"], "reason": rec["reason"],
             "behaviour": rec["name"]}
    if rec["docs"] is not None:
        entry["evidence"] = [d.url for d in rec["docs"] if d.evidence]
    if rec["name"] == "catalogue_404":
        url = rec["findings"][0]["url"]
        entry["evidence"] = [u for u in entry["evidence"] if u != url] + [url]
    return entry


