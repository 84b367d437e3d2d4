"""Rule files: loading, inheritance, schema validation, and every rule's pass/fail fixture."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oit_checker import advice_template, fixtures, profiles
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
    proc = subprocess.run([sys.executable, "-m", "oit_checker", "--lang", "en", "rules", "test", "ita-2565", "-q"],
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
    for other in profiles.fixture_files(dst):  # O20's fixtures show the mismatch; every fixture runs above
        if not other.name.startswith("O20."):
            other.unlink()
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


# ---------------------------------------------------------------- advice/measure template

def test_every_rule_resolves_advice_and_measure_in_both_languages(profile):
    for rule in profile.rules:
        m = rule.measure
        for lang in ("th", "en"):
            texts = [rule.advice[lang], m["issue"][lang], m["guideline"][lang], *m["steps"][lang]]
            assert len(m["steps"][lang]) == 4, rule.code
            assert all(text.strip() for text in texts), rule.code
            assert not [text for text in texts if re.search(r"\{\w*\}", text)], rule.code
            assert m["issue"][lang].startswith(f"{rule.code} {rule.name[lang]}")
            assert rule.criterion[lang] in m["guideline"][lang]
            assert f"ITA > {rule.code} " in m["steps"][lang][2]


def test_template_fills_name_period_and_criterion_as_the_rule_files_did(profile):
    o1, o8, o9, o40, o41 = (profile.rule(c) for c in ("O1", "O8", "O9", "O40", "O41"))
    assert o1.advice["th"] == (
        "เผยแพร่โครงสร้าง บนเว็บไซต์หลักของหน่วยงาน ให้มีแผนผังแสดงการแบ่งส่วนราชการภายใน ตำแหน่งที่สำคัญ "
        "และหน่วยงานภายใน (สำนัก กอง ฝ่าย ส่วน ศูนย์) ทั้งฝ่ายการเมืองและฝ่ายประจำ และระบุ URL ที่เปิดถึงข้อมูลโดยตรง")
    # English names are lower-cased inside a sentence; LIVE items must work and be reachable
    assert o9.advice["en"] == (
        "Publish the social network working and reachable from the main website on the agency's main website, "
        "with: link from the main website to the agency's social media (Facebook, Twitter, Instagram, YouTube, "
        "LINE…); give a URL that opens the data directly")
    # a Latin name is spaced off the Thai words around it
    assert o8.measure["guideline"]["th"] == (
        "จัดทำและเผยแพร่ Q&A ให้ครบองค์ประกอบ: ช่องทางที่บุคคลภายนอกสอบถามและหน่วยงานตอบได้ "
        "(กระดานถาม-ตอบ แชท แชทบอท) ที่เข้าถึงจากเว็บไซต์หลัก")
    assert o8.measure["steps"]["th"][0] == "มอบหมายผู้รับผิดชอบจัดทำ Q&A"
    assert o40.advice["th"].startswith(
        "เผยแพร่รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน "
        "ครอบคลุม 6 เดือนแรกของปีงบประมาณ (ต.ค.–มี.ค.) บนเว็บไซต์หลักของหน่วยงาน ให้มี")
    assert o41.measure == {
        "issue": {"th": "O41 รายงานผลการดำเนินการป้องกันการทุจริตประจำปี ยังเปิดเผยข้อมูลไม่ครบถ้วนหรือไม่เป็นไปตามหลักเกณฑ์",
                  "en": "O41 Annual anti-corruption report: not disclosed in full or not as required"},
        "guideline": o41.measure["guideline"],
        "steps": {"th": o41.measure["steps"]["th"], "en": [
            "Assign a person to prepare the annual anti-corruption report",
            "Check every element is present: results, budget used, problems and suggestions of the "
            "anti-corruption plan for the previous year",
            "Publish it on the main website under ITA > O41 and check the link opens",
            "Review the year and completeness before answering the OIT form"]},
        "owner": "planning",
    }
    assert o41.advice["en"].startswith("Publish the annual anti-corruption report for the previous fiscal year on ")


def test_no_rule_file_repeats_the_template(profile):
    """A rule writes advice or a measure field only where it differs from the shared template."""
    for rule in profile.rules:
        advice, measure = advice_template.template(rule.raw)
        own = rule.raw.get("measure") or {}
        assert rule.raw.get("advice") in (None, {}) or rule.raw["advice"] != advice, rule.code
        for f in advice_template.FIELDS:
            assert f not in own or own[f] != measure[f], (rule.code, f)


def test_rule_overrides_a_template_field_in_full_and_a_later_year_renames(tmp_path):
    (tmp_path / "profile.yaml").write_text("extends: ita-2565\nid: adv-2566\nfiscal_year: 2566\n", encoding="utf-8")
    (tmp_path / "O5.yaml").write_text(yaml.safe_dump({
        "code": "O5",
        "advice": {"th": "เผยแพร่ที่อยู่และเบอร์โทร", "en": "Publish the address and phone"},
        "measure": {"owner": "it", "steps": {"th": ["ขั้นเดียว"], "en": ["One step"]}},
    }, allow_unicode=True), encoding="utf-8")
    (tmp_path / "O20.yaml").write_text(yaml.safe_dump({
        "code": "O20", "name": {"th": "รายงานการใช้จ่ายงบ", "en": "Spending report"},
    }, allow_unicode=True), encoding="utf-8")
    assert profiles.validate_path(tmp_path) == []
    p = profiles.load_profile(tmp_path)
    base = profiles.load_profile("ita-2565")
    o5, o20 = p.rule("O5"), p.rule("O20")
    assert o5.advice == {"th": "เผยแพร่ที่อยู่และเบอร์โทร", "en": "Publish the address and phone"}
    assert o5.measure["steps"] == {"th": ["ขั้นเดียว"], "en": ["One step"]}
    assert o5.measure["owner"] == "it"
    assert o5.measure["issue"] == base.rule("O5").measure["issue"]  # fields not written stay the template's
    assert o20.measure["issue"]["en"] == "O20 Spending report: not disclosed in full or not as required"
    assert o20.advice["en"].startswith("Publish the spending report for the previous fiscal year on ")
    assert o20.measure["owner"] == base.rule("O20").measure["owner"]


def test_a_rule_without_measure_owner_is_rejected(tmp_path):
    (tmp_path / "profile.yaml").write_text("extends: ita-2565\nid: adv-2566\nfiscal_year: 2566\n", encoding="utf-8")
    (tmp_path / "O77.yaml").write_text((PROFILE_DIR / "O5.yaml").read_text(encoding="utf-8")
                                       .replace("code: O5", "code: O77").replace("measure: {owner: admin}\n", ""),
                                       encoding="utf-8")
    assert ("O77.yaml", "(top)") in {(Path(e["file"]).name, e["field"]) for e in profiles.validate_path(tmp_path)}
