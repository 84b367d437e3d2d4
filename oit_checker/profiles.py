"""Assessment profiles and item rules: load, inherit (``extends:``) and validate.

A profile is a folder ``rules/<id>/`` with ``profile.yaml`` and one ``<CODE>.yaml`` per
item; everything an assessor would look for is data there, so a new assessment year is
a new folder that ``extends:`` an older one and overrides only what changed.
"""

from __future__ import annotations

import copy
import functools
import json
import pickle
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oit_checker import concepts, safeyaml
from oit_checker.advice_template import fill as fill_advice
from oit_checker.errors import UserError
from oit_checker.paths import COMMON_DIR, RULES_DIR, SCHEMA_DIR

FIXTURE_SUFFIXES = (".pass", ".fail")
# Profile keys a child profile replaces in full instead of merging with its parent's.
REPLACED_KEYS = ("subindicators", "indicators", "scoring")


@dataclass
class Rule:
    """One O-item: how to find its evidence and what the evidence must show."""

    code: str
    name: dict
    group: str
    criterion: dict
    period: str
    locate: dict
    checks: list[dict]
    advice: dict
    measure: dict
    path: Path | None = None
    raw: dict = field(default_factory=dict)
    concept: str | None = None  # key in rules/concepts.yaml: the same item under other rounds' codes
    other_rounds: dict = field(default_factory=dict)  # {profile id: [codes]} of that concept elsewhere

    @property
    def confidence(self) -> dict:
        """How sure the criteria are of the item's name, elements and period (``H``/``M``/``L``)."""
        return dict(self.raw.get("confidence") or {})

    def label(self, lang: str = "th") -> str:
        return self.name.get(lang) or self.name.get("th") or self.code


@dataclass
class Profile:
    """An assessment year: its items, roll-up and vocabulary, with the fiscal year applied."""

    id: str
    name: dict
    fiscal_year: int
    items: list[str]
    subindicators: dict[str, dict]
    indicators: dict[str, dict]
    scoring: dict
    bands: list[dict]
    vocabulary: dict
    rules: list[Rule]
    path: Path
    raw: dict = field(default_factory=dict)

    def rule(self, code: str) -> Rule:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)

    def group_of(self, code: str) -> str | None:
        for gid, g in self.subindicators.items():
            if code in g.get("items", []):
                return gid
        return None


# ---------------------------------------------------------------- files


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: rule folders hold 100+ files


def read_yaml(path: Path) -> dict:
    try:
        if _is_bundled(str(path)):  # the bundled rules: fast libyaml
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
        else:
            data = safeyaml.load(path)  # a profile may be any folder the officer names: bounded
    except FileNotFoundError as exc:
        raise UserError("check.rules.file_missing", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise UserError("check.rules.bad_yaml", path=str(path), reason=str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise UserError("check.rules.bad_yaml", path=str(path), reason="not a mapping")
    return data


@functools.lru_cache(maxsize=1024)
def _is_bundled(path: str) -> bool:
    """A file of the bundled ``rules/`` (resolved once per path: a load reads 400 files)."""
    return Path(path).resolve().is_relative_to(RULES_DIR.resolve())


def profile_dir(name_or_path: str | Path) -> Path:
    """A profile id (``ita-2565``), a profile folder, or a path to its profile.yaml."""
    p = Path(name_or_path)
    if p.is_file():
        return p.parent
    if (p / "profile.yaml").exists():
        return p
    if (RULES_DIR / str(name_or_path) / "profile.yaml").exists():
        return RULES_DIR / str(name_or_path)
    raise UserError("check.rules.unknown_profile", name=str(name_or_path),
                    known=", ".join(known_profiles()))


def known_profiles() -> list[str]:
    return sorted(p.parent.name for p in RULES_DIR.glob("*/profile.yaml"))


def _name(path: Path) -> str:
    """Sort key of the files of one folder: their names (the order of ``sorted(paths)``, without Path's
    slow comparisons: a profile load lists 300 files several times)."""
    return path.name


def rule_files(folder: Path) -> list[Path]:
    """Item rule files of a folder (fixtures and profile.yaml excluded)."""
    out = []
    for p in sorted(folder.glob("*.yaml"), key=_name):
        if p.name == "profile.yaml" or any(p.stem.endswith(s) for s in FIXTURE_SUFFIXES):
            continue
        out.append(p)
    return out


def fixture_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.yaml") if any(p.stem.endswith(s) for s in FIXTURE_SUFFIXES)), key=_name)


def copy_tree(data: Any) -> Any:
    """A copy of data read from YAML (mappings, lists, sets and immutable scalars): what ``copy.deepcopy``
    gives, five times faster — a profile load copies every rule of its parents and sources (``extends:``,
    ``from:``), and another round's item terms load every round. Shared nodes (YAML aliases) are copied
    apart, which only matters to code that mutates one expecting the other to change (none does)."""
    if isinstance(data, dict):
        return {k: copy_tree(v) for k, v in data.items()}
    if isinstance(data, list):
        return [copy_tree(v) for v in data]
    if isinstance(data, set):
        return set(data)
    return data if isinstance(data, (str, int, float, bool, type(None), bytes)) else copy.deepcopy(data)


def _merge(base: dict, over: dict) -> dict:
    """Deep-merge mappings; lists and scalars in ``over`` replace those in ``base``."""
    out = copy_tree(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy_tree(v)
    return out


def _raw_profile(folder: Path, seen: tuple[str, ...] = (),
                 with_rules: bool = True) -> tuple[dict, dict[str, tuple[dict, Path]]]:
    """Profile data and rule data of a folder, with its ``extends:`` chain applied (``with_rules=False``:
    the profile data only, for a child that does not inherit rules by code)."""
    data = read_yaml(folder / "profile.yaml")
    if str(folder) in seen:
        raise UserError("check.rules.extends_loop", path=str(folder))
    rules_raw: dict[str, tuple[dict, Path]] = {}
    parent_name = data.get("extends")
    if parent_name:
        parent_dir = profile_dir(parent_name) if not (folder / str(parent_name)).exists() else folder / parent_name
        # a renumbered year (inherit_rules: false) takes vocabulary and bands, its items come by concept (from:)
        inherit = data.get("inherit_rules") is not False
        base, rules_raw = _raw_profile(parent_dir, seen + (str(folder),), with_rules=inherit)
        # a year that renumbers its items lists its own items, groups and indicators in full
        replaced = [k for k in REPLACED_KEYS if k in data]
        data = _merge({k: v for k, v in base.items() if k not in ("extends", "items", "inherit_rules", *replaced)},
                      data)
        data.setdefault("items", base.get("items", []))
    if not with_rules:
        return data, {}
    for path in rule_files(folder):
        rd = read_yaml(path)
        code = rd.get("code") or path.stem
        if rd.get("from"):  # this item is another profile's rule (by concept), with overrides
            base = source_rule(str(rd["from"]), seen + (str(folder),))
            if "period" in rd and "checks" not in rd:  # the period moved: its checks move with it
                base["checks"] = [_moved(c, str(rd["period"])) for c in base.get("checks", [])]
            rd = _merge(base, rd)
            rd["code"] = code
        elif code in rules_raw:  # a later year overrides only the fields it lists
            rd = _merge(rules_raw[code][0], rd)
        rules_raw[code] = (rd, path)
    return data, rules_raw


def _raw_of(folder: Path) -> tuple[dict, dict[str, tuple[dict, Path]]]:
    """:func:`_raw_profile` of a whole profile, worked out once per unchanged folder: validation and loading
    read it twice per load, another round's item terms load every round, and a fiscal year is a new load.
    Kept pickled, so each load unpickles its own copy (a load's merges and a mutation test's edits must not
    reach the next) from a few compact bytes objects."""
    return pickle.loads(_raw_once(str(folder), _signature(folder)))  # noqa: S301 - our own bytes


@functools.lru_cache(maxsize=16)
def _raw_once(folder: str, signature: tuple) -> bytes:
    return pickle.dumps(_raw_profile(Path(folder)), protocol=pickle.HIGHEST_PROTOCOL)


def source_rule(ref: str, seen: tuple[str, ...] = ()) -> dict:
    """The raw rule named by ``from: <profile>/<CODE>`` (its own ``from:`` applied), without
    the fields that belong to the source item only (``from``, ``concept`` and fixture-free)."""
    prof, _, code = ref.rpartition("/")
    if not prof or not code:
        raise UserError("check.rules.bad_from", ref=ref)
    folder = profile_dir(prof)
    if str(folder) in seen:
        raise UserError("check.rules.extends_loop", path=str(folder))
    rules_raw = _source_rules(str(folder), _signature(folder), seen)
    if code not in rules_raw:
        raise UserError("check.rules.bad_from", ref=ref)
    return {k: copy_tree(v) for k, v in rules_raw[code].items() if k not in ("from", "concept")}


def _moved(check: dict, period: str) -> dict:
    """A period or months check of a source rule, judging the overriding item's period instead."""
    if check.get("kind") == "period" and period in ("CUR", "PREV", "H1"):
        return {**check, "period": period}
    if check.get("kind") == "months" and period in ("CUR", "H1"):
        return {**check, "period": period}
    return check


@functools.lru_cache(maxsize=16)
def _source_rules(folder: str, signature: tuple, seen: tuple[str, ...]) -> dict[str, dict]:
    """Raw rules of a source profile, read once per unchanged folder (26 items may share one)."""
    return {c: rd for c, (rd, _) in _raw_profile(Path(folder), seen)[1].items()}


def _rule(data: dict, path: Path | None) -> Rule:
    advice, measure = fill_advice(data)  # the shared template, unless the rule writes its own
    return Rule(
        code=data["code"], name=data.get("name", {}), group=str(data.get("group", "")),
        criterion=data.get("criterion", {}), period=str(data.get("period", "none")),
        locate=data.get("locate", {}), checks=list(data.get("checks", [])),
        advice=advice, measure=measure, path=path, raw=data,
    )


# Buddhist-era years the tool accepts; a year in GREGORIAN is a Christian-era year given by mistake.
BE_YEARS = range(2400, 2800)
GREGORIAN = range(1900, 2400)


def check_fiscal_year(year: int | None) -> None:
    """Refuse a fiscal year that is not Buddhist era (2025 → "did you mean 2568?")."""
    if year is None:
        return
    if year in GREGORIAN:
        raise UserError("check.fiscal_year.gregorian", year=year, be=year + 543)
    if year not in BE_YEARS:
        raise UserError("check.fiscal_year.invalid", year=year)


def round_warning(profile: Profile, year: int | None) -> str | None:
    """The message key of a warning when ``year`` is not the fiscal year the profile's round assesses."""
    if year is None or year == int(profile.raw.get("fiscal_year") or profile.fiscal_year):
        return None
    return "check.fiscal_year.other_round"


@functools.cache
def _common_ocr() -> dict:
    return read_yaml(COMMON_DIR / "ocr.yaml")


def ocr_low_confidence(profile: Profile | None = None) -> float:
    """The mean OCR confidence (0–100) below which OCR text cannot carry a pass alone: the profile's
    ``ocr: {low_confidence}`` when it sets one, else ``rules/common/ocr.yaml``."""
    own = ((getattr(profile, "raw", None) or {}).get("ocr") or {}).get("low_confidence")
    return float(own if own is not None else _common_ocr().get("low_confidence", 60))


def ocr_min_words() -> int:
    """A picture or scan whose OCR text has fewer words than this was not really read (only its title came
    out): a missing element there is "could not read", never "not disclosed" (``rules/common/ocr.yaml``)."""
    return int(_common_ocr().get("min_words_to_fail", 25))


def load_profile(name_or_path: str | Path = "ita-2565", fiscal_year: int | None = None,
                 validate: bool = True) -> Profile:
    """Load a profile (following ``extends:``); ``fiscal_year`` shifts CUR/PREV/H1."""
    check_fiscal_year(fiscal_year)
    folder = profile_dir(name_or_path)
    with _listed_once():
        return _load_profile(folder, fiscal_year, validate)


def _load_profile(folder: Path, fiscal_year: int | None, validate: bool) -> Profile:
    if validate:
        errors = _validated(str(folder), _signature(folder))
        if errors:
            first = errors[0]
            raise UserError("check.rules.invalid", path=first["file"], field=first["field"],
                            reason=first["message"], count=len(errors))
    data, rules_raw = _raw_of(folder)
    items = [str(c) for c in data.get("items", [])]
    for code in items:
        if code not in rules_raw:
            raise UserError("check.rules.missing_rule", code=code, path=str(folder))
    rules = [_rule(rules_raw[c][0], rules_raw[c][1]) for c in items]
    pid = str(data["id"])
    for r in rules:
        r.concept = concepts.concept_of(pid, r.code, r.raw.get("concept"))
        if r.concept:
            r.other_rounds = {p: cs for p, cs in concepts.load()[r.concept]["codes"].items() if p != pid}
    return Profile(
        id=str(data["id"]), name=data.get("name", {}),
        fiscal_year=int(fiscal_year or data["fiscal_year"]), items=items,
        subindicators={str(k): v for k, v in data.get("subindicators", {}).items()},
        indicators={str(k): v for k, v in data.get("indicators", {}).items()},
        scoring=data.get("scoring", {}), bands=data.get("bands", []),
        vocabulary=data.get("vocabulary", {}), rules=rules, path=folder, raw=data,
    )


# ---------------------------------------------------------------- validation


_LISTED = threading.local()  # while one profile loads: each folder's signature, taken once


@contextmanager
def _listed_once():
    """List each folder's files once while a profile loads: a year whose items come ``from:`` another
    profile asks the source folder's signature once per item (48 listings of 300 files otherwise)."""
    outer = getattr(_LISTED, "sigs", None)
    if outer is None:
        _LISTED.sigs = {}
    try:
        yield
    finally:
        if outer is None:
            _LISTED.sigs = None


def _signature(folder: Path, depth: int = 0) -> tuple:
    """Names and modification times of a profile's files (and its parents'): the cache key."""
    memo = getattr(_LISTED, "sigs", None)
    if memo is not None and (folder, depth) in memo:
        return memo[(folder, depth)]
    sig = _listing(folder, depth)
    if memo is not None:
        memo[(folder, depth)] = sig
    return sig


def _listing(folder: Path, depth: int) -> tuple:
    sig = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml"), key=_name))
    if depth > 8:  # an extends loop; validation reports it
        return sig
    try:
        prof = folder / "profile.yaml"
        parent = _extends_of(str(prof), prof.stat().st_mtime_ns)
    except (OSError, yaml.YAMLError):
        parent = None
    if parent:
        try:
            sig += _signature(profile_dir(parent), depth + 1)
        except UserError:
            pass
    return sig


@functools.lru_cache(maxsize=64)
def _extends_of(path: str, mtime_ns: int) -> str | None:
    """The ``extends:`` of a profile.yaml (read once per modification)."""
    return (yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}).get("extends")


@functools.lru_cache(maxsize=16)
def _validated(folder: str, signature: tuple) -> tuple:
    """Validation is slow-ish (130 files); do it once per unchanged profile folder. The pass/fail
    fixtures are not needed to judge a site: ``oit-check rules validate|test`` checks them."""
    return tuple(validate_profile_dir(Path(folder), fixtures=False))


@functools.cache
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _field(err) -> str:
    return ".".join(str(p) for p in err.absolute_path) or "(top)"


def _message(err) -> str:
    """A schema error in the officer's language, falling back to jsonschema's English."""
    from oit_checker.i18n import t

    v, inst = err.validator, err.instance
    if v == "enum":
        return t("check.schema.enum", value=inst, allowed=", ".join(str(x) for x in err.validator_value))
    if v == "required":
        missing = [k for k in err.validator_value if isinstance(inst, dict) and k not in inst]
        return t("check.schema.required", names=", ".join(missing))
    if v == "type":
        return t("check.schema.type", expected=err.validator_value, value=inst)
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = set((err.schema or {}).get("properties", {}))
        return t("check.schema.additional", names=", ".join(sorted(k for k in inst if k not in allowed)))
    if v == "minItems":
        return t("check.schema.min_items", n=err.validator_value)
    if v == "pattern":
        return t("check.schema.pattern", value=inst, pattern=err.validator_value)
    return err.message


def validate_data(data: object, kind: str, file: str) -> list[dict]:
    """Schema errors of one rule/profile/fixture mapping as ``{file, field, message}``."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(kind))
    out = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        out.append({"file": file, "field": _field(err), "message": _message(err)})
    return out


def _validate_file(path: Path, kind: str) -> list[dict]:
    try:
        data = safeyaml.load(path)
    except yaml.YAMLError as exc:
        return [{"file": str(path), "field": "(yaml)", "message": str(exc).splitlines()[0]}]
    errs = validate_data(data, kind, str(path))
    if kind == "rule" and not errs and data.get("code") != path.stem:
        errs.append({"file": str(path), "field": "code",
                     "message": f"code {data.get('code')!r} differs from the file name {path.stem!r}"})
    return errs


def validate_path(path: Path) -> list[dict]:
    """Validate one file (rule, profile or fixture by name) or a whole profile folder."""
    path = Path(path)
    if path.is_dir():
        return validate_profile_dir(path)
    if path.name == "profile.yaml":
        return _validate_file(path, "profile")
    if any(path.stem.endswith(s) for s in FIXTURE_SUFFIXES):
        return _validate_file(path, "fixture")
    prof = path.parent / "profile.yaml"
    if prof.exists() and read_yaml(prof).get("extends"):
        # a later year's rule may list only what it overrides: judge it after inheritance
        return [e for e in validate_profile_dir(path.parent) if Path(e["file"]) == path]
    return _validate_file(path, "rule")


def validate_profile_dir(folder: Path, fixtures: bool = True) -> list[dict]:
    """Every file of a profile folder (rules after inheritance, and the fixtures unless
    ``fixtures`` is false), plus cross-checks."""
    folder = Path(folder)
    if not (folder / "profile.yaml").exists():
        return [{"file": str(folder / "profile.yaml"), "field": "(file)", "message": "profile.yaml is missing"}]
    errors: list[dict] = []
    for p in fixture_files(folder) if fixtures else ():
        errors += _validate_file(p, "fixture")
    try:
        data, rules_raw = _raw_of(folder)
    except UserError as exc:
        return errors + [{"file": str(folder / "profile.yaml"), "field": "(file)", "message": exc.message()}]
    errors += validate_data(data, "profile", str(folder / "profile.yaml"))
    for rd, rp in rules_raw.values():
        errs = validate_data(rd, "rule", str(rp))
        if not errs and rp.parent == folder and rd.get("code") != rp.stem:
            errs.append({"file": str(rp), "field": "code",
                         "message": f"code {rd.get('code')!r} differs from the file name {rp.stem!r}"})
        errors += errs
    if errors:
        return errors
    groups = {str(k): v for k, v in data.get("subindicators", {}).items()}
    for code in data.get("items", []):
        if code not in rules_raw:
            errors.append({"file": str(folder / "profile.yaml"), "field": "items",
                           "message": f"item {code} has no rule file {code}.yaml"})
            continue
        rd, rp = rules_raw[code]
        g = str(rd.get("group"))
        if g not in groups or code not in groups[g].get("items", []):
            errors.append({"file": str(rp), "field": "group",
                           "message": f"group {g!r} of {code} is not a sub-indicator listing {code}"})
    return errors
