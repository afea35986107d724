"""Benchmark: a batch's disclosure control (protection and audit) against the batch's own time.

The sample batch of the issue (#20): every country and ``all``, 2023-H1, 2023-H2 and 2023, the
trend 2022-H1..2024-H2, in English, Russian and Ukrainian, HTML + PDF, with ``min_cell: 5``.
Each run renders it with ``reactlib batch --force`` (wall time, a fresh process) and, in this
process, times what disclosure control adds to it: the pattern of the whole publication decided
and audited before anything renders (`reactlib.batch.publication.batch_disclosure`), and the
audit of the published folders from their files before the index page
(`reactlib.batch.publication.audit_folders`). Prints the medians over ``--runs`` runs and the
share of the batch's median time that protection and audit take; beside the plan-time pattern,
the same on one core (the stacked programs solved one after the other, in turn with it).

Usage: ``.venv/bin/python bench/bench_protection.py [--runs 3] [--formats html,pdf] [--languages en,ru,uk]``
(``--batch-runs 0`` times the plan-time protection and audit alone, rendering nothing).
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench_languages import timed_batch


def batch_text(formats: str, languages: str) -> str:
    return (
        "scopes: [every country, all]\n"
        "periods: [2023-H1, 2023-H2, '2023']\n"
        "trends: [{from: 2022-H1, to: 2024-H2}]\n"
        f"formats: [{formats}]\n"
        f"languages: [{languages}]\n"
        "min_cell: 5\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-runs", type=int, default=None, help="batches rendered (default: --runs)")
    parser.add_argument("--formats", default="html, pdf")
    parser.add_argument("--languages", default="en, ru, uk")
    args = parser.parse_args()

    from reactlib import load_cases, sample_data_path
    from reactlib.batch.publication import audit_folders, batch_disclosure
    from reactlib.batch.spec import load_batch
    from reactlib.count import linear

    work = Path(tempfile.mkdtemp(prefix="reactlib-bench-protection-"))
    try:
        spec_file = work / "sample.yaml"
        spec_file.write_text(batch_text(args.formats, args.languages), encoding="utf-8")
        out = work / "out"
        batch_runs = args.runs if args.batch_runs is None else args.batch_runs
        batches = [timed_batch(spec_file, out) for _ in range(batch_runs)]
        spec = dataclasses.replace(load_batch(spec_file))
        cases = load_cases(sample_data_path())
        countries = sorted(cases["country"].unique())
        folders = [path.parent for path in sorted(out.rglob("figures.json"))]
        protect_times, audit_times, published = [], [], None
        one_core_times, cpu_times, one_core_cpu = [], [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            disclosure = batch_disclosure(spec, cases, countries)
            protect_times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - start_cpu)
            # The baseline, in turn with it: the same stacks solved one after the other.
            with mock.patch.object(linear, "cores", lambda: 1):
                start, start_cpu = time.perf_counter(), time.process_time()
                batch_disclosure(spec, cases, countries)
                one_core_times.append(time.perf_counter() - start)
                one_core_cpu.append(time.process_time() - start_cpu)
            if folders:
                start = time.perf_counter()
                published = audit_folders(folders, exact=False).summary()  # as the batch audits them
                audit_times.append(time.perf_counter() - start)
        assert disclosure is not None and disclosure.summary is not None
        protect = statistics.median(protect_times)
        audited = statistics.median(audit_times) if audit_times else 0.0
        print(f"sample batch, min_cell 5, languages {args.languages}, formats {args.formats}; {args.runs} runs")
        print(f"published folders audited: {len(folders)}")
        print(
            f"plan-time pattern + audit (median):  {protect:7.2f} s   runs: {', '.join(f'{t:.2f}' for t in protect_times)}"
        )
        one_core = statistics.median(one_core_times)
        threads = min(linear.cores(), linear.SOLVER_THREADS)
        print(
            f"the same on one core (median):       {one_core:7.2f} s   runs: {', '.join(f'{t:.2f}' for t in one_core_times)}"
        )
        print(
            f"  one thread / {threads} threads: {one_core / protect:.2f}x wall; CPU s (median) "
            f"{statistics.median(cpu_times):.2f} on {threads} threads, {statistics.median(one_core_cpu):.2f} on one"
        )
        print(f"plan-time audit: {disclosure.summary.line()}")
        if published is not None:
            runs = ", ".join(f"{t:.2f}" for t in audit_times)
            print(f"audit of the published files (median): {audited:7.2f} s   runs: {runs}")
            print(f"published audit: {published.line()}")
        if batches:
            batch = statistics.median(batches)
            print(
                f"batch --force (median):              {batch:7.2f} s   runs: {', '.join(f'{t:.2f}' for t in batches)}"
            )
            print(f"protection + audit / batch:          {100 * (protect + audited) / batch:6.1f} %")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
