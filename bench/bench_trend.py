"""Benchmark: a trend over 12 half years of one country, counted and rendered.

Targets (issue 15): (a) counting all 12 periods of one country from 1,000,000 cases < 3 s;
(b) rendering the trend (HTML + PDF) < 3 × the time of one single-period report, both measured
in this run (the machine is shared and noisy: only same-run ratios compare across runs).

(a) times `reactlib.count.trends.compute_trend` on the validated table (loaded once), against
one period's `compute_figures` in the same run. (b) times `reactlib trend` and `reactlib report`
in-process (`reactlib.render.pipeline.render` of a trend and of a report: load, check, count, a warm kernel started, the
notebook executed, HTML exported, the PDF printed, published) on a smaller table of the same
six years, so the render, not the loading, is measured.

Tables are generated with reactlib.sample's generator over 2019-01-01..2024-12-31 (12 half
years) and kept under bench/_data (git-ignored).

Usage: ``.venv/bin/python bench/bench_trend.py [--cases 1000000] [--runs 5] [--render-cases 20000] [--render-runs 3]``
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_figures import median_seconds
from bench_figures import table as figures_table

from reactlib import compute_figures, load_cases
from reactlib.count.trends import compute_trend

FIRST_DAY, LAST_DAY = "2019-01-01", "2024-12-31"
FIRST, LAST = "2019-H1", "2024-H2"  # 12 half years


def table(cases: int) -> Path:
    """A table of ``cases`` over the six years, generated once."""
    return figures_table(cases, FIRST_DAY, LAST_DAY, name="trend_cases")


def shown(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def bench_counting(cases_count: int, runs: int) -> None:
    cases = load_cases(table(cases_count))
    country = str(cases["country"].value_counts().index[0])  # the largest: the most to count
    rows = int((cases["country"] == country).sum())
    trend, trend_times = median_seconds(lambda: compute_trend(cases, country, FIRST, LAST), runs)
    single, single_times = median_seconds(lambda: compute_figures(cases, country, LAST), runs)
    print(f"(a) counting a trend of 12 half years, {country} ({rows} of {len(cases)} cases), median of {runs}")
    print(
        f"    compute_trend   {trend:6.2f} s   [{shown(trend_times)}]   target < 3 s: {'met' if trend < 3 else 'NOT met'}"
    )
    print(
        f"    compute_figures {single:6.2f} s   [{shown(single_times)}]   one period; trend / single = {trend / single:.1f}"
    )


def bench_render(cases_count: int, runs: int) -> None:
    from reactlib.count.periods import parse_period
    from reactlib.render.pipeline import render
    from reactlib.render.request import ReportRequest, TrendRequest

    data = table(cases_count)
    country = "Tajikistan"
    with tempfile.TemporaryDirectory(prefix="bench-trend-") as folder:
        out = Path(folder)
        report = ReportRequest(scope=country, period=parse_period(LAST), out=out, data=data)
        trend = TrendRequest(scope=country, first=FIRST, last=LAST, out=out, data=data)
        render(report)  # once before timing: imports and the browser's first start
        single, single_times = median_seconds(lambda: render(report), runs)
        whole, trend_times = median_seconds(lambda: render(trend), runs)
    print(f"(b) rendering HTML + PDF, {country}, {cases_count} cases over {FIRST}..{LAST}, median of {runs}")
    print(f"    reactlib report ({LAST})   {single:6.2f} s   [{shown(single_times)}]")
    print(f"    reactlib trend  (12 half years) {whole:6.2f} s   [{shown(trend_times)}]")
    ratio = whole / single
    print(f"    trend / report = {ratio:.2f}   target < 3: {'met' if ratio < 3 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--render-cases", type=int, default=20_000)
    parser.add_argument("--render-runs", type=int, default=3)
    args = parser.parse_args()
    bench_counting(args.cases, args.runs)
    bench_render(args.render_cases, args.render_runs)


if __name__ == "__main__":
    main()
