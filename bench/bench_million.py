"""Benchmark: ``reactlib figures --scope all --period 2023`` on a million cases (issue 25).

Target: at most 2 s wall and 0.6 GB peak resident memory, the same figures.json to the last count.
Beside the wall, the command's core-seconds (user + system of the process tree): on this shared
machine the wall says more about the others' load than about the command.

The command runs as a subprocess, several times; each run is started by a small launcher process
of its own that waits for it and reads the peak resident memory of what it waited for
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``): the launcher is small, so the peak a child inherits
across exec from its parent is the launcher's, never this benchmark's. Beside it, in this
process, the phases of the same work: read (the file into a raw table), validate (the typed
table), count (every figure, unprotected), protect (the time spent in disclosure control's
modules with min_cell 0, profiled: nothing, it should be) and write (figures.json as text). Every number is a median; the ratio
against ``pandas.read_parquet`` of the same file, measured in the same run, compares across
runs (this machine is shared and noisy).

``--reference FILE`` compares the command's figures.json byte for byte with FILE (e.g. written
by the code before a change with ``--save FILE``) and prints ``identical`` or where they differ.

The table is the benchmark table of `bench_figures` (the sample generator's, seed 1), generated
once under bench/_data (git-ignored).

Usage: ``.venv/bin/python bench/bench_million.py [--cases 1000000] [--runs 3] [--save F | --reference F]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_figures import median_seconds, table

SCOPE, PERIOD = "all", "2023"

#: The launcher: run the command, say its wall time, its core-seconds (user + system, of every
#: process it waited for) and the peak memory of what it waited for.
_LAUNCH = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = usage.ru_maxrss / 1024  # KiB on Linux
print(json.dumps({"seconds": seconds, "core_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": peak}))
"""


def command_runs(data: Path, out: Path, runs: int) -> dict[str, float | list[float]]:
    """Median wall seconds, core-seconds and peak MB of the figures command, and every run's wall and core-seconds."""
    reactlib = Path(sys.executable).with_name("reactlib")
    command = [str(reactlib), "figures", "--data", str(data), "--scope", SCOPE, "--period", PERIOD]
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCH, str(out), *command], capture_output=True, text=True, check=True
        )
        results.append(json.loads(done.stdout))
    return {
        "wall": statistics.median(r["seconds"] for r in results),
        "core": statistics.median(r["core_seconds"] for r in results),
        "peak": statistics.median(r["peak_mb"] for r in results),
        "walls": [r["seconds"] for r in results],
        "cores": [r["core_seconds"] for r in results],
    }


def phases(data: Path, runs: int) -> dict[str, float]:
    """Median seconds of each phase of the command's work, in this process."""
    from reactlib.count.figures import compute_figures
    from reactlib.load.cases import _validate
    from reactlib.load.header import HeaderMap
    from reactlib.load.options import ReadOptions
    from reactlib.load.read import read_table

    options = ReadOptions()
    read, _ = median_seconds(lambda: read_table(data, HeaderMap(None), options), runs)
    validate_times = []
    for _ in range(runs):  # each validation needs a raw table of its own: it lets the columns go as it parses them
        raw = read_table(data, HeaderMap(None), options)
        start = time.perf_counter()
        _validate(raw, None, None)
        validate_times.append(time.perf_counter() - start)
        del raw
    validate = statistics.median(validate_times)
    cases = _validate(read_table(data, HeaderMap(None), options), None, None)
    count, _ = median_seconds(lambda: compute_figures(cases, SCOPE, PERIOD), runs)
    figures = compute_figures(cases, SCOPE, PERIOD)
    write, _ = median_seconds(figures.to_json, runs)
    return {
        "read": read,
        "validate": validate,
        "count": count,
        "protect": statistics.median(
            _disclosure_seconds(lambda: compute_figures(cases, SCOPE, PERIOD, 0)) for _ in range(runs)
        ),
        "write": write,
    }


#: The modules of disclosure control (`reactlib.count`): what min_cell asks for.
_DISCLOSURE = ("suppression", "protection", "audit", "quality", "linear", "relations", "min_cell")


def _disclosure_seconds(run) -> float:
    """The seconds ``run`` spends in the functions of disclosure control (their own time, by cProfile)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(run)
    own_times = pstats.Stats(profile).stats.items()  # type: ignore[attr-defined]
    modules = tuple(f"/reactlib/count/{name}.py" for name in _DISCLOSURE)
    return sum(timing[2] for (path, _, _), timing in own_times if path.endswith(modules))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    compare = parser.add_mutually_exclusive_group()
    compare.add_argument("--save", type=Path, help="keep the command's figures.json here")
    compare.add_argument("--reference", type=Path, help="a figures.json to compare the command's with")
    args = parser.parse_args()
    data = table(args.cases)
    out = args.save or Path(data.parent / "bench_million_figures.json")

    import pandas as pd

    floor, _ = median_seconds(lambda: pd.read_parquet(data), args.runs)
    run = command_runs(data, out, args.runs)
    print(f"{args.cases:,} cases, {data.stat().st_size / 1e6:.0f} MB Parquet, medians of {args.runs} runs")
    print(
        f"  load average {' '.join(f'{load:.2f}' for load in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} cores"
    )
    print(f"  reactlib figures --scope {SCOPE} --period {PERIOD}")
    print(f"    wall   {run['wall']:6.2f} s   {run['wall'] / floor:5.1f}x pandas.read_parquet   target <= 2 s")
    print(f"    cores  {run['core']:6.2f} core-s (user + system; the wall of a quiet machine, less its parallel work)")
    print(f"    peak   {run['peak']:6.0f} MB (process tree)                  target <= 600 MB")
    print(
        f"    runs   {', '.join(f'{t:.2f}' for t in run['walls'])} s; {', '.join(f'{t:.2f}' for t in run['cores'])} core-s"
    )
    print(f"  pandas.read_parquet (baseline) {floor:6.2f} s")
    print("  phases, in this process:")
    for name, seconds in phases(data, args.runs).items():
        print(f"    {name:<9} {seconds:6.3f} s   {seconds / floor:5.1f}x baseline")
    if args.reference:
        same = args.reference.read_bytes() == out.read_bytes()
        print(f"  figures.json vs {args.reference}: {'identical' if same else 'DIFFERENT'}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
