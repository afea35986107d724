"""Benchmark: what the parts of one report cost in CPU, beside its charts.

Times, as medians of several runs of ``time.process_time`` on the bundled sample's Tajikistan
2023-H1 report: its figures counted, figures.json made of them, the two cross-tabulations,
their two heatmaps, figures.xlsx and the nine case charts. Compare them with a batch report's
core-seconds (``bench/bench_batch.py``: two cores times the batch's seconds, over its 12
reports); CPU time is steadier than wall time on this shared machine.

Usage: ``.venv/bin/python bench/bench_report_parts.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable

from reactlib import compute_figures, load_cases, sample_data_path
from reactlib.count import crosstabs
from reactlib.count.periods import parse_period, select
from reactlib.render import workbook
from reactlib.report import plots


def median_cpu(work: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of ``runs`` calls of ``work``."""
    seconds = []
    for _ in range(runs):
        start = time.process_time()
        work()
        seconds.append(time.process_time() - start)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    cases = load_cases(sample_data_path())
    figures = compute_figures(cases, "Tajikistan", "2023-H1")
    selected = select(cases, "Tajikistan", parse_period("2023-H1"))
    document = json.loads(figures.to_json())
    inputs = workbook.workbook_inputs({"data": "", "min_cell": 0}, dt.date(2023, 11, 14))
    plots.set_theme()
    plots.heatmap_chart(figures.crosstabs["violations_by_perpetrator"], title="warm-up")  # imports, fonts

    parts = {
        "figures (compute_figures)": lambda: compute_figures(cases, "Tajikistan", "2023-H1"),
        "figures.json (to_json)": figures.to_json,
        "cross-tabulations (both)": lambda: crosstabs.cross_tabulations(selected),
        "heatmaps (both)": lambda: [plots.heatmap_chart(t, title="t") for t in figures.crosstabs.values()],
        "figures.xlsx": lambda: workbook.figures_workbook(document, inputs),
        "case charts (9)": lambda: [plots.chart(c.items, "percent", title="t") for c in figures.charts.values()],
    }
    print(f"CPU per report, medians of {args.runs} runs")
    for name, work in parts.items():
        print(f"  {name:<26} {median_cpu(work, args.runs) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
