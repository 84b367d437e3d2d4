"""The training corpus of the learned locate signal (``tests/realtext/corpus/*.yaml``).

Why: the corpus is openings of real agency documents collected only to train on (``oit_checker/learned.py``,
knob ``corpus``); the real-text set measures the checker on the batch files beside it. A corpus page that is also a
judged excerpt would let the model see what it is measured on, so the two never share a page; and a malformed
entry (an unknown item, no text) would silently train a wrong class.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from oit_checker import learned
from oit_checker.profiles import load_profile

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "realtext"
CORPUS = SET / learned.CORPUS


def _corpus() -> list[dict]:
    out = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append({**e, "_file": path.name})
    return out


def _batch_urls() -> set[str]:
    urls: set[str] = set()
    for path in sorted(SET.glob("*.yaml")):
        for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(e, dict):
                urls |= {u.rstrip("/") for u in learned.urls_of(e)}
    return urls


def test_every_corpus_entry_is_well_formed():
    codes = {r.code for r in load_profile("ita-2565", validate=False).rules}
    entries = _corpus()
    ids = [e.get("id") for e in entries]
    assert len(ids) == len(set(ids)), "corpus ids must be unique"
    for e in entries:
        assert e.get("item") in codes, (e.get("id"), e.get("item"))
        assert e.get("verdict") in ("pass", "fail", "none"), e.get("id")
        assert str(e.get("url") or "").startswith("http"), e.get("id")
        assert len(str(e.get("text") or "")) >= 40, e.get("id")
        assert e.get("reason"), e.get("id")


def test_no_corpus_page_is_a_judged_excerpt():
    batch = _batch_urls()
    shared = sorted(e["id"] for e in _corpus() if str(e["url"]).rstrip("/") in batch)
    assert shared == []


def test_the_corpus_trains_the_model(monkeypatch):
    monkeypatch.setattr(learned, "EXCLUDE", {"urls": frozenset(), "files": frozenset()})
    texts = [e for e in _corpus() if e.get("text")]
    with_corpus = learned.example_files(SET, corpus=True)
    without = learned.example_files(SET, corpus=False)
    assert len(with_corpus) - len(without) == len(list(CORPUS.glob("*.yaml")))
    assert len(learned.load_examples(SET)) - len([e for p in without for e in (
        yaml.safe_load(p.read_text(encoding="utf-8")) or []) if isinstance(e, dict) and e.get("text")]) == (
        len(texts) if learned.settings().get("corpus") else 0)
