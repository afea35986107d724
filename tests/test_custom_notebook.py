"""Analysts' own notebooks: `reactlib report --notebook PATH -p NAME VALUE`, a batch's `notebook:`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from helpers.batch_service import run_in_service
from helpers.notebooks import PARAMETERS_CELL, write_notebook

from reactlib.cli import main


@pytest.fixture
def no_kernel_no_data(monkeypatch):
    """Make starting a kernel or reading the data fail loudly: a refusal must come before both."""

    def refuse(*_: object, **__: object):
        raise AssertionError("started although the parameters were refused")

    monkeypatch.setattr("reactlib.render.kernels.WarmKernel.__enter__", refuse)
    monkeypatch.setattr("reactlib.load.cases.load_cases", refuse)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["-p", "colour", "red"], "colour: unknown parameter; known: note, copies"),
        (["-p", "copies", "many"], "copies: got 'many' (text) but it must be a whole number"),
        (["-p", "copies", "2.5"], "copies: got 2.5 (a number) but it must be a whole number"),
        (["-p", "scope", "Georgia"], "scope: a report parameter, given with --scope"),
        (["-p", "note", "a", "-p", "note", "b"], "-p note is given more than once"),
    ],
    ids=["undeclared", "text for int", "float for int", "report parameter", "twice"],
)
def test_bad_extra_parameters_are_refused_before_data_or_kernel(tmp_path, capsys, no_kernel_no_data, extra, words):
    notebook = write_notebook(tmp_path / "mine.ipynb")
    code = main(["report", "--notebook", str(notebook), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(tmp_path / "out"), "--format", "html", *extra])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and words in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_notebook_without_the_report_parameters_is_refused(tmp_path, capsys, no_kernel_no_data):
    notebook = write_notebook(
        tmp_path / "mine.ipynb", PARAMETERS_CELL.replace("min_cell: int = 0", 'min_cell: str = ""')
    )
    code = main(["report", "--notebook", str(notebook), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "min_cell: declared as 'str', must be 'int'" in err


def test_the_package_notebook_takes_no_extra_parameters(tmp_path, capsys, no_kernel_no_data):
    code = main(["report", "--scope", "Tajikistan", "--period", "2023-H1", "--out", str(tmp_path / "out"),
                 "-p", "note", "hello"])  # fmt: skip
    assert code == 1 and "note: unknown parameter" in capsys.readouterr().err


@pytest.mark.slow
def test_a_custom_notebook_renders_with_its_extra_parameters(tmp_path):
    notebook = write_notebook(tmp_path / "mine.ipynb")
    out = tmp_path / "out"
    result = run_in_service(
        "report", "--notebook", str(notebook), "--scope", "Georgia", "--period", "2023-H1",
        "--out", str(out), "--format", "html", "-p", "note", "hello", "-p", "copies", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (out / "georgia" / "2023-H1" / "report.html").read_text(encoding="utf-8")
    assert "NOTE=hello NOTE=hello Georgia 2023-H1" in html
    executed = nbformat.read(str(out / "georgia" / "2023-H1" / "report.ipynb"), as_version=4)
    assert executed.metadata.papermill.parameters["note"] == "hello"


def batch_text(notebook: str, note: str) -> str:
    return (
        "data: cases.csv\nscopes: [Georgia]\nperiods: [2023-H1]\nformats: [html]\n"
        f"notebook: {notebook}\nparameters: {{note: {note}, copies: 3}}\n"
    )


def run_batch(batch: Path, out: Path) -> subprocess.CompletedProcess:
    """The batch, run by the command service: the claims are what it renders and says, not how it starts."""
    return run_in_service("batch", str(batch), "--out", str(out), "--workers", "1")


@pytest.mark.slow
def test_a_batch_renders_its_notebook_and_refingerprints_on_its_changes(tmp_path):
    from reactlib import sample_data_path

    shutil.copy(sample_data_path(), tmp_path / "cases.csv")
    write_notebook(tmp_path / "mine.ipynb")
    batch, out = tmp_path / "batch.yaml", tmp_path / "out"
    html = out / "georgia" / "2023-H1" / "report.html"
    batch.write_text(batch_text("mine.ipynb", "hello"), encoding="utf-8")

    first = run_batch(batch, out)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "NOTE=hello NOTE=hello NOTE=hello Georgia 2023-H1" in html.read_text(encoding="utf-8")
    assert "1 unchanged" in run_batch(batch, out).stdout

    batch.write_text(batch_text("mine.ipynb", "bonjour"), encoding="utf-8")  # another extra parameter
    assert "1 rendered" in run_batch(batch, out).stdout
    assert "NOTE=bonjour" in html.read_text(encoding="utf-8")

    notebook = nbformat.read(str(tmp_path / "mine.ipynb"), as_version=4)  # the notebook's content
    notebook.cells[2].source = 'from IPython.display import HTML\nHTML("<p>CHANGED " + note + "</p>")'
    nbformat.write(notebook, str(tmp_path / "mine.ipynb"))
    assert "1 rendered" in run_batch(batch, out).stdout
    assert "CHANGED bonjour" in html.read_text(encoding="utf-8")


#: Files that are not notebooks, as someone might pass them, and what the refusal says instead.
#: Their bytes (a passwd line, a client code, a description) must never be quoted back.
NOT_NOTEBOOKS = [
    ("passwd", b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", "not JSON"),
    ("cases.ipynb", "client-0042,Таджикистан,HIV+ client beaten by police\n".encode("cp1251"), "not UTF-8 text"),
    ("list.ipynb", b'["client-0042", "HIV+ client beaten by police"]', "JSON without a notebook's cells"),
    ("cells.ipynb", b'{"cells": "client-0042 HIV+ client beaten by police", "nbformat": 4}',
     "JSON that does not follow the notebook format"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "what"), NOT_NOTEBOOKS, ids=[n for n, _, _ in NOT_NOTEBOOKS])
def test_a_file_that_is_not_a_notebook_is_refused_without_quoting_it(
    tmp_path, capsys, no_kernel_no_data, name, content, what
):
    path = tmp_path / name
    path.write_bytes(content)
    code = main(["report", "--notebook", str(path), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"reactlib: error: {path}: is not a Jupyter notebook ({what}); give an .ipynb file\n"
    assert not (tmp_path / "out").exists()


def test_a_passwd_file_as_a_batch_s_notebook_is_refused_without_its_content(tmp_path):
    from reactlib.batch.spec import load_batch
    from reactlib.load.settings_file import SettingsError

    (tmp_path / "passwd").write_bytes(NOT_NOTEBOOKS[0][1])
    batch = tmp_path / "batch.yaml"
    batch.write_text("scopes: [Georgia]\nperiods: [2023-H1]\nnotebook: passwd\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_batch(batch)
    assert str(caught.value) == (
        f"{batch}: {tmp_path / 'passwd'}: is not a Jupyter notebook (not JSON); give an .ipynb file"
    )


@pytest.mark.parametrize("path", ["/dev/zero", "{tmp}"], ids=["a device that never ends", "a folder"])
def test_a_device_or_folder_as_the_notebook_is_refused_at_once(tmp_path, capsys, no_kernel_no_data, path):
    path = path.format(tmp=tmp_path)
    code = main(["report", "--notebook", path, "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"reactlib: error: {path}: is not a Jupyter notebook (not a regular file); give an .ipynb file\n"


def test_a_notebook_too_large_to_be_one_is_refused_before_it_is_read(tmp_path, monkeypatch, capsys, no_kernel_no_data):
    from reactlib.report import parameters

    monkeypatch.setattr(parameters, "MAX_NOTEBOOK_BYTES", 1000)
    notebook = write_notebook(tmp_path / "mine.ipynb")
    size = notebook.stat().st_size
    code = main(["report", "--notebook", str(notebook), "--scope", "Tajikistan", "--period", "2023-H1",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert f"({size:,} bytes, more than the 1,000 a notebook may have)" in err


@pytest.mark.parametrize(
    ("parameters", "words"),
    [
        ("{colour: red}", "colour: unknown parameter"),
        ("{copies: many}", "copies: got 'many' (text) but it must be a whole number"),
        ("{note: 2023}", "note: got 2023 (a number) but it must be text"),
        ("[note]", "parameters: must be a mapping"),
    ],
    ids=["undeclared", "text for int", "number for text", "not a mapping"],
)
def test_a_batch_with_bad_parameters_is_refused_whole(tmp_path, parameters, words):
    from reactlib.batch.spec import load_batch
    from reactlib.load.settings_file import SettingsError

    write_notebook(tmp_path / "mine.ipynb")
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        f"scopes: [Georgia]\nperiods: [2023-H1]\nnotebook: mine.ipynb\nparameters: {parameters}\n", encoding="utf-8"
    )
    with pytest.raises(SettingsError, match=r"batch\.yaml") as caught:
        load_batch(batch)
    assert words in str(caught.value)


def test_a_batch_names_a_missing_notebook(tmp_path):
    from reactlib.batch.spec import load_batch
    from reactlib.load.settings_file import SettingsError

    batch = tmp_path / "batch.yaml"
    batch.write_text("scopes: [Georgia]\nperiods: [2023-H1]\nnotebook: gone.ipynb\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"notebook: no file 'gone\.ipynb'"):
        load_batch(batch)


@pytest.mark.slow
def test_a_failing_cell_of_an_analysts_notebook_leaves_its_value_out_of_the_batchs_log(tmp_path):
    # The exception's value could quote a client code; the batch's logs and summary are shared.
    from reactlib import sample_data_path

    shutil.copy(sample_data_path(), tmp_path / "cases.csv")
    notebook = nbformat.read(str(write_notebook(tmp_path / "mine.ipynb")), as_version=4)
    notebook.cells.insert(2, nbformat.v4.new_markdown_cell("## Clients"))
    notebook.cells[3].source = 'raise KeyError("client-0042")'
    nbformat.write(notebook, str(tmp_path / "mine.ipynb"))
    batch, out = tmp_path / "batch.yaml", tmp_path / "out"
    batch.write_text(batch_text("mine.ipynb", "hello"), encoding="utf-8")

    result = run_batch(batch, out)

    logs = "".join(path.read_text(encoding="utf-8") for path in (out / "logs").glob("*.log"))
    assert result.returncode == 1
    assert "the report section 'Clients' failed: KeyError" in result.stdout and "KeyError" in logs
    assert "client-0042" not in result.stdout + result.stderr + logs
