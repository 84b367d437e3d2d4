"""The import graph of ``oit_checker`` and ``spiders`` has no cycles and no upward imports.

Built with grimp from the source (imports inside functions count; ``if TYPE_CHECKING:`` ones do
not, they never run). Each failure lists every offending edge with its file and line, so one
run shows all the work left.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("oit_checker", "spiders")
# the command-line layer: only these modules may import it
TOP = ("oit_checker.commands", "oit_checker.cli")
TOP_IMPORTERS = ("oit_checker.commands", "oit_checker.cli", "oit_checker.__main__")
# the bottom of the graph: any module may import these, and they import only each other
BOTTOM = ("oit_checker.options", "oit_checker.states", "oit_checker.paths", "oit_checker.i18n", "oit_checker.errors")


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))  # `spiders` is a top-level folder of the checkout
    try:
        return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))


def _edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def _where(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    lines = ",".join(str(d["line_number"]) for d in details)
    return f"{importer} -> {imported} (line {lines})" if lines else f"{importer} -> {imported}"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # iterative Tarjan: the graph is deep enough to matter
        nonlocal counter
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1 or node in edges.get(node, ()):
                    out.append(sorted(comp))

    for m in sorted(edges):
        if m not in index:
            visit(m)
    return out


def test_graph_covers_both_packages(graph: grimp.ImportGraph) -> None:
    assert "oit_checker.pipeline" in graph.modules
    assert "spiders" in graph.modules
    assert "oit_checker.cli" in graph.find_modules_that_directly_import("oit_checker.commands.scan")


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    edges = _edges(graph)
    report = []
    for comp in _cycles(edges):
        members = set(comp)
        report.append("cycle among " + ", ".join(comp) + ":\n" + "\n".join(
            "    " + _where(graph, a, b) for a in comp for b in sorted(edges[a] & members)))
    assert not report, "import cycles:\n" + "\n".join(report)


def test_nothing_below_imports_the_command_line(graph: grimp.ImportGraph) -> None:
    bad = sorted(_where(graph, a, b) for a, targets in _edges(graph).items() if not _within(a, TOP_IMPORTERS)
                 for b in targets if _within(b, TOP))
    assert not bad, "imports of the command-line layer from below:\n" + "\n".join("    " + e for e in bad)


def test_the_bottom_imports_only_the_bottom(graph: grimp.ImportGraph) -> None:
    edges = _edges(graph)
    bad = sorted(_where(graph, a, b) for a in BOTTOM for b in edges.get(a, ()) if b not in BOTTOM)
    assert all(m in graph.modules for m in BOTTOM)
    assert not bad, "bottom modules importing from above:\n" + "\n".join("    " + e for e in bad)


def test_the_cycle_finder_finds_cycles() -> None:
    """The walk itself: a two-module circle and a self-import are found, a chain is not."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}, "d": {"d"}, "e": set()}) == [["a", "b"], ["d"]]


def test_every_module_names_its_job(graph):
    """Each module opens with a docstring whose first line says the one job it does."""
    import ast

    missing = []
    for module in sorted(graph.modules):
        parts = module.split(".")
        base = ROOT.joinpath(*parts)
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc or not doc.splitlines()[0].strip():
            missing.append(str(path.relative_to(ROOT)))
    assert missing == [], "modules without a first docstring line: " + ", ".join(missing)
