"""The suite runs from a clone with nothing beside it: no test reads a file outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

#: Ways a test could reach above the clone: a parent beyond the repository root (tests/ is
#: ``parents[0]``, the clone ``parents[1]``), or the steering repository's ``shared/`` folder.
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
