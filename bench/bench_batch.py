"""Benchmark: 12 reports (6 countries × 2023-H1/H2 of the sample, HTML + PDF), naive vs batch.

- naive: a sequential shell loop that runs, per report, the ``papermill`` CLI, then
  ``jupyter nbconvert --to html --no-input``, then one headless ``chromium --print-to-pdf``;
- batch: ``reactlib batch --force`` on the same 12 reports (default workers: one per core, less
  one for the printer);
- unchanged: ``reactlib batch`` again with nothing changed (target < 2 s).

Prints the median of each over ``--runs`` runs and the ratio naive / batch measured in the same
run (target ≥ 10×). The naive loop takes minutes; ``--naive-runs`` may be smaller.

Usage: ``.venv/bin/python bench/bench_batch.py [--runs 3] [--naive-runs 1]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def naive(work: Path) -> float:
    """The per-report command-line loop, run sequentially as a shell script would."""
    start = time.perf_counter()
    for country in COUNTRIES:
        for period in PERIODS:
            folder = work / f"{country}-{period}"
            folder.mkdir(parents=True)
            executed = folder / "report.ipynb"
            subprocess.run(
                [BIN / "papermill", NOTEBOOK, executed, "-p", "scope", country, "-p", "period", period,
                 "-k", "python3", "--no-progress-bar"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder,
            )  # fmt: skip
            subprocess.run(
                [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            subprocess.run(
                [shutil.which("chromium"), *CHROMIUM_FLAGS, f"--print-to-pdf={folder / 'report.pdf'}",
                 (folder / "report.html").as_uri()],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
            )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-runs", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reactlib-bench-"))
    try:
        spec = work / "bench.yaml"
        spec.write_text(BATCH, encoding="utf-8")
        out = work / "outputs"
        batch_times, unchanged_times, naive_times = [], [], []
        for run in range(max(args.runs, args.naive_runs)):
            if run < args.runs:
                batch_times.append(timed([BIN / "reactlib", "batch", spec, "--out", out, "--force"]))
                unchanged_times.append(timed([BIN / "reactlib", "batch", spec, "--out", out]))
            if run < args.naive_runs:
                naive_times.append(naive(work / f"naive-{run}"))
        naive_median = statistics.median(naive_times)
        batch_median = statistics.median(batch_times)
        print(f"12 reports (HTML + PDF), {os.cpu_count()} cores; medians")
        print(
            f"  naive loop (papermill, nbconvert, chromium per report)  {naive_median:7.1f} s  runs {fmt(naive_times)}"
        )
        print(
            f"  reactlib batch --force                                   {batch_median:7.1f} s  runs {fmt(batch_times)}"
        )
        print(
            f"  reactlib batch, nothing changed                          {statistics.median(unchanged_times):7.2f} s  runs {fmt(unchanged_times)}"
        )
        print(f"  ratio naive / batch: {naive_median / batch_median:.1f}x (target 10x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.1f}" for t in times)


if __name__ == "__main__":
    main()
