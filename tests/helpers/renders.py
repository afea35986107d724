"""Rendering a report with `reactlib report` as an analyst would, and the report so rendered."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

EPOCH = "1700000000"  # 2023-11-14
CANARY = "CANARY"


@dataclass(frozen=True)
class RenderedReport:
    data: Path
    directory: Path
    seconds: float

    def path(self, name: str) -> Path:
        return self.directory / name

    @property
    def html(self) -> str:
        return self.path("report.html").read_text(encoding="utf-8")

    @property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")


def canary_copy(source: Path, target: Path) -> None:
    """The sample with a canary in every client code, case id and description (same figures)."""
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        row["client_id"] = f"{CANARY}-CLIENT-{row['client_id']}"
        row["case_id"] = f"{CANARY}-CASE-{row['case_id']}"
        row["description"] = f"{CANARY}-DESCRIPTION {row['description']}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def render_cli(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run `reactlib report` as an analyst would (reactlib's default settings), the render date pinned."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [
        sys.executable, "-m", "reactlib.cli", "report", "--data", str(data), "--scope", "Tajikistan",
        "--period", "2023-H1", "--out", str(out), *extra,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=600)
