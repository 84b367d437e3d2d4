"""history, diff, --baseline, --fail-under, junit and exit codes through ``oit-check`` subprocesses.

The scans run the real ``scan`` command with the fake pipeline (tests/fleet_fake_scanner.py),
against sites served on 127.0.0.1.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from fleet_support import cli, env, serve_sites, write_site


def test_history_diff_baseline_exit_codes(tmp_path):
    e = env(tmp_path)
    db = tmp_path / "h.sqlite"
    spec = {"agency": "เทศบาลตำบลทดสอบ", "fail": ["O23"], "pages": 50, "documents": 20}
    with serve_sites(tmp_path, {"s1": spec}) as servers:
        url = servers["s1"].url
        first = cli(["scan", "--profile", "ita-2565",
                     url, "--out", tmp_path / "o1", "--format", "json,junit", "--quiet", "--db", db,
                     "--fail-under", "50"], e, fake=True)
        assert first.returncode == 0, first.stderr
        cases = ET.parse(tmp_path / "o1" / "junit.xml").getroot().findall(".//testcase")
        assert len(cases) == 43 and sum(c.find("failure") is not None for c in cases) == 1

        # same site again, nothing changed: the baseline 'last' passes, a high threshold fails
        same = cli(["scan", "--profile", "ita-2565",
                    url, "--out", tmp_path / "o2", "--format", "json", "--quiet", "--db", db,
                    "--baseline", "last"], e, fake=True)
        assert same.returncode == 0, same.stderr
        high = cli(["scan", "--profile", "ita-2565",
                    url, "--out", tmp_path / "o3", "--format", "json", "--quiet", "--db", db,
                    "--fail-under", "99.5", "--lang", "en"], e, fake=True)
        assert high.returncode == 1 and "below the threshold" in high.stderr

        # the site loses O5 and a document changes: new gap → exit 1 with the baseline
        write_site(servers["s1"].root, {**spec, "fail": ["O23", "O5"], "hashes": {"O1": "a" * 64}})
        worse = cli(["scan", "--profile", "ita-2565",
                     url, "--out", tmp_path / "o4", "--format", "json", "--quiet", "--db", db,
                     "--baseline", "last", "--lang", "en"], e, fake=True)
        assert worse.returncode == 1 and "O5" in worse.stderr
        vs_file = cli(["scan", "--profile", "ita-2565",
                       url, "--out", tmp_path / "o5", "--format", "json", "--quiet", "--no-history",
                       "--baseline", tmp_path / "o4" / "result.json"], e, fake=True)
        assert vs_file.returncode == 0, vs_file.stderr

    hist = cli(["history", "127.0.0.1:" + url.split(":")[2].strip("/"), "--db", db, "--json"], e)
    assert hist.returncode == 0, hist.stderr
    rows = json.loads(hist.stdout)
    assert [r["fails"] for r in rows] == [1, 1, 1, 2]  # o5 was --no-history
    assert len({r["id"] for r in rows}) == 4 and all(r["fiscal_year"] == 2565 for r in rows)
    table = cli(["history", url, "--db", db, "--lang", "en"], e)
    assert "เทศบาลตำบลทดสอบ" in table.stdout and "OIT score" in table.stdout
    sites = cli(["history", "--db", db, "--json"], e)
    assert json.loads(sites.stdout)[0]["scans"] == 4

    d = cli(["diff", url, "--db", db, "--json"], e)  # the last two stored scans
    assert d.returncode == 1, d.stderr
    out = json.loads(d.stdout)
    assert [g["code"] for g in out["new_gaps"]] == ["O5"]
    assert [x["code"] for x in out["evidence"] if x["rehashed"]] == ["O1"]
    assert out["score"]["delta"] < 0
    back = cli(["diff", url, "--db", db, "--from", rows[3]["id"], "--to", rows[0]["id"], "--lang", "en"], e)
    assert back.returncode == 0 and "Fixed: 1" in back.stdout and "O5" in back.stdout
    files = cli(["diff", tmp_path / "o1" / "result.json", tmp_path / "o4" / "result.json", "--json"], e)
    assert files.returncode == 1 and json.loads(files.stdout)["new_gaps"][0]["code"] == "O5"


def test_usage_and_input_errors_exit_2(tmp_path):
    e = env(tmp_path)
    db = tmp_path / "h.sqlite"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = cli(["diff", bad, bad, "--lang", "en"], e)
    assert r.returncode == 2 and "Cannot read the result file" in r.stderr and "Traceback" not in r.stderr
    r = cli(["history", "nowhere.go.th", "--db", db, "--lang", "en"], e)
    assert r.returncode == 2 and "No site nowhere.go.th" in r.stderr
    r = cli(["diff", "nowhere.go.th", "--db", db], e)
    assert r.returncode == 2
    r = cli(["history", "--bogus"], e)
    assert r.returncode == 2
    with serve_sites(tmp_path, {"s": {"fail": []}}) as servers:
        r = cli(["scan", "--profile", "ita-2565",
                 servers["s"].url, "--out", tmp_path / "o", "--quiet", "--db", db, "--format", "json",
                 "--baseline", tmp_path / "missing.json"], e, fake=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_default_history_in_data_folder_and_opt_out(tmp_path):
    e = env(tmp_path)
    with serve_sites(tmp_path, {"s": {"fail": ["O1"], "pages": 80, "documents": 30}}) as servers:
        r = cli(["scan", "--profile", "ita-2565",
                 servers["s"].url, "--out", tmp_path / "o", "--quiet", "--format", "json"], e, fake=True)
        assert r.returncode == 0, r.stderr
        write_site(servers["s"].root, {"fail": ["O1"], "pages": 3, "documents": 30})
        r = cli(["scan", "--profile", "ita-2565",
                 servers["s"].url, "--out", tmp_path / "o2", "--quiet", "--format", "json", "--lang", "en"],
                e, fake=True)
        assert r.returncode == 0, r.stderr
        assert "far fewer pages than last time (80 → 3)" in r.stderr and "documents" not in r.stderr
        r = cli(["scan", "--profile", "ita-2565",
                 servers["s"].url, "--out", tmp_path / "o3", "--quiet", "--format", "json", "--no-history"],
                e, fake=True)
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "xdg" / "oit-checker" / "history.sqlite").is_file()
    rows = json.loads(cli(["history", servers["s"].url, "--json"], e).stdout)
    assert [r["pages"] for r in rows] == [80, 3]  # the --no-history scan is not there
