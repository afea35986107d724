"""The package's shape: one stage per subpackage, imports flowing one way, no cycle, small modules.

Imports are read from the source (module level and inside functions alike), so a cycle hidden
in a function body counts too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reactlib"
MAX_MODULE_LINES = 700

#: The stage packages, each declaring in its docstring what it may import.
STAGES = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))

#: The modules at the package's root, which have no stage docstring: errors, terminal and machine
#: are leaves every stage may use; the command line sits on top of everything.
ROOT_MODULES = {
    "errors": set(),
    "terminal": set(),
    "machine": set(),
    "cli": {*STAGES, "errors", "terminal", "machine"},
}

CONTRACT = re.compile(r"^It may import (?P<names>.+?) only\.$", re.MULTILINE | re.DOTALL)


def declared_imports(docstring: str) -> set[str]:
    """The stages a stage's docstring says it may import: its one "It may import … only." sentence.

    >>> sorted(declared_imports("Counts.\\n\\nIt may import `reactlib.contract` and\\n`reactlib.errors` only."))
    ['contract', 'errors']
    """
    sentences = CONTRACT.findall(docstring)
    assert len(sentences) == 1, f"one 'It may import ... only.' sentence, found {len(sentences)}"
    return set(re.findall(r"`reactlib\.(\w+)`", sentences[0]))


def stage_docstring(name: str) -> str:
    return ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))) or ""


#: What each stage may import, besides itself and the root package (whose names load lazily).
ALLOWED = {**ROOT_MODULES, **{name: declared_imports(stage_docstring(name)) for name in STAGES}}


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


def forbidden_imports(module: str, graph: dict[str, set[str]], allowed: dict[str, set[str]]) -> set[str]:
    """The modules ``module`` imports that its stage's contract does not allow."""
    if stage(module) in {"root", "notebooks"}:
        return set()
    permitted = allowed[stage(module)] | {stage(module), "root"}
    return {imported for imported in graph[module] if stage(imported) not in permitted}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_one_way(module):
    assert forbidden_imports(module, GRAPH, ALLOWED) == set()


def test_an_import_against_the_contract_is_found():
    # The check above is only worth something if it can fail: count importing render breaks it.
    graph = {"reactlib.count.figures": {"reactlib.count.periods", "reactlib.render.pdf", "reactlib.language"}}
    assert forbidden_imports("reactlib.count.figures", graph, ALLOWED) == {"reactlib.render.pdf"}


@pytest.mark.parametrize("name", STAGES)
def test_every_stage_says_what_it_may_import(name):
    assert ALLOWED[name] <= set(ALLOWED) - {name}, f"{name} names a stage that does not exist, or itself"


def test_the_stages_are_layers():
    # One way: no stage may import a stage that may import it, and what a stage may import it
    # may also import through: each contract names every stage below it.
    for name, below in ALLOWED.items():
        for lower in below:
            assert name not in ALLOWED[lower], f"{name} and {lower} may import each other"
            assert ALLOWED[lower] <= below, f"{name} may import {lower} but not all {lower} may import"


def test_the_contract_sentence_is_required():
    with pytest.raises(AssertionError):
        declared_imports("Counting, with nothing said of imports.")
    with pytest.raises(AssertionError):
        declared_imports("It may import `reactlib.errors` only.\n\nIt may import `reactlib.load` only.")


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
