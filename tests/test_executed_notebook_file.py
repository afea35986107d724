"""The executed notebook's file: serialized once in a warm kernel, byte for byte what nbformat writes."""

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


@pytest.fixture(scope="module")
def kernel():
    """One warm kernel for the module: each render resets it first, as a batch worker's."""
    with WarmKernel() as kernel:
        yield kernel


def test_a_warm_kernels_notebook_file_is_the_one_a_fresh_kernel_writes(notebook, kernel, tmp_path):
    record = {"reactlib": {"rendered": "test"}}
    # The same file name in folders of their own: the notebook's metadata names it.
    fresh, *warm = (tmp_path / folder / "report.ipynb" for folder in ("fresh", "warm-1", "warm-2"))
    for path in (fresh, *warm):
        path.parent.mkdir()
    execute_notebook(notebook, {"label": "first"}, fresh, shown_parameters={"label": "shown"}, metadata=record)
    for path in warm:
        execute_notebook(
            notebook, {"label": "first"}, path, kernel, shown_parameters={"label": "shown"}, metadata=record
        )

    for path in warm:
        assert path.read_bytes() == fresh.read_bytes()
    written = nbformat.read(str(warm[0]), as_version=4)
    assert written.metadata["reactlib"] == {"rendered": "test"}
    assert written.metadata["papermill"]["parameters"] == {"label": "shown"}
    assert "start_time" not in written.metadata["papermill"]


def test_a_warm_kernels_notebook_is_serialized_once_as_nbformat_write_writes_it(
    notebook, kernel, tmp_path, monkeypatch
):
    serialized = []
    writes = nbformat.writes

    def counted(nb, *args, **kwargs):
        serialized.append(nb)
        return writes(nb, *args, **kwargs)

    execute_notebook(notebook, {"label": "warm-up"}, tmp_path / "first.ipynb", kernel)
    monkeypatch.setattr(nbformat, "writes", counted)  # papermill's and nbformat.write's own calls both look it up
    executed = execute_notebook(notebook, {"label": "second"}, tmp_path / "second.ipynb", kernel)
    monkeypatch.undo()

    assert len(serialized) == 1
    expected = tmp_path / "expected.ipynb"
    nbformat.write(executed, str(expected))
    assert (tmp_path / "second.ipynb").read_bytes() == expected.read_bytes()
    assert expected.read_bytes().endswith(b"}\n")


def test_a_failed_notebooks_file_holds_it_as_far_as_it_ran(notebook, kernel, tmp_path):
    failed = tmp_path / "failed.ipynb"
    with pytest.raises(CellError):
        execute_notebook(notebook, {"label": "broken"}, failed, kernel)

    cells = nbformat.read(str(failed), as_version=4).cells
    printing = next(cell for cell in cells if cell.source.startswith("print("))
    assert [output["text"] for output in printing.outputs] == ["printed broken\n"]
    assertion = next(cell for cell in cells if cell.source.startswith("assert"))
    assert [(output["output_type"], output["ename"]) for output in assertion.outputs] == [("error", "AssertionError")]
