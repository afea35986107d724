"""Executing notebooks in a warm kernel gives what a fresh kernel gives, report after report."""

from __future__ import annotations

import nbformat
import pytest
from helpers.notebooks import tiny_notebook

from reactlib.render.execute import CellError, execute_notebook
from reactlib.render.kernels import WarmKernel

pytestmark = pytest.mark.slow


@pytest.fixture
def notebook(tmp_path):
    return tiny_notebook(tmp_path / "tiny.ipynb")


def outputs(executed: nbformat.NotebookNode) -> list:
    return [(cell.get("execution_count"), cell.get("outputs")) for cell in executed.cells if cell.cell_type == "code"]


def test_a_warm_kernel_renders_each_notebook_as_a_fresh_kernel_does(notebook, tmp_path):
    fresh = {label: execute_notebook(notebook, {"label": label}, tmp_path / f"fresh-{label}.ipynb")
             for label in ("first", "second")}  # fmt: skip

    with WarmKernel() as kernel:
        warm = {}
        for label in ("first", "second", "first"):
            warm[label] = execute_notebook(notebook, {"label": label}, tmp_path / f"warm-{label}.ipynb", kernel)
            client = kernel.notebook_client()
        assert kernel.notebook_client() is client, "the notebook client is connected once per kernel"

    for label in ("first", "second"):
        assert outputs(warm[label]) == outputs(fresh[label])
    printing = next(cell for cell in warm["second"].cells if cell.source.startswith("print("))
    assert [output["text"] for output in printing.outputs] == ["printed second\n"]


def test_a_failing_cell_in_a_warm_kernel_names_its_section_and_the_kernel_goes_on(notebook, tmp_path):
    with WarmKernel() as kernel:
        with pytest.raises(CellError) as failure:
            execute_notebook(notebook, {"label": "broken"}, tmp_path / "broken.ipynb", kernel)
        after = execute_notebook(notebook, {"label": "after"}, tmp_path / "after.ipynb", kernel)

    error = failure.value
    assert (error.section, error.ename, error.evalue) == ("Counting", "AssertionError", "a broken label")
    assert outputs(after) == outputs(execute_notebook(notebook, {"label": "after"}, tmp_path / "fresh.ipynb"))
