"""History store, diff, baseline, JUnit, sites CSV, health and overview — in one process."""

from __future__ import annotations

import copy
import csv
import sqlite3
import xml.etree.ElementTree as ET

import pytest
from fleet_fake_scanner import build

from oit_checker.errors import UserError
from oit_checker.fleet import baseline, diff, health, overview, sites, store
from oit_checker.report import junit


def result(url: str = "http://127.0.0.1:9/", **spec) -> dict:
    return build(url, spec, "ita-2565", 2565)


@pytest.fixture()
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'h.sqlite'}"


def test_record_and_read_back(db, tmp_path):
    r1 = result(fail=["O23"], agency="ทต.หนึ่ง")
    sid = store.record_result(r1, db, site={"code": "001", "province": "ลำปาง"}, started_at="2026-01-01T00:00:00Z")
    site = store.find_site("001", db)
    assert site is not None and site.name == "ทต.หนึ่ง" and site.province == "ลำปาง"
    assert store.find_site("http://127.0.0.1:9", db).id == site.id  # same site without the slash
    assert store.find_site("127.0.0.1:9", db).id == site.id
    scans = store.list_scans(site.id, db)
    assert [s.id for s in scans] == [sid]
    sc = scans[0]
    assert (sc.n_items, sc.n_fail, sc.n_pass, sc.profile, sc.fiscal_year) == (43, 1, 42, "ita-2565", 2565)
    assert sc.oit == r1["scores"]["oit"] and sc.level == r1["scores"]["level"]
    assert sc.result["items"][22]["code"] == "O23"
    con = sqlite3.connect(tmp_path / "h.sqlite")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == store.head_revision()
    n_ev, with_hash = con.execute("SELECT count(*), count(sha256) FROM evidence").fetchone()
    assert n_ev == 42 and with_hash == 42
    assert con.execute("SELECT verdict FROM item_results WHERE code='O23'").fetchone()[0] == "fail"


def test_default_db_under_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.delenv("OIT_CHECK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.default_db_url() == f"sqlite:///{tmp_path / 'xdg' / 'oit-checker' / 'history.sqlite'}"
    monkeypatch.setenv("OIT_CHECK_DB", str(tmp_path / "x.db"))
    assert store.resolve_url(None) == f"sqlite:///{tmp_path / 'x.db'}"
    assert store.resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_unopenable_db_is_a_user_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError) as exc:
        store.engine(f"sqlite:///{tmp_path / 'file' / 'sub' / 'h.sqlite'}")
    assert exc.value.key == "fleet.db_open_failed"


def test_diff_new_gaps_fixed_evidence_and_score():
    old = result(fail=["O5", "O23"])
    new = result(fail=["O23", "O40"], unreadable=["O5"], hashes={"O1": "f" * 64})
    new["items"][1]["evidence"] = [{"url": "http://127.0.0.1:9/new-o2.html", "title": "", "snippet": "", "page": 1}]
    d = diff.diff_results(old, new)
    assert [g["code"] for g in d["new_gaps"]] == ["O40"]
    assert d["fixed"] == []  # O5 went fail → unreadable: not fixed, a change
    assert [(c["code"], c["before"], c["after"]) for c in d["changed"]] == [("O5", "fail", "unreadable")]
    ev = {e["code"]: e for e in d["evidence"]}
    assert ev["O1"]["rehashed"] == ["http://127.0.0.1:9/docs/o1.pdf"]
    assert ev["O2"]["added"] == ["http://127.0.0.1:9/new-o2.html"] and ev["O2"]["removed"]
    assert "O40" in ev and ev["O40"]["removed"]
    assert d["score"]["delta"] == round(new["scores"]["oit"] - old["scores"]["oit"], 2) < 0
    back = diff.diff_results(new, old)
    assert [g["code"] for g in back["fixed"]] == ["O40"]
    assert d["same_profile"]
    later = build("http://127.0.0.1:9/", {}, "ita-2566", 2566)
    assert not diff.diff_results(old, later)["same_profile"]


def test_new_gaps_against_file_dict_and_last(db, tmp_path):
    old = result(fail=["O23"])
    new = result(fail=["O23", "O7"])
    assert [g["code"] for g in baseline.new_gaps(new, old)] == ["O7"]
    assert baseline.new_gaps(old, old) == []
    path = tmp_path / "old.json"
    path.write_text(__import__("json").dumps(old), encoding="utf-8")
    assert [g["code"] for g in baseline.new_gaps(new, str(path))] == ["O7"]
    # 'last' with an empty history: every gap is new
    assert {g["code"] for g in baseline.new_gaps(new, "last", db)} == {"O23", "O7"}
    store.record_result(old, db)
    new["generated_at"] = "2099-01-01T00:00:00+00:00"
    store.record_result(new, db)  # the current scan is stored too; 'last' must skip it
    assert [g["code"] for g in baseline.new_gaps(new, "last", db)] == ["O7"]
    with pytest.raises(UserError):
        baseline.new_gaps(new, str(tmp_path / "missing.json"))


def test_junit_one_case_per_item(tmp_path):
    r = result(fail=["O23"], unreadable=["O11"])
    path = junit.write(r, tmp_path, "en")
    root = ET.parse(path).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == 43
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name").split()[0] for c in failed] == ["O23"]
    assert "ไม่พบข้อมูล O23" in failed[0].find("failure").text
    errored = [c for c in cases if c.find("error") is not None]
    assert [c.get("name").split()[0] for c in errored] == ["O11"]
    assert root.get("failures") == "1" and root.get("errors") == "1"


def test_sites_csv_bom_thai_headers_and_bad_rows(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("\ufeffรหัส,ชื่อหน่วยงาน,ประเภท,จังหวัด,เว็บไซต์\n"
                 "001,ทต.หนึ่ง,เทศบาล,ลำปาง,https://a.go.th\n"
                 "002,\"อบต.สอง, ใหม่\",อบต.,ลำปาง,www.b.go.th\n"
                 "003,ไม่มีเว็บ,,,\n"
                 "004,ผิด,,,not a url\n"
                 "001,ซ้ำ,,,https://c.go.th\n"
                 "\n", encoding="utf-8")
    rows, problems = sites.read_sites(p)
    assert [(r.code, r.url) for r in rows] == [("001", "https://a.go.th"), ("002", "http://www.b.go.th")]
    assert rows[1].name == "อบต.สอง, ใหม่"
    assert [(pr.line, pr.key) for pr in problems] == [(4, "fleet.row_no_url"), (5, "fleet.row_bad_url"),
                                                      (6, "fleet.row_duplicate")]


def test_sites_csv_windows_thai_and_semicolons(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes("code;name;type;province;url\n9;เทศบาลเมือง;;;https://x.go.th\n".encode("cp874"))
    rows, problems = sites.read_sites(p)
    assert rows[0].name == "เทศบาลเมือง" and not problems
    (tmp_path / "nourl.csv").write_text("code,name\n1,a\n", encoding="utf-8")
    with pytest.raises(UserError):
        sites.read_sites(tmp_path / "nourl.csv")


def test_health_warns_on_a_collapse_only():
    prev = {"pages": 120, "documents": 40, "n_found": 30}
    assert health.warnings(prev, {"pages": 110, "documents": 35, "n_found": 29}) == []
    keys = [w["key"] for w in health.warnings(prev, {"pages": 3, "documents": 0, "n_found": 2})]
    assert keys == ["fleet.health_pages", "fleet.health_documents", "fleet.health_n_found"]
    assert health.warnings(None, {"pages": 1}) == []
    assert health.warnings({"pages": 4}, {"pages": 1}) == []  # too small to compare


def test_health_does_not_compare_found_items_across_rounds():
    """A 2569 scan (26 items) after a 2565 one (43) finds fewer items without anything being broken."""
    prev = {"pages": 60, "documents": 36, "n_found": 42, "profile": "ita-2565"}
    assert health.warnings(prev, {"pages": 53, "documents": 32, "n_found": 24, "profile": "ita-2569"}) == []
    same = health.warnings(prev, {"pages": 53, "documents": 32, "n_found": 24, "profile": "ita-2565"})
    assert [w["key"] for w in same] == ["fleet.health_n_found"]


def test_overview_escapes_and_counts(tmp_path):
    rows = [
        {"code": "1", "name": "<script>alert(1)</script>", "url": "http://a.go.th", "status": "ok", "oit": 80.5,
         "level": "B", "fails": ["O23", "O5"], "warnings": [{"key": "fleet.health_pages", "before": 50, "after": 2}]},
        {"code": "2", "name": "อบต.\"สอง\"", "url": "http://b.go.th", "status": "ok", "oit": 95.0, "level": "AA",
         "fails": ["O23"]},
        {"code": "3", "name": "ปิด", "url": "http://c.go.th", "status": "unreachable", "oit": None, "fails": [],
         "error": "<b>boom</b>"},
    ]
    csv_path, html_path = overview.write(rows, tmp_path, lang="en", batch_id="b1")
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>boom</b>" not in html
    assert html.count("<rect") == 2 and "<svg" in html
    assert "far fewer pages" in html
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [r["failed_items"] for r in got] == ["O23 O5", "O23", ""]
    assert got[2]["status"] == "unreachable" and got[2]["oit"] == ""
    top = html.split("<h2>", 4)[3]
    assert top.index("O23") < top.index("O5")  # most frequent first


def test_overview_of_sites_from_two_rounds_counts_by_concept(tmp_path):
    """O23 of ITA 2565 and O11 of ITA 2569 are the same monthly procurement summary; O11 of 2565 is not."""
    rows = [
        {"code": "1", "name": "ก", "url": "http://a.go.th", "status": "ok", "oit": 80.0, "level": "B",
         "profile": "ita-2565", "fails": ["O23", "O11"]},
        {"code": "2", "name": "ข", "url": "http://b.go.th", "status": "ok", "oit": 90.0, "level": "A",
         "profile": "ita-2569", "fails": ["O11"]},
    ]
    _, html_path = overview.write(rows, tmp_path, lang="en", batch_id="b2")
    top = html_path.read_text(encoding="utf-8").split("<h2>", 4)[3]
    first = top.split("</tr>")[1]
    assert "ITA 2565 O23" in first and "ITA 2569 O11" in first and "Monthly procurement summary" in first
    assert '<td class="num">2</td>' in first
    assert "Six-month progress of the plan" in top.split("</tr>")[2]  # 2565's O11 stays a concept of its own


def test_same_result_stored_twice_is_two_scans(db):
    r = result()
    store.record_result(r, db)
    store.record_result(copy.deepcopy(r), db)
    site = store.find_site("127.0.0.1:9", db)
    assert len(store.list_scans(site.id, db)) == 2


def test_contract_sample_from_the_reports(db, tmp_path):
    """The shared result.json sample (tests/fixtures) goes through store, JUnit and diff unchanged."""
    from pathlib import Path

    from oit_checker import result as result_json

    sample = result_json.load(Path(__file__).with_name("fixtures") / "result-sample.json")
    fails = [i["code"] for i in sample["items"] if i["verdict"] == "fail"]
    sid = store.record_result(sample, db)
    scan = store.get_scan(sid, db)
    assert scan.n_fail == len(fails) and scan.status == sample["site"]["status"] and scan.oit == sample["scores"]["oit"]
    root = ET.parse(junit.write(sample, tmp_path, "en")).getroot()
    failed = [c.get("name").split()[0] for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == fails
    with_advice = [i for i in sample["items"] if i["verdict"] == "fail" and i.get("advice")]
    if with_advice:
        case = next(c for c in root.iter("testcase") if c.get("name").split()[0] == with_advice[0]["code"])
        assert with_advice[0]["advice"] in case.find("failure").text
    d = diff.diff_results(sample, sample)
    assert d["new_gaps"] == d["fixed"] == d["evidence"] == [] and d["score"]["delta"] == 0


def test_exit_codes_for_ci(db):
    from argparse import Namespace

    from oit_checker.commands.exitcode import exit_code

    r = result(fail=["O23"])
    assert exit_code(r, Namespace()) == 0  # an officer's one-off run
    assert exit_code(r, Namespace(fail_under=50.0)) == 0
    assert exit_code(r, Namespace(fail_under=99.9)) == 1
    assert exit_code(r, Namespace(baseline=result(fail=["O23"]), db=db)) == 0
    assert exit_code(r, Namespace(baseline=result(), db=db)) == 1
    down = result()
    down["site"]["status"] = "unreachable"
    assert exit_code(down, Namespace(fail_under=10.0)) == 2  # nothing judged is not "below the threshold"
    assert exit_code(down, Namespace()) == 0


def test_baseline_last_is_the_earlier_scan_when_two_share_a_stamp(db):
    """``--baseline last`` skips only the scan that produced the result: an earlier scan of the same second (the stamp
    has one-second resolution; two quick re-checks of a saved corpus) is still the baseline."""
    first = result(fail=["O23"])
    second = copy.deepcopy(result(fail=["O23", "O24"]))
    second["generated_at"] = first["generated_at"]
    store.record_result(first, db)
    store.record_result(second, db)
    base = baseline.load_baseline(second, "last", db)
    assert base is not None and "O24" not in {i["code"] for i in base["items"] if i.get("verdict") == "fail"}
    assert [g["code"] for g in baseline.new_gaps(second, "last", db)] == ["O24"]
