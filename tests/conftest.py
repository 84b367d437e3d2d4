"""Shared test fixtures, in the manner of Scrapy's own tests: a local site server, a CLI runner
and the rule profiles. Everything is offline: sites are folders served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from filelock import FileLock

from oit_checker.serve import SiteServer
from oit_checker.thai import setup_pythainlp

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"  # small static sample sites, one folder per quirk

setup_pythainlp()  # as the CLI does: pythainlp read-only and offline here and in every child process


# The longest test files, longest first (docs/testing.md "Suite time"; per-file sums of `--durations`): with
# `--dist loadfile` a worker takes whole files in collection order, so a long file collected late ("r" for
# realtext) kept one worker busy minutes after the other ran out of work. Run first, the rest fill in around them.
LONGEST_FIRST = ("test_end_to_end.py", "test_realtext_set.py", "test_rules_mutate.py", "test_partial_results.py",
                 "test_profiles.py", "test_crawl_sites.py", "test_hostile_crawl.py", "test_rules.py",
                 "test_sitegen.py")


def pytest_collection_modifyitems(items) -> None:
    """Longest files first (``LONGEST_FIRST``), the rest in their usual order; each file's tests keep theirs."""
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda it: rank.get(it.path.name, len(rank)))


@pytest.fixture(scope="session", autouse=True)
def private_data_home(tmp_path_factory) -> Iterator[Path]:
    """History, link and re-scan caches of every scan in this session go to a private folder, not the
    user's ``~/.local/share/oit-checker``: a test never sees another run's (or another xdist worker's)
    history or cached responses, and the suite leaves nothing in the home folder. Tests that set
    ``XDG_DATA_HOME`` themselves still win (monkeypatch, or their own child environment)."""
    home = tmp_path_factory.mktemp("xdg-data")
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(home)
    # the learned signal's model (keyed by its examples and knobs) is trained once for the whole session and shared
    # by every xdist worker and every scan with its own data folder (a training costs ~7 s)
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    os.environ.setdefault("OIT_LEARNED_CACHE", str(shared / "learned-models"))
    yield home
    if before is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = before


@pytest.fixture(autouse=True)
def officer_language() -> Iterator[None]:
    """An in-process ``cli.main(["--lang", "en", ...])`` sets the message language for the whole process;
    put it back after each test, so the next test on the same (xdist) worker sees the Thai default."""
    from oit_checker import i18n

    before = i18n.get_lang()
    yield
    i18n.set_lang(before)


def cli_env(**extra: str) -> dict:
    """The environment for a child process that must import this checkout's code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra)
    return env


def run_module(module: str, *args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """``python -m MODULE ARGS`` in a child process (one Twisted reactor per process)."""
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          env=kw.pop("env", None) or cli_env(), timeout=timeout, cwd=kw.pop("cwd", ROOT), **kw)


def scan_items(site: Path, out: Path, profile: str, *others: str, ocr: bool = False) -> dict[str, dict[str, dict]]:
    """Serve ``site``, scan it once with ``profile`` (crawl, extract, judge), judge its corpus again with each of
    ``others``; per profile, its items by code. Tests of one small site judged by several rounds share it."""
    from oit_checker.serve import SiteServer

    server = SiteServer(site).start()
    try:
        scan = run_module("oit_checker", "scan", server.url + "/index.html", "--out", out, "--format", "json",
                          "--quiet", "--delay", "0", "--no-history", *(() if ocr else ("--no-ocr",)),
                          "--profile", profile, timeout=300)
    finally:
        server.stop()
    assert scan.returncode in (0, 1), scan.stderr[-2000:]
    results = {profile: out / "result.json"}
    for other in others:
        again = run_module("oit_checker", "check", out / "corpus", "--out", out.parent / f"{out.name}-{other}",
                           "--format", "json", "--quiet", "--no-history", "--profile", other, timeout=300)
        assert again.returncode in (0, 1), again.stderr[-2000:]
        results[other] = out.parent / f"{out.name}-{other}" / "result.json"
    return {pid: {it["code"]: it for it in json.loads(path.read_text(encoding="utf-8"))["items"]}
            for pid, path in results.items()}


def cited(item: dict) -> set[str]:
    """Every URL an item's result names: its evidence and its findings' evidence."""
    urls = {e.get("url") or "" for e in item.get("evidence") or []}
    urls |= {(f.get("evidence") or {}).get("url") or "" for f in item.get("findings") or []}
    return {u for u in urls if u}


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess]:
    """``run_cli("scan", "--profile", "ita-2565", url, "--out", dir)`` runs ``oit-check`` in a child process."""

    def run(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
        return run_module("oit_checker", *args, timeout=timeout, **kw)

    return run


@pytest.fixture
def serve() -> Iterator[Callable[[Path], SiteServer]]:
    """``serve(folder)`` serves a folder on 127.0.0.1 until the test ends; returns the server."""
    servers: list[SiteServer] = []

    def start(root: Path, **kw) -> SiteServer:
        server = SiteServer(Path(root), **kw).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def sample_site(serve) -> Callable[[str], SiteServer]:
    """``sample_site("frameset")`` serves ``tests/sites/frameset/``."""

    def start(name: str) -> SiteServer:
        folder = SITES / name
        assert folder.is_dir(), f"no sample site {folder}"
        return serve(folder)

    return start


@pytest.fixture(scope="session")
def profile_2565():
    """The ITA 2565 profile, loaded once per test session."""
    from oit_checker import profiles

    return profiles.load_profile("ita-2565")


def shared_dir(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run shares (the xdist docs' pattern); this session's own otherwise."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def demo_scan(tmp_path_factory) -> SimpleNamespace:
    """``oit-check demo --profile ita-2565 --format all`` run once per test run, shared by every test file
    (and xdist worker) that needs the complete demo scan: ``.out`` (result.json, every report, corpus/),
    ``.returncode``, ``.stdout``, ``.stderr``. The scan crawls, reads (with OCR) and judges the whole demo,
    the suite's most expensive single step. Read-only: a test that changes the corpus copies it first."""
    root = shared_dir(tmp_path_factory) / "demo-scan-2565"
    with FileLock(str(root) + ".lock"):
        done = root / "proc.json"
        if not done.exists():
            root.mkdir(exist_ok=True)
            proc = run_module("oit_checker", "demo", "--profile", "ita-2565", "--out", root / "out", "--format", "all",
                              timeout=600)
            done.write_text(json.dumps({"returncode": proc.returncode, "stdout": proc.stdout,
                                        "stderr": proc.stderr}), encoding="utf-8")
        ran = json.loads(done.read_text(encoding="utf-8"))
    return SimpleNamespace(out=root / "out", **ran)
