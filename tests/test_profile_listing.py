"""Issue 12: a profile load lists each rule folder once, and the next load sees edited files."""

from __future__ import annotations

import shutil

from oit_checker import profiles


def test_each_folder_listed_once_per_load(monkeypatch):
    calls: list = []
    listing = profiles._listing

    def counted(folder, depth):
        calls.append((folder, depth))
        return listing(folder, depth)

    monkeypatch.setattr(profiles, "_listing", counted)
    prof = profiles.load_profile("ita-2569")
    assert len(prof.rules) > 20
    assert calls and len(calls) == len(set(calls))  # ita-2569's items come from: ita-2568, listed once
    assert getattr(profiles._LISTED, "sigs", None) is None  # nothing remembered after the load


def test_an_edited_rule_changes_the_signature_of_the_next_load(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(profiles.profile_dir("ita-2565"), folder)
    before = profiles._signature(folder)
    with profiles._listed_once():
        assert profiles._signature(folder) == before
        rule = folder / "O1.yaml"
        rule.write_text(rule.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert profiles._signature(folder) == before  # within one load: listed once
    assert profiles._signature(folder) != before  # the next load lists again
