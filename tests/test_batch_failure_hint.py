"""A batch report that fails: its log says how to see the error it leaves out, truly for the batch's protection.

A cell's error may quote the data, and a batch's logs are shared, so a failed report's log names
the exception without its value and says where to see it whole. Without min_cell, `reactlib
report` on the report fails the same way and shows it. With min_cell the report is protected
with the whole batch (a report alone may not fail), so the log says to run the batch again with
REACTLIB_DEBUG=1, which prints the whole error on the terminal and never into the logs. A
failed trend's hint names `reactlib trend`, which renders a trend alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.batch_service import run_in_service
from helpers.notebooks import PARAMETERS_CELL, write_notebook

pytestmark = pytest.mark.slow

REACTLIB = str(Path(sys.executable).parent / "reactlib")
#: A cell whose error quotes something a log must never show.
FAILING_CELL = 'raise ValueError("client-0042 of " + scope)'
SECRET = "client-0042"
#: What the log and the closing table say of the exception: its type, never its value.
FAILED = "the report section 'My own report' failed: ValueError"


def batch_text(min_cell: int) -> str:
    return (
        "data: cases.csv\nscopes: [Georgia]\nperiods: [2023-H1]\nformats: [html]\n"
        f"notebook: mine.ipynb\nmin_cell: {min_cell}\n"
    )


def run(*args: str, debug: bool = False) -> subprocess.CompletedProcess:
    """``reactlib *args`` by the command service (the claims are what it says); REACTLIB_DEBUG=1 if ``debug``."""
    return run_in_service(*args, env={"REACTLIB_DEBUG": "1"} if debug else None)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    from reactlib import sample_data_path

    shutil.copy(sample_data_path(), tmp_path / "cases.csv")
    write_notebook(tmp_path / "mine.ipynb", PARAMETERS_CELL, FAILING_CELL)
    return tmp_path


def log_error(out: Path) -> str:
    [line] = [
        line for line in (out / "logs" / "georgia_2023-H1.log").read_text().splitlines() if line.startswith("error")
    ]
    return line


def test_without_min_cell_the_log_points_to_reactlib_report_which_shows_the_error(project):
    (project / "batch.yaml").write_text(batch_text(0), encoding="utf-8")
    out = project / "out"

    batch = run("batch", str(project / "batch.yaml"), "--out", str(out), "--workers", "1")
    report = run(
        "report", "--data", str(project / "cases.csv"), "--notebook", str(project / "mine.ipynb"),
        "--scope", "Georgia", "--period", "2023-H1", "--format", "html", "--out", str(project / "alone"),
    )  # fmt: skip

    said = f"{FAILED}; `reactlib report` on this report shows the error"
    assert batch.returncode == 1
    assert log_error(out) == f"error: {said}"
    assert f"failed: Georgia 2023-H1: {said}" in batch.stdout.splitlines()
    assert SECRET not in batch.stdout + batch.stderr
    assert report.returncode == 1
    assert f"{FAILED}: {SECRET} of Georgia" in report.stderr


def test_with_min_cell_the_log_points_to_the_batch_run_again_with_reactlib_debug_which_prints_the_error(project):
    (project / "batch.yaml").write_text(batch_text(5), encoding="utf-8")
    out = project / "out"

    first = run("batch", str(project / "batch.yaml"), "--out", str(out), "--workers", "1")
    logged = log_error(out)
    again = run("batch", str(project / "batch.yaml"), "--out", str(out), "--workers", "1", debug=True)

    said = (
        f"{FAILED}; the batch run again with REACTLIB_DEBUG=1 prints the error, never into the logs "
        "(with min_cell, `reactlib report` protects this report alone, not with the batch, and may not fail)"
    )
    assert first.returncode == 1
    assert logged == f"error: {said}"
    assert f"failed: Georgia 2023-H1: {said}" in first.stdout.splitlines()
    assert SECRET not in first.stdout + first.stderr
    assert again.returncode == 1
    assert f"reactlib: error: Georgia 2023-H1: {FAILED}: {SECRET} of Georgia" in again.stderr.splitlines()
    assert SECRET not in again.stdout
    assert log_error(out) == f"error: {said}"  # the debug run's log: still without the value
    assert SECRET not in "".join(path.read_text() for path in out.rglob("*") if path.is_file())


#: The trend notebook's parameters, as `notebooks/trend_report.ipynb` declares them.
TREND_PARAMETERS = """\
data: str = ""
column_map: str = ""
encoding: str = ""
sheet: str = ""
header_row: int = 0
date_format: str = ""
scope: str = "Tajikistan"
from_period: str = "2022-H1"
to_period: str = "2024-H2"
min_cell: int = 0
language: str = "en"
contact: "Optional[str]" = None
"""
#: `reactlib batch` with the trend's notebook replaced by ``sys.argv[1]``: a batch file names no
#: trend notebook, and the package's does not fail.
BATCH_WITH_TREND_NOTEBOOK = """\
import dataclasses, sys
from pathlib import Path
import reactlib.render.kinds as kinds
kinds.TREND = dataclasses.replace(kinds.TREND, notebook=Path(sys.argv[1]).resolve())
from reactlib.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_batch_points_a_failed_trend_to_reactlib_trend_and_a_failed_report_to_reactlib_report(project):
    write_notebook(project / "failing_trend.ipynb", TREND_PARAMETERS, FAILING_CELL)
    (project / "batch.yaml").write_text(
        "data: cases.csv\nscopes: [Georgia]\nperiods: [2023-H1]\nnotebook: mine.ipynb\n"
        "trends: [{from: 2023-H1, to: 2023-H2}]\nformats: [html]\n",
        encoding="utf-8",
    )
    env = {key: value for key, value in os.environ.items() if key != "REACTLIB_DEBUG"}
    batch = subprocess.run(
        [sys.executable, "-c", BATCH_WITH_TREND_NOTEBOOK, str(project / "failing_trend.ipynb"),
         "batch", str(project / "batch.yaml"), "--out", str(project / "out"), "--workers", "1"],
        capture_output=True, text=True, check=False, env={**env, "SOURCE_DATE_EPOCH": "1700000000"},
    )  # fmt: skip

    assert batch.returncode == 1, batch.stderr
    failed = [line for line in batch.stdout.splitlines() if line.startswith("failed: ")]
    assert sorted(failed) == [
        f"failed: Georgia 2023-H1: {FAILED}; `reactlib report` on this report shows the error",
        f"failed: Georgia trend-2023-H1_to_2023-H2: {FAILED}; `reactlib trend` on this report shows the error",
    ]
    [trend_log] = (project / "out" / "logs").glob("*trend*.log")
    assert f"error: {FAILED}; `reactlib trend` on this report shows the error" in trend_log.read_text().splitlines()
    assert SECRET not in batch.stdout + batch.stderr


def batch_job(request):
    from reactlib.batch.plan import plan_job

    return plan_job(request, ["Georgia"])


def test_a_failed_trend_points_to_reactlib_trend_which_renders_a_trend_alone():
    # With min_cell too, as the batch words it for a trend job's log and line.
    from reactlib.batch.run import see_error
    from reactlib.render.request import TrendRequest

    trend = batch_job(TrendRequest("Georgia", "2022-H1", "2023-H2"))

    assert see_error(trend, min_cell=0) == "`reactlib trend` on this report shows the error"
    assert see_error(trend, min_cell=5) == (
        "the batch run again with REACTLIB_DEBUG=1 prints the error, never into the logs "
        "(with min_cell, `reactlib trend` protects this report alone, not with the batch, and may not fail)"
    )


def test_a_failed_report_of_the_package_or_an_own_notebook_points_to_reactlib_report(project):
    from reactlib.batch.run import see_error
    from reactlib.count.periods import parse_period
    from reactlib.render.request import ReportRequest

    period = parse_period("2023-H1")
    for request in (
        ReportRequest("Georgia", period),
        ReportRequest("Georgia", period, notebook=project / "mine.ipynb"),
    ):
        assert see_error(batch_job(request), min_cell=0) == "`reactlib report` on this report shows the error"
