"""The command line as people expect it: --version, usage of the right command, clear refusals."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reactlib.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_version_is_the_packages(capsys):
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])

    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"reactlib {expected}\n"


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--scope", "Georgia", "--period", "2023-H1", "--bogus"],
        ["figures", "--scope", "Georgia", "--period", "2023-H1", "--bogus", "x"],
        ["batch", "params/sample.yaml", "--bogus"],
        ["validate", "--bogus"],
        ["sample", "--out", "x.csv", "--bogus"],
    ],
)
def test_an_unknown_option_shows_the_commands_usage(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)

    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.startswith(f"usage: reactlib {args[0]} ")
    assert f"reactlib {args[0]}: error: unrecognized arguments: --bogus" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figures", "--scope", "Georgia", "--period", "2023-H1", "--min-cell", "1"],
         "min_cell: must be 0 (off) or at least 2, not 1"),
        (["figures", "--scope", "Georgia", "--period", "2023-H1", "--min-cell", "-3"],
         "min_cell: must be 0 (off) or at least 2, not -3"),
        (["report", "--scope", "Georgia", "--period", "2023-H1", "--min-cell", "-3"],
         "min_cell: must be 0 (off) or at least 2, not -3"),
        (["figures", "--scope", "Georgia", "--period", "2023-13"], "period '2023-13' is not one of the forms"),
        (["report", "--scope", "Georgia", "--period", "2023-H1", "--format", "pdf,xls"],
         "--format takes html, pdf (comma-separated), not 'pdf,xls'"),
        (["batch", "params/sample.yaml", "--workers", "0"], "--workers must be at least 1"),
        (["sample", "--out", "{tmp}/big.csv", "--cases", "-1"], "--cases must be 0 or more, not -1"),
        (["sample", "--out", "{tmp}/big.csv", "--cases", "5", "--seed", "-5"], "--seed must be 0 or more, not -5"),
        (["sample", "--out", "{tmp}/a-file/sample.csv"], "{tmp}/a-file is a file, not a folder"),
    ],
)  # fmt: skip
def test_bad_values_get_a_clear_message(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # params/sample.yaml
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]

    code = main([*args, "--out", str(tmp_path / "out")] if args[0] == "report" else args)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("reactlib: error: ") and message.replace("{tmp}", str(tmp_path)) in err
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "big.csv").exists()


def test_make_lab_starts_jupyterlab_as_root_too(tmp_path):
    # A stand-in `jupyter` that records how it is called: JupyterLab itself stops as root unless
    # given --allow-root, and only then.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "jupyter-lab").write_text("", encoding="utf-8")
    calls = tmp_path / "calls"
    jupyter = bin_dir / "jupyter"
    jupyter.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {calls}\n', encoding="utf-8")
    jupyter.chmod(0o755)

    # Not in a git clone (GIT_DIR names none): the clone's git configuration is left alone.
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "-o", ".venv/.locked", "-o", f"{bin_dir}/jupyter-lab",
         "lab", f"BIN={bin_dir}"],
        capture_output=True, text=True, check=False, env={**os.environ, "GIT_DIR": str(tmp_path / "no-git")},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    as_root = ["--allow-root"] if os.geteuid() == 0 else []
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "lab", *as_root, "--config=jupyter_server_config.py", "notebooks/",
    ]  # fmt: skip


def test_installing_the_kernel_spec_leaves_nothing_in_the_temporary_directory(tmp_path):
    tmp, prefix = tmp_path / "tmp", tmp_path / "prefix"
    tmp.mkdir()

    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "kernelspec", f"BIN={Path(sys.executable).parent}",
         f"KERNEL_PREFIX=--prefix {prefix}"],
        capture_output=True, text=True, check=False, env={**os.environ, "TMPDIR": str(tmp)},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    spec = json.loads((prefix / "share" / "jupyter" / "kernels" / "python3" / "kernel.json").read_text())
    assert os.path.samefile(spec["argv"][0], sys.executable) and spec["language"] == "python"
    assert list(tmp.iterdir()) == []  # ipykernel's own install leaves an empty tmp*_kernels folder


def test_make_lab_sets_up_nbstripout_so_a_notebook_saved_with_outputs_commits_none(tmp_path):
    import nbformat

    # A clone of its own, with the Makefile and .gitattributes, and nbstripout from this environment.
    for name in ("Makefile", ".gitattributes"):
        shutil.copy(ROOT / name, tmp_path / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    bin_dir = Path(sys.executable).parent
    made = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.locked", "-o", f"{bin_dir}/jupyter-lab", "lab-git", f"BIN={bin_dir}"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    committed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    committed.cells[0].id = "sum"
    nbformat.write(committed, tmp_path / "report.ipynb")
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "notebook"], cwd=tmp_path, check=True)
    # Run and saved: an output, an execution count, the kernel's language version.
    committed.cells[0].update(
        execution_count=1, outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    )
    committed.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nbformat.write(committed, tmp_path / "report.ipynb")
    diff = subprocess.run(["git", "diff", "--stat"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert diff.stdout == "", "the filter strips what running wrote, and keeps the cell's id"
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert status.stdout == ""
