"""Running `reactlib batch` as an analyst would, and reading what it says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.batch_service import EPOCH, run_in_service
from helpers.notebooks import SHOW_PARAMETERS, write_notebook
from helpers.sessions import once_per_session

REPORTACT = str(Path(sys.executable).parent / "reactlib")
REPORT_FILES = {"report.html", "report.ipynb", "figures.json", "figures.xlsx"}
NOTE = "A note that only Moldova's reports carry."


def batch_file(tmp_path: Path, name: str = "batch.yaml", **overrides: str) -> Path:
    settings = {
        "data": "cases.csv",
        "scopes": "[Georgia, Moldova]",
        "periods": "[2023-H1]",
        "formats": "[html]",
        "min_cell": "0",
        "countries": f"{{Moldova: {{notes: {{plhiv: {NOTE!r}}}}}}}",
    }
    settings.update(overrides)
    path = tmp_path / name
    path.write_text("".join(f"{key}: {value}\n" for key, value in settings.items()), encoding="utf-8")
    return path


def light_notebook(folder: Path, busy_seconds: float = 0.0) -> Path:
    """``folder/light.ipynb``: a report notebook whose kernel does next to nothing but wait ``busy_seconds`` a report.

    For claims about the batch (its processes, fingerprints, folders), not about what a report
    shows: each report is still executed by papermill, exported by nbconvert and, with PDFs,
    printed by Chromium, and gets reactlib's figures, but its kernel computes nothing. The wait
    keeps a kernel in a running cell, as the package notebook's charts do, without burning a core.
    """
    code = f"import time\ntime.sleep({busy_seconds})\n{SHOW_PARAMETERS}" if busy_seconds else SHOW_PARAMETERS
    return write_notebook(folder / "light.ipynb", code=code)


def light_batch_file(folder: Path, name: str = "batch.yaml", busy_seconds: float = 0.0, **overrides: str) -> Path:
    """`batch_file` of a batch whose reports run `light_notebook` (written beside it): for claims about the batch."""
    light_notebook(folder, busy_seconds)
    return batch_file(folder, name, notebook="light.ipynb", **overrides)


def broken_scope_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """One batch, rendered once per session: Georgia's and Moldova's reports, and a scope the data lacks.

    The `batch_file` of a workspace holding a copy of the sample (``cases.csv``), its scopes
    Georgia, Atlantis and Moldova, rendered into ``out`` with one worker by the command service
    (`run_in_service`); the workspace and what the batch said. Shared by the test modules and
    pytest-xdist's workers (`once_per_session`): read it, never change it. A batch file elsewhere
    that names this ``cases.csv`` finds its reports unchanged (a report's fingerprint holds the
    data file's path).
    """
    from reactlib import sample_data_path

    def render(workspace: Path) -> dict:
        shutil.copy(sample_data_path(), workspace / "cases.csv")
        spec = batch_file(workspace, scopes="[Georgia, Atlantis, Moldova]")
        result = run_in_service("batch", str(spec), "--out", str(workspace / "out"), "--workers", "1")
        return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

    workspace, result = once_per_session(tmp_path_factory, "batch-broken-scope", render)
    return workspace, subprocess.CompletedProcess(args=[], **result)


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    return subprocess.run([REPORTACT, *args], capture_output=True, text=True, env=environment, check=False)


def statuses(stdout: str) -> dict[str, str]:
    """report name → status, from the summary table."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.rsplit(None, 2)
        if len(parts) == 3 and parts[1] in {"rendered", "unchanged", "failed"}:
            rows[parts[0].strip()] = parts[1]
    return rows


def processes_with_environment(setting: str) -> list[int]:
    """Processes whose environment holds ``setting`` (``NAME=value``): a batch's and its children's."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if setting.encode() in environment:
            found.append(int(entry.name))
    return found
