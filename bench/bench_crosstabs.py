"""Benchmark: what the cross-tabulations and figures.xlsx add to one report (issue 16: < 10 %).

For each table (the bundled sample, and a large random table), prints the median over several
runs of:

- `compute_figures` as a report calls it (with the two cross-tabulations), and without them;
- the two cross-tabulations alone on the report's cases;
- building figures.xlsx from the figures.json document (`figures_workbook`), and the
  about-sheet inputs (`workbook_inputs`, which hashes the data file once per worker).

Compare these with a report's time in the batch benchmark (``bench/bench_batch.py``): a report
takes seconds there, mostly the notebook, the HTML export and the PDF.

Usage: ``.venv/bin/python bench/bench_crosstabs.py [--cases 100000] [--runs 7]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pandas as pd

from reactlib import compute_figures, load_cases, sample_data_path
from reactlib.count import crosstabs, figures
from reactlib.count.periods import parse_period, select
from reactlib.render.workbook import figures_workbook, workbook_inputs
from reactlib.sample.generator import generate_cases

DATA_DIR = Path(__file__).parent / "_data"


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def table(cases: int) -> Path:
    """The random table, generated once and kept under bench/_data (git-ignored)."""
    path = DATA_DIR / f"cases_{cases}.parquet"
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        generate_cases(cases, seed=1).to_parquet(path, index=False)
    return path


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def measure(name: str, path: Path, cases: pd.DataFrame, scope: str, period: str, runs: int) -> None:
    with_tables, without = [], []
    for _ in range(runs):  # interleaved, so that the shared machine's load falls on both alike
        with_tables.append(seconds(lambda: compute_figures(cases, scope, period, 5)))
        with mock.patch.object(figures, "cross_tabulations", lambda _: {}):
            without.append(seconds(lambda: compute_figures(cases, scope, period, 5)))
    with_ms, without_ms = 1000 * statistics.median(with_tables), 1000 * statistics.median(without)
    selected = select(cases, scope, parse_period(period))
    alone = median_ms(lambda: crosstabs.cross_tabulations(selected), runs)
    document = json.loads(compute_figures(cases, scope, period, 5).to_json())
    parameters = {"data": str(path), "min_cell": 5}
    inputs = workbook_inputs(parameters, dt.date(2023, 11, 14))
    workbook = median_ms(lambda: figures_workbook(document, inputs), runs)
    cached = median_ms(lambda: workbook_inputs(parameters, dt.date(2023, 11, 14)), runs)
    # The hash itself, as the first report of a process computes it: file_sha256 keeps it after.
    hashing = median_ms(lambda: sha256_of(path), runs)
    print(f"{name}: {scope} {period}, {len(selected):,} cases in the report, medians of {runs} runs")
    print(f"  compute_figures with cross-tabulations    {with_ms:8.1f} ms")
    print(f"  compute_figures without                   {without_ms:8.1f} ms   ({with_ms - without_ms:+.1f} ms)")
    print(f"  the two cross-tabulations alone           {alone:8.1f} ms")
    print(f"  figures.xlsx from figures.json            {workbook:8.1f} ms")
    print(f"  about-sheet inputs, file hash cached      {cached:8.1f} ms")
    print(f"  hashing the data file (first report only) {hashing:8.1f} ms   ({path.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sample = sample_data_path()
    measure("sample", sample, load_cases(sample), "Tajikistan", "2023-H1", args.runs)
    big = table(args.cases)
    measure(f"random {args.cases:,}", big, load_cases(big), "all", "2022-01-01..2024-12-31", args.runs)


if __name__ == "__main__":
    main()
