"""Benchmark: a batch's time per report in English only against English, Russian and Ukrainian.

The same scopes and period of the sample (by default its six countries, 2023-H1, HTML + PDF),
rendered by ``reactlib batch --force`` with ``languages: [en]`` (6 reports) and with
``languages: [en, ru, uk]`` (18 reports). Prints, for each, the median over ``--runs`` runs of
the batch's wall time and of that time divided by its number of reports, and the ratio of the
two per-report medians (the cost of a report in another language, start-up shared).

Usage: ``.venv/bin/python bench/bench_languages.py [--runs 3] [--formats html,pdf] [--period 2023-H1]``
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

BIN = Path(sys.executable).parent
COUNTRIES = ["Georgia", "Kazakhstan", "Kyrgyzstan", "Moldova", "Tajikistan", "Ukraine"]
LANGUAGE_SETS = (("en",), ("en", "ru", "uk"))


def batch_text(countries: list[str], period: str, formats: str, languages: tuple[str, ...]) -> str:
    return (
        f"scopes: [{', '.join(countries)}]\n"
        f"periods: [{period}]\n"
        f"formats: [{formats}]\n"
        f"languages: [{', '.join(languages)}]\n"
    )


def timed_batch(spec: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [BIN / "reactlib", "batch", spec, "--out", out, "--force"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="html, pdf")
    parser.add_argument("--period", default="2023-H1")
    parser.add_argument("--countries", default=",".join(COUNTRIES))
    args = parser.parse_args()
    countries = [name.strip() for name in args.countries.split(",") if name.strip()]
    work = Path(tempfile.mkdtemp(prefix="reactlib-bench-languages-"))
    try:
        times: dict[tuple[str, ...], list[float]] = {languages: [] for languages in LANGUAGE_SETS}
        for _run in range(args.runs):
            for languages in LANGUAGE_SETS:  # interleaved: a slower moment of the machine hits both
                spec = work / f"{'-'.join(languages)}.yaml"
                spec.write_text(batch_text(countries, args.period, args.formats, languages), encoding="utf-8")
                times[languages].append(timed_batch(spec, work / f"out-{'-'.join(languages)}"))
        print(
            f"{len(countries)} scopes x {args.period} ({args.formats}), {os.cpu_count()} cores, "
            f"{args.runs} runs; medians"
        )
        per_report = {}
        for languages, runs in times.items():
            reports = len(countries) * len(languages)
            per_report[languages] = statistics.median(runs) / reports
            print(
                f"  languages [{', '.join(languages)}]: {reports:3d} reports  batch {statistics.median(runs):6.1f} s"
                f"  per report {per_report[languages]:5.2f} s  runs {', '.join(f'{t:.1f}' for t in runs)}"
            )
        ratio = per_report[LANGUAGE_SETS[1]] / per_report[LANGUAGE_SETS[0]]
        print(f"  per report, [en, ru, uk] / [en]: {ratio:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
