"""Benchmark: what the shares' intervals (issue 26) add to writing a report's figures.json.

figures.json now carries every share's Wilson interval and, against the previous period,
Newcombe's interval of its change, by their formulas. Prints medians of several runs of
`ReportFigures.to_json` for two reports of the bundled sample (a country, and the region):

- baseline: the same document with the intervals left out (patched to none), measured in the
  same run;
- cold: the intervals computed afresh (the cache emptied before each run);
- warm: as a batch's later reports find them (the same counts asked again, cached);

and, once, the time to import `scipy.stats` in a fresh interpreter: what the intervals cost every
`reactlib figures` while they came from scipy (seaborn still imports it in a report's kernel).

Usage: ``.venv/bin/python bench/bench_intervals.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from unittest import mock

from reactlib import compute_figures, load_cases, sample_data_path
from reactlib.count import figures as figures_module
from reactlib.count.intervals import wilson


def median_ms(run: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def without_intervals() -> mock._patch:
    def nothing(chart, *_args):
        return [None] * len(chart.items)

    return mock.patch.multiple(figures_module, chart_intervals=nothing, chart_change_intervals=nothing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import scipy.stats"], check=True)
    python_only = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    scipy_import = (python_only - started) - (time.perf_counter() - python_only)
    print(f"import scipy.stats in a fresh interpreter: {1000 * scipy_import:.0f} ms (interpreter start subtracted)")

    cases = load_cases(sample_data_path())
    print(f"{'report':<22} {'baseline':>9} {'cold':>9} {'warm':>9}  cold/baseline")
    for scope, period in (("Tajikistan", "2023-H1"), ("all", "2023-H2")):
        figures = compute_figures(cases, scope, period)
        figures.to_json()  # scipy imported, caches of pandas warmed
        with without_intervals():
            baseline = median_ms(figures.to_json, runs)
        cold = median_ms(figures.to_json, runs, before=wilson.cache_clear)
        warm = median_ms(figures.to_json, runs)
        name = f"{scope} {period}"
        print(f"{name:<22} {baseline:>7.1f}ms {cold:>7.1f}ms {warm:>7.1f}ms  {cold / baseline:>5.1f}×")


if __name__ == "__main__":
    main()
