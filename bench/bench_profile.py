"""Benchmark: where a batch report's core-seconds go, each phase beside its floor.

Core-seconds are counted over the whole process tree (kernels, the node driver, Chromium, which
reparents its helpers): the script puts itself in a cgroup of its own (cgroup v1 ``cpuacct``)
and reads its usage around each step; where it cannot make one, it sums psutil's CPU times of
itself and its living descendants plus its waited-for children (processes that ended while
reparented are then missed, and the figures say which clock was used). Medians of ``--runs``.

1. ``reactlib batch --force`` (HTML + PDF) on the bundled sample, as a user runs it: one report;
   three (Georgia, Moldova, Tajikistan 2023-H1); the three in English and Russian; the three
   with their 2023-H1..2023-H2 trends. The differences give one English report, one Russian
   report, one trend, and what is left of the one-report batch: the batch's fixed costs.
2. The phases of the Tajikistan 2023-H1 report, the same calls a batch worker makes, run in this
   process: each as it is paid first (in a fresh process, kernel or browser) and its floor beside
   it (the same work again in the warm process, kernel or browser: what a batch's later reports
   pay). Kernel start + imports has as its floor the same imports in a plain Python process. The
   notebook's cells include its chart cells, whose floor is the charts drawn and saved in this
   warm process (the two chart rows); unlike a batch, the kernel reads the data file itself.

Not split into phases (yet): the Russian report and the trend, which part 1 gives as totals.

Usage: ``.venv/bin/python bench/bench_profile.py [--runs 3]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "country_report.ipynb"
CPUACCT = Path("/sys/fs/cgroup/cpuacct")
#: The notebook's imports, as its first code cell makes them.
IMPORTS = "import pandas, seaborn, matplotlib.pyplot\nimport reactlib.report.plots, reactlib.report.data"
BATCHES = {
    "one report": "scopes: [Tajikistan]\nperiods: [2023-H1]\n",
    "three reports": "scopes: [Georgia, Moldova, Tajikistan]\nperiods: [2023-H1]\n",
    "three, en + ru": "scopes: [Georgia, Moldova, Tajikistan]\nperiods: [2023-H1]\nlanguages: [en, ru]\n",
    "three + trends": (
        "scopes: [Georgia, Moldova, Tajikistan]\nperiods: [2023-H1]\ntrends: [{from: 2023-H1, to: 2023-H2}]\n"
    ),
}


class TreeClock:
    """Core-seconds used by this process and everything it starts."""

    def __init__(self) -> None:
        self.cgroup: Path | None = None
        group = CPUACCT / f"reactlib-bench-{os.getpid()}"
        try:
            group.mkdir()
            (group / "cgroup.procs").write_text(str(os.getpid()))
            self.cgroup = group
        except OSError:
            if group.is_dir():
                group.rmdir()

    @property
    def kind(self) -> str:
        return "cgroup cpuacct" if self.cgroup else "psutil (reparented processes missed)"

    def seconds(self) -> float:
        if self.cgroup:
            return int((self.cgroup / "cpuacct.usage").read_text()) / 1e9
        me = psutil.Process()
        living = 0.0
        for process in [me, *me.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            living += times.user + times.system
        waited = resource.getrusage(resource.RUSAGE_CHILDREN)
        return living + waited.ru_utime + waited.ru_stime

    def close(self) -> None:
        if self.cgroup:
            (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
            for _ in range(50):  # a browser's helpers may take a moment to go
                try:
                    self.cgroup.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)


def measured(clock: TreeClock, work: Callable[[], object]) -> float:
    start = clock.seconds()
    work()
    return clock.seconds() - start


def batch_costs(clock: TreeClock, work: Path, runs: int) -> dict[str, float]:
    """Median core-seconds of each batch of `BATCHES`, rendered from nothing each time."""
    spent: dict[str, list[float]] = {name: [] for name in BATCHES}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for run in range(runs):
        for number, (name, body) in enumerate(BATCHES.items()):
            spec = work / f"batch-{number}.yaml"
            spec.write_text(body + "formats: [html, pdf]\n", encoding="utf-8")
            command = [BIN / "reactlib", "batch", spec, "--out", work / f"out-{number}-{run}", "--force"]
            spent[name].append(
                measured(clock, lambda: subprocess.run(command, check=True, capture_output=True, env=env))
            )
    return {name: statistics.median(values) for name, values in spent.items()}


def first_and_warm(clock: TreeClock, work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Core-seconds of ``work`` done first in this process, and its warm median after."""
    first = measured(clock, work)
    return first, statistics.median(measured(clock, work) for _ in range(runs))


def phases(clock: TreeClock, work: Path, runs: int) -> list[tuple[str, float, float, str]]:
    """(phase, core-seconds paid first, floor, what the floor is) for the Tajikistan 2023-H1 report."""
    rows = []
    plain = [measured(clock, lambda: subprocess.run([sys.executable, "-c", IMPORTS], check=True)) for _ in range(runs)]
    from reactlib.render.execute import execute_notebook
    from reactlib.render.kernels import WarmKernel

    kernels = []

    def start_kernel() -> None:
        kernel = WarmKernel().__enter__()
        kernel.reset(then=IMPORTS)
        kernels.append(kernel)

    started = [measured(clock, start_kernel) for _ in range(runs)]
    rows.append(("kernel start + imports", statistics.median(started), statistics.median(plain), "plain python"))
    for kernel in kernels[1:]:
        kernel.close()
    kernel = kernels[0]

    # The notebook in the warm kernel: papermill's client is this process, the rest the kernel.
    parameters = {"scope": "Tajikistan", "period": "2023-H1"}
    executed = work / "report.ipynb"
    client, total = [], []
    for _ in range(runs + 1):
        cpu, tree = time.process_time(), clock.seconds()
        execute_notebook(NOTEBOOK, parameters, executed, kernel=kernel)
        client.append(time.process_time() - cpu)
        total.append(clock.seconds() - tree)
    kernel.close()
    rows.append(
        (
            "notebook cells (kernel)",
            total[0] - client[0],
            statistics.median(total[1:]) - statistics.median(client[1:]),
            "warm kernel",
        )
    )
    rows.append(("papermill client", client[0], statistics.median(client[1:]), "warm client"))

    # Its charts, drawn and saved in this process: the floor of the kernel's chart cells.
    from reactlib import compute_figures, load_cases, sample_data_path
    from reactlib.report import plots

    figures = compute_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H1")
    charts = [
        (chart.items, "count" if name == "key_populations" else "percent") for name, chart in figures.charts.items()
    ]
    charts += [(group.perpetrators.items, "percent") for group in figures.groups.values()]
    plots.set_theme()
    drawn: list = []

    def draw() -> None:
        drawn[:] = [plots.bar_chart(items, kind, title="t").figure for items, kind in charts]

    def save() -> None:
        for figure in drawn:
            plots.svg_bytes(figure)

    draw_first, draw_warm = first_and_warm(clock, draw, runs)
    save_first, save_warm = first_and_warm(clock, save, runs)
    rows.append((f"chart drawing ({len(charts)} charts, seaborn)", draw_first, draw_warm, "warm process"))
    rows.append(("SVG save", save_first, save_warm, "warm process"))

    import nbformat

    from reactlib.render.html import to_html
    from reactlib.render.pdf import PdfPrinter

    notebook = nbformat.read(executed, as_version=4)
    html = work / "report.html"
    export_first, export_warm = first_and_warm(clock, lambda: html.write_text(to_html(notebook, "Tajikistan")), runs)
    rows.append(("HTML export (nbconvert)", export_first, export_warm, "warm exporter"))

    date = dt.date(2023, 11, 14)
    # Playwright's sync API allows one instance per thread at a time: each launch is closed before
    # the next (the closing is not counted), then one browser prints.
    launches = []
    for _ in range(runs):
        printers = []
        launches.append(measured(clock, lambda: printers.append(PdfPrinter().__enter__())))
        printers[0].close()
    launched = statistics.median(launches)
    printer = PdfPrinter().__enter__()
    print_first, print_warm = first_and_warm(clock, lambda: printer.print_pdf(html, work / "report.pdf", date), runs)
    printer.close()
    rows.append(("browser launch (once a batch)", launched, launched, "itself"))
    rows.append(("Chromium print", print_first, print_warm, "warm browser"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clock = TreeClock()
    try:
        with tempfile.TemporaryDirectory(prefix="reactlib-bench-profile-") as folder:
            work = Path(folder)
            print_batches(batch_costs(clock, work, args.runs), clock.kind, args.runs)
            rows = phases(clock, work, args.runs)
    finally:
        clock.close()
    print("phases of Tajikistan 2023-H1 (en) in this process: paid first | floor | ratio | the floor")
    for name, paid, floor, what in rows:
        ratio = f"{paid / floor:5.2f}x" if floor > 0 else "    -"
        print(f"  {name:<38} {paid:7.3f} | {floor:7.3f} | {ratio} | {what}")


def print_batches(batches: dict[str, float], clock_kind: str, runs: int) -> None:
    english = (batches["three reports"] - batches["one report"]) / 2
    print(f"core-seconds over the whole process tree ({clock_kind}), medians of {runs} runs, {os.cpu_count()} cores")
    print("reactlib batch --force, HTML + PDF:")
    for name, seconds in batches.items():
        print(f"  {name:<38} {seconds:7.2f}")
    print("  => one English report                 " + f"{english:7.2f}")
    print(
        "  => one Russian report                 "
        + f"{(batches['three, en + ru'] - batches['three reports']) / 3:7.2f}"
    )
    print(
        "  => one trend (2 periods)              "
        + f"{(batches['three + trends'] - batches['three reports']) / 3:7.2f}"
    )
    print("  => batch fixed costs                  " + f"{batches['one report'] - english:7.2f}", flush=True)


if __name__ == "__main__":
    main()
