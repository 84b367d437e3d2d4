"""A picture-only post tied to an item only by a code in its address hides nothing of the item when it presents a
readable file the item's locate did not take: the item's own dead link is what the officer must fix.

Session 24, generator seed 16475 menus ita-2566 O29: the site kept 2565's numbering in its addresses, so
"/news/view-o29.html" is the complaint-handling procedure (2566 O27), a picture of a table above a bare download link
to the Word file that holds its text. 2566 O29 (complaint statistics) was judged "unreadable: the data is an image"
on it, while the statistics' own post links a spreadsheet that answers 404. A picture post presenting no readable
file stays "could not read" (its picture may hold the item: the assessor reads it by eye)."""

import copy
from pathlib import Path

from oit_checker import checker, verdict
from oit_checker.fixtures import fixture_corpus
from oit_checker.profiles import load_profile, read_yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "rules" / "ita-2566" / "O29.numbered-picture-post.fail.yaml"
POST = "https://www.tambon-oldcode.go.th/news/view-o29.html"


def _judge(data: dict) -> dict:
    profile = load_profile(FIXTURE.parent, validate=False)
    return checker.judge(profile.rule("O29"), fixture_corpus(data), profile, "en")


def test_a_numbered_picture_post_beside_a_readable_file_does_not_hide_the_dead_link():
    item = _judge(read_yaml(FIXTURE))
    assert item["verdict"] == "fail", item["findings"]
    kinds = [f["kind"] for f in item["findings"]]
    assert kinds[0] == "broken_link" and "unreadable" not in kinds, kinds
    assert item["findings"][0]["evidence"]["url"].endswith("/files/complaint/stat-2566.xlsx")


def test_without_the_readable_file_the_picture_post_stays_unreadable(monkeypatch):
    # the mechanism alone decides: switched off, the same site is "could not read" on the picture post
    monkeypatch.setattr(verdict, "_numbered_picture_post", lambda cand, index: False)
    item = _judge(read_yaml(FIXTURE))
    assert item["verdict"] == "unreadable", item["findings"]
    assert item["findings"][0]["evidence"]["url"] == POST


def test_a_numbered_picture_post_presenting_no_readable_file_stays_unreadable():
    # without the Word file behind it, nothing tells what the picture is: it may hold the item (the site's own
    # numbering), so "could not read" stays, for the assessor to read it by eye
    data = copy.deepcopy(read_yaml(FIXTURE))
    docx = "https://www.tambon-oldcode.go.th/files/complaint/handling.docx"
    data["documents"] = [d for d in data["documents"] if d["url"] != docx]
    data["links"] = [lk for lk in data["links"] if lk["url"] != docx]
    item = _judge(data)
    assert item["verdict"] == "unreadable", item["findings"]
    assert item["findings"][0]["evidence"]["url"] == POST
