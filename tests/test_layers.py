"""The architecture as a test: dependencies point one way and nothing imports in a circle.

Every ``import`` in the project's packages is read from the source (AST), including imports
inside functions and under ``TYPE_CHECKING``: the order is

    base (lksmatch.errors, lksmatch.config, lksmatch.rules)
      <- pure (geo, matching, stats)
      <- store
      <- demo
      <- service (the rest of lksmatch)
      <- web and command line (dashboard, lksmatch.cli)

A module may import its own layer or a lower one, never a higher one; and no chain of
imports between the project's modules may come back to where it started.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lksmatch", "geo", "matching", "stats", "store", "demo", "dashboard")
BASE = ("lksmatch", "lksmatch.errors", "lksmatch.config", "lksmatch.rules")
LAYERS = {"base": 0, "pure": 1, "store": 2, "demo": 3, "service": 4, "top": 5}


def layer_of(module: str) -> str:
    """The layer of a project module (``lksmatch.service`` -> ``service``)."""
    top = module.split(".")[0]
    if module in BASE:
        return "base"
    if top in ("geo", "matching", "stats"):
        return "pure"
    if top in ("store", "demo"):
        return top
    if top == "dashboard" or module == "lksmatch.cli":
        return "top"
    return "service"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """The project modules ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    resolved = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            resolved.add(name)
    return resolved


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def test_the_layout_is_what_the_test_reads(graph: dict[str, set[str]]) -> None:
    expected_modules = (
        "lksmatch.service", "lksmatch.rules", "stats.measures", "store.files", "demo", "dashboard.app"
    )
    for expected in expected_modules:
        assert expected in graph


def test_dependencies_point_one_way(graph: dict[str, set[str]]) -> None:
    wrong = sorted(
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, targets in graph.items()
        for target in targets
        if LAYERS[layer_of(target)] > LAYERS[layer_of(module)]
    )
    assert wrong == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_nothing_imports_in_a_circle(graph: dict[str, set[str]]) -> None:
    # a package's __init__ that re-exports its own modules is not a cycle of the design
    without_reexports = {
        module: {t for t in targets if not (t.startswith(module + ".") and "." not in module)}
        for module, targets in graph.items()
    }
    assert cycles(without_reexports) == []


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from lksmatch.service import Service\n", "store.exports", "store imports lksmatch.service"),
        ("from dashboard import app\n", "dashboard.api", "cycle"),
        ("def f():\n    from lksmatch import access\n", "geo.assign", "geo imports lksmatch.access"),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from lksmatch.service import Service\n",
            "lksmatch.matchflow",
            "cycle",
        ),
    ],
)
def test_the_check_catches_the_arrows_of_the_issue(
    graph: dict[str, set[str]], tmp_path: Path, source: str, module: str, expected: str
) -> None:
    """The arrows that were wrong before the architecture step would fail the tests above."""
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    known = set(graph) | {module}
    changed = {**graph, module: graph.get(module, set()) | imports_of(path, module, known)}
    if expected == "cycle":
        assert cycles(changed) != []
    else:
        target = expected.split(" imports ")[1]
        assert LAYERS[layer_of(target)] > LAYERS[layer_of(module)]
        assert target in changed[module]
