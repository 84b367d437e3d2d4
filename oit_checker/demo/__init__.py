"""The bundled demo municipality (เทศบาลตำบลบ้านสวนดอกไม้), built from data at run time.

Content lives in ``data/*.yaml`` and ``templates/``; ``build_demo_site()`` renders the
site (HTML, PDF, DOCX, XLSX, PNG) into a cache folder keyed by the package version and a
hash of the sources, so ``oit-check demo`` builds once and then reuses it. The expected
verdict of every item is in ``ground_truth.yaml`` beside this file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
GROUND_TRUTH = HERE / "ground_truth.yaml"  # the ITA 2565 demo; other rounds: ground_truth-<profile>.yaml
DEMO_2565 = "ita-2565"


def truth_file(profile: str = DEMO_2565) -> Path:
    """Where the demo of a round keeps its ground truth."""
    return GROUND_TRUTH if profile == DEMO_2565 else HERE / f"ground_truth-{profile}.yaml"


def _sources() -> list[Path]:
    sitegen = HERE.parent / "sitegen"
    files = [p for p in (HERE / "data").rglob("*") if p.is_file()]
    files += [p for p in (HERE / "templates").rglob("*") if p.is_file()]
    files += sorted(sitegen.glob("*.py")) + sorted(sitegen.glob("*.yaml"))
    return sorted(files)


def source_hash(profile: str = DEMO_2565) -> str:
    """Hash of everything the demo is built from: a change means a rebuild."""
    h = hashlib.sha256(profile.encode())
    for p in _sources():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    base = os.environ.get("OIT_CHECKER_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("OIT_CHECKER_CACHE"):
        root = root / "oit-checker"
    return root


def demo_profiles() -> list[str]:
    """The rounds the demo can be built for."""
    rounds = yaml.safe_load((HERE / "data" / "demo_rounds.yaml").read_text(encoding="utf-8"))
    return [DEMO_2565, *rounds]


def demo_spec(profile: str = DEMO_2565):
    """The demo's Spec for a round: its agency, first-choice wording and the planted gaps of that round."""
    from oit_checker.sitegen.build import Spec
    from oit_checker.sitegen.content import library, round_of

    if profile == DEMO_2565:
        conf = yaml.safe_load((HERE / "data" / "demo.yaml").read_text(encoding="utf-8"))
    else:
        rounds = yaml.safe_load((HERE / "data" / "demo_rounds.yaml").read_text(encoding="utf-8"))
        if profile not in rounds:
            raise ValueError(f"no demo for profile {profile!r}; choose from {', '.join(demo_profiles())}")
        conf = rounds[profile]
    lib = library()
    agency = dict(lib["site"]["agency"], executives=lib["site"]["executives"])
    rd = round_of(profile)
    units = dict.fromkeys(u for i in rd["items"].values() for u in i["units"])
    labels = {u: lib["items"][u]["labels"][0] for u in units}
    return Spec(structure=conf["structure"], agency=agency, labels=labels, gaps=dict(conf["gaps"]),
                seed=conf["seed"], size=conf["size"], truncate=set(conf["truncate"]),
                fiscal_year=rd["fiscal_year"], profile=profile)


def build_into(dest: Path, profile: str = DEMO_2565) -> dict:
    """Build the demo of a round into ``dest`` and return the ground truth it was built with."""
    from oit_checker.sitegen import build_site

    return build_site(demo_spec(profile), Path(dest))


def build_demo_site(dest: Path | None = None, profile: str = DEMO_2565) -> Path:
    """The demo site folder of a round, built if missing (in ``dest``, or in the user cache)."""
    from oit_checker import __version__

    if dest is not None:
        dest = Path(dest)
        if not (dest / ".complete").exists():
            build_into(dest, profile)
            (dest / ".complete").write_text(source_hash(profile), encoding="utf-8")
        return dest
    target = cache_dir() / f"demo-{profile}-{__version__}-{source_hash(profile)}"
    if (target / ".complete").exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".demo-build-", dir=target.parent))
    except OSError:  # read-only home: build in a temp folder instead
        tmp = Path(tempfile.mkdtemp(prefix="oit-demo-"))
        build_into(tmp, profile)
        (tmp / ".complete").write_text(source_hash(profile), encoding="utf-8")
        return tmp
    try:
        build_into(tmp, profile)
        (tmp / ".complete").write_text(source_hash(profile), encoding="utf-8")
        try:
            tmp.rename(target)
        except OSError:  # another process won the race
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if tmp.exists() and tmp != target:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def ground_truth(profile: str = DEMO_2565) -> dict:
    """The demo's expected results per item for a round (``ground_truth.yaml``, ``ground_truth-<profile>.yaml``)."""
    return yaml.safe_load(truth_file(profile).read_text(encoding="utf-8"))
