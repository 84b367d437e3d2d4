"""Site behaviours of real agency sites (sitegen/behaviours.py): each is planted, served as its truth says.

Two small sites cover all twenty behaviours (seed 6: a hub site with every behaviour that fits a hub, and
a menus site with the news filing and the map picture); every check reads the bytes the server returns.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oit_checker.serve import SiteServer
from oit_checker.sitegen import BEHAVIOURS, generate_site, random_spec, verify
from oit_checker.sitegen.behaviours import CENTRE_URL, GENERIC_LINKS, SCORE_LINE
from oit_checker.sitegen.content import other_documents, real_titles, rounds
from oit_checker.thai import contains

ROOT = Path(__file__).resolve().parent.parent
_HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{behaviour: (item code, truth item, base URL, truth)} over the two served sites."""
    menus_list = ",".join(b for b in BEHAVIOURS if b != "map_iframe")
    plans = [("hub", "all"), ("menus", menus_list)]
    servers, out = [], {}
    try:
        for structure, names in plans:
            dest = tmp_path_factory.mktemp(f"bhv-{structure}")
            root = generate_site(dest, 6, structure, size=8, behaviours=names)
            truth = yaml.safe_load((dest / "ground_truth.yaml").read_text(encoding="utf-8"))
            server = SiteServer(root).start()
            servers.append(server)
            base = server.url.rstrip("/")
            for code, item in truth["items"].items():
                if item.get("behaviour"):
                    out.setdefault(item["behaviour"], (code, item, base, truth))
        yield out
    finally:
        for s in servers:
            s.stop()


def _main(base: str, url: str) -> str:
    return verify.main_html(verify.fetch(base + url).body)


def _text(base: str, url: str) -> str:
    return verify.text_of(verify.fetch(base + url))


def test_every_behaviour_is_planted_and_the_sites_answer_as_their_truth_says(sites):
    assert sorted(sites) == sorted(BEHAVIOURS)
    for _, _, base, truth in {id(v[3]): v for v in sites.values()}.values():
        assert verify.check_site(base, truth) == []


def test_no_behaviour_by_default_and_the_same_gaps_with_them():
    """Behaviours use their own random stream: a seed plants the same gaps with or without them."""
    plain, planted = random_spec(6, "hub"), random_spec(6, "hub", behaviours="all")
    assert plain.behaviours == {} and planted.behaviours
    assert plain.gaps == planted.gaps and plain.labels == planted.labels
    assert not set(planted.behaviours) & set(planted.gaps)


def test_unknown_behaviour_is_a_clear_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "oit_checker.sitegen", str(tmp_path), "--behaviours", "bogus"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "unknown behaviour bogus" in r.stderr


def test_attachment_post(sites):
    _, item, base, _ = sites["attachment_post"]
    assert item["verdict"] == "pass" and len(item["evidence"]) == 2
    page, file = item["evidence"]
    main = _main(base, page)
    assert "รายละเอียดตามไฟล์แนบ" in main
    link = re.search(r'<a href="([^"]+)">([^<]+)</a>', main.split("รายละเอียดตามไฟล์แนบ", 1)[1])
    assert link and link.group(1) == file and link.group(2) in GENERIC_LINKS
    assert len(_text(base, file)) > 100


def test_chart_beside_text(sites):
    _, item, base, _ = sites["chart_beside_text"]
    main = _main(base, item["evidence"][0])
    assert item["verdict"] == "pass"
    assert re.search(r'<a href="/images/chart-[0-9a-f]+\.png"><img ', main)
    assert "กองคลัง" in main and "ผู้อำนวยการกองคลัง" in main  # units and key positions as text


def test_per_person_no_photo(sites):
    _, item, base, truth = sites["per_person_no_photo"]
    main = _main(base, item["evidence"][0])
    assert item["verdict"] == "fail" and item["findings"] == [{"kind": "missing_elements", "elements": ["photo"]}]
    assert "<img" not in main and main.count("โทร.") >= 3


@pytest.mark.parametrize("name", ["map_iframe", "map_picture"])
def test_map_without_the_word_map_heading(sites, name):
    _, item, base, _ = sites[name]
    main = _main(base, item["evidence"][0])
    assert item["verdict"] == "pass" and "แผนที่ตั้ง" not in main
    if name == "map_iframe":
        assert '<iframe src="https://www.google.com/maps/embed' in main and "แผนที่" not in main
    else:
        assert "<iframe" not in main and "<figcaption>แผนที่</figcaption>" in main


def test_info_centre_word(sites):
    code, item, base, _ = sites["info_centre_word"]
    assert item["verdict"] == "fail" and item["evidence"] == []
    hub = verify.fetch(base + "/ita/index.html").body.decode()
    row = re.search(rf"<tr><td>{code}</td>.*?</tr>", hub).group(0)
    target = _HREF.search(row).group(1)
    assert "ศูนย์ข้อมูลข่าวสาร" in _main(base, target)
    archive = _main(base, "/news/archive-1.html")
    assert "view-" not in archive  # no news at all on the site


def test_xlsx_month_sheets(sites):
    import openpyxl

    _, item, base, truth = sites["xlsx_month_sheets"]
    book = next(u for u in item["evidence"] if u.split("?")[0].endswith(".xlsx"))
    wb = openpyxl.load_workbook(io.BytesIO(verify.fetch(base + book).body), read_only=True)
    assert item["verdict"] == "pass" and len(wb.sheetnames) == 6
    texts = [" ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v) for ws in wb]
    assert any("ไม่มีการจัดซื้อจัดจ้าง" in t and "จ้างก่อสร้าง" not in t for t in texts)


def test_partial_coverage(sites):
    _, item, base, truth = sites["partial_coverage"]
    files = [u for u in item["evidence"] if not u.endswith(".html")]
    text = " ".join(_text(base, u) for u in files)
    assert item["verdict"] == "fail" and item["findings"] == [{"kind": "short_coverage"}]
    assert f"ธันวาคม {truth['fiscal_year'] - 1}" in text or "ธ.ค." in text
    assert "มีนาคม" not in text and "มี.ค." not in text


def test_news_filed(sites):
    code, item, base, _ = sites["news_filed"]
    post = item["evidence"][0]
    assert item["verdict"] == "pass" and post.startswith(("/news/", "/announce/", "/docs/"))
    lists = " ".join(verify.fetch(base + f"/{c}/index.html").body.decode() for c in ("news", "announce", "docs"))
    assert f'href="{post}"' in lists
    assert all(verify.fetch(base + u).status == 200 for u in item["evidence"])


def _file_text(sites, name: str) -> tuple[dict, str, dict]:
    _, item, base, truth = sites[name]
    files = [u for u in item["evidence"] if not u.endswith(".html")]
    return item, " ".join(_text(base, u) for u in files), truth


def test_ce_dates(sites):
    item, text, truth = _file_text(sites, "ce_dates")
    assert item["verdict"] == "pass" and SCORE_LINE in text
    assert f"ค.ศ. {truth['fiscal_year'] - 543}" in text and not re.search(r"25[4-7]\d", text)


def test_numeric_dates(sites):
    item, text, truth = _file_text(sites, "numeric_dates")
    fy = truth["fiscal_year"]
    assert item["verdict"] == "pass" and f"15/12/{fy - 1}" in text and SCORE_LINE in text
    assert re.findall(r"25[4-7]\d", text) == [str(fy - 1)]  # the date is the only year


def test_fy_boundary(sites):
    item, text, truth = _file_text(sites, "fy_boundary")
    fy = truth["fiscal_year"]
    assert item["verdict"] == "pass" and f"9 ธันวาคม {fy - 1}" in text
    assert re.findall(r"25[4-7]\d", text) == [str(fy - 1)]


def test_drive_only(sites):
    _, item, base, _ = sites["drive_only"]
    main = _main(base, item["evidence"][0])
    # a post under a title naming another document (other_documents.yaml) may also be "not found"
    kinds = ["off_site", "not_found"] if item["label"] in sum(other_documents().values(), []) else "off_site"
    assert item["verdict"] == "fail" and item["findings"] == [{"kind": kinds}]
    links = [u for u in _HREF.findall(main) if not u.startswith("#")]
    assert links and all(u.startswith("https://drive.google.com/") for u in links)


def test_heading_only(sites):
    code, item, base, truth = sites["heading_only"]
    main = _main(base, item["evidence"][0])
    assert item["verdict"] == "fail" and "<h3>" in main
    assert "อยู่ระหว่างปรับปรุงข้อมูล" in main or "จำนวนประชากร" in main
    assert len(verify.text_of(verify.fetch(base + item["evidence"][0]))) < 600


def test_catalogue_404(sites):
    _, item, base, _ = sites["catalogue_404"]
    finding = item["findings"][0]
    assert item["verdict"] == "fail" and finding["kind"] == "broken_link"
    assert verify.fetch(base + finding["url"]).status == 404
    assert f'href="{finding["url"]}"' in _main(base, item["evidence"][0])


def _centre_links(base: str) -> dict[str, str]:
    """{file URL: entry title} of the document centre, reached from the home page's menu."""
    home = verify.decode_html(verify.fetch(base + "/").body)
    assert f'href="{CENTRE_URL}"' in home
    main = _main(base, CENTRE_URL)
    return {u: t for u, t in re.findall(r'<a href="([^"]+)">([^<]+)</a>', main)}


@pytest.mark.parametrize("name", ["doc_centre_filed", "doc_centre_incomplete"])
def test_doc_centre(sites, name):
    """The file is listed only in the document centre, under a real title other than the site's label for it."""
    code, item, base, truth = sites[name]
    (file,) = item["evidence"]
    entries = _centre_links(base)
    assert file in entries and len(entries) >= 4  # beside unrelated forms
    concept = rounds()["units"][rounds()["profiles"][truth["profile"]]["items"][code]["units"][0]]
    assert entries[file] in real_titles()[concept]
    hub = verify.fetch(base + "/ita/index.html").body.decode()
    row = re.search(rf"<tr><td>{code}</td>.*?</tr>", hub).group(0)
    assert "ไม่มีข้อมูล" in row and file not in hub
    text = _text(base, file)
    assert len(text) > 200
    if name == "doc_centre_filed":
        assert item["verdict"] == "pass" and item["findings"] == [] and entries[file] != item["label"]
    else:
        assert item["verdict"] == "fail" and item["findings"][0]["kind"] == "missing_phrases"
        assert not any(contains(text, ph) for ph in item["findings"][0]["phrases"])


def test_older_repost(sites):
    """The current year's file and last year's edition are both linked from the item page; only one is evidence."""
    _, item, base, truth = sites["older_repost"]
    page, file = item["evidence"]
    links = dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', _main(base, page)))
    assert item["verdict"] == "pass" and file in links and len(links) == 2
    (old,) = [u for u in links if u != file]
    old_text, text = _text(base, old), _text(base, file)
    fy = truth["fiscal_year"]
    years = {y for y in (fy - 1, fy, fy + 1) if str(y) in text}
    assert years and all(str(y - 1) in old_text for y in years)
    assert verify.fetch(base + old).status == 200


def test_image_table_page(sites):
    """The page is a picture of a table and a bare download link; the text is only in the file."""
    _, item, base, _ = sites["image_table_page"]
    page, file = item["evidence"]
    main = _main(base, page)
    assert item["verdict"] == "pass" and re.search(r'<img src="/images/table-[0-9a-f]+\.png" alt=""', main)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', main)
    assert links == [(file, links[0][1])] and links[0][1] in ("ดาวน์โหลด", "ดาวน์โหลดเอกสาร", "คลิกที่นี่")
    img = verify.fetch(base + re.search(r'src="([^"]+)"', main).group(1))
    assert img.status == 200 and img.body[:4] == b"\x89PNG"
    assert len(_text(base, file)) > 200


def test_pdf_viewer(sites):
    """The post shows its PDF only in a PDF.js viewer frame (field-notes §C.2): no link to the file, the frame's
    ``file=`` names it, and the file is served with its text."""
    import urllib.parse

    _, item, base, _ = sites["pdf_viewer"]
    page, file = item["evidence"]
    main = _main(base, page)
    assert item["verdict"] == "pass" and file not in _HREF.findall(main)
    src = re.search(r'<iframe src="([^"]+)"', main).group(1).replace("&amp;", "&")
    parts = urllib.parse.urlsplit(src)
    assert parts.path == "/pdfjs/web/viewer.html" and urllib.parse.parse_qs(parts.query)["file"] == [file]
    assert len(_text(base, file)) > 200


@pytest.mark.parametrize("profile", ["ita-2568", "ita-2569"])
def test_doc_centre_incomplete_only_where_the_round_asks_for_the_parts(profile):
    """2568/2569 do not ask for problems/suggestions (rounds.yaml unsupported_gaps): no such fail is planted."""
    for seed in (6, 2207, 8861):
        spec = random_spec(seed, "menus", profile=profile, behaviours="all")
        planted = set(spec.behaviours.values())
        assert "doc_centre_incomplete" not in planted and "doc_centre_filed" in planted
