"""Running `reactlib batch` as an analyst would, and reading what it says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
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
