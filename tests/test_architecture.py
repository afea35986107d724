"""The package's shape: one stage per subpackage, imports flowing one way, no cycle, small modules.

Imports are read from the source (module level and inside functions alike), so a cycle hidden
in a function body counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reactlib"
MAX_MODULE_LINES = 700

#: What each stage may import, besides itself and the root package (whose names load lazily).
ALLOWED = {
    "errors": set(),
    "terminal": set(),
    "contract": {"errors"},
    "language": {"contract", "errors"},
    "load": {"contract", "language", "errors", "terminal"},
    "count": {"contract", "language", "errors", "terminal"},
    "sample": {"contract", "errors"},
    "report": {"contract", "language", "load", "count", "sample", "errors", "terminal"},
    "render": {"contract", "language", "load", "count", "report", "sample", "errors", "terminal"},
    "batch": {"contract", "language", "load", "count", "report", "render", "sample", "errors", "terminal"},
    "cli": {"contract", "language", "load", "count", "report", "render", "batch", "sample", "errors", "terminal"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str) -> set[str]:
    """The reactlib modules ``name`` imports anywhere in its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("reactlib"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reactlib"):
            for alias in node.names:  # `from reactlib.render import publish` imports a module
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imported_modules(name) for name in MODULES}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "root"


def test_every_stage_is_known():
    assert {stage(m) for m in MODULES} - {"root"} <= set(ALLOWED) | {"notebooks"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_one_way(module):
    if stage(module) in {"root", "notebooks"}:
        return
    allowed = ALLOWED[stage(module)] | {stage(module), "root"}
    assert {m for m in GRAPH[module] if stage(m) not in allowed} == set()


def test_no_import_cycle():
    # Tarjan's strongly connected components: any component of two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert cycles == []


def test_a_cycle_is_found_when_there_is_one():
    # The check above is only worth something if it can fail: a two-module loop is reported.
    graph = {"a": {"b"}, "b": {"a"}, "c": set()}
    global GRAPH
    saved, GRAPH = GRAPH, graph
    try:
        with pytest.raises(AssertionError):
            test_no_import_cycle()
    finally:
        GRAPH = saved


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_700_lines(module):
    assert len(MODULES[module].read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_every_stage_says_what_it_owns_and_may_import():
    for package in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8"))) or ""
        assert "import" in doc, package
