"""Site structures: where documents live and how a visitor reaches them.

- ``demo``/``hub``: an ITA hub table plus ordinary menus, and a sidebar repeating ITA labels.
- ``menus``: no hub; evidence posted in generic categories (ข่าวประชาสัมพันธ์, ประกาศ…).
- ``cp874``: the hub site in windows-874 bytes, with missing or wrong charsets.
- ``deep``: evidence 4–6 clicks down, behind paginated lists.
- ``query``: query-string URLs of common Thai CMSs, served through ``_routes.json``.
"""

from __future__ import annotations

import hashlib
import html
import unicodedata
from pathlib import Path

from oit_checker.sitegen.build import Doc, Page, Site, fy_news


def groups(site: Site) -> list[tuple[str, list[str]]]:
    """The hub's groups of the site's round (rounds.yaml): the group heading and its item codes."""
    return [(g["name"], list(g["items"])) for g in site.round["groups"].values()]


def subindicator(site: Site, code: str) -> str:
    return next((sid for sid, g in site.round["groups"].items() if code in g["items"]), "")


# Content units (ITA 2565 numbering) that ordinary menus link to, when the site's round publishes them.
MENU_ITEMS = ["O1", "O2", "O3", "O5", "O7", "O8", "O9", "O17", "O30", "O32"]


def truncate(text: str, n: int) -> str:
    """Cut anchor text with "…" as hub tables do, never between a letter and its marks."""
    while n < len(text) and unicodedata.category(text[n]) == "Mn":
        n += 1
    return text[:n] + "…"


def esc(s: str) -> str:
    return html.escape(s)


def link_list(entries: list[tuple[str, str]], cls: str = "doclist") -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in entries) + "</ul>"


def pager_html(urls: list[str], current: int) -> str:
    """"หน้า 1 2 3 ถัดไป" as real CMSs print it."""
    parts = ["หน้า"]
    for i, u in enumerate(urls):
        parts.append(f"<strong>{i + 1}</strong>" if i == current else f'<a href="{esc(u)}">{i + 1}</a>')
    if current + 1 < len(urls):
        parts.append(f'<a href="{esc(urls[current + 1])}">ถัดไป</a>')
    return '<p class="pager">' + " ".join(parts) + "</p>"


class HubLayout:
    """Readable paths from the library, an ITA hub page, menus and an ITA sidebar."""

    name = "hub"
    direct_links = True
    hub_url = "/ita/index.html"
    hub_file = "/ita/index.html"
    news_prefix = "/news/"
    ita_sidebar = True

    # ---------------------------------------------------------- URLs

    def assign(self, site: Site) -> None:
        for code, docs in site.docs.items():
            for d in docs:
                if d.format == "html":
                    d.file = d.file or f"/ita/{code.lower()}.html"
                    d.url = self.page_url(site, d, d.file)
                else:
                    d.url = self.file_url(d)
            self.after_item(site, code, docs)
        n = 0
        for d in site.news:
            if d.format == "html":
                n += 1
                d.file = f"{self.news_prefix}view-{n}.html"
                d.url = self.page_url(site, d, d.file)
            else:
                d.url = self.file_url(d)

    def page_url(self, site: Site, d: Doc, file: str) -> str:
        return file

    def file_url(self, d: Doc) -> str:
        return d.file

    def after_item(self, site: Site, code: str, docs: list[Doc]) -> None:
        return

    # ---------------------------------------------------------- pages

    def pages(self, site: Site) -> None:
        site.pages.append(self.home(site))
        site.pages.extend(self.news_archive(site))
        site.pages.append(self.hub(site))
        site.pages.extend(self.stale_pages(site))

    def home(self, site: Site) -> Page:
        a = site.spec.agency
        latest = [(f"{n.date} {n.title}", n.url) for n in fy_news(site)[:6]]
        body = [f"<p>ยินดีต้อนรับสู่เว็บไซต์ {esc(a['name'])}</p>"]
        if not site.news_missing():  # an agency posting no news has no news box
            body += ["<h3>ข่าวล่าสุด</h3>", link_list(latest, "news"),
                     f'<p><a href="{esc(self.news_archive_urls(site)[0])}">ข่าวทั้งหมด</a></p>']
        body.append("<h3>ลิงก์แนะนำ</h3>")
        banners = [("ITA การประเมินคุณธรรมและความโปร่งใส", self.hub_url)] if self.hub_url else []
        banners += [("E-Service บริการออนไลน์", site.main_url("O17")),
                    ("ร้องเรียนการทุจริต", site.main_url("O30")),
                    ("ศูนย์ดำรงธรรม", "https://www.damrongdhama.moi.go.th/"),
                    ("กรมส่งเสริมการปกครองท้องถิ่น", "https://www.dla.go.th/")]
        # an item the agency does not publish gets no banner: a banner naming the corruption channel that links
        # nowhere is a channel mentioned but not working (the checker says so), not the "not found" the truth plants
        body.append(link_list([(text, url) for text, url in banners if url != "#"], "banners"))
        return Page("/", "/index.html", "หน้าหลัก", "\n".join(body))

    def news_archive_urls(self, site: Site) -> list[str]:
        n = max(1, (sum(1 for d in site.news if d.format == "html") + 19) // 20)
        return [f"{self.news_prefix}archive-{i + 1}.html" for i in range(n)]

    def news_archive(self, site: Site) -> list[Page]:
        if site.news_missing():
            return []
        news = [d for d in site.news if d.format == "html"]
        urls = self.news_archive_urls(site)
        out = []
        for i, u in enumerate(urls):
            chunk = news[i * 20:(i + 1) * 20]
            body = link_list([(f"{d.date} {d.title}", d.url) for d in chunk], "news") + pager_html(urls, i)
            out.append(Page(u, u, "ข่าวทั้งหมด", body))
        return out

    def hub(self, site: Site) -> Page:
        rows = []
        for code, item in site.items.items():
            unit = item["units"][0]
            text = site.label(unit)
            docs = site.docs.get(unit) or []
            if docs and docs[0].format != "html":
                text = docs[0].title
            if code in site.spec.truncate and len(text) > 28:
                text = truncate(text, 26)
            url = site.main_url(unit)
            cell = esc("ไม่มีข้อมูล") if url == "#" else f'<a href="{esc(url)}">{esc(text)}</a>'
            rows.append(f"<tr><td>{code}</td><td>{subindicator(site, code)}</td><td>{esc(item['name'])}</td>"
                        f"<td>{cell}</td></tr>")
        fy = site.spec.fiscal_year
        body = (f"<p>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {fy}</p>"
                '<table class="data" border="1"><tr><th>ข้อ</th><th>ตัวชี้วัดย่อย</th><th>ข้อมูล</th>'
                "<th>ลิงก์</th></tr>" + "".join(rows) + "</table>")
        return Page(self.hub_url, self.hub_file, f"ITA {fy} การเปิดเผยข้อมูลสาธารณะ (OIT)", body)

    def stale_pages(self, site: Site) -> list[Page]:
        a = site.spec.agency
        return [
            Page("/about/history.html", "/about/history.html", "ประวัติความเป็นมา",
                 f"<p>{esc(a['name'])} ยกฐานะจากสภาตำบลเมื่อปี พ.ศ. 2540 และเป็นเทศบาลตำบลเมื่อปี พ.ศ. 2551</p>"
                 "<p>ข้อมูล ณ วันที่ 1 มิถุนายน 2561</p>"),
            Page("/about/vision-2561.html", "/about/vision-2561.html", "วิสัยทัศน์ (ปี 2561)",
                 "<p>วิสัยทัศน์การพัฒนา พ.ศ. 2559 – 2561 “ชุมชนเข้มแข็ง”</p><p>ปรับปรุงล่าสุด 26 ต.ค. 61</p>"),
        ]

    # ---------------------------------------------------------- navigation

    def navigation(self, site: Site) -> tuple[list[dict], list[dict]]:
        def entry(code: str) -> dict:
            return {"text": site.label(code), "url": site.main_url(code)}

        menu = [
            {"text": "หน้าหลัก", "url": "/", "children": []},
            {"text": "ข้อมูลพื้นฐาน", "url": "/about/history.html",
             "children": [{"text": "ประวัติความเป็นมา", "url": "/about/history.html"}] +
             [entry(c) for c in ("O1", "O2", "O3", "O6")]},
            {"text": "แผนงาน", "url": site.main_url("O4"), "children": [entry(c) for c in ("O4", "O10", "O12")]},
            {"text": "งบประมาณ", "url": site.main_url("O18"), "children": [entry(c) for c in ("O18", "O19", "O20")]},
            {"text": "จัดซื้อจัดจ้าง", "url": site.main_url("O22"),
             "children": [entry(c) for c in ("O21", "O22", "O23", "O24")]},
            {"text": "ข่าวสาร", "url": site.main_url("O7"), "children": [entry("O7")]},
            {"text": "บริการประชาชน", "url": site.main_url("O17"),
             "children": [entry(c) for c in ("O14", "O17", "O8", "O32")]},
            {"text": "ร้องเรียน", "url": site.main_url("O30"), "children": [entry(c) for c in ("O29", "O30")]},
        ]
        if self.hub_url:
            menu.append({"text": "ITA", "url": self.hub_url, "children": []})
        menu.append({"text": "ติดต่อเรา", "url": site.main_url("O5"), "children": []})
        menu.append({"text": "ดาวน์โหลด", "url": "#", "children": [  # dead menu entries, as on real sites
            {"text": "แบบฟอร์มต่าง ๆ", "url": "/download/forms.php"},
            {"text": "เว็บบอร์ดเก่า", "url": "#"}]})
        sidebar = []
        if self.ita_sidebar:
            for title, codes in groups(site):
                sidebar.append({"title": title, "links": [{"text": site.item_label(c), "url": site.item_url(c)}
                                                          for c in codes]})
        agency_links = [{"text": "สำนักงาน ป.ป.ช.", "url": "https://www.nacc.go.th/"},
                        {"text": "ระบบ e-GP", "url": "https://www.gprocurement.go.th/"}]
        if site.spec.agency.get("facebook", "https://www.facebook.com/"):
            agency_links.append({"text": "Facebook", "url": site.spec.agency.get("facebook", "https://www.facebook.com/")})
        sidebar.append({"title": "ลิงก์หน่วยงาน", "links": agency_links})
        return menu, sidebar

    # ---------------------------------------------------------- bytes

    def charset_meta(self, url: str) -> str | None:
        return '<meta charset="utf-8">'

    def write_html(self, site: Site, root: Path, url: str, file: str, text: str) -> None:
        path = root / file.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


class DemoLayout(HubLayout):
    name = "demo"


class Cp874Layout(HubLayout):
    """The hub site as an old Thai CMS serves it: windows-874 bytes, charsets missing or wrong."""

    name = "cp874"

    def variant(self, url: str) -> int:
        if url in ("/", "/index.html"):
            return 0
        return int(hashlib.sha1(url.encode()).hexdigest()[:4], 16) % 4

    def charset_meta(self, url: str) -> str | None:
        v = self.variant(url)
        if v == 0:
            return '<meta charset="windows-874">'
        if v == 1:
            return '<meta http-equiv="Content-Type" content="text/html; charset=tis-620">'
        return None  # 2: no charset anywhere; 3: no meta and a wrong ISO-8859-1 header

    def write_html(self, site: Site, root: Path, url: str, file: str, text: str) -> None:
        path = root / file.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("cp874", errors="xmlcharrefreplace"))
        if self.variant(url) == 3:
            site.routes[url] = {"file": file.lstrip("/"), "headers": {"Content-Type": "text/html; charset=ISO-8859-1"}}


class QueryLayout(HubLayout):
    """URLs like ``index.php?mod=blog&id=12`` and ``/public/list/data/detail/id/55/menu/1568``."""

    name = "query"
    hub_url = "/public/list/data/index/menu/1568"
    hub_file = "/pages/ita-hub.html"
    news_prefix = "/pages/news-"

    def __init__(self) -> None:
        self.n = 0

    def page_url(self, site: Site, d: Doc, file: str) -> str:
        self.n += 1
        d.file = f"/pages/p{self.n}.html"
        if d.code is None:
            url = f"/index.php?mod=blog&id={self.n}"
        elif self.n % 2:
            url = f"/index.php?mod=blog&id={self.n}&id_sub={int(d.code[1:])}"
        else:
            url = f"/public/list/data/detail/id/{self.n}/menu/{1500 + int(d.code[1:])}"
        site.routes[url] = {"file": d.file.lstrip("/")}
        return url

    def file_url(self, d: Doc) -> str:
        ext = d.file.rsplit(".", 1)[1]
        key = hashlib.sha1(d.file.encode()).hexdigest()[:12]
        d.file = f"/public/upload/file_{key}.{ext}"
        return f"{d.file}?time={1640000000 + int(key[:5], 16)}"

    def news_archive_urls(self, site: Site) -> list[str]:
        n = max(1, (sum(1 for d in site.news if d.format == "html") + 19) // 20)
        return [f"/index.php?mod=blog&type=list&page={i + 1}" for i in range(n)]

    def news_archive(self, site: Site) -> list[Page]:
        out = super().news_archive(site)
        for p in out:
            p.file = f"/pages/list-{p.url.rsplit('=', 1)[1]}.html"
            site.routes[p.url] = {"file": p.file.lstrip("/")}
        return out

    def pages(self, site: Site) -> None:
        super().pages(site)
        site.routes[self.hub_url] = {"file": self.hub_file.lstrip("/")}
        site.routes["/index.php"] = {"file": "index.html"}


class PostsLayout(HubLayout):
    """Base for structures that post evidence as entries in category lists."""

    direct_links = False
    hub_url = ""
    ita_sidebar = False
    per_page = 15
    categories = [("news", "ข่าวประชาสัมพันธ์"), ("announce", "ประกาศ"), ("docs", "เอกสารเผยแพร่")]

    def keep_in_menu(self, code: str) -> bool:
        return code in MENU_ITEMS

    def assign(self, site: Site) -> None:
        if site.news_missing():  # an agency that posts no news has no news category (its posts are announcements)
            self.categories = [(k, t) for k, t in self.categories if k != "news"]
        self.posts: dict[str, list[Doc]] = {k: [] for k, _ in self.categories}
        cats = [k for k, _ in self.categories]
        n = 0
        for code in site.units:
            docs = site.docs.get(code)
            if not docs:
                continue
            for d in docs:
                if d.format != "html":
                    d.url = d.file
            if self.keep_in_menu(code) and docs[0].format == "html":
                docs[0].url = docs[0].file
                continue
            n += 1
            cat = cats[n % len(cats)]
            if docs[0].format == "html":
                post = docs[0]
            else:
                post = Doc(code, "post", "html", docs[0].title,
                           [{"p": f"{site.spec.agency['name']} ขอเผยแพร่ {docs[0].title}"}] +
                           [{"attach": {"doc": d.id, "text": f"ดาวน์โหลดไฟล์ {d.title}"}} for d in docs])
                docs.insert(0, post)
            post.file = f"/{cat}/view-{code.lower()}.html"
            post.url = post.file
            gap = site.gaps.get(code, {})
            year = gap["found"] if gap.get("kind") == "wrong_period" else site.spec.fiscal_year
            post.date = f"{3 + n % 25} มี.ค. {year}"
            self.posts[cat].append(post)
        i = 0
        for d in site.news:
            if d.format != "html":
                d.url = d.file
                continue
            i += 1
            cat = cats[i % len(cats)]
            d.file = f"/{cat}/view-n{i}.html"
            d.url = d.file
            self.posts[cat].append(d)
        self.order_posts(site)

    def order_posts(self, site: Site) -> None:
        """Newest first, as CMSs list them; evidence ends up on the first pages."""
        for cat in self.posts:
            self.posts[cat].sort(key=lambda d: (d.code is None, d.url))

    def list_urls(self, cat: str) -> list[str]:
        n = max(1, (len(self.posts[cat]) + self.per_page - 1) // self.per_page)
        return [f"/{cat}/index.html"] + [f"/{cat}/page-{i + 1}.html" for i in range(1, n)]

    def list_pages(self, site: Site, crumbs: list | None = None) -> list[Page]:
        out = []
        for cat, title in self.categories:
            urls = self.list_urls(cat)
            for i, u in enumerate(urls):
                chunk = self.posts[cat][i * self.per_page:(i + 1) * self.per_page]
                body = link_list([(f"{d.date} {d.title}".strip(), d.url) for d in chunk], "news")
                out.append(Page(u, u, title, body + pager_html(urls, i), crumbs=crumbs or []))
        return out

    def pages(self, site: Site) -> None:
        site.pages.append(self.home(site))
        site.pages.extend(self.list_pages(site))
        site.pages.extend(self.stale_pages(site))

    def news_archive_urls(self, site: Site) -> list[str]:
        return ["/news/index.html"]

    def navigation(self, site: Site) -> tuple[list[dict], list[dict]]:
        def entry(code: str) -> dict:
            return {"text": site.label(code), "url": site.main_url(code)}

        menu = [{"text": "หน้าหลัก", "url": "/", "children": []},
                {"text": "เกี่ยวกับเรา", "url": "/about/history.html",
                 "children": [{"text": "ประวัติความเป็นมา", "url": "/about/history.html"}] +
                 [entry(c) for c in ("O1", "O2", "O3") if self.keep_in_menu(c)]}]
        menu += [{"text": t, "url": f"/{k}/index.html", "children": []} for k, t in self.categories]
        menu.append({"text": "บริการออนไลน์", "url": site.main_url("O17"),
                     "children": [entry(c) for c in ("O17", "O8", "O30", "O32", "O9") if self.keep_in_menu(c)]})
        menu.append({"text": "ติดต่อเรา", "url": site.main_url("O5"), "children": []})
        sidebar = [{"title": "ลิงก์หน่วยงาน", "links": [
            {"text": "สำนักงาน ป.ป.ช.", "url": "https://www.nacc.go.th/"},
            {"text": "ศูนย์ดำรงธรรม", "url": "https://www.damrongdhama.moi.go.th/"},
            {"text": "กรมส่งเสริมการปกครองท้องถิ่น", "url": "https://www.dla.go.th/"}]}]
        return menu, sidebar


class MenusLayout(PostsLayout):
    name = "menus"

    def keep_in_menu(self, code: str) -> bool:
        return code in MENU_ITEMS and code != "O7"


class DeepLayout(PostsLayout):
    """Evidence 4–6 clicks down: home → ศูนย์ข้อมูลข่าวสาร → category → page N → detail → file."""

    name = "deep"
    per_page = 8
    categories = [("info/general", "ข้อมูลทั่วไป"), ("info/plan", "แผนงานและรายงาน"),
                  ("info/finance", "การเงินและพัสดุ"), ("info/integrity", "คุณธรรมและความโปร่งใส")]

    def keep_in_menu(self, code: str) -> bool:
        return code == "O5"

    def order_posts(self, site: Site) -> None:
        """Noise first: evidence sits on the later pages of each list."""
        for cat in self.posts:
            self.posts[cat].sort(key=lambda d: (d.code is not None, d.url))

    def pages(self, site: Site) -> None:
        crumbs = [{"text": "หน้าหลัก", "url": "/"}, {"text": "ศูนย์ข้อมูลข่าวสาร", "url": "/info/index.html"}]
        site.pages.append(self.home(site))
        site.pages.append(Page("/info/index.html", "/info/index.html", "ศูนย์ข้อมูลข่าวสาร",
                               link_list([(t, f"/{k}/index.html") for k, t in self.categories]), crumbs[:1]))
        site.pages.extend(self.list_pages(site, crumbs))
        site.pages.extend(self.stale_pages(site))
        for docs in site.docs.values():
            for d in docs:
                if d.format == "html":
                    d.crumbs = crumbs

    def home(self, site: Site) -> Page:
        p = super().home(site)
        p.content = (f"<p>ยินดีต้อนรับสู่เว็บไซต์ {esc(site.spec.agency['name'])}</p>"
                     '<p><a href="/info/index.html">ศูนย์ข้อมูลข่าวสาร</a></p>')
        return p

    def navigation(self, site: Site) -> tuple[list[dict], list[dict]]:
        menu = [{"text": "หน้าหลัก", "url": "/", "children": []},
                {"text": "ศูนย์ข้อมูลข่าวสาร", "url": "/info/index.html", "children": []},
                {"text": "ติดต่อเรา", "url": site.main_url("O5"), "children": []}]
        _, sidebar = super().navigation(site)
        return menu, sidebar


LAYOUTS = {"demo": DemoLayout, "hub": HubLayout, "cp874": Cp874Layout, "query": QueryLayout,
           "menus": MenusLayout, "deep": DeepLayout}


def get(name: str):
    return LAYOUTS[name]()
