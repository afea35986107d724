"""Benchmark: the HTML export of one executed report (`reactlib.render.html.to_html`).

Times ``to_html`` on the Tajikistan 2023-H1 report's executed notebook, after one warm-up export
(the first builds the exporter and compiles its templates, once per process), and prints the
median, minimum and maximum of ``--runs`` exports in milliseconds.

Usage: ``.venv/bin/python bench/bench_html.py [--runs 15] [NOTEBOOK.ipynb]``; without a notebook,
the report is rendered first with ``reactlib report --format html`` into a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from reactlib.render.html import to_html

BIN = Path(sys.executable).parent


def executed_notebook(work: Path) -> Path:
    """The Tajikistan 2023-H1 report of the bundled sample, executed into ``work``."""
    subprocess.run(
        [BIN / "reactlib", "report", "--scope", "Tajikistan", "--period", "2023-H1", "--format", "html",
         "--out", work],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return next(work.rglob("report.ipynb"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reactlib-bench-html-") as work:
        notebook = nbformat.read(args.notebook or executed_notebook(Path(work)), as_version=4)
    to_html(notebook, "warm-up")
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        to_html(notebook, "Tajikistan")
        times.append((time.perf_counter() - start) * 1000)
    print(f"to_html: median {statistics.median(times):.1f} ms, min {min(times):.1f}, max {max(times):.1f} "
          f"over {args.runs} runs")  # fmt: skip


if __name__ == "__main__":
    main()
