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
