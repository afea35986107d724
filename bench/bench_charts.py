"""Benchmark: drawing and saving the report's charts with seaborn (`reactlib.report.plots`).

Times, as medians of several runs, one 16-bar chart and the charts of one report (the regional
report on the bundled sample, small counts suppressed), each drawn and saved as SVG:

``plots.chart``: seaborn's barplot, the values written with ``bar_label``, saved by matplotlib.
(The hand-written SVG it replaced took about 10 ms CPU for one report's charts, measured with
this script before it went.)

The first chart of a process pays for importing seaborn and matplotlib's font cache; that
one-off cost is timed separately.

Usage: ``.venv/bin/python bench/bench_charts.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # imported in main, where importing seaborn is timed
    from reactlib.report.plots import ValueKind


def median_seconds(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``runs`` runs (CPU time is less disturbed
    by the other processes on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def show(what: str, seconds: tuple[float, float]) -> None:
    print(f"{what:<32} {seconds[0] * 1000:8.1f} ms wall {seconds[1] * 1000:8.1f} ms CPU")


def sixteen_bars() -> pd.DataFrame:
    counts = list(range(3, 3 + 16 * 7, 7))
    n = sum(counts)
    return pd.DataFrame(
        {
            "code": [f"c{index}" for index in range(16)],
            "label": [f"Category {index} of a chart with sixteen bars" for index in range(16)],
            "count": counts,
            "percent": [round(100 * count / n, 1) for count in counts],
        }
    )


def report_charts() -> list[tuple[Any, str, ValueKind]]:
    """(Chart, title, value kind) of each chart of one report, in the report's order."""
    from reactlib import compute_figures, load_cases
    from reactlib.sample.location import sample_data_path

    figures = compute_figures(load_cases(sample_data_path()), "all", "2023-H1", min_cell=5)
    charts: list[tuple[Any, str, ValueKind]] = [
        (chart, name, "count" if name == "key_populations" else "percent") for name, chart in figures.charts.items()
    ]
    charts += [(group.perpetrators, f"perpetrators {code}", "percent") for code, group in figures.groups.items()]
    return charts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    start = time.perf_counter()
    from reactlib.report import plots

    plots.set_theme()
    plots.chart(sixteen_bars(), "percent", title="warm-up")
    first = time.perf_counter() - start
    print(f"first seaborn chart of a process (imports, font cache): {first:.2f} s")

    one = sixteen_bars()
    charts = report_charts()
    print(f"one report's charts: {len(charts)}")

    def seaborn_all() -> None:
        for chart, title, kind in charts:
            plots.chart(chart.items, kind, title=title)

    seaborn_one = median_seconds(lambda: plots.chart(one, "percent", title="16 bars"), args.runs)
    seaborn_report = median_seconds(seaborn_all, args.runs)
    show("seaborn, one 16-bar chart:", seaborn_one)
    show("seaborn, one report's charts:", seaborn_report)


if __name__ == "__main__":
    main()
