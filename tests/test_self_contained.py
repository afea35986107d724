"""The suite runs from a clone with nothing beside it: no test reads a file outside the repository."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

#: Ways a test could reach above the clone: a parent beyond the repository root (tests/ is
#: ``parents[0]``, the clone ``parents[1]``), or a folder beside the clone taken by its name.
_OUTSIDE = re.compile(r"parents\[(?:[2-9]|\d\d+)\]|[\"']shared[\"']")


def test_no_test_reads_above_the_repository():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _OUTSIDE.search(line) and path != Path(__file__).resolve()
    ]
    assert offenders == []


def test_the_seed_factsheet_is_in_the_clone():
    seed = TESTS / "data" / "seed_factsheet_tajikistan_2023_h1.txt"
    first_line = seed.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "Tajikistan. 2023 | Half year"
    assert seed.resolve().is_relative_to(REPO)


def imported_names(source: str) -> set[str]:
    """The top-level names of the modules ``source`` imports, at module level or inside functions.

    >>> sorted(imported_names("import os\\nfrom helpers.seed import read_seed\\ndef f():\\n    import test_x"))
    ['helpers', 'os', 'test_x']
    """
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_test_module_imports_another():
    # Shared fixtures live in conftest.py, shared functions in tests/helpers. A fixture imported
    # from a test module shadows conftest's, and a test function imported with it runs twice.
    offenders = {
        path.relative_to(TESTS).as_posix(): sorted(
            name for name in imported_names(path.read_text(encoding="utf-8")) if name.startswith("test_")
        )
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}
