"""An analyst's own notebook has no ru or uk translation: its reports in those languages are refused when planned.

reactlib translates a report notebook's markdown with the catalog named as the notebook's file
(its stem), which an analyst's notebook under a name of its own does not have (a copy kept as
``country_report.ipynb`` has reactlib's). Such a report is refused with a message naming
the notebook and the language: in a batch, that report alone fails (the others render), and
`reactlib report` refuses it before its kernel starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.batch_runs import batch_file, light_notebook, statuses
from helpers.batch_service import run_in_service

REACTLIB = str(Path(sys.executable).parent / "reactlib")

#: Loaded by every Python the command starts (PYTHONPATH): it notes each private kernel folder
#: made (`reactlib.render.kernels.KERNEL_FOLDER_PREFIX`), which a kernel's start makes first and
#: removes when it stops.
KERNEL_FOLDER_TRACE = """\
import os
import sys


def _note_kernel_folders(event, arguments):
    if event == "os.mkdir" and "reactlib-kernel-" in os.fsdecode(arguments[0]):
        with open(os.environ["KERNEL_FOLDER_TRACE"], "a", encoding="utf-8") as trace:
            trace.write(os.fsdecode(arguments[0]) + "\\n")


sys.addaudithook(_note_kernel_folders)
"""


def refusal(notebook: Path, language: str) -> str:
    return f"the notebook {notebook.resolve()} cannot be rendered in {language}: it has no {language} translation"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    return subprocess.run([REACTLIB, *args], capture_output=True, text=True, env=environment, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reactlib import sample_data_path

    folder = tmp_path_factory.mktemp("notebook-languages")
    shutil.copy(sample_data_path(), folder / "cases.csv")
    light_notebook(folder)
    return folder


@pytest.fixture(scope="module")
def batch(project: Path) -> subprocess.CompletedProcess:
    """Georgia 2023-H1 in English and Russian, through the analyst's notebook (one worker: the claim is not about workers)."""
    spec = batch_file(project, scopes="[Georgia]", languages="[en, ru]", notebook="light.ipynb")
    return run_in_service("batch", str(spec), "--out", str(project / "out"), "--workers", "1")  # what it renders


@pytest.mark.slow
def test_a_batch_renders_the_english_report_of_a_notebook_without_translations(project, batch):
    assert statuses(batch.stdout)["Georgia 2023-H1 en"] == "rendered"
    assert (project / "out" / "georgia" / "2023-H1" / "en" / "report.html").is_file()


@pytest.mark.slow
def test_a_batch_refuses_the_russian_report_of_a_notebook_without_translations_saying_why(project, batch):
    said = refusal(project / "light.ipynb", "ru")
    log = (project / "out" / "logs" / "georgia_2023-H1_ru.log").read_text(encoding="utf-8").splitlines()

    assert batch.returncode == 1
    assert statuses(batch.stdout)["Georgia 2023-H1 ru"] == "failed"
    [failed] = [line for line in batch.stdout.splitlines() if line.startswith("failed: Georgia 2023-H1 ru: ")]
    assert failed.removeprefix("failed: Georgia 2023-H1 ru: ").startswith(said)
    assert "light.po" in failed  # the catalog it lacks
    [error] = [line for line in log if line.startswith("error: ")]
    assert error.removeprefix("error: ").startswith(said)
    assert "internal error" not in batch.stdout + "\n".join(log)
    assert "Traceback" not in batch.stdout + batch.stderr
    assert not (project / "out" / "georgia" / "2023-H1" / "ru").exists()


def test_reactlib_report_refuses_a_notebook_without_translations_before_its_kernel_starts(project, tmp_path):
    (tmp_path / "trace").mkdir()
    (tmp_path / "trace" / "sitecustomize.py").write_text(KERNEL_FOLDER_TRACE, encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    trace = tmp_path / "kernel-folders.txt"
    env = {"PYTHONPATH": str(tmp_path / "trace"), "KERNEL_FOLDER_TRACE": str(trace), "TMPDIR": str(tmp_path / "tmp")}
    # The trace notes a kernel folder made where a kernel makes it.
    subprocess.run(
        [sys.executable, "-c", "import tempfile; tempfile.mkdtemp(prefix='reactlib-kernel-')"],
        env={**os.environ, **env}, check=True,
    )  # fmt: skip
    assert trace.read_text(encoding="utf-8").count("reactlib-kernel-") == 1
    trace.unlink()

    report = run(
        "report", "--data", str(project / "cases.csv"), "--notebook", str(project / "light.ipynb"),
        "--scope", "Georgia", "--period", "2023-H1", "--language", "ru", "--format", "html",
        "--out", str(tmp_path / "out"), env=env,
    )  # fmt: skip

    assert report.returncode != 0
    assert f"reactlib: error: {refusal(project / 'light.ipynb', 'ru')}" in report.stderr
    assert "Traceback" not in report.stderr
    assert not trace.exists()  # no kernel started
    assert not (tmp_path / "out").exists()
