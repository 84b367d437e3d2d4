"""Requirement coverage of the rule fixtures: drop each requirement of a rule and see a fixture notice.

A rule's fixtures prove it judges those pages right; they do not prove that every part of
the rule is needed. A requirement no fixture depends on (a phrase group, an element, a period
check…) could be deleted by mistake and ``rules test`` would stay green. Here each one is
dropped in turn, in memory (rule files are never written), and the rule's fixtures are judged
again: the mutation is *caught* when a fixture's outcome changes (it no longer matches what it
expects, its verdict changes, or a pass fixture's findings change).

Each ``locate.about`` pattern is a requirement too: it is how a document behind a neutral link
("ดาวน์โหลด", "เอกสาร 3") is recognised by what it says, and only a pass fixture reached that way
alone notices it gone. So are a rule's ``locate.exclude`` and ``locate.mask`` lists (each dropped as a
whole): only a fail fixture holding another item's document, or the copied heading, notices them gone.

A rule reused from another profile (``from:``) with the same check is also covered by the
source rule's fixtures: the fixtures may live with the rule they were written for.

The ``locate.*`` mutations are judged with the learned locate signal off (``oit_checker/learned.py``), the
fixture's own outcome too: they measure whether the fixtures exercise each HAND-WRITTEN group, and a pass
fixture found by its content as well would hide a group nobody needs any more. Every other mutation, and
``rules test`` itself, runs with the signal as configured (on by default).
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

from oit_checker import checker, learned, profiles
from oit_checker.checks.findings import text_of
from oit_checker.fixtures import fixture_corpus
from oit_checker.profiles import Profile, Rule

# check kinds whose config is one requirement as a whole (dropped as one mutation)
_WHOLE = ("period", "coverage", "months", "channel", "on_site")
# a mutation part dropping one of the rule's locate lists → the list's key in ``locate``
LOCATE_LISTS = {"exclude": "exclude", "locate_mask": "mask", "exclude_over_title": "exclude_over_title"}


@dataclass(frozen=True)
class Mutation:
    """One requirement dropped from a rule: where it is (``check`` index, ``part``) and what it is."""

    code: str
    check: int
    kind: str  # check kind the mutation edits
    part: str  # "check" (the whole check), "all", "any", "element", "min_people", "per_person", "year_optional",
    # "or_year_before" (a period check's acceptance of the year before), "day_or_month" (news names a day or month),
    # "link_terms", "board_in_use", "scope", "offer_all", "offer_not" (a channel's described-use groups),
    # "other_purpose", "own_purpose" (a channel that is another item's),
    # "mask" (a phrases check's), "not_before", "agency_heads" (a top_executive
    # check's: its words before the post, its other agency kinds' heads), or "about",
    # "about_not", "about_listed" (a ``locate.about`` pattern, its ``not`` words, its ``listed``: ``check`` is -1)
    index: int | None = None
    what: str = ""  # the dropped group's or element's label, as the rule file names it
    parts_at: int | None = None  # a requirement of the rule's ``parts[parts_at].checks`` (None: of ``checks``)

    def apply(self, checks: list[dict]) -> list[dict]:
        """The rule's checks with this requirement dropped (a copy)."""
        out = copy.deepcopy(checks)
        cfg = out[self.check]
        if self.part == "check":
            del out[self.check]
        elif self.part == "all":
            del cfg["all"][self.index]
        elif self.part == "any":
            del cfg["any"]
        elif self.part == "element":
            del cfg["elements"][self.index]
        elif self.part == "min_people":
            cfg["elements"][self.index]["min_people"] = 1
        elif self.part == "per_person":
            cfg["elements"][self.index]["per_person"] = False
        elif self.part in ("mask", "not_before", "agency_heads"):
            del cfg[self.part]
        elif self.part == "year_optional":
            cfg["allow_missing_year"] = True
        elif self.part == "or_year_before":
            cfg["or_year_before"] = False
        elif self.part == "day_or_month":
            cfg["day_or_month"] = False
        elif self.part == "link_terms":
            del cfg["link_terms"]
        elif self.part == "board_in_use":
            cfg["board_in_use"] = False
        elif self.part == "scope":
            del cfg["scope"]
        elif self.part == "offer_all":
            del cfg["offer_all"][self.index]
        elif self.part in ("offer_not", "other_purpose", "own_purpose"):
            del cfg[self.part]
        return out

    def on(self, rule: Rule) -> Rule:
        """The rule with this requirement dropped (a copy): from its ``checks``, one of its parts or its locate."""
        if self.part in LOCATE_LISTS:
            loc = copy.deepcopy(rule.locate)
            del loc[LOCATE_LISTS[self.part]]
            return dataclasses.replace(rule, locate=loc)
        if self.part.startswith("about"):
            loc = copy.deepcopy(rule.locate)
            if self.part == "about":
                del loc["about"][self.index]
            elif self.part == "about_not":
                del loc["about"][self.index]["not"]
            else:
                loc["about"][self.index]["listed"] = False
            return dataclasses.replace(rule, locate=loc)
        if self.parts_at is None:
            return dataclasses.replace(rule, checks=self.apply(rule.checks))
        raw = copy.deepcopy(rule.raw)
        spec = raw["parts"][self.parts_at]
        spec["checks"] = self.apply(spec["checks"])
        return dataclasses.replace(rule, raw=raw)

    def key(self) -> str:
        if self.part in LOCATE_LISTS:
            return f"{self.code}:locate.{LOCATE_LISTS[self.part]}"
        if self.part.startswith("about"):
            return f"{self.code}:locate.about[{self.index}]" + {"about_not": ".not", "about_listed": ".listed"}.get(
                self.part, "")
        where = "" if self.parts_at is None else f"parts[{self.parts_at}]."
        return f"{self.code}:{where}checks[{self.check}].{self.kind}.{self.part}" + (
            f"[{self.index}]" if self.index is not None else "")


def _label(group: object, lang: str) -> str:
    if isinstance(group, dict):
        return text_of(group.get("label"), lang) or ", ".join(group.get("any", [])[:3])
    return ", ".join(list(group)[:3])


def mutations(rule: Rule, lang: str = "th") -> list[Mutation]:
    """Every requirement of the rule's ``checks:`` and of each of its ``parts:``, each as one mutation that drops it."""
    out = _of_checks(rule, rule.checks, lang)
    for j, group in enumerate((rule.locate or {}).get("about") or []):  # a document recognised by what it says
        name = group.get("name", "") if isinstance(group, dict) else ""
        out.append(Mutation(rule.code, -1, "locate", "about", j, name))
        if isinstance(group, dict) and group.get("not"):  # words that make it another item's document
            out.append(Mutation(rule.code, -1, "locate", "about_not", j, f"{name}: " + ", ".join(group["not"][:3])))
        if isinstance(group, dict) and group.get("listed"):  # only a page the item's listing presents
            out.append(Mutation(rule.code, -1, "locate", "about_listed", j, name))
    out += locate_list_mutations(rule)
    for k, spec in enumerate(rule.raw.get("parts") or []):
        out += [dataclasses.replace(m, parts_at=k) for m in _of_checks(rule, spec.get("checks") or [], lang)]
    return out


def locate_list_mutations(rule: Rule) -> list[Mutation]:
    """The rule's ``locate.exclude`` and ``locate.mask`` lists, each dropped as a whole: a fail fixture holding the
    other item's document (or the copied heading) the rule's terms would take catches it. Part of ``mutations``;
    ``scripts/mutate_locate_lists.py`` reports them alone."""
    loc = rule.locate or {}
    out = []
    if loc.get("exclude"):
        out.append(Mutation(rule.code, -1, "locate", "exclude", None, ", ".join(loc["exclude"][:3])))
    if loc.get("mask"):
        out.append(Mutation(rule.code, -1, "locate", "locate_mask", None, ", ".join(loc["mask"][:3])))
    if loc.get("exclude_over_title"):
        out.append(Mutation(rule.code, -1, "locate", "exclude_over_title", None,
                            ", ".join(loc["exclude_over_title"][:3])))
    return out


def _of_checks(rule: Rule, checks: list[dict], lang: str) -> list[Mutation]:
    out: list[Mutation] = []
    for i, cfg in enumerate(checks):
        kind = str(cfg.get("kind"))
        if kind == "phrases":
            for j, g in enumerate(cfg.get("all") or []):
                out.append(Mutation(rule.code, i, kind, "all", j, _label(g, lang)))
            if cfg.get("any"):
                out.append(Mutation(rule.code, i, kind, "any", None,
                                    " / ".join(_label(g, lang) for g in cfg["any"])))
            if cfg.get("mask"):  # phrases that contain a group's word but say something else
                out.append(Mutation(rule.code, i, kind, "mask", None, ", ".join(cfg["mask"][:3])))
        elif kind == "elements":
            for j, el in enumerate(cfg.get("elements") or []):
                name = text_of(el.get("label"), lang) or el.get("name", "")
                out.append(Mutation(rule.code, i, kind, "element", j, name))
                if int(el.get("min_people", 1)) > 1:
                    out.append(Mutation(rule.code, i, kind, "min_people", j, f"{name} ×{el['min_people']}"))
                if el.get("per_person"):  # one per person named (a photo of each executive), not one per page
                    out.append(Mutation(rule.code, i, kind, "per_person", j, name))
        else:
            what = str(cfg.get("period") or (rule.period if kind in ("period", "coverage", "months") else ""))
            out.append(Mutation(rule.code, i, kind, "check", None, what))
            if kind == "period" and not cfg.get("allow_missing_year") and what in ("CUR", "PREV", "H1"):
                out.append(Mutation(rule.code, i, kind, "year_optional", None, what))  # a year must be stated
            if kind == "period" and cfg.get("or_year_before"):  # the year before is accepted too
                out.append(Mutation(rule.code, i, kind, "or_year_before", None, what))
            if kind == "period" and cfg.get("day_or_month"):  # news tells of a day or month, not only a fiscal year
                out.append(Mutation(rule.code, i, kind, "day_or_month", None, what))
            if kind == "channel" and cfg.get("link_terms"):
                out.append(Mutation(rule.code, i, kind, "link_terms", None, ", ".join(cfg["link_terms"][:3])))
            if kind == "channel" and cfg.get("board_in_use"):
                out.append(Mutation(rule.code, i, kind, "board_in_use", None, "board_in_use"))
            if kind == "channel" and cfg.get("scope"):  # what the channel is for (O30: corruption)
                out.append(Mutation(rule.code, i, kind, "scope", None, ", ".join(cfg["scope"][:3])))
            for j, g in enumerate(cfg.get("offer_all") or [] if kind == "channel" else []):  # O17: act AND answer
                out.append(Mutation(rule.code, i, kind, "offer_all", j, _label(g, lang)))
            if kind == "channel" and cfg.get("offer_not"):  # a form to print and bring in
                out.append(Mutation(rule.code, i, kind, "offer_not", None, ", ".join(cfg["offer_not"][:3])))
            for part in ("other_purpose", "own_purpose"):  # O17: a complaint form is another item's channel
                if kind == "channel" and cfg.get(part):
                    out.append(Mutation(rule.code, i, kind, part, None, ", ".join(cfg[part][:3])))
            if kind == "top_executive" and cfg.get("not_before"):  # "รองนายก…", "อดีตนายก…" is not the top post
                out.append(Mutation(rule.code, i, kind, "not_before", None, ", ".join(cfg["not_before"][:3])))
            if kind == "top_executive" and cfg.get("agency_heads"):  # "อธิการบดี…" on a university's site
                out.append(Mutation(rule.code, i, kind, "agency_heads", None, "agency_heads"))
    return out


@dataclass
class _Fixture:
    path: Path
    data: dict
    profile: Profile
    corpus: object = None
    base: tuple | None = None  # (ok, verdict, finding kinds) with the rule as written
    base_hand: tuple | None = None  # the same with the learned locate signal off (for ``locate.*`` mutations)

    def base_for(self, m: Mutation) -> tuple:
        """The outcome as written that a mutation's outcome is compared with."""
        if m.kind != "locate":
            return self.base
        if self.base_hand is None:
            with hand_written_only():
                self.base_hand = self.outcome(self.profile.rule(self.path.name.split(".")[0]))
        return self.base_hand

    def mutated(self, rule: Rule, m: Mutation) -> tuple:
        """The outcome with ``m`` applied (a ``locate.*`` one with the learned signal off)."""
        with hand_written_only() if m.kind == "locate" else contextlib.nullcontext():
            return self.outcome(m.on(rule))

    def outcome(self, rule: Rule) -> tuple:
        if self.corpus is None:
            self.corpus = fixture_corpus(self.data)
        item = checker.judge(rule, self.corpus, self.profile)
        want = self.data["expect"]
        kinds = frozenset(f["kind"] for f in item["findings"])
        want_kinds = set(want.get("findings", []))
        ok = item["verdict"] == want["verdict"] and (not want_kinds or want_kinds <= kinds)
        return ok, item["verdict"], kinds


@contextlib.contextmanager
def hand_written_only():
    """The learned locate signal off while judging (the rules' own signals only)."""
    saved = learned.OVERRIDES.get("enabled", None)
    learned.OVERRIDES["enabled"] = False
    try:
        yield
    finally:
        if saved is None:
            learned.OVERRIDES.pop("enabled", None)
        else:
            learned.OVERRIDES["enabled"] = saved


def fixture_catches(path: Path, profile: Profile, m: Mutation, to_pass: bool = False) -> bool:
    """Whether the fixture at ``path`` changes outcome when ``m`` is applied to its rule (``to_pass``: its
    verdict becomes pass, i.e. the requirement is the one reason it fails)."""
    fx = _Fixture(Path(path), profiles.read_yaml(Path(path)), profile)
    rule = profile.rule(m.code)
    fx.base = fx.outcome(rule)
    got = fx.mutated(rule, m)
    return got[1] == "pass" if to_pass else _caught(fx, got, fx.base_for(m))


def _caught(fx: _Fixture, got: tuple, base: tuple | None = None) -> bool:
    ok, verdict, kinds = base or fx.base
    return (ok and not got[0]) or verdict != got[1] or (verdict == "pass" and kinds != got[2])


@dataclass
class _Suite:
    """The fixtures of one profile folder, grouped by item code, each judged once as written."""

    profile: Profile
    by_code: dict[str, list[_Fixture]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> _Suite:
        prof = profiles.load_profile(folder)
        suite = cls(prof)
        years: dict[int, Profile] = {prof.fiscal_year: prof}
        for p in profiles.fixture_files(folder):
            data = profiles.read_yaml(p)
            fy = int(data.get("fiscal_year") or prof.fiscal_year)
            if fy not in years:
                years[fy] = profiles.load_profile(folder, fiscal_year=fy, validate=False)
            fx = _Fixture(p, data, years[fy])
            code = p.name.split(".")[0]
            fx.base = fx.outcome(years[fy].rule(code))
            suite.by_code.setdefault(code, []).append(fx)
        return suite

    def catches(self, rule: Rule, m: Mutation) -> list[str]:
        """The first fixture of ``rule`` whose outcome changes when ``m`` drops one of its requirements (fail
        fixtures first: dropping a requirement makes a rule looser, so they are the likely ones; pass fixtures first
        for a dropped ``about`` pattern: a document only it recognised is no longer found)."""
        pass_first = m.part == "about"
        fxs = sorted(self.by_code.get(rule.code, []), key=lambda f: (f.base[1] == "pass") != pass_first)
        for fx in fxs:
            if _caught(fx, fx.mutated(fx.profile.rule(rule.code), m), fx.base_for(m)):
                return [str(fx.path)]
        return []


class _Suites:
    """Fixture suites per profile folder, loaded once (a child profile asks its source's)."""

    def __init__(self) -> None:
        self._by: dict[str, _Suite] = {}

    def get(self, folder: Path) -> _Suite:
        key = str(Path(folder).resolve())
        if key not in self._by:
            self._by[key] = _Suite.load(Path(folder))
        return self._by[key]


def _source(rule: Rule, suites: _Suites) -> tuple[_Suite, Rule] | None:
    """The profile and rule a ``from:`` rule reuses, if it names one."""
    ref = str(rule.raw.get("from") or "")
    prof, _, code = ref.rpartition("/")
    if not prof or not code:
        return None
    suite = suites.get(profiles.profile_dir(prof))
    try:
        return suite, suite.profile.rule(code)
    except KeyError:
        return None


def _same_requirement(m: Mutation, rule: Rule, src: Rule) -> Mutation | None:
    """The same mutation on the source rule, when the source has the same check (same config)."""
    if m.part in LOCATE_LISTS:
        key = LOCATE_LISTS[m.part]
        return dataclasses.replace(m, code=src.code) if (src.locate or {}).get(key) == rule.locate.get(key) else None
    if m.part.startswith("about"):
        group = rule.locate["about"][m.index]
        same = [j for j, g in enumerate((src.locate or {}).get("about") or []) if g == group]
        return dataclasses.replace(m, code=src.code, index=same[0]) if same else None
    cfg = _checks_of(rule, m.parts_at)[m.check]
    for i, other in enumerate(_checks_of(src, m.parts_at)):
        if other == cfg:
            return dataclasses.replace(m, code=src.code, check=i)
    return None


def _checks_of(rule: Rule, parts_at: int | None) -> list[dict]:
    if parts_at is None:
        return rule.checks
    specs = rule.raw.get("parts") or []
    return (specs[parts_at].get("checks") or []) if parts_at < len(specs) else []


def _catch(m: Mutation, rule: Rule, suite: _Suite, suites: _Suites, depth: int = 0) -> list[str]:
    caught = suite.catches(rule, m)
    if caught or depth > 4:
        return caught
    found = _source(rule, suites)
    if not found:
        return []
    src_suite, src_rule = found
    same = _same_requirement(m, rule, src_rule)
    return _catch(same, src_rule, src_suite, suites, depth + 1) if same else []


def run(profile: str | Path, lang: str = "th", suites: _Suites | None = None, locate_lists: bool = False) -> dict:
    """Mutate every rule of a profile; the tried, caught and uncaught mutations and the time taken
    (``locate_lists``: only the rules' ``locate.exclude``/``mask`` lists, which ``mutations`` also drops)."""
    started = time.perf_counter()
    suites = suites or _Suites()
    suite = suites.get(profiles.profile_dir(profile))
    rows = []
    for rule in suite.profile.rules:
        for m in (locate_list_mutations(rule) if locate_lists else mutations(rule, lang)):
            by = _catch(m, rule, suite, suites)
            rows.append({"code": m.code, "key": m.key(), "kind": m.kind, "part": m.part, "what": m.what,
                         "caught": bool(by), "caught_by": by})
    uncaught = [r for r in rows if not r["caught"]]
    return {"profile": suite.profile.id, "tried": len(rows), "caught": len(rows) - len(uncaught),
            "uncaught": uncaught, "mutations": rows, "seconds": round(time.perf_counter() - started, 2)}


def run_all(names: list[str], lang: str = "th") -> list[dict]:
    """``run`` for several profiles, sharing the loaded fixture suites (a child reads its source's)."""
    suites = _Suites()
    return [run(n, lang, suites) for n in names]
