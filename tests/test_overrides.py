"""Items checked by hand against the evidence of one run: applied only while that evidence holds.

"Could not read or reach" never counts as "gone", and never lets a hand check through unseen.
"""

from __future__ import annotations

import json
from pathlib import Path

from oit_checker import overrides
from oit_checker.corpus import Corpus, Document, Page

URL = "https://www.example.go.th/files/plan.pdf"
OV = {"code": "O10", "verdict": "pass", "reason": "เอกสารสแกน เปิดดูแล้วครบ", "url": URL, "by": "สมศรี",
      "date": "2026-11-20"}


def _item(verdict: str = "unreadable") -> dict:
    return {"code": "O10", "verdict": verdict, "score": 0, "evidence": [],
            "findings": [{"kind": "unreadable", "message": "อ่านไม่ได้", "evidence": {"url": URL, "snippet": "",
                                                                                "page": None}}],
            "answer": {"disclosed": False, "url": "", "explanation": ""}}


def _corpus(*docs: Document) -> Corpus:
    return Corpus(root=Path("."), crawl={"status": "ok"}, documents=list(docs), links=[])


def _pdf(sha: str = "a" * 64, **kw) -> Document:
    fields = {"status": 200, **kw}
    return Document(url=URL, final_url=URL, kind="pdf", sha256=sha, pages=[Page(n=1, text="", needs_ocr=True)],
                    **fields)


def test_applied_keeps_the_tools_verdict_and_fingerprints_the_evidence(tmp_path):
    state = tmp_path / "state.json"
    item = _item()
    notes = overrides.apply([item], [OV], _corpus(_pdf()), state, "th")
    assert item["verdict"] == "pass" and item["score"] == 100
    assert item["override"] == {"verdict": "pass", "original": "unreadable", "reason": OV["reason"], "url": URL,
                                "by": "สมศรี", "date": "2026-11-20"}
    assert item["answer"] == {"disclosed": True, "url": URL,
                              "explanation": "ตรวจด้วยตนเอง โดย สมศรี เมื่อ 2026-11-20: เอกสารสแกน เปิดดูแล้วครบ"}
    assert item["evidence"][0]["url"] == URL and item["findings_before_override"][0]["kind"] == "unreadable"
    assert notes[0]["state"] == "applied"
    assert list(json.loads(state.read_text()).values())[0]["fingerprint"] == "sha256:" + "a" * 64


def test_changed_bytes_expire_it_and_a_new_date_rearms_it(tmp_path):
    state = tmp_path / "state.json"
    overrides.apply([_item()], [OV], _corpus(_pdf()), state, "en")
    item = _item()
    notes = overrides.apply([item], [OV], _corpus(_pdf(sha="b" * 64)), state, "en")
    assert item["verdict"] == "unreadable" and "override" not in item
    assert item["override_expired"]["why"] == "changed" and "has changed" in notes[0]["message"]
    again = _item()
    overrides.apply([again], [{**OV, "date": "2026-12-01"}], _corpus(_pdf(sha="b" * 64)), state, "en")
    assert again["verdict"] == "pass"  # checked again on a new date: the new evidence is the reference


def test_page_markup_may_change_its_text_may_not(tmp_path):
    state = tmp_path / "state.json"
    page = {"url": URL, "final_url": URL, "status": 200, "kind": "html"}
    first = Document(**page, sha256="1" * 64, pages=[Page(n=1, text="แผน", norm="แผน 2569")])
    overrides.apply([_item()], [OV], _corpus(first), state, "th")
    same_text = Document(**page, sha256="2" * 64, pages=[Page(n=1, text="แผน", norm="แผน  2569")])
    item = _item()
    overrides.apply([item], [OV], _corpus(same_text), state, "th")
    assert item["verdict"] == "pass"
    new_text = Document(**page, sha256="2" * 64, pages=[Page(n=1, text="แผน", norm="แผน 2570")])
    item = _item()
    overrides.apply([item], [OV], _corpus(new_text), state, "th")
    assert item["override_expired"]["why"] == "changed"


def test_gone_is_missing_but_unreachable_or_not_fetched_is_never_gone_nor_applied(tmp_path):
    state = tmp_path / "state.json"
    cases = {"missing": _pdf(status=404, error="http_404"), "unreached": _pdf(status=None, error="timeout")}
    for why, doc in cases.items():
        item = _item()
        overrides.apply([item], [OV], _corpus(doc), state, "th")
        assert item["verdict"] == "unreadable" and item["override_expired"]["why"] == why
        assert item["findings"][-1]["kind"] == "checked_by_hand"
    item = _item()
    overrides.apply([item], [OV], _corpus(), state, "th")  # `check` on a corpus that never fetched it
    assert item["override_expired"]["why"] == "unreached" and "ยังไม่ได้เปิดหลักฐาน" in item["override_expired"]["message"]


def test_an_item_the_round_does_not_have_is_reported_not_applied(tmp_path):
    notes = overrides.apply([_item()], [{**OV, "code": "O40"}], _corpus(_pdf()), tmp_path / "s.json", "th", "ita-2568")
    assert notes[0]["state"] == "expired" and notes[0]["why"] == "unknown_item" and "ita-2568" in notes[0]["message"]
