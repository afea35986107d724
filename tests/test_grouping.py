"""The suite's own scheduling: a module's render is made once, by one pytest-xdist worker.

tests/conftest.py marks the tests that share a module fixture with pytest-xdist's
``xdist_group``; should that mark stop reaching the scheduler (as with pytest 9.2, pytest-xdist
issue #1386), nothing fails, each module's render is simply made on both workers. This runs a
small suite with the real hook under ``-n 2`` and counts the fixtures' set-ups.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py")

HOOK = f"""\
import importlib.util
import sys

sys.path.insert(0, {str(CONFTEST.parent)!r})
spec = importlib.util.spec_from_file_location("suite_conftest", {str(CONFTEST)!r})
suite_conftest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(suite_conftest)
pytest_collection_modifyitems = suite_conftest.pytest_collection_modifyitems
"""

MODULE_WITH_A_RENDER = """\
import os
import pathlib

import pytest


@pytest.fixture(scope="module")
def render():
    with open(pathlib.Path(__file__).with_suffix(".setups"), "a") as setups:
        setups.write(f"{os.getpid()}\\n")


@pytest.mark.parametrize("number", range(12))
def test_reads_the_render(render, number):
    pass
"""

PLAIN_MODULE = """\
import os
import pathlib

import pytest


@pytest.mark.parametrize("number", range(24))
def test_alone(number):
    with open(pathlib.Path(__file__).with_suffix(".runs"), "a") as runs:
        runs.write(f"{os.getpid()}\\n")
"""


def test_a_module_fixture_is_made_once_and_other_tests_spread_over_both_workers(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(HOOK)
    for name in ("test_first_render.py", "test_second_render.py"):
        (tmp_path / name).write_text(MODULE_WITH_A_RENDER)
    (tmp_path / "test_plain.py").write_text(PLAIN_MODULE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "no:randomly", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "48 passed" in result.stdout
    for name in ("test_first_render", "test_second_render"):
        setups = (tmp_path / f"{name}.setups").read_text().split()
        assert len(setups) == 1, f"{name}'s module fixture was made {len(setups)} times"
    plain_workers = set((tmp_path / "test_plain.runs").read_text().split())
    assert len(plain_workers) == 2, "the ungrouped tests all ran on one worker"
