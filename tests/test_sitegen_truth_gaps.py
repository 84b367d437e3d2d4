"""The generator's truth for a planted gap is what a careful assessor would find (from its own data, not ``rules/``).

ITA 2566 O33 (No Gift results report): oit-criteria.md §4 gives its period as "probably PREV or CUR", so a
report of the year before is no gap; the plant is dated two years back and the truth says why. An absent
participation item on a site whose ordinary news reports a village forum of the assessed year: the forum post is
an incomplete participation document (no outcome), so "missing" is as right as "not found"; where the round's
item asks only for an activity (2565 O33, 2566 O30: ``activity_is_evidence`` in rounds.yaml) the post is its
evidence and the item passes.
"""

from __future__ import annotations

from oit_checker.serve import SiteServer
from oit_checker.sitegen import build_site, random_spec, verify


def _site_with(profile: str, code: str, tmp_path, kind: str = "wrong_period", structure: str = "hub",
               size: int = 6) -> tuple[dict, dict]:
    spec = random_spec(7411, structure, size=size, profile=profile)
    spec.gaps = {code: {"kind": kind}}
    spec.behaviours = {}
    truth = build_site(spec, tmp_path / "site")
    return truth, truth["items"][code]


def test_a_wrong_period_plant_lies_outside_a_window_that_accepts_the_year_before(tmp_path):
    truth, item = _site_with("ita-2566", "O33", tmp_path)
    gap = item["findings"][0]
    assert (gap["kind"], gap["found"], gap["expected"]) == ("wrong_period", 2564, 2566)
    assert "ปีก่อนหน้า" in item["reason"]
    with SiteServer(tmp_path / "site") as server:
        # the served evidence shows 2564 and never the assessed year
        assert verify.check_site(server.url.rstrip("/"), truth) == []


def test_a_wrong_period_plant_elsewhere_is_one_year_back(tmp_path):
    _, item = _site_with("ita-2566", "O36", tmp_path)
    gap = item["findings"][0]
    assert (gap["kind"], gap["expected"] - gap["found"]) == ("wrong_period", 1)
    assert "ปีก่อนหน้า" not in item["reason"]


def test_an_absent_participation_item_beside_a_forum_post_of_the_year_may_be_missing_its_outcome(tmp_path):
    # seed 7411 menus, 30 pages: the news include "ประชุมประชาคมหมู่บ้าน ประจำปี 2569" dated 20 มิ.ย. 2569
    _, item = _site_with("ita-2569", "O19", tmp_path, "not_found", "menus", 30)
    assert item["findings"] == [{"kind": ["not_found", "missing_phrases", "missing_elements"]}]
    assert "ประชุมประชาคมหมู่บ้าน ประจำปี 2569" in item["reason"] and item["evidence"] == []


def test_an_absent_participation_item_without_such_a_post_is_not_found(tmp_path):
    _, item = _site_with("ita-2569", "O19", tmp_path, "not_found", "hub", 6)  # 6 pages: no invented news
    assert item["findings"] == [{"kind": "not_found"}]


def test_a_planted_participation_gap_beside_a_forum_post_of_the_year_passes_where_an_activity_is_the_item(tmp_path):
    # generated 2566 menus seed 8641 O30: the item's report was planted one year back, and the ordinary news hold a
    # village forum of fiscal 2566 -- 2566 O30 asks for a participation activity of the year (oit-criteria.md §4),
    # which that post is: a careful assessor passes the item on it (seed 7411 menus, 30 pages: "… ประจำปี 2566")
    for kind in ("wrong_period", "not_found"):
        truth, item = _site_with("ita-2566", "O30", tmp_path / kind, kind, "menus", 30)
        assert (item["verdict"], item["findings"]) == ("pass", []), kind
        forum = [n for n in item["evidence"] if n.startswith("/news/")]
        assert forum == item["evidence"] and "ประชุมประชาคมหมู่บ้าน ประจำปี 2566" in item["reason"]
        with SiteServer(tmp_path / kind / "site") as server:
            assert verify.check_site(server.url.rstrip("/"), truth) == []


def test_a_wrong_period_participation_plant_stays_a_gap_where_the_item_asks_for_results(tmp_path):
    # 2569 O19 asks for the results of participation: the forum post of 2569 has none, the 2568 report is a gap
    # (session 18: "this year's forum post lacks the outcome" is accepted beside it; the years bind wrong_period)
    _, item = _site_with("ita-2569", "O19", tmp_path, "wrong_period", "menus", 30)
    kinds = item["findings"][0]["kind"]
    assert item["verdict"] == "fail" and kinds == ["wrong_period", "missing_phrases"]
    assert item["findings"][0]["found"] == 2568 and item["findings"][0]["expected"] == 2569


def _drive_post(tmp_path, label: str) -> dict:
    spec = random_spec(5807, "menus", size=6, profile="ita-2566")
    spec.gaps, spec.behaviours = {}, {"O37": "drive_only"}
    spec.labels["O40"] = label  # 2566 O37 publishes content unit O40 (anti-corruption six-month report)
    return build_site(spec, tmp_path / "site")["items"]["O37"]


def test_a_drive_only_post_under_a_title_naming_another_document_may_be_not_found(tmp_path):
    # tests/realtext O40-01: this title is "a hospital's six-month ethics-plan report", not an anti-corruption report
    item = _drive_post(tmp_path, "แบบรายงานผลการดำเนินงานตามแผนปฏิบัติการส่งเสริมคุณธรรมจริยธรรม รอบ 6 เดือน")
    assert item["findings"] == [{"kind": ["off_site", "not_found"]}] and "ไม่ได้บอกว่าเป็นเอกสารของข้อนี้" in item["reason"]


def test_a_drive_only_post_under_a_category_name_may_be_not_found(tmp_path):
    # generator seed 15300 (ita-2566, menus, session 20): O23's Drive-only post was titled "การบริหารและทรัพยากรบุคคล",
    # the sub-indicator 9.4 that holds four HR items (a sidebar category on a real site, negatives.yaml N-05): the
    # title names none of them, so "not found" is as right as "off-site" (other_documents.yaml hr_plan)
    spec = random_spec(5807, "menus", size=6, profile="ita-2566")
    spec.gaps, spec.behaviours = {}, {"O23": "drive_only"}
    spec.labels["O25"] = "การบริหารและทรัพยากรบุคคล"  # 2566 O23 publishes content unit O25 (HR policy or plan)
    item = build_site(spec, tmp_path / "site")["items"]["O23"]
    assert item["findings"] == [{"kind": ["off_site", "not_found"]}]


def test_a_drive_only_post_under_the_items_own_title_is_off_site(tmp_path):
    item = _drive_post(tmp_path, "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน")
    assert item["findings"] == [{"kind": "off_site"}]


def test_titles_naming_another_document_are_real_titles_of_their_concept():
    from oit_checker.sitegen.content import other_documents, real_titles

    assert other_documents() and all(t in real_titles()[c] for c, ts in other_documents().items() for t in ts)


def test_an_absent_news_item_leaves_no_news_post_anywhere(tmp_path):
    # generated 2568 seed 2389 (hub and menus): O4 (news) was planted "not found" while the home page's news box
    # and the news list carried invented posts of fiscal 2568 -- the site did publish agency news (oit-criteria-
    # 2566-2570.md §2.3 O4), so the truth was wrong. An agency that posts no news has no news post, news list or
    # news box, and nothing of another item is filed as news
    import re

    for structure in ("hub", "menus"):
        spec = random_spec(2389, structure, size=30, profile="ita-2568", behaviours="all")
        assert spec.gaps["O4"]["kind"] == "not_found" and "news_filed" not in spec.behaviours.values()
        root = tmp_path / structure / "site"
        truth = build_site(spec, root)
        assert truth["items"]["O4"]["verdict"] == "fail" and truth["items"]["O4"]["findings"] == [{"kind": "not_found"}]
        pages = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.html")}
        assert not [u for u in pages if u.startswith("news/") or re.search(r"view-n\d+\.html$", u)], sorted(pages)
        # the ITA index names the item, with "ไม่มีข้อมูล" in its row
        assert not [u for u, text in pages.items() if "ข่าวล่าสุด" in text
                    or ("ข่าวประชาสัมพันธ์" in text and not u.startswith("ita/"))]
        with SiteServer(root) as server:
            assert verify.check_site(server.url.rstrip("/"), truth) == []
