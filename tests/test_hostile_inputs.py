"""Hostile files the officer (or whoever feeds a service) hands us: YAML alias bombs and huge YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from oit_checker import safeyaml

FIXTURE = Path(__file__).parent / "fixtures" / "result-sample.json"


def alias_bomb(levels: int = 9) -> str:
    """Billion laughs in YAML: each level a list of nine references to the level below."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_refused():
    with pytest.raises(safeyaml.YamlLimitError):
        safeyaml.loads(alias_bomb())
    with pytest.raises(yaml.YAMLError):  # callers' "not valid YAML" handling covers it
        safeyaml.loads(alias_bomb())


def test_huge_yaml_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("k: " + "x" * (safeyaml.MAX_BYTES + 10) + "\n", encoding="utf-8")
    with pytest.raises(safeyaml.YamlLimitError):
        safeyaml.load(big)


def test_ordinary_yaml_with_a_few_anchors_still_loads():
    text = "base: &b {th: งานคลัง, en: Finance}\nfinance: *b\nhr: *b\n"
    assert safeyaml.loads(text)["hr"] == {"th": "งานคลัง", "en": "Finance"}


def test_divisions_alias_bomb_is_a_one_line_error(tmp_path, run_cli):
    result = tmp_path / "result.json"
    result.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    bomb = tmp_path / "divisions.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    r = run_cli("report", str(result), "--out", str(tmp_path / "out"), "--divisions", str(bomb), "--lang", "en",
                timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "divisions" in r.stderr and "aliases" in r.stderr
    assert json.loads(result.read_text(encoding="utf-8"))["items"]  # the input is untouched


def test_batch_csv_with_a_giant_field_is_a_one_line_error(tmp_path, run_cli):
    sites = tmp_path / "sites.csv"
    sites.write_text("code,name,url\n1," + "x" * 200_000 + ",http://127.0.0.1:9/\n", encoding="utf-8")
    r = run_cli("batch", "--profile", "ita-2565",
                str(sites), "--out", str(tmp_path / "out"), "--lang", "en", timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "Internal error" not in r.stderr
    assert "line 2" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_oversized_batch_csv_refused_before_reading(tmp_path, monkeypatch):
    from oit_checker.errors import UserError
    from oit_checker.fleet import sites as fleet_sites

    monkeypatch.setattr(fleet_sites, "MAX_CSV_BYTES", 1000)
    path = tmp_path / "sites.csv"
    path.write_text("code,name,url\n" + "".join(f"{i},n,http://a{i}.go.th/\n" for i in range(100)), encoding="utf-8")
    with pytest.raises(UserError) as err:
        fleet_sites.read_sites(path)
    assert err.value.key == "fleet.csv_too_large"


def test_batch_public_only_reaches_every_scan():
    from oit_checker.fleet.runner import _args

    assert "--public-only" in _args("http://a.go.th/", Path("/tmp/x"), {"public_only": True})
    assert "--public-only" not in _args("http://a.go.th/", Path("/tmp/x"), {})
