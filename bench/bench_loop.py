"""Benchmark: the analyst's loop, `reactlib report --scope Tajikistan --period 2023-H1`, cold and warm.

- baseline: plain ``papermill`` on the country report notebook, then ``jupyter nbconvert --to
  html`` (what an analyst would run without reactlib), measured in the same run;
- cold: one-shot ``reactlib report --format html`` (target ≤ 3.5 s);
- warm: ``reactlib report --watch``, HTML and HTML + PDF: its first render, then renders after a
  settings-file change (the data kept) and after a data-file change (the data read again)
  (targets: a later render ≤ 2 s HTML, ≤ 3 s HTML + PDF). Each render's seconds are the ones the
  loop prints (from the change seen to the report published); "latency" adds the wait for the
  change to be seen (the file written to the loop's line, polling and settling included).

Wall seconds and core-seconds of the whole process tree (`bench_profile.TreeClock`: a cgroup, or
psutil), medians of ``--runs``, with the load average before and after: the machine is shared.

Usage: ``.venv/bin/python bench/bench_loop.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_profile import TreeClock

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "country_report.ipynb"
SAMPLE = ROOT / "reactlib" / "data" / "sample_cases.csv"
SETTINGS = ROOT / "reactlib" / "data" / "report_settings.yaml"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
#: A render line of the loop: "…/2023-H1: report.html, … (1.52 s)" or "(1.52 s; cases.csv changed)".
RENDER_SECONDS = re.compile(r"\((\d+\.\d+) s[;)]")


def timed(clock: TreeClock, command: list, **kwargs) -> tuple[float, float]:
    """Wall and core-seconds of ``command``, run to its end."""
    start, core = time.perf_counter(), clock.seconds()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, **kwargs)
    return time.perf_counter() - start, clock.seconds() - core


def baseline(clock: TreeClock, work: Path) -> tuple[float, float]:
    """Plain papermill, then nbconvert to HTML, on the same notebook and report."""
    executed = work / "baseline.ipynb"
    start, core = time.perf_counter(), clock.seconds()
    papermill = [BIN / "papermill", NOTEBOOK, executed, "-p", "scope", "Tajikistan", "-p", "period", "2023-H1"]
    subprocess.run([*papermill, "-k", "python3", "--no-progress-bar"], check=True, capture_output=True, cwd=work)
    nbconvert = [BIN / "jupyter", "nbconvert", "--to", "html", executed]
    subprocess.run(nbconvert, check=True, capture_output=True, cwd=work)
    return time.perf_counter() - start, clock.seconds() - core


def report_command(out: Path, formats: str, *extra: object) -> list:
    return [
        BIN / "reactlib", "report", "--scope", "Tajikistan", "--period", "2023-H1", "--out", out,
        "--format", formats, *extra,
    ]  # fmt: skip


class WatchLoop:
    """A running ``reactlib report --watch`` on copies of the sample and the settings."""

    def __init__(self, work: Path, formats: str) -> None:
        self.data, self.settings = work / "cases.csv", work / "settings.yaml"
        shutil.copyfile(SAMPLE, self.data)
        shutil.copyfile(SETTINGS, self.settings)
        command = report_command(work / "out", formats, "--data", self.data, "--settings", self.settings, "--watch")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._line()  # "watching …"

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self._lines.put(line)

    def _line(self) -> str:
        return self._lines.get(timeout=600)

    def render_seconds(self) -> float:
        line = self._line()
        found = RENDER_SECONDS.search(line)
        if found is None or "failed" in line:
            raise SystemExit(f"the loop did not render: {line.strip()}")
        return float(found.group(1))

    def change(self, clock: TreeClock, what: str) -> tuple[float, float, float]:
        """Change the settings or the data file (its bytes, not its meaning); the render's seconds, latency, core-s.

        Every other change adds a comment to the settings or a blank line to the data (which
        the loader skips), and the next one takes it away.
        """
        path = self.settings if what == "settings" else self.data
        original = (SETTINGS if what == "settings" else SAMPLE).read_text(encoding="utf-8")
        current = path.read_text(encoding="utf-8")
        edited = original + ("# edited\n" if what == "settings" else "\n") if current == original else original
        start, core = time.perf_counter(), clock.seconds()
        path.write_text(edited, encoding="utf-8")
        seconds = self.render_seconds()
        return seconds, time.perf_counter() - start, clock.seconds() - core

    def close(self) -> None:
        self.process.send_signal(2)  # Ctrl-C
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def warm(clock: TreeClock, work: Path, formats: str, runs: int) -> dict[str, list[float]]:
    """The loop's first render and its renders after settings and data changes."""
    figures: dict[str, list[float]] = {}
    loop = WatchLoop(work, formats)
    try:
        figures["first render"] = [loop.render_seconds()]
        for what in ("settings", "data"):
            for _ in range(runs):
                seconds, latency, core = loop.change(clock, what)
                figures.setdefault(f"after a {what} change", []).append(seconds)
                figures.setdefault(f"  latency (save → published), {what}", []).append(latency)
                figures.setdefault(f"  core-s, {what}", []).append(core)
    finally:
        loop.close()
    return figures


def median(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f}" + (f"  (of {len(values)}: {min(values):.2f}–{max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    clock = TreeClock()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; clock: {clock.kind}")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-loop-") as folder:
            work = Path(folder)
            base = [baseline(clock, work) for _ in range(args.runs)]
            cold = [timed(clock, report_command(work / f"cold-{i}", "html")) for i in range(args.runs)]
            cold_pdf = [timed(clock, report_command(work / f"cold-pdf-{i}", "html,pdf")) for i in range(args.runs)]
            loops = {}
            for formats in ("html", "html,pdf"):
                loop_work = work / f"watch-{formats.replace(',', '-')}"
                loop_work.mkdir()
                loops[formats] = warm(clock, loop_work, formats, args.runs)
    finally:
        clock.close()
    print(f"medians of {args.runs} runs, seconds (wall; core-seconds of the process tree)")
    print(
        f"baseline papermill + nbconvert (HTML)     {median([w for w, _ in base])}; core-s {median([c for _, c in base])}"
    )
    print(
        f"cold reactlib report, HTML (≤ 3.5)        {median([w for w, _ in cold])}; core-s {median([c for _, c in cold])}"
    )
    print(
        f"cold reactlib report, HTML + PDF          {median([w for w, _ in cold_pdf])}; core-s {median([c for _, c in cold_pdf])}"
    )
    base_wall = statistics.median(w for w, _ in base)
    print(f"  baseline / cold HTML: {base_wall / statistics.median(w for w, _ in cold):.2f}×")
    for formats, figures in loops.items():
        target = "≤ 2" if formats == "html" else "≤ 3"
        print(f"--watch, {formats} (later renders {target})")
        for name, values in figures.items():
            print(f"  {name:42s}{median(values)}")
        later = statistics.median(figures["after a settings change"])
        print(f"  baseline / later render: {base_wall / later:.1f}×")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
