"""A report notebook run and saved (in JupyterLab) changes neither what git tracks nor the next batch.

JupyterLab writes outputs, execution counts, the kernel's language version and editor state into
a notebook it saves. The batch's fingerprint of a notebook ignores them; `make lab` sets up
nbstripout, git's filter for notebooks, and JupyterLab (jupyter_server_config.py) saves a notebook
as that filter commits it.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from reactlib.batch.incremental import notebook_digest
from reactlib.render.kinds import COUNTRY_REPORT, TREND

ROOT = Path(__file__).resolve().parents[1]


def as_lab_saves_it(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``notebook`` after Run All and Save in JupyterLab 4: outputs, counts, language version, editor state."""
    saved = copy.deepcopy(notebook)
    saved.metadata["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py", "mimetype": "text/x-python",
        "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3", "version": "3.11.7",
    }  # fmt: skip
    for count, cell in enumerate(c for c in saved.cells if c.cell_type == "code"):
        cell.execution_count = count + 1
        cell.outputs = [nbformat.v4.new_output("display_data", {"text/html": "<p>an output</p>", "text/plain": "x"})]
        cell.metadata["scrolled"] = True
        cell.metadata["jupyter"] = {"outputs_hidden": False}
    return saved


@pytest.mark.parametrize("path", [COUNTRY_REPORT.notebook_file(), TREND.notebook_file()], ids=["country", "trend"])
def test_the_fingerprint_of_a_notebook_ignores_what_running_and_saving_it_writes(tmp_path, path):
    notebook = nbformat.read(path, as_version=4)
    saved = tmp_path / "saved.ipynb"
    nbformat.write(as_lab_saves_it(notebook), saved)
    assert saved.read_bytes() != path.read_bytes()
    assert notebook_digest(saved) == notebook_digest(path)


def test_the_fingerprint_of_a_notebook_changes_with_its_texts_code_and_tags(tmp_path):
    notebook = nbformat.read(COUNTRY_REPORT.notebook_file(), as_version=4)
    original = notebook_digest(COUNTRY_REPORT.notebook_file())
    markdown = next(cell for cell in notebook.cells if cell.cell_type == "markdown" and "Note:" in cell.source)
    code = next(cell for cell in notebook.cells if "chart" in cell.metadata.get("tags", []))
    changes = {
        "text": lambda nb: nb.cells.__getitem__(nb.cells.index(markdown)).update(source=markdown.source + " More."),
        "code": lambda nb: nb.cells.__getitem__(nb.cells.index(code)).update(source=code.source + "\n# another line"),
        "tag": lambda nb: nb.cells.__getitem__(nb.cells.index(code)).metadata.update(tags=["remove-cell"]),
        "kernel": lambda nb: nb.metadata.update(kernelspec={"name": "other", "display_name": "Other", "language": "python"}),
    }  # fmt: skip
    for name, change in changes.items():
        changed = copy.deepcopy(notebook)
        change(changed)
        nbformat.write(changed, tmp_path / f"{name}.ipynb")
        assert notebook_digest(tmp_path / f"{name}.ipynb") != original, name


def test_a_file_that_is_no_notebook_is_digested_as_it_is(tmp_path):
    import hashlib

    path = tmp_path / "broken.ipynb"
    path.write_bytes(b"{not json")
    assert notebook_digest(path) == hashlib.sha256(b"{not json").hexdigest()


def test_the_committed_notebooks_are_what_the_filter_commits():
    """No outputs, counts or kernel language description: git's filter leaves them as they are."""
    for path in (COUNTRY_REPORT.notebook_file(), TREND.notebook_file()):
        notebook = nbformat.read(path, as_version=4)
        assert "language_info" not in notebook.metadata, path.name
        for cell in notebook.cells:
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None, path.name
            assert not {"scrolled", "collapsed", "execution", "jupyter"} & set(cell.metadata), path.name


def test_git_filters_notebooks_through_nbstripout_once_make_lab_has_set_it_up():
    attributes = subprocess.run(
        ["git", "check-attr", "filter", "diff", "--", "notebooks/country_report.ipynb"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert attributes.returncode == 0, attributes.stderr
    assert attributes.stdout.splitlines() == [
        "notebooks/country_report.ipynb: filter: nbstripout",
        "notebooks/country_report.ipynb: diff: ipynb",
    ]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "nbstripout --install --attributes .gitattributes" in makefile
    assert "--config=jupyter_server_config.py" in makefile


@pytest.mark.slow
def test_jupyterlabs_save_hook_writes_what_gits_filter_commits(tmp_path):
    """The pre-save hook and nbstripout as `make lab` sets it up give the committed notebook, byte for byte."""
    config: dict = {}
    exec((ROOT / "jupyter_server_config.py").read_text(encoding="utf-8"), {"get_config": lambda: _Config(config)})
    hook = config["pre_save_hook"]
    committed = COUNTRY_REPORT.notebook_file().read_text(encoding="utf-8")
    model = {"type": "notebook", "content": as_lab_saves_it(nbformat.reads(committed, as_version=4))}
    hook(model=model, path="country_report.ipynb", contents_manager=None)
    assert nbformat.writes(model["content"]) + "\n" == committed
    filtered = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id", "--extra-keys", "metadata.language_info cell.metadata.jupyter"],
        input=nbformat.writes(as_lab_saves_it(nbformat.reads(committed, as_version=4))),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert filtered.stdout == committed


class _Config:
    """Stands in for Jupyter's config object: ``c.ContentsManager.pre_save_hook = ...`` is recorded."""

    def __init__(self, record: dict) -> None:
        self.ContentsManager = _Section(record)


class _Section:
    def __init__(self, record: dict) -> None:
        object.__setattr__(self, "record", record)

    def __setattr__(self, name: str, value: object) -> None:
        self.record[name] = value
