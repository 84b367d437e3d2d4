"""What is remembered to make ``check`` quicker gives the same answers as reading afresh, and never leaks
one load's edits into the next: profiles' raw rules, YAML copies, ``about`` matchers, short normalised texts."""

from __future__ import annotations

import copy
import os
import shutil

from oit_checker import profiles, thai
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import about_match, about_matcher, index_for
from oit_checker.thai import matching

HOST = "https://www.tambon-cache.go.th"


def test_a_second_load_is_equal_and_independent_of_the_first():
    first = profiles.load_profile("ita-2569", validate=False)
    raw = copy.deepcopy([r.raw for r in first.rules])
    first.rules[0].locate.setdefault("terms", []).append("คำที่เพิ่มในหน่วยความจำ")
    first.rules[0].raw["name"] = {"th": "แก้ในหน่วยความจำ"}
    second = profiles.load_profile("ita-2569", validate=False)
    assert [r.raw for r in second.rules] == raw
    assert "คำที่เพิ่มในหน่วยความจำ" not in second.rules[0].locate.get("terms", [])
    assert second.rules[0].raw is not first.rules[0].raw


def test_an_edited_rule_file_is_read_by_the_next_load(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(profiles.profile_dir("ita-2565"), folder)
    before = profiles.load_profile(folder, validate=False).rule("O1")
    path = folder / "O1.yaml"
    text = path.read_text(encoding="utf-8")
    old = before.locate["terms"][0]
    path.write_text(text.replace(old, "โครงสร้างที่แก้แล้ว", 1), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a later modification time, surely
    after = profiles.load_profile(folder, validate=False).rule("O1")
    assert "โครงสร้างที่แก้แล้ว" in after.locate["terms"]
    assert old not in after.locate["terms"] or text.count(old) > 1


def test_copy_tree_copies_like_deepcopy():
    data = profiles.read_yaml(profiles.profile_dir("ita-2565") / "O1.yaml")
    data["a set"] = {1, 2}
    copied = profiles.copy_tree(data)
    assert copied == copy.deepcopy(data)
    copied["locate"]["terms"].append("x")
    copied["a set"].add(3)
    assert "x" not in data["locate"]["terms"] and data["a set"] == {1, 2}


def _view(text: str):
    doc = f"{HOST}/doc/1.html"
    return index_for(fixture_corpus({"start_url": f"{HOST}/", "documents": [
        {"url": f"{HOST}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับ"},
        {"url": doc, "kind": "html", "title": "เอกสาร 1", "text": text}]})).by_url[doc]


def test_an_about_matcher_is_shared_only_by_the_same_patterns():
    about = [{"name": "plan", "all": [["แผนพัฒนาท้องถิ่น"], ["พ.ศ."]], "not": ["ยกเลิก"]}]
    page = _view("แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)")
    assert about_matcher(about) is about_matcher(copy.deepcopy(about))  # read once for the same content
    assert about_match(page, about) == "plan"
    about[0]["not"].append("2566")  # edited in memory (a mutation test): its own matcher, its own answer
    assert about_match(page, about) is None
    assert about_matcher(about) is not about_matcher([{**about[0], "not": ["ยกเลิก"]}])


def test_remembered_normal_forms_equal_a_fresh_normalisation():
    short = "ประจำาปี ๒๕๖๖\u200b  ผู้บริหำร"
    long = short * (matching.MEMO_CHARS // len(short) + 2)
    for text in (short, short + " ", long, "ASCII  text\n\n x"):
        assert thai.normalize(text) == matching._normalize(text)
        assert thai.normalize(text) == thai.normalize(text)
