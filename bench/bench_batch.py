"""Benchmark: 12 reports (6 countries × 2023-H1/H2 of the sample, HTML + PDF), naive vs batch.

- naive: a sequential shell loop that runs, per report, the ``papermill`` CLI, then
  ``jupyter nbconvert --to html --no-input``, then one headless ``chromium --print-to-pdf``;
- batch: ``reactlib batch --force`` on the same 12 reports (default workers: one per core);
- unchanged: ``reactlib batch`` again with nothing changed (target < 2 s).

Prints the median of each over ``--runs`` runs and the ratio naive / batch measured in the same
run (target ≥ 8×, issue 25). The naive loop takes minutes; ``--naive-runs`` may be smaller, or 0
to measure the batch alone (its core-seconds, on a machine too busy for a fair wall time).

Beside each wall time: the core-seconds of the command's whole process tree (`bench_profile.TreeClock`:
a cgroup v1 ``cpuacct`` group, which also counts Chromium's reparented helpers; where none can be
made, psutil's and the waited-for children's times, which miss them, and the output says so), the cores it used
on average (core-seconds ÷ wall: 2.0 is both cores of a 2-core machine busy all along), and the
machine's load average when it started, since other work on the machine slows it.

Usage: ``.venv/bin/python bench/bench_batch.py [--runs 3] [--naive-runs 1]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_profile import TreeClock

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "country_report.ipynb"
COUNTRIES = ["Georgia", "Kazakhstan", "Kyrgyzstan", "Moldova", "Tajikistan", "Ukraine"]
PERIODS = ["2023-H1", "2023-H2"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
]  # fmt: skip
BATCH = f"""\
scopes: [{", ".join(COUNTRIES)}]
periods: [{", ".join(PERIODS)}]
formats: [html, pdf]
"""


@dataclass(frozen=True)
class Timing:
    """One run: its wall time, the core-seconds of its process tree, the load average before it."""

    wall: float
    cores_seconds: float
    load: float

    @property
    def cores_used(self) -> float:
        return self.cores_seconds / self.wall


@contextlib.contextmanager
def timing(clock: TreeClock, timings: list[Timing]):
    """Append the `Timing` of what runs within the block to ``timings``."""
    load, cores, start = os.getloadavg()[0], clock.seconds(), time.perf_counter()
    yield
    wall = time.perf_counter() - start
    timings.append(Timing(wall, clock.seconds() - cores, load))


def timed(clock: TreeClock, timings: list[Timing], command: list, **kwargs) -> None:
    with timing(clock, timings):
        quiet(command, **kwargs)


def quiet(command: list, **kwargs) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def naive(work: Path) -> None:
    """The per-report command-line loop, run sequentially as a shell script would."""
    for country in COUNTRIES:
        for period in PERIODS:
            folder = work / f"{country}-{period}"
            folder.mkdir(parents=True)
            executed = folder / "report.ipynb"
            quiet(
                [BIN / "papermill", NOTEBOOK, executed, "-p", "scope", country, "-p", "period", period,
                 "-k", "python3", "--no-progress-bar"],
                cwd=folder,
            )  # fmt: skip
            quiet([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed])
            quiet(
                [shutil.which("chromium"), *CHROMIUM_FLAGS, f"--print-to-pdf={folder / 'report.pdf'}",
                 (folder / "report.html").as_uri()],
                timeout=120,
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-runs", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reactlib-bench-"))
    clock = TreeClock()
    try:
        spec = work / "bench.yaml"
        spec.write_text(BATCH, encoding="utf-8")
        out = work / "outputs"
        batch: list[Timing] = []
        unchanged: list[Timing] = []
        naive_loop: list[Timing] = []
        for run in range(max(args.runs, args.naive_runs)):
            if run < args.runs:
                timed(clock, batch, [BIN / "reactlib", "batch", spec, "--out", out, "--force"])
                timed(clock, unchanged, [BIN / "reactlib", "batch", spec, "--out", out])
            if run < args.naive_runs:
                with timing(clock, naive_loop):
                    naive(work / f"naive-{run}")
        print(f"12 reports (HTML + PDF), {os.cpu_count()} cores; medians; core-seconds: {clock.kind}")
        print(f"  {'':55} {'wall':>7}   {'core-s':>6} {'cores':>5}  {'load':>4}  runs (wall)")
        if naive_loop:
            print(f"  {'naive loop (papermill, nbconvert, chromium per report)':55} {row(naive_loop, 1)}")
        print(f"  {'reactlib batch --force':55} {row(batch, 1)}")
        print(f"  {'reactlib batch, nothing changed':55} {row(unchanged, 2)}")
        if naive_loop:
            ratio = median(naive_loop, "wall") / median(batch, "wall")
            print(f"  ratio naive / batch: {ratio:.1f}x (target 8x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        clock.close()


def median(timings: list[Timing], figure: str) -> float:
    return statistics.median(getattr(timing, figure) for timing in timings)


def row(timings: list[Timing], digits: int) -> str:
    """Median wall, core-seconds, cores used and load of ``timings``, then each run's wall."""
    runs = ", ".join(f"{timing.wall:.{digits}f}" for timing in timings)
    return (
        f"{median(timings, 'wall'):7.{digits}f} s {median(timings, 'cores_seconds'):6.1f} "
        f"{median(timings, 'cores_used'):5.2f}  {median(timings, 'load'):4.1f}  {runs}"
    )


if __name__ == "__main__":
    main()
