"""Rule files: loading, inheritance, schema validation, and every rule's pass/fail fixture."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oit_checker import fixtures, profiles
from oit_checker.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
PROFILE_DIR = ROOT / "rules" / "ita-2565"
MINI = Path(__file__).resolve().parent / "profiles" / "mini-2566"
FIXTURES = profiles.fixture_files(PROFILE_DIR)


@pytest.fixture(scope="module")
def profile():
    return profiles.load_profile("ita-2565")


def test_profile_has_43_items_in_their_subindicators(profile):
    assert profile.items == [f"O{i}" for i in range(1, 44)]
    sizes = {g: len(v["items"]) for g, v in profile.subindicators.items()}
    assert sizes == {"9.1": 9, "9.2": 8, "9.3": 7, "9.4": 4, "9.5": 5, "10.1": 8, "10.2": 2}
    for rule in profile.rules:
        assert profile.group_of(rule.code) == rule.group
        assert rule.criterion["source"].endswith(rule.code)
        assert rule.advice["th"] and rule.advice["en"]
        assert rule.measure["owner"] in {"admin", "finance", "procurement", "hr", "planning", "complaints", "it"}


def test_every_rule_has_pass_and_fail_fixture():
    stems = {p.name.split(".")[0] + "." + p.name.split(".")[1] for p in FIXTURES}
    for i in range(1, 44):
        assert f"O{i}.pass" in stems and f"O{i}.fail" in stems


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(path, profile):
    res = fixtures.run_fixture(path, profile)
    assert res["ok"], (res["got"], res["got_kinds"], res["want"], res["want_kinds"], res["item"]["findings"])


def test_profile_validates_clean():
    assert profiles.validate_path(PROFILE_DIR) == []


def test_broken_rule_file_is_rejected_with_file_and_field(tmp_path):
    dst = tmp_path / "ita-2565"
    shutil.copytree(PROFILE_DIR, dst)
    data = yaml.safe_load((dst / "O20.yaml").read_text(encoding="utf-8"))
    data["period"] = "LAST_YEAR"
    data["checks"][0]["kind"] = "magic"
    (dst / "O20.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    errors = profiles.validate_path(dst)
    fields = {(Path(e["file"]).name, e["field"]) for e in errors}
    assert ("O20.yaml", "period") in fields
    assert ("O20.yaml", "checks.0.kind") in fields
    with pytest.raises(UserError) as exc:
        profiles.load_profile(dst)
    assert "O20.yaml" in exc.value.message()


def test_cli_validate_reports_in_thai_and_exits_2(tmp_path):
    bad = tmp_path / "O5.yaml"
    data = yaml.safe_load((PROFILE_DIR / "O5.yaml").read_text(encoding="utf-8"))
    del data["measure"]["owner"]
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "oit_checker", "rules", "validate", str(bad)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 2
    assert "O5.yaml" in proc.stderr and "measure" in proc.stderr and "ผิดพลาด" in proc.stderr
    ok = subprocess.run([sys.executable, "-m", "oit_checker", "--lang", "en", "rules", "validate", "ita-2565"],
                        capture_output=True, text=True, env=env, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "43 items" in ok.stdout


def test_cli_rules_test_runs_every_fixture():
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "oit_checker", "--lang", "en", "rules", "test", "-q"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(FIXTURES)} fixtures, {len(FIXTURES)} ok, 0 mismatched" in proc.stdout


def test_extends_reuses_rules_and_overrides_one():
    mini = profiles.load_profile(MINI)
    base = profiles.load_profile("ita-2565")
    assert mini.id == "mini-2566" and mini.fiscal_year == 2566
    assert mini.items == base.items
    assert mini.rule("O20").checks != base.rule("O20").checks
    assert len(mini.rule("O20").checks[0]["all"]) == 1
    assert mini.rule("O20").name == base.rule("O20").name  # inherited field
    assert mini.rule("O1").checks == base.rule("O1").checks
    assert profiles.validate_path(MINI) == []


def test_fiscal_year_override():
    assert profiles.load_profile("ita-2565", fiscal_year=2567).fiscal_year == 2567


def test_unknown_profile_is_a_user_error():
    with pytest.raises(UserError) as exc:
        profiles.load_profile("ita-1999")
    assert "ita-2565" in exc.value.message()


def test_cli_rules_test_reports_a_mismatch(tmp_path):
    dst = tmp_path / "ita-2565"
    shutil.copytree(PROFILE_DIR, dst)
    fx = dst / "O20.fail.yaml"
    data = yaml.safe_load(fx.read_text(encoding="utf-8"))
    data["expect"] = {"verdict": "pass"}
    fx.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "oit_checker", "--lang", "en", "rules", "test", str(dst), "-q"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1
    assert "MISMATCH" in proc.stdout and "O20.fail.yaml" in proc.stdout and "missing_phrases" in proc.stdout


def test_extends_loop_is_reported(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "profile.yaml").write_text(f"extends: {b}\nid: a\n", encoding="utf-8")
    (b / "profile.yaml").write_text(f"extends: {a}\nid: b\n", encoding="utf-8")
    with pytest.raises(UserError):
        profiles.load_profile(a)
