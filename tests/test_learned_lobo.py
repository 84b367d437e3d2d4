"""``scripts/learned_lobo.py``: the learned signal as a plain classifier, each batch judged by a model trained
without its collection round; ``scripts/realtext.py --by-file``: the checker's figures per batch file.

Why: a batch's figure is only honest when the model never saw that batch (nor a round-mate, nor a re-telling of
the same page); the per-batch table is what session 19 compared knobs on. Tiny in-test rounds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from oit_checker import learned

ROOT = Path(__file__).resolve().parent.parent
PLAN = ("แผนปฏิบัติการประจำปี โครงการพัฒนาถนน งบประมาณ {n} บาท กิจกรรมอบรม ระยะเวลาดำเนินการ ไตรมาสที่ {q} "
        "ผู้รับผิดชอบ กองช่าง โครงการ ก่อสร้างรางระบายน้ำ หมู่ที่ {q} งบประมาณ บาท ")
CONTACT = ("ติดต่อเรา ที่อยู่ เลขที่ {n} หมู่ {q} ตำบลบ้านนา โทรศัพท์ 0 4300 {n} โทรสาร 0 4300 {n} "
           "อีเมล saraban{q}@example.go.th แผนที่การเดินทาง ")


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_script_lobo", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def _round(tag: str, start: int) -> list[dict]:
    return [{"id": f"{item}-{start + i}", "item": item, "verdict": "pass", "url": f"https://{tag}{i}.test/{item}",
             "query": "q", "reason": "r", "text": text.format(n=1000 + 37 * i, q=i + 1) * 3}
            for i in range(3) for item, text in (("O10", PLAN), ("O5", CONTACT))]


@pytest.fixture
def rounds(tmp_path, monkeypatch):
    folder = tmp_path / "examples"
    folder.mkdir()
    for n, tag in ((1, "a"), (2, "b"), (3, "c")):
        (folder / f"b{n}-1.yaml").write_text(yaml.safe_dump(_round(tag, 10 * n), allow_unicode=True),
                                             encoding="utf-8")
    monkeypatch.setattr(learned, "EXAMPLES_DIR", folder)
    monkeypatch.setattr(learned, "OVERRIDES", {"enabled": True, "min_chars": 40, "min_lead": 0.0})
    monkeypatch.setattr(learned, "EXCLUDE", {"urls": frozenset(), "files": frozenset()})
    monkeypatch.setattr(learned, "_MEMO", {})
    monkeypatch.setenv(learned.CACHE_ENV, str(tmp_path / "cache"))
    return folder


def test_each_batch_is_classified_by_a_model_trained_without_it(rounds, monkeypatch):
    lobo = _script("learned_lobo")
    sizes = []
    real = learned.model
    monkeypatch.setattr(learned, "model", lambda *a: sizes.append(real(*a).size) or real(*a))
    entries = lobo.rt.load_set(rounds)
    res = lobo.measure(entries, rounds)
    assert set(sizes) == {12}  # 18 examples, never the 6 of the judged round
    for name in ("b1-1.yaml", "b2-1.yaml", "b3-1.yaml"):
        assert res[name]["pass"] == 6 and res[name]["top1"] == 6 and res[name]["taken"] == 6
    only = lobo.measure(entries, rounds, only=("b3-",))  # one batch: still trained without it, on all the rest
    assert set(only) == {"b3-1.yaml"} and sizes[-1] == 12
    assert "NEW" in lobo.report(res)


def test_realtext_reports_figures_per_batch_file():
    rt = _script("realtext")
    outcomes = [{"id": "O10-1", "file": "b1-1.yaml", "item": "O10", "label": "pass", "also": [], "mode": "neutral",
                 "judged": {"O10": {"verdict": "pass", "cites": True, "kinds": []}}},
                {"id": "O10-2", "file": "b2-1.yaml", "item": "O10", "label": "pass", "also": [], "mode": "neutral",
                 "judged": {"O10": {"verdict": "fail", "cites": False, "kinds": ["not_found"]}}}]
    text = rt.by_file(outcomes, ["O10"])
    line1 = next(ln for ln in text.splitlines() if ln.startswith("b1-1.yaml"))
    line2 = next(ln for ln in text.splitlines() if ln.startswith("b2-1.yaml"))
    assert "1/1" in line1 and "0/1" in line2
