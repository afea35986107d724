"""Rendering a report with `reactlib report` as an analyst would, and the report so rendered."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.batch_service import EPOCH, run_in_service

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


def run_in_process(*argv: str) -> subprocess.CompletedProcess:
    """A `reactlib` command run by `reactlib.cli.main` in this process, the render date pinned.

    What it returned and printed, as `render_cli` gives it. The command's own Python and imports
    (about 1.5 core-s a `reactlib report`) are not paid again: for tests whose claim is about what
    a command renders or says, not about starting it from a shell, nor about a process's first
    render (caches of this process may be warm). Its kernel and browser are new, as in a command
    of its own. It restores signal handlers, warning filters and the environment; it leaves
    behind what jupyter_client keeps per process (an event loop, zmq's I/O threads).
    """
    from reactlib.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        try:
            code = main(list(argv))
        except SystemExit as stop:  # argparse's usage errors, as the command's exit status
            code = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(list(argv), code, out.getvalue(), err.getvalue())


def report_in_process(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """`render_cli`'s report, rendered by `run_in_process`."""
    return run_in_process(
        "report", "--data", str(data), "--scope", "Tajikistan", "--period", "2023-H1", "--out", str(out), *extra
    )


def batch_cli(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """`reactlib batch` of ``spec`` into ``out`` with one worker, the render date pinned; it must succeed.

    Run by the command service (`helpers.batch_service`): its callers' claims are what a batch
    renders, not how a batch command starts.
    """
    done = run_in_service("batch", str(spec), "--out", str(out), "--workers", "1", *extra)
    assert done.returncode == 0, done.stderr
    return done
