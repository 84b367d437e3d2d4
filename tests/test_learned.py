"""The learned locate signal (``oit_checker/learned.py``): a tiny in-test example set, real rules, real corpora.

Why: the signal is trained on real agency texts and must (1) rank a document of a kind to its item and let the
``none`` class veto a negative, (2) only make a document a candidate — the item's checks still decide, (3) never
see the excerpt it judges in a measurement, (4) train once and re-train when an example changes, (5) leave locate
exactly as the hand-written signals found it when switched off.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from oit_checker import checker, learned
from oit_checker.fixtures import fixture_corpus
from oit_checker.locate import candidates, index_for, learned_only
from oit_checker.profiles import load_profile

ROOT = Path(__file__).resolve().parent.parent
PLAN = ("แผนปฏิบัติการประจำปี โครงการพัฒนาถนน งบประมาณ {n} บาท กิจกรรมอบรม ระยะเวลาดำเนินการ ไตรมาสที่ {q} "
        "ผู้รับผิดชอบ กองช่าง โครงการ ก่อสร้างรางระบายน้ำ หมู่ที่ {q} งบประมาณ บาท ")
CONTACT = ("ติดต่อเรา ที่อยู่ เลขที่ {n} หมู่ {q} ตำบลบ้านนา โทรศัพท์ 0 4300 {n} โทรสาร 0 4300 {n} "
           "อีเมล saraban{q}@example.go.th แผนที่การเดินทาง ")
NEGATIVE = ("สำนักข่าวรายงานว่า รัฐบาลประกาศมาตรการเศรษฐกิจ นักวิชาการวิจารณ์ ตลาดหุ้นปรับตัว {n} จุด "
            "ราคาน้ำมันโลก ค่าเงินบาท ผู้สื่อข่าวรายงาน {q} ")


def _examples() -> list[dict]:
    out = []
    for i in range(6):
        for item, text, verdict in (("O10", PLAN, "pass"), ("O5", CONTACT, "pass"), ("none", NEGATIVE, "none")):
            out.append({"id": f"{item}-{i}", "item": item, "verdict": verdict, "url": f"https://a{i}.test/{item}",
                        "source": f"paraphrase of https://a{i}.test/{item}",
                        "text": text.format(n=1000 + 37 * i, q=i + 1) * 3})
    return out


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """The tiny example set as an examples folder, the signal on with knobs fit for it."""
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "b-1.yaml").write_text(yaml.safe_dump(_examples()[:9], allow_unicode=True), encoding="utf-8")
    (folder / "b-2.yaml").write_text(yaml.safe_dump(_examples()[9:], allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(learned, "EXAMPLES_DIR", folder)
    monkeypatch.setattr(learned, "OVERRIDES", {"enabled": True, "min_chars": 40, "min_lead": 0.0})
    monkeypatch.setattr(learned, "EXCLUDE", {"urls": frozenset(), "files": frozenset()})
    monkeypatch.setattr(learned, "_MEMO", {})
    return folder


def test_a_document_is_ranked_to_its_item_and_a_negative_is_vetoed(tiny):
    m = learned.model()
    assert m is not None and m.size == 18
    plan = PLAN.format(n=5150, q=3) * 2
    assert m.scores(learned.key_of(plan, 1500))[0][0] == "O10"
    assert learned.predict(plan) == {"annual_plan": 0.0}  # O10 of ITA 2565 is the annual plan concept
    assert "contact" in learned.predict(CONTACT.format(n=4242, q=2) * 2)
    assert learned.predict(NEGATIVE.format(n=77, q=9) * 2) == {}  # the none class wins: no item
    assert learned.predict("แผนปฏิบัติการ") == {}  # too short to say anything


def _plan_site(text: str) -> dict:
    host = "https://www.tambon-learned.go.th"
    return {"start_url": f"{host}/", "documents": [
        {"url": f"{host}/", "kind": "html", "title": "หน้าหลัก", "text": "ยินดีต้อนรับสู่เว็บไซต์"},
        {"url": f"{host}/doc/7.html", "kind": "html", "title": "เอกสาร 7", "link_texts": ["เอกสาร 7"],
         "text": text}],
        "links": [{"src": f"{host}/", "url": f"{host}/doc/7.html", "text": "เอกสาร 7"}]}


def test_locate_adds_a_learned_candidate_and_the_checks_still_decide(tiny):
    profile = load_profile("ita-2565", validate=False)
    rule = profile.rule("O10")
    # no year anywhere, no budget amounts: recognised as the plan by its content, yet it fails the item's checks
    text = ("แผนกิจกรรม โครงการพัฒนาถนน กิจกรรมอบรม ระยะเวลาดำเนินการ ไตรมาสที่ 2 ผู้รับผิดชอบ กองช่าง "
            "โครงการ ก่อสร้างรางระบายน้ำ หมู่ที่ 4 ") * 3
    corpus = fixture_corpus(_plan_site(text))
    found = candidates(rule, index_for(corpus))
    assert found and found[0].view.url.endswith("/doc/7.html")
    assert [m["where"] for m in found[0].matched] == ["learned"] and learned_only(found[0])
    item = checker.judge(rule, corpus, profile)
    assert item["verdict"] == "fail"
    assert "not_found" not in {f["kind"] for f in item["findings"]}  # it was found, and judged on its parts


def test_a_passing_document_found_by_content_says_so(tiny):
    profile = load_profile("ita-2565", validate=False)
    rule = profile.rule("O10")
    # named nowhere as the plan (no "แผนปฏิบัติการ"/"แผนดำเนินงาน"; its table starts at the second quarter, so the
    # rule's plan-by-quarter pattern does not name it either): only its content says what it is
    text = ("แผนกิจกรรม ประจำปีงบประมาณ พ.ศ. 2565 โครงการพัฒนาถนน งบประมาณที่ได้รับ 25,000 บาท กิจกรรมอบรม "
            "ระยะเวลาดำเนินการ ไตรมาสที่ 2 ผู้รับผิดชอบ กองช่าง โครงการ ก่อสร้างรางระบายน้ำ หมู่ที่ 2 ") * 3
    corpus = fixture_corpus(_plan_site(text))
    assert learned_only(candidates(rule, index_for(corpus))[0])
    item = checker.judge(rule, corpus, profile, lang="en")
    assert item["verdict"] == "pass", item["findings"]
    assert any("recognised by its content" in (e.get("recognised") or "") for e in item["evidence"])


def test_switched_off_locate_is_the_hand_written_signals(tiny):
    learned.OVERRIDES["enabled"] = False
    profile = load_profile("ita-2565", validate=False)
    corpus = fixture_corpus(_plan_site(PLAN.format(n=3, q=1) * 3))
    index = index_for(corpus)
    assert index.learned() == {}
    assert all(m["where"] != "learned" for c in candidates(profile.rule("O10"), index) for m in c.matched)


def test_the_model_is_cached_on_disk_and_trained_again_when_an_example_changes(tiny, monkeypatch):
    first = learned.model()
    cached = list(learned.model_cache_dir().glob("*.pickle"))
    assert cached
    learned._MEMO.clear()
    trained = []
    monkeypatch.setattr(learned, "train", lambda *a, **k: trained.append(1))
    again = learned.model()  # from the disk cache: not trained again
    assert trained == [] and again.labels == first.labels and again.size == first.size
    path = tiny / "b-2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # an example file changed
    monkeypatch.undo()
    monkeypatch.setattr(learned, "EXAMPLES_DIR", tiny)
    monkeypatch.setattr(learned, "OVERRIDES", {"enabled": True, "min_chars": 40, "min_lead": 0.0})
    monkeypatch.setattr(learned, "_MEMO", {})
    calls = []
    real = learned.train
    monkeypatch.setattr(learned, "train", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert learned.model() is not None and calls == [1]


def _realtext():
    spec = importlib.util.spec_from_file_location("realtext_script_learned", ROOT / "scripts" / "realtext.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_a_measurement_never_trains_on_the_excerpts_it_judges(tiny):
    rt = _realtext()
    entries = rt.load_set(tiny)
    own = rt.exclusions(entries, tiny)  # the examples folder itself: leave one collection round out
    assert own["b-1.yaml"]["files"] == {"b-1.yaml", "b-2.yaml"}  # neither is a "b<n>-" round: the first set
    assert own["b-1.yaml"]["urls"] == frozenset().union(*(learned.urls_of(e) for e in entries))
    assert rt.batch_round("b4-2.yaml") == "b4" and rt.batch_round("9.1-basic.yaml") == "first"
    other = rt.exclusions(entries[:3], tiny.parent)  # another set: every example re-telling one of its pages
    learned.EXCLUDE.update(other[entries[0]["_file"]])
    m = learned.model()
    assert m.size == 18 - 3
    kept = learned.load_examples(tiny, other[entries[0]["_file"]]["urls"])
    assert not {e["id"] for e in kept} & {e["id"] for e in entries[:3]}


def test_the_corpus_folder_trains_the_model_and_a_left_out_round_keeps_it(tiny):
    """``corpus/`` openings are training material: with the knob on they are classes of the model; a measurement
    that leaves a batch file out (``EXCLUDE["files"]``) keeps them, and one that leaves a URL out drops the opening
    re-telling it (a judged page is never trained on, whichever file holds it)."""
    (tiny / "corpus").mkdir()
    openings = [{"id": f"C-O5-{i}", "item": "O5", "verdict": "pass", "url": f"https://c{i}.test/contact",
                 "text": CONTACT.format(n=2000 + i, q=i) * 3} for i in range(4)]
    (tiny / "corpus" / "c-1.yaml").write_text(yaml.safe_dump(openings, allow_unicode=True), encoding="utf-8")
    files = [learned.file_name(p) for p in learned.example_files()]
    assert files == ["b-1.yaml", "b-2.yaml", "corpus/c-1.yaml"]
    assert learned.model().size == 22
    learned.EXCLUDE.update(files=frozenset({"b-1.yaml", "c-1.yaml"}))
    assert learned.model().size == 13  # b-1's nine left out, never the corpus (no batch file is named like it)
    learned.EXCLUDE.update(files=frozenset(), urls=frozenset({"https://c0.test/contact"}))
    assert learned.model().size == 21
    learned.OVERRIDES["corpus"] = False
    learned.EXCLUDE.update(urls=frozenset())
    assert [learned.file_name(p) for p in learned.example_files()] == ["b-1.yaml", "b-2.yaml"]
    assert learned.model().size == 18



OLD_PLAN = ("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2563 บัญชีโครงการ/กิจกรรม/งบประมาณ ยุทธศาสตร์การพัฒนาด้านโครงสร้าง"
            "พื้นฐาน แผนงานเคหะและชุมชน โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {q} งบประมาณ {n} บาท "
            "สถานที่ดำเนินการ หน่วยงานรับผิดชอบหลัก ต.ค. พ.ย. ธ.ค. ")


def test_a_failing_copy_of_the_items_own_document_trains_the_item_with_fail_kinds(tiny):
    """``fail_kinds``: a ``fail`` excerpt of ``kind: document`` (the item's own kind of document, failing on an
    element or its period: here plans of a past year) trains the item's class, as a corpus ``pass`` opening does;
    ``kind: other`` (not the item's document) and a fail without a kind train ``<item>~fail``. Without the knob a
    plan worded like the failing ones reads as a failing copy and is not taken for the item; the knob re-keys the
    cache."""
    fails = [{"id": f"O10-f{i}", "item": "O10", "verdict": "fail", "kind": "document", "missing": "the year",
              "url": f"https://f{i}.test/plan", "text": OLD_PLAN.format(n=700 + 31 * i, q=i + 1) * 3}
             for i in range(3)]
    fails += [{"id": "O10-h1", "item": "O10", "verdict": "fail", "kind": "other", "missing": "the plan",
               "url": "https://h1.test/plan", "text": NEGATIVE.format(n=5, q=1) * 3},
              {"id": "O10-h2", "item": "O10", "verdict": "fail", "missing": "the plan",
               "url": "https://h2.test/plan", "text": NEGATIVE.format(n=6, q=2) * 3}]
    (tiny / "b-3.yaml").write_text(yaml.safe_dump(fails, allow_unicode=True), encoding="utf-8")
    assert [learned.label_of(e, True, True) for e in fails] == ["O10"] * 3 + ["O10~fail"] * 2
    assert [learned.label_of(e, True, False) for e in fails] == ["O10~fail"] * 5
    assert learned.label_of(fails[0], False, True) == "O10"  # without fail classes a fail counts as its item anyway
    plan = OLD_PLAN.format(n=9100, q=4) * 2  # this year's plan, worded as the failing ones
    learned.OVERRIDES.update(fail_classes=True, fail_kinds=False)
    off = learned.model()
    assert off.scores(learned.key_of(plan, 1500))[0][0] == "O10~fail" and learned.predict(plan) == {}
    learned.OVERRIDES.update(fail_kinds=True)
    on = learned.model()
    assert on is not off and on.size == off.size == 23  # two models: the knob is part of the cache key
    assert on.scores(learned.key_of(plan, 1500))[0][0] == "O10" and "annual_plan" in learned.predict(plan)
