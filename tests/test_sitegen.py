"""Generated test sites: every structure serves what its ground truth says, reproducibly."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import urllib.parse
from collections import deque
from pathlib import Path

import pytest
import yaml

from oit_checker.serve import SiteServer
from oit_checker.sitegen import GAP_KINDS, STRUCTURES, generate_site, random_spec, verify
from oit_checker.sitegen.content import CODES, gap_eligible

GENERATED = [s for s in STRUCTURES if s != "demo"]
_HREF_RE = re.compile(r'href="([^"#]+)"')


def load_truth(site: Path) -> dict:
    return yaml.safe_load((site.parent / "ground_truth.yaml").read_text(encoding="utf-8"))


_SITES: dict[tuple[str, int], Path] = {}


def site_for(structure: str, seed: int, tmp_path_factory) -> Path:
    """Generate each (structure, seed) once per test session."""
    key = (structure, seed)
    if key not in _SITES:
        _SITES[key] = generate_site(tmp_path_factory.mktemp(f"{structure}{seed}"), seed, structure, size=20)
    return _SITES[key]


@pytest.fixture(scope="module", params=[(s, seed) for s in GENERATED for seed in (2, 5)],
                ids=lambda p: f"{p[0]}-{p[1]}")
def served(request, tmp_path_factory):
    structure, seed = request.param
    site = site_for(structure, seed, tmp_path_factory)
    with SiteServer(site) as server:
        yield structure, site, load_truth(site), server.url.rstrip("/")


@pytest.fixture
def serve_structure(tmp_path_factory):
    servers = []

    def start(structure: str):
        site = site_for(structure, 2, tmp_path_factory)
        server = SiteServer(site).start()
        servers.append(server)
        return site, load_truth(site), server.url.rstrip("/")

    yield start
    for s in servers:
        s.stop()


def test_ground_truth_is_consistent(served):
    structure, _, truth, _ = served
    assert truth["structure"] == structure and list(truth["items"]) == CODES
    for code, item in truth["items"].items():
        kinds = [f["kind"] for f in item["findings"]]
        assert set(kinds) <= set(GAP_KINDS)
        if item["verdict"] == "pass":
            assert kinds == [] and item["evidence"], code
        elif item["verdict"] == "unreadable":
            assert kinds == ["unreadable"]
        else:
            assert item["verdict"] == "fail" and len(kinds) == 1 and kinds != ["unreadable"], code
    assert any(i["verdict"] != "pass" for i in truth["items"].values())


def test_site_answers_as_ground_truth_says(served):
    _, _, truth, base = served
    assert verify.check_site(base, truth) == []


def test_a_wrong_ground_truth_is_caught(served):
    _, _, truth, base = served
    bad = yaml.safe_load(yaml.safe_dump(truth))
    passing = next(c for c, i in bad["items"].items() if i["verdict"] == "pass" and i["evidence"])
    bad["items"][passing]["evidence"].append("/no/such/page.html")
    problems = verify.check_site(base, bad)
    assert any(p.startswith(passing + ":") for p in problems)


def crawl_depths(base: str, limit: int = 600) -> dict[str, int]:
    """Click depth of every same-site URL reachable from the home page."""
    depth = {"/": 0}
    queue = deque(["/"])
    while queue and len(depth) < limit:
        url = queue.popleft()
        f = verify.fetch(base + url)
        if f.status != 200 or f.body[:1] not in (b"<", b"\n", b" "):
            continue
        for href in _HREF_RE.findall(verify.decode_html(f.body)):
            href = html.unescape(href)
            if href.startswith("http"):
                continue
            target = urllib.parse.urljoin(url, href)
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    return depth


def test_all_evidence_is_reachable_from_the_home_page(served):
    structure, _, truth, base = served
    depth = crawl_depths(base)
    for code, item in truth["items"].items():
        for url in item["evidence"]:
            assert url in depth, (code, url)
    if structure == "deep":
        files = [item["evidence"][-1] for item in truth["items"].values()
                 if item["evidence"] and item["evidence"][-1].startswith("/files/")]
        assert files and all(4 <= depth[u] <= 6 for u in files), {u: depth[u] for u in files}
        pages = [u for u in depth if "/page-" in u]
        assert pages, "no paginated lists"


def test_cp874_site_is_not_utf8(serve_structure):
    site, _, base = serve_structure("cp874")
    pages = list(site.rglob("*.html"))
    undecodable = 0
    no_charset = 0
    for p in pages:
        data = p.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            undecodable += 1
        assert "หน้าหลัก" in data.decode("cp874")
        if b"charset" not in data:
            no_charset += 1
    assert undecodable == len(pages)
    assert no_charset > 0
    routes = yaml.safe_load((site / "_routes.json").read_text(encoding="utf-8"))
    wrong = next(u for u, r in routes.items() if "ISO-8859-1" in r.get("headers", {}).get("Content-Type", ""))
    f = verify.fetch(base + urllib.parse.quote(wrong))
    assert f.status == 200 and "ISO-8859-1" in f.headers["Content-Type"]


def test_query_routes_resolve(serve_structure):
    site, truth, base = serve_structure("query")
    routes = yaml.safe_load((site / "_routes.json").read_text(encoding="utf-8"))
    assert any(u.startswith("/index.php?mod=blog&id=") for u in routes)
    assert any(u.startswith("/public/list/data/detail/id/") for u in routes)
    for url in routes:
        assert verify.fetch(base + url).status == 200, url
    urls = [u for i in truth["items"].values() for u in i["evidence"]]
    assert any("?" in u for u in urls)


def test_menus_site_has_no_hub_and_evidence_in_generic_categories(serve_structure):
    site, truth, _ = serve_structure("menus")
    assert not (site / "ita" / "index.html").exists()
    posted = [i["evidence"][0] for i in truth["items"].values() if i["evidence"]]
    assert sum(u.startswith(("/news/", "/announce/", "/docs/")) for u in posted) >= 20


def test_same_seed_same_site(tmp_path):
    a = generate_site(tmp_path / "a", 11, "query", size=8)
    b = generate_site(tmp_path / "b", 11, "query", size=8)
    assert load_truth(a) == load_truth(b)
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:  # HTML, PDF, DOCX, XLSX and PNG alike
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    c = generate_site(tmp_path / "c", 12, "query", size=8)
    assert load_truth(c) != load_truth(a)


def test_random_specs_plant_every_gap_kind_where_the_library_allows():
    seen = set()
    wording = set()
    for seed in range(60):
        spec = random_spec(seed, "hub")
        wording.add(spec.labels["O1"])
        for code, gap in spec.gaps.items():
            assert gap_eligible(code, gap["kind"]), (seed, code, gap)
            seen.add(gap["kind"])
    assert seen == set(GAP_KINDS)
    assert len(wording) > 1


def test_size_grows_the_site(tmp_path):
    small = load_truth(generate_site(tmp_path / "s", 4, "hub", size=10))["counts"]
    big = load_truth(generate_site(tmp_path / "b", 4, "hub", size=60))["counts"]
    assert big["pages"] >= small["pages"] + 50 and big["documents"] > small["documents"]


def test_unknown_structure_is_refused(tmp_path):
    with pytest.raises(ValueError):
        generate_site(tmp_path, 1, "nosuch")


def test_command_line(tmp_path):
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, "-m", "oit_checker.sitegen", str(tmp_path / "x"), "--seed", "3",
                          "--structure", "deep", "--size", "5"], capture_output=True, text=True, env=env, check=True)
    assert "pages" in out.stdout and (tmp_path / "x" / "ground_truth.yaml").exists()
    assert (tmp_path / "x" / "site" / "index.html").exists()


def test_absent_social_network_means_no_facebook_link_anywhere(tmp_path):
    """O9 planted as not_found: the truth says fail, so no page may link the agency's Facebook."""
    from oit_checker.sitegen import build_site

    spec = random_spec(5154, "menus", size=8)
    spec.gaps = {"O9": {"kind": "not_found"}}
    build_site(spec, tmp_path / "site")
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert pages and not any("facebook.com/" in p for p in pages)


def test_absent_qa_channel_means_no_line_chat_anywhere(tmp_path):
    """O8 (Q&A) planted as not_found: a LINE Official Account is a chat where the agency answers, so the social
    page that stays (O9 passes) may not link one (fresh seed 7129 of session 17 did), nor leave an empty link."""
    from oit_checker.sitegen import build_site

    spec = random_spec(5154, "menus", size=8)
    spec.gaps = {"O8": {"kind": "not_found"}}
    build_site(spec, tmp_path / "site")
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert pages and not any("line.me/" in p for p in pages)
    assert any("facebook.com/" in p for p in pages)  # the social page itself is still there
    assert not any('href=""' in p for p in pages)


@pytest.mark.parametrize("profile, unit, code", [("ita-2569", "O17", "O10"), ("ita-2565", "O17", "O17")])
def test_a_real_title_numbered_for_another_round_carries_this_rounds_code(profile, unit, code):
    """titles.yaml keeps "O17-ช่องทางที่บุคคลภายนอกขอรับบริการ" as collected (ITA 2565 numbering); on a 2569
    site the E-Service is O10, and "O17" there names the corruption channel: the label is renumbered."""
    from oit_checker.sitegen import ITEM_CODE_PREFIX

    labels = {random_spec(seed, "hub", profile=profile).labels[unit] for seed in range(40)}
    numbered = [label for label in labels if ITEM_CODE_PREFIX.match(label)]
    assert numbered and all(label.startswith(code) and not label.startswith(f"{code}0") for label in numbered)


def test_an_absent_item_gets_no_home_page_banner(tmp_path):
    """O30 planted as not_found: the home page's banner box does not name a corruption channel linking "#"
    (seed 193 did: the checker then rightly reported a channel named but not working, not "not found")."""
    from oit_checker.sitegen import build_site

    spec = random_spec(5154, "hub", size=8)
    spec.gaps = {"O30": {"kind": "not_found"}}
    build_site(spec, tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "ลิงก์แนะนำ" in home and "ร้องเรียนการทุจริต</a>" not in home and 'href="#">' not in home.split("ลิงก์แนะนำ")[1]
