"""The site generator builds every round from its own data, never from ``rules/`` (truth independent of the checker).

Checks: no rule module in the generator's import graph (grimp), no file under ``rules/`` opened while
sites of every round are built (an audit hook on ``open``), ``rounds.yaml`` naming the same item codes per
concept as ``rules/concepts.yaml``, and each round's site publishing its own numbering and fiscal year.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest
import yaml

from oit_checker.paths import RULES_DIR

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ("oit_checker.sitegen", "oit_checker.demo")
RULE_MODULES = ("oit_checker.profiles", "oit_checker.concepts", "oit_checker.checks", "oit_checker.locate",
                "oit_checker.vocabulary", "oit_checker.checker", "oit_checker.fixtures", "oit_checker.scoring")
ROUNDS = ("ita-2565", "ita-2566", "ita-2568", "ita-2569")


def _inside(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_generator_imports_no_rule_module():
    sys.path.insert(0, str(ROOT))
    try:
        graph = grimp.build_graph("oit_checker", exclude_type_checking_imports=True, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))
    bad = []
    for mod in graph.modules:
        if not _inside(mod, GENERATOR):
            continue
        for dep in graph.find_modules_directly_imported_by(mod):
            if _inside(dep, RULE_MODULES):
                bad.append(f"{mod} -> {dep}")
        for target in RULE_MODULES:
            if target in graph.modules and graph.chain_exists(importer=mod, imported=target, as_packages=True):
                bad.append(f"{mod} ->* {target}")
    assert not bad, "the site generator reaches rule modules:\n" + "\n".join(sorted(set(bad)))


@pytest.fixture(scope="module")
def opened(tmp_path_factory) -> tuple[list[str], dict]:
    """Build a small site of every round (and the demo of every round) while recording every file opened."""
    from oit_checker import demo
    from oit_checker.sitegen import build_site, random_spec

    seen: list[str] = []
    state = {"on": True}

    def hook(event: str, args: tuple) -> None:
        if state["on"] and event == "open" and isinstance(args[0], (str, bytes, Path)):
            seen.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode(errors="replace")))

    sys.addaudithook(hook)
    truths = {}
    try:
        for i, profile in enumerate(ROUNDS):
            truths[profile] = build_site(random_spec(40 + i, "hub", 2, profile, behaviours="all"),
                                         tmp_path_factory.mktemp(profile))
            truths["demo-" + profile] = demo.build_into(tmp_path_factory.mktemp("demo-" + profile), profile)
    finally:
        state["on"] = False
    return seen, truths


def test_generator_reads_no_file_under_rules(opened):
    seen, _ = opened
    rules = str(RULES_DIR.resolve())
    assert seen, "the audit hook saw no file at all"
    assert [p for p in seen if str(Path(p).resolve()).startswith(rules)] == []


def test_every_round_in_its_own_numbering_and_year(opened):
    _, truths = opened
    rounds = yaml.safe_load((ROOT / "oit_checker" / "sitegen" / "rounds.yaml").read_text(encoding="utf-8"))
    for key, truth in truths.items():
        profile = key.removeprefix("demo-")
        assert truth["profile"] == profile
        assert truth["fiscal_year"] == rounds["profiles"][profile]["fiscal_year"]
        assert list(truth["items"]) == list(rounds["profiles"][profile]["items"])
    assert len(truths["ita-2569"]["items"]) == 26 and len(truths["ita-2568"]["items"]) == 28
    assert len(truths["ita-2566"]["items"]) == 43


def test_rounds_agree_with_the_concept_map():
    """Each round item's units carry exactly the concepts that rules/concepts.yaml gives that code."""
    rounds = yaml.safe_load((ROOT / "oit_checker" / "sitegen" / "rounds.yaml").read_text(encoding="utf-8"))
    concepts = yaml.safe_load((RULES_DIR / "concepts.yaml").read_text(encoding="utf-8"))["concepts"]
    for profile in ROUNDS:
        want: dict[str, set[str]] = {}
        for cid, c in concepts.items():
            codes = c["codes"].get(profile)
            for code in codes if isinstance(codes, list) else [codes] if codes else []:
                want.setdefault(code, set()).add(cid)
        items = rounds["profiles"][profile]["items"]
        got = {code: {rounds["units"][u] for u in item["units"]} for code, item in items.items()}
        missing = {c: sorted(want.get(c, set()) - got[c]) for c in items if want.get(c, set()) - got[c]}
        # a round may publish a concept as part of a merged item that the map lists only once (2569 O20 report)
        extra = {c: sorted(got[c] - want.get(c, set())) for c in items if got[c] - want.get(c, set())}
        assert not missing, f"{profile}: items lack concepts {missing}"
        assert not extra, f"{profile}: items publish concepts the map does not give them {extra}"


def test_demo_of_an_unknown_round_is_a_clear_error(run_cli, tmp_path):
    """A profile folder has no demo content: Thai message, exit 2, no traceback (English with --lang en)."""
    r = run_cli("demo", "--profile", str(tmp_path), "--out", str(tmp_path / "o"), timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "ไม่มีเว็บไซต์ตัวอย่างสำหรับชุดเกณฑ์" in r.stderr and "ita-2569" in r.stderr
    r = run_cli("demo", "--profile", "ita-2030", "--lang", "en", "--out", str(tmp_path / "o"), timeout=60)
    assert r.returncode == 2 and "There is no demo site for profile ita-2030" in r.stderr
