"""Benchmark: loading a 1,000,000-case Parquet table, and computing one report's figures.

Targets (issue 3): load from Parquet < 5 s; all figures of one report < 2 s after loading.
Prints medians of several runs, and ratios against baselines measured in the same run (this
machine is shared and noisy, so only same-run ratios compare across runs):

- loading is compared with `pandas.read_parquet` of the same file (the I/O floor);
- figures are compared with a plain pandas pass that only sums every indicator column once
  (the floor of any counting over the table);
- the previous period's figures alone (`previous_figures`), which every report now counts too
  (issue 15): their share of a report's time.

Usage: ``.venv/bin/python bench/bench_figures.py [--cases 1000000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from reactlib import compute_figures, load_cases
from reactlib.count.figures import previous_figures
from reactlib.sample.generator import generate_cases

DATA_DIR = Path(__file__).parent / "_data"


def median_seconds(run: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def table(cases: int, first_day: str | None = None, last_day: str | None = None, name: str = "cases") -> Path:
    """The benchmark table, generated once and kept under bench/_data (git-ignored).

    ``first_day`` and ``last_day`` widen the dates beyond the sample's (a trend needs years).
    """
    path = DATA_DIR / f"{name}_{cases}.parquet"
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        start = time.perf_counter()
        span = {key: day for key, day in (("start", first_day), ("end", last_day)) if day is not None}
        generate_cases(cases, seed=1, **span).to_parquet(path, index=False)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = table(args.cases)

    read, read_times = median_seconds(lambda: pd.read_parquet(path), args.runs)
    load, load_times = median_seconds(lambda: load_cases(path), args.runs)
    cases = load_cases(path)
    indicators = cases.select_dtypes("bool")
    floor, _ = median_seconds(lambda: indicators.sum(), args.runs)
    reports = {
        "all countries, 2022-2024": ("all", "2022-01-01..2024-12-31"),
        "Tajikistan, 2023-H1": ("Tajikistan", "2023-H1"),
    }
    print(f"{len(cases):,} cases, {path.stat().st_size / 1e6:.0f} MB Parquet, medians of {args.runs} runs")
    print(f"  pandas.read_parquet (baseline)   {read:6.2f} s")
    print(f"  reactlib.load_cases              {load:6.2f} s   {load / read:5.1f}x baseline   target < 5 s")
    print(f"  sum of all indicator columns     {floor:6.3f} s   (baseline for counting)")
    for name, (scope, period) in reports.items():
        seconds, _ = median_seconds(lambda: compute_figures(cases, scope, period), args.runs)
        print(f"  figures: {name:<24}{seconds:6.3f} s   {seconds / floor:5.1f}x baseline   target < 2 s")
        before, _ = median_seconds(lambda: previous_figures(cases, scope, period), args.runs)
        print(f"    of which previous period     {before:6.3f} s   {before / seconds:5.0%} of the report")
    print(f"  runs: read {fmt(read_times)}; load {fmt(load_times)}")


def fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
