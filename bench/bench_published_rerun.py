"""Benchmark: a published (min_cell) batch's start, with its counting shared and its pattern remembered.

The publication of the issue (#20) as `bench_protection.py` makes it: every country and ``all``,
2023-H1, 2023-H2 and 2023, the trend 2022-H1..2024-H2, ``min_cell: 5``; here in English and
Russian (``--languages``), HTML only. Two measurements, each beside its baseline in the same run
(interleaved, so that a slower moment of the machine hits both):

1. What the batch's own process counts before and while it hands reports over, in this process:
   the publication's pattern (`reactlib.batch.publication.batch_disclosure`: every report's and
   trend's figures, protection, audit) and each report and trend planned in each language
   (`reactlib.render.pipeline.plan`, as the batch plans them). Inside
   `reactlib.count.once.counting_once`, as the batch runs them, against the same calls outside
   it (each scope × period counted again by each caller, as before).
2. ``reactlib batch`` run again with nothing changed (a fresh process; wall time and the
   core-seconds of its process tree, `bench_profile.TreeClock`), with its remembered pattern
   (``.pattern.json``) against the same run with that file removed first, which decides the
   pattern again as every run did before.

Usage: ``.venv/bin/python bench/bench_published_rerun.py [--runs 5] [--languages en,ru]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench_profile import TreeClock
from bench_protection import batch_text

if TYPE_CHECKING:
    import pandas as pd

BIN = Path(sys.executable).parent


def plan_batch(spec_file: Path, out: Path, cases: pd.DataFrame) -> None:
    """The pattern, then every report and trend of the batch planned in each language, as the batch does."""
    from reactlib.batch.plan import plan as jobs_of
    from reactlib.batch.publication import batch_disclosure
    from reactlib.batch.spec import load_batch
    from reactlib.render.pipeline import declared_parameters, plan

    spec = load_batch(spec_file)
    countries = sorted(cases["country"].unique())
    disclosure = batch_disclosure(spec, cases, countries)
    for job in jobs_of(spec, out, countries):
        plan(job.request, cases, spec.settings, declared_parameters(job.kind, job.request.extra), disclosure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--languages", default="en, ru")
    args = parser.parse_args()

    from reactlib import load_cases, sample_data_path
    from reactlib.batch.publication import PATTERN_FILE
    from reactlib.count.once import counting_once

    work = Path(tempfile.mkdtemp(prefix="reactlib-bench-published-"))
    clock = TreeClock()
    try:
        spec_file = work / "sample.yaml"
        spec_file.write_text(batch_text("html", args.languages), encoding="utf-8")
        out = work / "out"
        command = [BIN / "reactlib", "batch", spec_file, "--out", out]
        environment = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
        subprocess.run([*command, "--force"], check=True, capture_output=True, env=environment)

        cases = load_cases(sample_data_path())
        shared, alone = [], []
        plan_batch(spec_file, work / "planned", cases)  # imports and first compilations, outside both
        for _ in range(args.runs):
            start = time.process_time()
            with counting_once(cases):
                plan_batch(spec_file, work / "planned", cases)
            shared.append(time.process_time() - start)
            start = time.process_time()
            plan_batch(spec_file, work / "planned", cases)
            alone.append(time.process_time() - start)

        remembered, decided = [], []
        for _ in range(args.runs):
            remembered.append(_timed(clock, command, environment))
            (out / PATTERN_FILE).unlink()
            decided.append(_timed(clock, command, environment))
        print(f"the sample publication, min_cell 5, languages {args.languages}, HTML; medians of {args.runs} runs")
        print(f"  {'':62} {'core-s':>7}   runs")
        print(f"  {'pattern + plans, each scope and period counted once':62} {_row(shared)}")
        print(f"  {'pattern + plans, each caller counting for itself (before)':62} {_row(alone)}")
        print(f"  ratio: {statistics.median(alone) / statistics.median(shared):.2f}x")
        print(f"  {'':62} {'wall':>7}   {'core-s':>7}   runs (wall)")
        print(f"  {'batch again, nothing changed, the pattern remembered':62} {_rows(remembered)}")
        print(f"  {'batch again, nothing changed, the pattern decided (before)':62} {_rows(decided)}")
        ratio = statistics.median(t[0] for t in decided) / statistics.median(t[0] for t in remembered)
        print(f"  ratio (wall): {ratio:.2f}x; core-seconds: {clock.kind}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        clock.close()


def _timed(clock: TreeClock, command: list, environment: dict) -> tuple[float, float]:
    cores, start = clock.seconds(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=environment)
    return time.perf_counter() - start, clock.seconds() - cores


def _row(seconds: list[float]) -> str:
    return f"{statistics.median(seconds):7.2f}   {', '.join(f'{s:.2f}' for s in seconds)}"


def _rows(timings: list[tuple[float, float]]) -> str:
    walls = [wall for wall, _ in timings]
    cores = statistics.median(core for _, core in timings)
    return f"{statistics.median(walls):7.2f} s {cores:7.2f}   {', '.join(f'{w:.2f}' for w in walls)}"


if __name__ == "__main__":
    main()
