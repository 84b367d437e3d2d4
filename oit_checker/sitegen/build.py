"""The parts of a test site built from a :class:`Spec`: documents, news, pages written, ground truth.

One engine makes the bundled demo site and every generated site; a structure only
changes where documents live and how they are reached (see ``layouts.py``), and
``oit_checker.sitegen.build_site`` puts the parts together.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from oit_checker.sitegen import content, render
from oit_checker.sitegen.content import FISCAL_YEAR, PROFILE, fill, h1_months, library, month_ctx, period_year, round_of
from oit_checker.thai import fiscal_year_of

TEMPLATES = Path(__file__).resolve().parent.parent / "demo" / "templates"
STRUCTURES = ("demo", "hub", "menus", "cp874", "deep", "query")
_BE_YEAR = re.compile(r"(?<!\d)25[5-7]\d(?!\d)")
PHRASES_PROBLEMS = ["ปัญหา อุปสรรค", "ข้อเสนอแนะ"]
SOR_KOR_ROR_HEAD = ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)", "ราคากลาง (บาท)",
                    "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
                    "เหตุผลที่คัดเลือกโดยสังเขป", "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง"]


@dataclass
class Spec:
    """What to build: structure, agency, chosen wording and the planted gaps."""

    structure: str
    agency: dict
    labels: dict[str, str]
    gaps: dict[str, dict] = field(default_factory=dict)
    seed: int = 0
    size: int = 12
    truncate: set[str] = field(default_factory=set)
    fiscal_year: int = FISCAL_YEAR
    profile: str = PROFILE  # the round whose items (rounds.yaml) the site publishes; gaps use its codes
    behaviours: dict[str, str] = field(default_factory=dict)  # round item code -> behaviour (behaviours.py)


@dataclass
class Doc:
    """One published document or page."""

    code: str | None
    id: str
    format: str
    title: str
    blocks: list
    url: str = ""
    file: str = ""
    evidence: bool = True
    scanned: bool = False
    landscape: bool = False
    write: bool = True
    date: str = ""
    crumbs: list = field(default_factory=list)


@dataclass
class Page:
    """A navigation page (home, hub, list) rendered through the site template."""

    url: str
    file: str
    title: str
    content: str
    crumbs: list = field(default_factory=list)
    date: str = ""


class Site:
    """Everything that ends up on disk, with the layout's choices."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rnd = random.Random(spec.seed)
        self.docs: dict[str, list[Doc]] = {}
        self.news: list[Doc] = []
        self.pages: list[Page] = []
        self.routes: dict[str, dict] = {}
        self.images: dict[str, tuple[str, str]] = {}
        self.counter = 0
        self.round = round_of(spec.profile)
        self.items: dict[str, dict] = self.round["items"]  # the round's items, in its numbering
        self.units: list[str] = list(dict.fromkeys(u for i in self.items.values() for u in i["units"]))
        self.unit_item = {u: c for c, i in self.items.items() for u in i["units"]}
        self.gaps: dict[str, dict] = {}  # planted gaps by content unit (spec.gaps is by the round's item code)
        self.behaviours: dict[str, dict] = {}  # planted behaviours by round item code, with their truth
        self.extra: list[Doc] = []  # site-level pages and files a behaviour adds; each page is a top menu entry
        self.centre: list[tuple[str, Doc]] = []  # (entry title, file) listed in a document centre (behaviours.py)

    def news_missing(self) -> bool:
        """The round's news item is planted "not found": the agency posts no news at all (a dated post about its
        work, whatever it is titled, would be that item's evidence, so no noise news and no news list either)."""
        return any(g.get("kind") == "not_found" and content.unit_concept(u) == "news" for u, g in self.gaps.items())

    def unit_period(self, unit: str) -> str:
        """A unit alone in its item takes the item's period (a round may move it); merged units keep their own."""
        item = self.items.get(self.unit_item.get(unit, ""), {})
        if item.get("units") == [unit]:
            return item["period"]
        return library()["items"][unit]["period"]

    def wrong_period_shift(self, unit: str) -> int:
        """Years a wrong-period plant dates the unit back: one, or two where the round's criteria also accept
        the year before (``accepts_year_before`` in rounds.yaml; 2566 O33, the No Gift report) — a report of
        the year before is no gap there."""
        item = self.items.get(self.unit_item.get(unit, ""), {})
        return -2 if item.get("units") == [unit] and item.get("accepts_year_before") else -1

    # ------------------------------------------------------------ helpers

    def ctx(self, code: str | None = None, shift: int = 0) -> dict:
        a = self.spec.agency
        fy = self.spec.fiscal_year
        c = {"agency": a["name"], "short": a.get("short", a["name"]), "cur": fy, "prev": fy - 1}
        for k in ("address", "district", "province", "phone", "fax", "email", "facebook", "line", "mayor",
                  "mayor_title", "clerk"):
            c[k] = a.get(k, "")
        if code:
            y = period_year(self.unit_period(code), fy) + shift
            c.update(y=y, yy=y - 2500, label=self.label(code))
        return c

    def image(self, kind: str, key: str) -> str:
        url = f"/images/{kind}-{hashlib.sha1(key.encode()).hexdigest()[:8]}.png"
        self.images[url] = (kind, key)
        return url

    def main_url(self, code: str) -> str:
        """Where menus, sidebars and the hub point for an item ("#" when it is absent)."""
        docs = self.docs.get(code)
        if not docs:
            return "#"
        gap = self.gaps.get(code, {})
        if gap.get("kind") == "broken_link":
            return gap["url"]
        return docs[0].url

    def label(self, code: str) -> str:
        """The unit's wording on this site; a library label may name the period year ({y-4} – {y})."""
        raw = self.spec.labels.get(code) or library()["items"][code]["labels"][0]
        y = period_year(self.unit_period(code), self.spec.fiscal_year)
        return fill(raw, {"y": y, "yy": y - 2500})

    def item_url(self, pcode: str) -> str:
        """Where the hub and the ITA sidebar point for one of the round's items (its first unit)."""
        return self.main_url(self.items[pcode]["units"][0])

    def item_label(self, pcode: str) -> str:
        return self.label(self.items[pcode]["units"][0])


# ---------------------------------------------------------------- documents


def make_item_docs(site: Site, code: str) -> list[Doc]:
    """Fill the item's library entry into documents (gaps applied, months expanded)."""
    item = library()["items"][code]
    gap = site.gaps.get(code)
    kind = gap["kind"] if gap else None
    shift = site.wrong_period_shift(code) if kind == "wrong_period" else 0
    out: list[Doc] = []
    for spec in content.item_docs(code, gap):
        ctx = site.ctx(code, shift + int(spec.get("year_shift", 0)))
        if spec.get("each_month"):
            missing = set(gap.get("months", [])) if kind == "missing_months" else set()
            for ybe, m in h1_months(site.spec.fiscal_year):
                if f"{ybe}-{m:02d}" in missing:
                    continue
                mctx = {**ctx, **month_ctx(ybe, m)}
                fmt = "xlsx" if mctx["mm"] in spec.get("xlsx_months", []) else spec["format"]
                rows = fill(item.get("months", {}).get(mctx["mm"], []), mctx)
                blocks = []
                for b in spec["blocks"]:
                    if "month_table" in b:
                        if rows:
                            blocks.append({"table": {"head": SOR_KOR_ROR_HEAD, "rows": rows}})
                        else:
                            blocks.append({"p": fill("ไม่มีการจัดซื้อจัดจ้างในเดือน{month} {myear}", mctx)})
                            blocks.append({"table": {"head": SOR_KOR_ROR_HEAD,
                                                     "rows": [["-", "ไม่มีการจัดซื้อจัดจ้าง"] + ["-"] * 7]}})
                    else:
                        blocks.append(fill(b, mctx))
                title = fill(spec["title"], mctx)
                if m == 2:  # abbreviated month and 2-digit year, as on many real files
                    title = fill("สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือน {month_abbr} {myy}", mctx)
                d = Doc(code, f"{spec['id']}-{mctx['mm']}", fmt, title,
                        render.digits(blocks, m == 11), landscape=True)
                d.file = fill(spec["file"], mctx).rsplit(".", 1)[0] + "." + fmt
                d.date = f"{mctx['month_abbr']} {mctx['myy']}"
                out.append(d)
            continue
        blocks = fill(spec["blocks"], ctx)
        d = Doc(code, spec["id"], spec["format"], fill(spec["title"], ctx),
                render.digits(blocks, bool(spec.get("digits") == "thai")),
                evidence=spec.get("evidence", True), landscape=bool(spec.get("landscape")))
        if d.format != "html":
            d.file = fill(spec["file"], ctx)
        if spec["format"] == "html":
            d.file = fill(item["path"], ctx) if item.get("path", "").endswith(".html") else ""
        out.append(d)
    if kind == "unreadable":
        for d in out:
            if d.format == "pdf":
                d.scanned = True
    return out


def make_news(site: Site) -> list[Doc]:
    """Ordinary news: the fixed ones from site.yaml, then invented noise up to ``size``; none on a site whose
    news item is planted missing (``Site.news_missing``)."""
    if site.news_missing():
        return []
    lib = library()["site"]
    delta = site.spec.fiscal_year - FISCAL_YEAR  # the news in site.yaml are dated for fiscal year 2565

    def moved(text: str) -> str:
        return _BE_YEAR.sub(lambda m: str(int(m.group(0)) + delta), text) if delta else text

    news = []
    for i, n in enumerate(lib["news"]):
        d = Doc(None, f"news-{i + 1}", "html", moved(n["title"]), [{"p": moved(fill(n["body"], site.ctx()))}],
                date=moved(n["date"]))
        news.append(d)
    topics = lib["noise_topics"]
    rnd = random.Random(site.spec.seed * 7919 + 1)
    for i in range(len(news), max(site.spec.size, len(news))):
        y = rnd.choice([2561, 2562, 2563, 2564, 2565, 2565, 2565]) + delta
        m = rnd.randint(1, 12)
        topic = rnd.choice(topics)
        date = f"{rnd.randint(1, 28)} {content.MONTHS_ABBR[m - 1]} {y}"
        body = [{"p": f"{site.spec.agency['name']} ดำเนินการ{topic} ประจำปี {y} ณ หมู่ที่ {rnd.randint(1, 9)} "
                      f"มีผู้เข้าร่วม {rnd.randint(20, 400)} คน"},
                {"p": "สอบถามรายละเอียดเพิ่มเติมได้ที่สำนักงานในวันและเวลาราชการ"}]
        d = Doc(None, f"news-{i + 1}", "html", f"{topic} ประจำปี {y}", body, date=date)
        news.append(d)
        if i % 4 == 0:  # an attachment every few news items
            att = Doc(None, f"news-{i + 1}-att", "pdf", f"ประกาศ {topic} ประจำปี {y}",
                      [{"p": f"เอกสารประกอบข่าว {topic}"}, {"p": f"ประกาศ ณ วันที่ {date}"}])
            att.file = f"/files/news/{y}/news-{i + 1}.pdf"
            d.blocks.append({"attach": {"doc": att, "text": f"ดาวน์โหลดเอกสาร {topic}"}})
            news.append(att)
    return news


def fy_news(site: Site) -> list[Doc]:
    """News dated in the assessed fiscal year (what O7 shows first)."""
    fy = site.spec.fiscal_year
    out = []
    for d in site.news:
        if d.format != "html" or not d.date:
            continue
        parts = d.date.split()
        y, m = int(parts[-1]), content.MONTHS_ABBR.index(parts[1]) + 1
        if fiscal_year_of(y, m) == fy:
            out.append((y * 100 + m, int(parts[0]), d))
    return [d for *_, d in sorted(out, key=lambda t: (t[0], t[1]), reverse=True)]


# ---------------------------------------------------------------- special blocks


def resolve_blocks(site: Site, d: Doc) -> list[dict]:
    """Turn library-only blocks (attach by id, executives, month links, news list) into plain ones."""
    out = []
    siblings = {x.id: x for x in site.docs.get(d.code, [])} if d.code else {}
    for b in d.blocks:
        if "attach" in b:
            target = b["attach"]["doc"]
            t = target if isinstance(target, Doc) else siblings.get(target)
            if t is None:
                continue
            out.append({"attach": {"href": t.url, "text": b["attach"]["text"], "bare": b["attach"].get("bare"),
                                   "viewer": b["attach"].get("viewer")}})
        elif "catalogue" in b:  # a document centre's table: number, title (the link), date
            rows = "".join(f'<tr><td>{i + 1}</td><td><a href="{html.escape(x.url)}">{html.escape(t)}</a></td>'
                           f"<td>{html.escape(x.format.upper())}</td></tr>" for i, (t, x) in enumerate(b["catalogue"]))
            out.append({"html": '<table class="data" border="1"><tr><th>ลำดับ</th><th>ชื่อเอกสาร</th>'
                                f"<th>ไฟล์</th></tr>{rows}</table>"})
        elif "executives" in b:
            out.append({"html": executives_html(site, d.code)})
        elif "month_links" in b:
            months = [x for x in site.docs.get(d.code, []) if x.id.startswith(b["month_links"]["doc"] + "-")]
            items = []
            for i, x in enumerate(months):
                mm = x.id.rsplit("-", 1)[1]
                text = x.title if i % 2 == 0 else f"สขร.1 ประจำเดือน {x.date} ({x.format.upper()})"
                items.append(f'<li><a href="{html.escape(x.url)}">{html.escape(text)}</a> ({mm})</li>')
            out.append({"html": "<ul class=\"doclist\">" + "".join(items) + "</ul>"})
        elif "news_list" in b:
            items = [f'<li><span class="date">{html.escape(n.date)}</span> <a href="{html.escape(n.url)}">'
                     f"{html.escape(n.title)}</a></li>" for n in fy_news(site)]
            out.append({"html": "<ul class=\"news\">" + "".join(items) + "</ul>"})
        elif "img" in b:
            i = b["img"]
            out.append({"img": {"src": site.image(i.get("kind", "photo"), f"{d.code}:{i.get('alt', '')}"),
                                "alt": i.get("alt", "")}})
        else:
            out.append(b)
    return out


def executives_html(site: Site, code: str) -> str:
    bare = site.gaps.get(code, {}).get("kind") == "missing_elements"
    execs = site.spec.agency.get("executives") or library()["site"]["executives"]
    cards = []
    for side, title in (("การเมือง", "ฝ่ายการเมือง"), ("ประจำ", "ฝ่ายข้าราชการประจำ")):
        cards.append(f"<h3>{title}</h3><div class=\"execs\">")
        for e in execs:
            if e["side"] != side:
                continue
            parts = ['<div class="exec">']
            if not bare:
                src = site.image("person", e["name"])
                parts.append(f'<img src="{src}" alt="{html.escape(e["name"])}" width="150">')
            parts.append(f"<p><strong>{html.escape(e['name'])}</strong><br>{html.escape(e['position'])}</p>")
            if not bare:
                parts.append(f"<p>โทร. {html.escape(e['phone'])}<br>อีเมล {html.escape(e['email'])}</p>")
            parts.append("</div>")
            cards.append("".join(parts))
        cards.append("</div>")
    return "\n".join(cards)


# ---------------------------------------------------------------- writing


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              keep_trailing_newline=True)


def write_site(site: Site, root: Path, layout) -> None:
    """Render every page and document into ``root`` and write ``_routes.json`` if needed."""
    env = _env()
    tpl = env.get_template("page.html.j2")
    menu, sidebar = layout.navigation(site)
    menu = menu + [{"text": d.title, "url": d.url, "children": []} for d in site.extra if d.format == "html"]
    lib_site = library()["site"]
    agency = {**lib_site["agency"], **site.spec.agency}
    noise = lib_site["noise"]

    def emit_html(url: str, file: str, title: str, content_html: str, crumbs, date: str) -> None:
        site.counter += 1
        text = tpl.render(title=title, agency=agency, noise=noise, menu=menu, sidebar=sidebar,
                          content=content_html, breadcrumb=crumbs, date=date, share=bool(date),
                          views=37 + site.counter * 3, counter=f"{184_312 + site.counter * 17:,}",
                          charset_meta=layout.charset_meta(url))
        layout.write_html(site, root, url, file, text)

    for p in site.pages:
        emit_html(p.url, p.file, p.title, p.content, p.crumbs, p.date)
    all_docs = [d for docs in site.docs.values() for d in docs] + site.news + site.extra
    for d in all_docs:
        if not d.write:
            continue
        if d.format == "html":
            emit_html(d.url, d.file, d.title, render.html_fragment(resolve_blocks(site, d)), d.crumbs, d.date)
            continue
        path = root / d.file.lstrip("/")
        if d.scanned:
            render.write_scanned_pdf(path, d.title, d.blocks, site.spec.seed)
        elif d.format == "pdf":
            render.write_pdf(path, d.title, d.blocks, d.landscape)
        elif d.format == "docx":
            render.write_docx(path, d.title, d.blocks, d.landscape)
        elif d.format == "xlsx":
            render.write_xlsx(path, d.title, d.blocks)
    render.write_png(root / "images" / "logo.png", "logo")
    for url, (kind, key) in sorted(site.images.items()):
        render.write_png(root / url.lstrip("/"), kind, key)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    site.routes = {u: r for u, r in site.routes.items() if "file" not in r or (root / r["file"]).exists()}
    if site.routes:
        (root / "_routes.json").write_text(json.dumps(site.routes, ensure_ascii=False, indent=1, sort_keys=True),
                                           encoding="utf-8")


# ---------------------------------------------------------------- ground truth


def ground_truth(site: Site) -> dict:
    """Per item: expected verdict, findings, evidence URLs and a one-line reason."""
    spec = site.spec
    items = {}
    for code, item in site.items.items():
        gap = spec.gaps.get(code)
        docs = [d for u in item["units"] for d in site.docs.get(u, [])]
        evidence = list(dict.fromkeys(d.url for d in docs if d.evidence))
        if gap and gap["kind"] == "broken_link":
            evidence = [u for u in evidence if u != gap["url"]] + [gap["url"]]
        entry = {"name": item["name"], "label": site.item_label(code), "period": item["period"],
                 "verdict": "pass", "findings": [], "evidence": evidence,
                 "reason": "เผยแพร่ครบตามองค์ประกอบและช่วงเวลา"}
        if gap:
            f = {k: v for k, v in gap.items() if k != "reason"}
            entry["findings"] = [f]
            entry["verdict"] = "unreadable" if gap["kind"] == "unreadable" else "fail"
            entry["reason"] = gap["reason"]
            partial = activity_posts(site, code) if gap["kind"] in ("not_found", "wrong_period") else []
            if partial and site.items[code].get("activity_is_evidence"):
                # the item asks only for an activity of the year, and the news report one: no gap
                entry.update(verdict="pass", findings=[], evidence=[partial[0].url],
                             reason=f"ข่าว \"{partial[0].title}\" เป็นกิจกรรมการมีส่วนร่วมของปีนี้ ซึ่งเป็นหลักฐานของข้อนี้"
                                    f" (แม้{gap['reason']})")
            elif partial and gap["kind"] == "not_found":
                f["kind"] = ["not_found", "missing_phrases", "missing_elements"]
                entry["reason"] += f" (ข่าว \"{partial[0].title}\" เป็นกิจกรรมของปีนี้ แต่ไม่มีผลการดำเนินการ)"
            elif partial and gap["kind"] == "wrong_period":
                # the item's own report is of another year, and this year's activity post has no outcome: "this
                # year's post lacks the outcome" is as right as "the report is last year's" (session 18, seed 1113:
                # a 2567 forum report beside "ประชุมประชาคมหมู่บ้าน ประจำปี 2568 … มีผู้เข้าร่วม 342 คน"). The
                # year details bind the first kind only (scripts/evaluate.py)
                f["kind"] = ["wrong_period", "missing_phrases"]
                entry["reason"] += f" (ข่าว \"{partial[0].title}\" เป็นกิจกรรมของปีนี้ แต่ไม่มีผลการดำเนินการ)"
            elif gap["kind"] == "not_found" and (other := activity_posts(site, code, any_year=True)):
                # only another year's activity of the kind (no outcome): that post, said to be of the wrong year
                # and without the outcome, is as right as "not found" (session 17, seed 1109: a forum post of
                # 2 พ.ย. 2569 for ITA 2569, fiscal year 2570)
                f["kind"] = ["not_found", "missing_phrases", "wrong_period"]
                entry["reason"] += f" (ข่าว \"{other[0].title}\" เป็นกิจกรรมของปีอื่น และไม่มีผลการดำเนินการ)"
            if gap["kind"] == "unreadable":  # the scan holds a complete document: OCR reads it
                entry["ocr_verdict"] = "pass"
        items[code] = entry
    n_pages = len(site.pages) + sum(1 for d in site.news if d.format == "html" and d.write) + sum(
        1 for docs in site.docs.values() for d in docs if d.format == "html" and d.write) + sum(
        1 for d in site.extra if d.format == "html")
    n_docs = sum(1 for d in site.news + site.extra if d.format != "html" and d.write) + sum(
        1 for docs in site.docs.values() for d in docs if d.format != "html" and d.write)
    return {"schema_version": 1, "profile": spec.profile, "fiscal_year": spec.fiscal_year,
            "agency": spec.agency["name"], "structure": spec.structure, "seed": spec.seed, "size": spec.size,
            "start_url": "/", "counts": {"pages": n_pages, "documents": n_docs}, "items": items}


def other_items_evidence(site: Site, items: dict) -> dict:
    """Truth entries (after behaviours) where another item's published document is this item's evidence too
    (``also_evidence`` in rounds.yaml): an item planted missing or of another year also passes on it."""
    for code, entry in items.items():
        others = [items[o] for o in site.items[code].get("also_evidence") or [] if o in items]
        kinds = {k for f in entry["findings"] for k in ([f["kind"]] if isinstance(f["kind"], str) else f["kind"])}
        if entry["verdict"] != "fail" or not kinds & {"not_found", "wrong_period"}:
            continue
        shown = [o for o in others if o["verdict"] == "pass" and o["evidence"]]
        if shown:
            evidence = entry["evidence"] + [u for o in shown for u in o["evidence"]]
            items[code] = {**entry, "verdict": ["fail", "pass"], "evidence": list(dict.fromkeys(evidence)),
                           "reason": entry["reason"] + " (หรือผ่าน: \"" + shown[0]["label"] + "\" ของข้อ "
                                     + shown[0]["name"] + " เป็นกิจกรรมของข้อนี้ด้วย)"}
    return items


def activity_posts(site: Site, code: str, any_year: bool = False) -> list[Doc]:
    """Noise posts that are an incomplete document of the round's item ``code``: an activity of its concept
    (``noise_concepts`` in site.yaml) dated in the item's year (any year with ``any_year``), with no outcome.
    Where the round's item asks only for an activity (``activity_is_evidence`` in rounds.yaml) such a post of
    the year is complete evidence."""
    topics = {t for t, c in (library()["site"].get("noise_concepts") or {}).items()
              if c in {content.unit_concept(u) for u in site.items[code]["units"]}}
    if not topics:
        return []
    year = period_year(site.items[code]["period"], site.spec.fiscal_year)
    out = []
    for d in site.news:
        if d.format != "html" or not d.write or not d.date or not any(d.title.startswith(t) for t in topics):
            continue
        day, month, y = d.date.split()
        if any_year or fiscal_year_of(int(y), content.MONTHS_ABBR.index(month) + 1) == year:
            out.append(d)
    return out


def gap_reason(code: str, gap: dict) -> str:
    k = gap["kind"]
    if k == "missing_phrases":
        return "ไม่ปรากฏ" + " และ".join(gap["phrases"])
    if k == "missing_months":
        return "ไม่มีสรุปผลการจัดซื้อจัดจ้างรายเดือน " + ", ".join(gap["months"])
    if k == "wrong_period":
        if gap["expected"] - gap["found"] > 1:  # the round accepts the year before too (wrong_period_shift)
            return (f"เป็นข้อมูลของปี พ.ศ. {gap['found']} ไม่ใช่ปี พ.ศ. {gap['expected']} "
                    f"หรือปีก่อนหน้า ({gap['expected'] - 1}) ที่เกณฑ์ยอมรับ")
        return f"เป็นข้อมูลของปี พ.ศ. {gap['found']} ไม่ใช่ปี พ.ศ. {gap['expected']}"
    if k == "broken_link":
        return "ลิงก์หลักฐานเปิดไม่ได้ (404)"
    if k == "unreadable":
        return "ไฟล์ PDF เป็นภาพสแกน ไม่มีข้อความ (ต้อง OCR)"
    if k == "missing_elements":
        return "ไม่ปรากฏองค์ประกอบ: " + ", ".join(gap["elements"])
    if k == "not_online_service":
        return "มีเพียงแบบฟอร์มให้ดาวน์โหลด ไม่มีบริการออนไลน์จริง"
    return "ไม่พบข้อมูลบนเว็บไซต์"


def complete_gap(site: Site, code: str, gap: dict) -> dict:
    """Add the details a ground truth needs (phrases, years, URLs) to a planted gap."""
    k = gap["kind"]
    g = dict(gap)
    if k == "missing_phrases":
        g.setdefault("phrases", list(PHRASES_PROBLEMS))
    elif k == "wrong_period":
        exp = period_year(site.unit_period(code), site.spec.fiscal_year)
        g.update(found=exp + site.wrong_period_shift(code), expected=exp)
    elif k == "missing_elements":
        g.setdefault("elements", ["photo", "contact"] if code == "O2" else ["email", "map"])
    g["reason"] = gap_reason(code, g)
    return g


def dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
