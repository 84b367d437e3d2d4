"""history and diff show times as a Thai officer reads them: Buddhist era, Thai time (UTC+7)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fleet_support import cli, env
from test_checker_cli import BASE, make_corpus

from oit_checker.thai.clock import when


def test_clock_is_thai_time_and_buddhist_era():
    assert when("2026-11-29T21:30:00+00:00") == "30 พ.ย. 2569 04:30 น."  # the next day in Bangkok
    assert when(datetime(2026, 1, 5, 2, 0)) == "5 ม.ค. 2569 09:00 น."  # stored naive = UTC
    assert when("2026-11-29T21:30:00Z", "en") == "2026-11-30 04:30 +07"
    assert when(None) == "-" and when("not a time") == "-"


def test_history_and_diff_print_buddhist_era_thai_time(tmp_path):
    e = env(tmp_path, COLUMNS="200")
    db = tmp_path / "h.sqlite"
    corpus = make_corpus(tmp_path / "corpus")
    for n in (1, 2):
        r = cli(["check", "--profile", "ita-2565",
                 corpus, "--out", tmp_path / f"o{n}", "--format", "json", "--quiet", "--db", db], e)
        assert r.returncode == 0, r.stderr
    rows = json.loads(cli(["history", BASE, "--db", db, "--json"], e).stdout)
    assert len(rows) == 2
    table = cli(["history", BASE, "--db", db], e)
    assert table.returncode == 0, table.stderr
    for row in rows:
        assert when(row["finished_at"]) in table.stdout  # "30 พ.ย. 2569 04:30 น."
    year_be = str(datetime.now(UTC).year + 543)
    assert year_be in table.stdout
    sites = cli(["history", "--db", db], e)
    assert when(rows[0]["finished_at"]) in sites.stdout or when(rows[1]["finished_at"]) in sites.stdout
    d = cli(["diff", BASE, "--db", db], e)
    assert "เทียบผลการตรวจเมื่อ" in d.stdout and year_be in d.stdout and "(เวลาประเทศไทย)" in d.stdout
