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
GROUND_TRUTH = HERE / "ground_truth.yaml"


def _sources() -> list[Path]:
    sitegen = HERE.parent / "sitegen"
    files = [p for p in (HERE / "data").rglob("*") if p.is_file()]
    files += [p for p in (HERE / "templates").rglob("*") if p.is_file()]
    files += sorted(sitegen.glob("*.py"))
    return sorted(files)


def source_hash() -> str:
    """Hash of everything the demo is built from: a change means a rebuild."""
    h = hashlib.sha256()
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


def demo_spec():
    """The demo's Spec: its agency, first-choice wording and the gaps of ``data/demo.yaml``."""
    from oit_checker.sitegen.build import Spec
    from oit_checker.sitegen.content import CODES, library

    conf = yaml.safe_load((HERE / "data" / "demo.yaml").read_text(encoding="utf-8"))
    lib = library()
    agency = dict(lib["site"]["agency"], executives=lib["site"]["executives"])
    labels = {c: lib["items"][c]["labels"][0] for c in CODES}
    return Spec(structure=conf["structure"], agency=agency, labels=labels, gaps=dict(conf["gaps"]),
                seed=conf["seed"], size=conf["size"], truncate=set(conf["truncate"]))


def build_into(dest: Path) -> dict:
    """Build the demo into ``dest`` and return the ground truth it was built with."""
    from oit_checker.sitegen import build_site

    return build_site(demo_spec(), Path(dest))


def build_demo_site(dest: Path | None = None) -> Path:
    """The demo site folder, built if missing (in ``dest``, or in the user cache)."""
    from oit_checker import __version__

    if dest is not None:
        dest = Path(dest)
        if not (dest / ".complete").exists():
            build_into(dest)
            (dest / ".complete").write_text(source_hash(), encoding="utf-8")
        return dest
    target = cache_dir() / f"demo-{__version__}-{source_hash()}"
    if (target / ".complete").exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".demo-build-", dir=target.parent))
    except OSError:  # read-only home: build in a temp folder instead
        tmp = Path(tempfile.mkdtemp(prefix="oit-demo-"))
        build_into(tmp)
        (tmp / ".complete").write_text(source_hash(), encoding="utf-8")
        return tmp
    try:
        build_into(tmp)
        (tmp / ".complete").write_text(source_hash(), encoding="utf-8")
        try:
            tmp.rename(target)
        except OSError:  # another process won the race
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if tmp.exists() and tmp != target:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def ground_truth() -> dict:
    """The demo's expected results per item (``ground_truth.yaml``)."""
    return yaml.safe_load(GROUND_TRUTH.read_text(encoding="utf-8"))
