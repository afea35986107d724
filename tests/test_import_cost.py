"""What a command imports: nothing it does not use (issue 25).

Every `reactlib` command is a new Python; what its main process imports, it pays on every run
(the test suite runs about a hundred such commands, an analyst one per render). Each test runs a
command in a new interpreter and reads its `sys.modules` afterwards, so that an import moved back
to a module's top (a chart library in the command line's path, a kernel started for input that
is refused anyway) is caught here. No timings: which modules, not how long they took.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Runs `reactlib.cli.main` with the arguments after the first, then writes its exit code and
#: the names of every module imported to the file named by the first.
PROBE = """\
import json, sys
from reactlib.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exit_:
    code = exit_.code
with open(sys.argv[1], "w", encoding="utf-8") as file:
    json.dump({"code": code, "modules": sorted(sys.modules)}, file)
"""

#: The kernel's client and what it brings: a command that starts no kernel imports none of them.
KERNEL_CLIENT = {"jupyter_client", "zmq", "tornado", "IPython", "ipykernel", "nbclient", "papermill"}
#: What only a notebook, its export or its PDF needs: the kernel, the exporter, the printer.
RENDERING = {"matplotlib", "seaborn", "scipy", "nbconvert", "openpyxl", "playwright", "bleach", "mistune"}
#: The data's libraries.
DATA = {"pandas", "numpy", "pyarrow", "pandera"}


def imported_by(tmp_path: Path, *argv: str) -> tuple[int, set[str], str]:
    """The exit code of ``reactlib ARGV``, the top-level packages its process imported, its stderr."""
    record = tmp_path / "modules.json"
    ran = subprocess.run(
        [sys.executable, "-c", PROBE, str(record), *argv],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    found = json.loads(record.read_text(encoding="utf-8"))
    return found["code"], {name.partition(".")[0] for name in found["modules"]}, ran.stderr


def test_help_imports_no_data_kernel_or_rendering_library(tmp_path):
    code, modules, _ = imported_by(tmp_path, "--help")

    assert code == 0
    assert modules & (KERNEL_CLIENT | RENDERING | DATA | {"nbformat", "babel", "yaml"}) == set()


def test_validate_imports_pandas_and_nothing_that_renders(tmp_path):
    code, modules, _ = imported_by(tmp_path, "validate")

    assert code == 0
    assert "pandas" in modules  # the probe sees what the command imports
    # pandera: the loader applies the contract's rules itself (tests/test_schema_rules.py).
    assert modules & (KERNEL_CLIENT | RENDERING | {"nbformat", "pandera"}) == set()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--period", "2023-H9", "period '2023-H9'"), ("--language", "xx", "'xx' is not one of en, ru, uk")],
)
def test_a_report_refused_for_its_options_starts_no_kernel(tmp_path, option, value, message):
    options = {"--period": "2023-H1", "--language": "en", option: value}
    argv = ["report", "--scope", "Tajikistan", "--format", "html", "--out", str(tmp_path / "out")]

    code, modules, stderr = imported_by(tmp_path, *argv, *(part for pair in options.items() for part in pair))

    assert code == 1
    assert message in stderr
    assert modules & (KERNEL_CLIENT | RENDERING | DATA | {"nbformat"}) == set()
    assert not (tmp_path / "out").exists()


def test_a_report_refused_for_its_data_imports_nothing_that_exports_or_prints(tmp_path):
    argv = [
        "report",
        "--scope",
        "Nowhere",
        "--period",
        "2023-H1",
        "--format",
        "html,pdf",
        "--out",
        str(tmp_path / "out"),
    ]

    code, modules, stderr = imported_by(tmp_path, *argv)

    assert code == 1
    assert "scope 'Nowhere' is not in the data" in stderr
    # The kernel started while the data was read (reactlib.render.session), and was stopped unused.
    assert {"pandas", "jupyter_client"} <= modules
    assert modules & (RENDERING | {"pandera"}) == set()


def test_a_batch_refused_for_its_batch_file_reads_no_data_and_starts_no_worker(tmp_path):
    batch = tmp_path / "batch.yaml"
    batch.write_text("scopes: [Tajikistan]\nperiods: [2023-H9]\nformats: [html]\n", encoding="utf-8")

    code, modules, stderr = imported_by(tmp_path, "batch", str(batch), "--out", str(tmp_path / "out"))

    assert code == 1
    assert "period '2023-H9'" in stderr
    assert modules & (KERNEL_CLIENT | RENDERING | DATA | {"nbformat"}) == set()
