"""A local post whose only content is a Google Drive link is not evidence on the agency's site
(switch ``off_site_files`` in rules/common/vocabulary.yaml; criteria §2.3 is low confidence).
Found by the independent site generator's ``drive_only`` behaviour."""

import pytest

from oit_checker import fixtures, vocabulary
from oit_checker.paths import RULES_DIR

FIXTURE = RULES_DIR / "ita-2565" / "O12.drive-link-only.fail.yaml"


def test_drive_only_post_fails_off_site_naming_the_link():
    item = fixtures.run_fixture(FIXTURE, lang="en")["item"]
    assert item["verdict"] == "fail"
    first = item["findings"][0]
    assert first["kind"] == "off_site" and first["reason"] == "file_host_only"
    assert first["link"].startswith("https://drive.google.com/file/d/1Qw2Er3Ty")
    assert "drive.google.com" in first["message"] and "low-confidence" in first["message"]


def test_switch_accept_drops_the_finding_but_title_never_passes(monkeypatch):
    common = dict(vocabulary.common(), off_site_files="accept")
    monkeypatch.setattr(vocabulary, "common", lambda: common)
    item = fixtures.run_fixture(FIXTURE, lang="en")["item"]
    assert item["verdict"] == "fail"  # the Drive file was not read: the post's title is no evidence
    assert not any(f.get("reason") == "file_host_only" for f in item["findings"])


@pytest.mark.parametrize("value, fails", [("fail", True), ("accept", False), ("FAIL", True)])
def test_switch_values(monkeypatch, value, fails):
    from oit_checker.checks import on_site
    monkeypatch.setattr(vocabulary, "common", lambda: {"off_site_files": value})
    assert on_site.off_site_files_fail() is fails


SITE = "https://www.tambon-example.go.th"
DRIVE = "https://drive.google.com/file/d/1c7d40046a/view?usp=sharing"


def _drive_post(url: str, title: str) -> tuple[dict, list[dict]]:
    """A post as the generator's drive_only behaviour writes it: its title, a date and "คลิกที่นี่" to Drive."""
    doc = {"url": url, "kind": "html", "title": title, "link_texts": [title],
           "text": f"{title}\nวันที่ 3 มี.ค. 2566\n{title}\nคลิกที่นี่"}
    return doc, [{"src": SITE + "/", "url": url, "text": title},
                 {"src": url, "url": DRIVE, "text": "คลิกที่นี่", "external": True}]


def _judge(profile_id: str, code: str, docs: list[dict], links: list[dict]) -> dict:
    from oit_checker import checker
    from oit_checker.fixtures import fixture_corpus
    from oit_checker.profiles import load_profile

    home = {"url": SITE + "/", "kind": "html", "title": "องค์การบริหารส่วนตำบลตัวอย่าง",
            "nav_text": "หน้าหลัก | ประกาศ | ITA", "text": "ยินดีต้อนรับสู่เว็บไซต์ องค์การบริหารส่วนตำบลตัวอย่าง"}
    profile = load_profile(profile_id)
    corpus = fixture_corpus({"documents": [home, *docs], "links": links})
    return checker.judge(profile.rule(code), corpus, profile, "en")


def _row(code: str, rows: dict) -> str:
    """An index row: "O12 6 <item> <link text>", or an unlinked "O5 6 ไม่มีข้อมูล"."""
    return f"{code} 6 {rows[code][0]} {rows[code][1]}" if code in rows else f"{code} 6 ไม่มีข้อมูล"


def test_another_items_drive_post_tied_by_a_code_leaves_the_wrong_year_report_speaking():
    """Generated 2569 hub seed 8641: the annual procurement report's post, kept under 2565's number
    ("/ita/o24.html"), holds only a Drive link; 2569 O24 (anti-corruption report, PREV) has its own report of
    2567. The officer must be told to publish the 2568 report, not to move another item's file off Drive."""
    row = "O24 : รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"
    post, links = _drive_post(SITE + "/ita/o24.html", row)
    # the site's 2569 ITA index as a table (code, sub-indicator, item, link): the post's link, under 2565's
    # number, sits in the O12 row (the procurement report)
    rows = {"O10": ("ระบบการให้บริการผ่านช่องทางออนไลน์ (E-Service)", "บริการออนไลน์"),
            "O11": ("สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน", "สรุปผลการจัดซื้อจัดจ้างรายเดือน"),
            "O12": ("รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุของหน่วยงาน", row),
            "O13": ("หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล", "การบริหารทรัพยากรบุคคล"),
            "O14": ("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล", "รายงานผลการพัฒนาบุคลากรประจำปี")}
    hub = {"url": SITE + "/ita/index.html", "kind": "html", "title": "ITA 2569 การเปิดเผยข้อมูลสาธารณะ (OIT)",
           "text": "ข้อ ตัวชี้วัดย่อย ข้อมูล ลิงก์\n" + "\n".join(_row(f"O{i}", rows) for i in range(1, 27))}
    links += [{"src": hub["url"], "url": post["url"] if k == row else f"{SITE}/ita/{c.lower()}.html", "text": k}
              for c, (n, k) in rows.items()]
    title = "รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567"
    report = {"url": SITE + "/files/anticorruption-report-2567.pdf", "kind": "pdf", "title": title,
              "link_texts": [title], "text": f"{title}\nผลการดำเนินการ\nโครงการอบรมคุณธรรมจริยธรรม งบประมาณ 20,000 บาท"
              "\nใช้จ่ายจริง 18,900 บาท ผู้เข้าร่วม 45 คน\nปัญหา อุปสรรค\nไม่มี\nข้อเสนอแนะ\nควรเพิ่มกิจกรรมสำหรับเยาวชน"}
    links.append({"src": SITE + "/", "url": report["url"], "text": title})
    item = _judge("ita-2569", "O24", [post, hub, report], links)
    assert item["verdict"] == "fail"
    kinds = [f["kind"] for f in item["findings"]]
    assert kinds[0] == "wrong_period", kinds
    assert not any(f.get("reason") == "file_host_only" for f in item["findings"])


def test_the_no_gift_policy_drive_post_is_not_the_results_reports():
    """Generated 2566 menus seed 5279: the No Gift *policy* post (2566 O31's) holds only a Drive link; O33's own results
    report is of 2564. Until session 18 the bare "No Gift Policy" was an O33 term and the policy post was reported
    beside the wrong year as O33's Drive post; it is O31's policy (session 18, seed 1207: with no report at all it
    made O33 "off-site" instead of "not found"), so O33 says only what to publish: this year's report."""
    post, links = _drive_post(SITE + "/announce/view-x48.html", "นโยบายไม่รับของขวัญ (No Gift Policy)")
    title = "รายงานผลการดำเนินการตามนโยบายไม่รับของขวัญ (No Gift Policy) ประจำปีงบประมาณ พ.ศ. 2564"
    report = {"url": SITE + "/files/no-gift-report-2564.pdf", "kind": "pdf", "title": title, "link_texts": [title],
              "text": f"{title}\nกิจกรรม วันที่ ผลการดำเนินการ\nรณรงค์ไม่รับของขวัญช่วงปีใหม่ 25 ธ.ค. 2563 พนักงานเข้าร่วม 45 คน"
              "\nในปีงบประมาณ พ.ศ. 2564 ไม่มีการรายงานการรับของขวัญหรือของกำนัล"}
    links.append({"src": SITE + "/", "url": report["url"], "text": title})
    item = _judge("ita-2566", "O33", [post, report], links)
    assert item["verdict"] == "fail"
    kinds = [f["kind"] for f in item["findings"]]
    assert kinds[0] == "wrong_period", kinds
    assert not any(f.get("reason") == "file_host_only" for f in item["findings"]), item["findings"]


def test_the_items_own_drive_post_alone_still_says_off_site_first():
    """Without a document of its own, the item's Drive-only post is what to fix: off-site first, as before."""
    post, links = _drive_post(SITE + "/announce/view-29.html", "รายงานผลการดำเนินการตามนโยบายไม่รับของขวัญ")
    item = _judge("ita-2566", "O33", [post], links)
    assert item["verdict"] == "fail"
    assert item["findings"][0]["reason"] == "file_host_only"
