"""The shape of the code: no import cycle, no private name imported across modules, short modules.

Each module under src/corridor is parsed with ``ast``; imports inside ``if TYPE_CHECKING:``
are left out (they do not run).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "corridor"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported (not in functions or TYPE_CHECKING)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return found


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The corridor modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = _resolve(module, path, node)
        # `from pkg import mod` loads pkg.mod when mod is a module, else a name of pkg
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
            for alias in node.names
        ]
    return [name for name in names if name in MODULES and name != module]


def import_graph() -> nx.DiGraph:
    """Module -> module it imports at module level, over every module of corridor."""
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _module_level_imports(tree):
            for target in _targets(module, path, node):
                graph.add_edge(module, target)
    return graph


def private_imports() -> list[str]:
    """``module: from other import _name`` for every underscore name taken from another
    corridor module (anywhere in the module, functions included)."""
    found = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            base = _resolve(module, path, node)
            if not (base == "corridor" or base.startswith("corridor.")) or base == module:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{module}: from {base} import {alias.name}")
    return found


def long_modules() -> list[str]:
    """``module (n lines)`` for every module over :data:`MAX_LINES` lines."""
    counts = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    return [f"{m} ({n} lines)" for m, n in counts.items() if n > MAX_LINES]


def cycles() -> list[str]:
    """``a -> b -> a`` for every import cycle."""
    return sorted(" -> ".join([*c, c[0]]) for c in nx.simple_cycles(import_graph()))


def _in_scenario(item: str) -> bool:
    return any(word.startswith("corridor.scenario") for word in item.split())


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "corridor.scenario.provenance" in graph
    assert graph.has_edge("corridor.scenario.load", "corridor.scenario.collector")
    assert graph.has_edge("corridor.scenario.model", "corridor.scenario.deal_model")
    # the leaf: nothing of the package below it
    assert list(graph.successors("corridor.scenario.provenance")) == []


@pytest.mark.parametrize("check", [cycles, private_imports, long_modules])
def test_the_scenario_package_has_no_violation(check: Callable[[], list[str]]) -> None:
    assert [item for item in check() if _in_scenario(item)] == []


def test_no_import_cycle() -> None:
    assert cycles() == []


def test_no_private_name_imported_from_another_module() -> None:
    assert private_imports() == []


def test_no_module_over_500_lines() -> None:
    assert long_modules() == []
