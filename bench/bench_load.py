"""Benchmark: loading large and hostile case files, time and peak memory (issue 21 item 4).

Each load runs in its own process, which reports its peak resident memory (``VmHWM``, not
``ru_maxrss``, which a process inherits across exec from the one that forked it), so one
measurement never inherits another's. Prints medians of several runs and, for the large CSV, the
ratio against ``pandas.read_csv`` of the same file (every cell as text) measured in the same run:
this machine is shared and noisy, so only same-run ratios compare across runs.

The files (generated once under bench/_data, git-ignored):

- a large export: the generator's cases as CSV (580,000 cases are about 200 MB, the issue's size);
- a million bad cells: a million thin rows whose gender holds the client's code;
- a header of a million columns (about 14 MB on one line);
- a line of 200 MB (one cell).

Usage: ``.venv/bin/python bench/bench_load.py [--cases 580000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

DATA_DIR = Path(__file__).parent / "_data"

#: Run in a fresh process: load the file, say how long it took and the peak memory.
_MEASURE = """
import json, sys, time
start = time.perf_counter()
if sys.argv[2] == "pandas":
    import pandas as pd
    pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    outcome = "read"
else:
    from reactlib import InvalidDataError, load_cases
    try:
        outcome = f"{len(load_cases(sys.argv[1])):,} cases"
    except InvalidDataError as error:
        outcome = f"{len(str(error)):,}-byte message of {len(str(error).splitlines())} lines"
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def measure(path: Path, how: str, runs: int) -> tuple[float, float, str]:
    """Median seconds, median peak MB and the outcome of loading ``path`` ``how`` (reactlib or pandas)."""
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(path), how], capture_output=True, text=True, check=True
        )
        results.append(json.loads(done.stdout))
    seconds = statistics.median(r["seconds"] for r in results)
    peak = statistics.median(r["peak_mb"] for r in results)
    return seconds, peak, results[0]["outcome"]


def large_export(cases: int) -> Path:
    path = DATA_DIR / f"export_{cases}.csv"
    if not path.exists():
        from reactlib.sample.generator import generate_cases

        DATA_DIR.mkdir(exist_ok=True)
        start = time.perf_counter()
        generate_cases(cases, seed=1).to_csv(path, index=False, lineterminator="\n")
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    return path


def generated(name: str, text: Callable[[], Iterator[str]]) -> Path:
    """``DATA_DIR/name``, written once from the pieces of ``text``."""
    path = DATA_DIR / name
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8") as stream:
            stream.writelines(text())
    return path


def million_bad_cells() -> Iterator[str]:
    """A million thin cases, each with its client's code where the gender should be."""
    yield "case_id,client_id,country,registered_on,qualified,key_populations,gender\n"
    for start in range(0, 1_000_000, 100_000):
        yield "".join(
            f"c{i},TJ-C-{i:07d},Tajikistan,2023-03-15,yes,plhiv,TJ-C-{i:07d}\n" for i in range(start, start + 100_000)
        )


def wide_header() -> Iterator[str]:
    yield ",".join(f"column {i}" for i in range(1_000_000)) + "\n1,2,3\n"


def long_line() -> Iterator[str]:
    yield "case_id,client_id,country,registered_on,qualified,key_populations,description\n"
    yield "c1,x1,Tajikistan,2023-03-15,yes,plhiv,"
    yield from ("x" * 1_000_000 for _ in range(200))
    yield "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=580_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    export = large_export(args.cases)
    files = {
        f"large export ({export.stat().st_size / 1e6:.0f} MB)": export,
        "a million bad cells": generated("bad_gender_1000000.csv", million_bad_cells),
        "header of a million columns": generated("header_1000000_columns.csv", wide_header),
        "a line of 200 MB": generated("line_of_200_mb.csv", long_line),
    }
    print(f"medians of {args.runs} runs, each load in its own process")
    print(f"  {'file':<30} {'reader':<22} {'seconds':>8} {'peak MB':>8}  outcome")
    read_seconds, read_peak, _ = measure(export, "pandas", args.runs)
    print(f"  {'large export':<30} {'pandas.read_csv (base)':<22} {read_seconds:8.2f} {read_peak:8.0f}")
    for name, path in files.items():
        seconds, peak, outcome = measure(path, "reactlib", args.runs)
        print(f"  {name:<30} {'reactlib.load_cases':<22} {seconds:8.2f} {peak:8.0f}  {outcome}")
        if path == export:
            print(f"  {'':<30} {'vs pandas.read_csv':<22} {seconds / read_seconds:7.1f}x {peak / read_peak:7.2f}x")


if __name__ == "__main__":
    main()
