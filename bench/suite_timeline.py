"""Benchmark: how busy the test suite keeps the cores, and how its xdist workers finish.

A pytest plugin and its report. Run the suite with it, then summarise what it wrote:

    PYTHONPATH=$PWD/bench REACTLIB_TIMELINE=/tmp/timeline nice -n 19 .venv/bin/python -m pytest -n 2 -q -p suite_timeline
    .venv/bin/python bench/suite_timeline.py /tmp/timeline

(``-p``, not ``PYTEST_PLUGINS``: xdist hands ``-p`` to its workers, and the pytest runs some tests
start themselves do not load the plugin; were they to, they would not be mistaken for workers.)
Commit nothing while it runs: a report's provenance names the commit, and renders made before
and after a commit then differ.

Core-seconds are counted over whole process trees (kernels, Chromium, which reparents its
helpers) with cgroup v1 ``cpuacct``: pytest's main process puts itself in a group of its own,
and each xdist worker in a child group of it, before the tests start. Every test's core-seconds
are its worker group's usage across the test's setup, call and teardown (its fixtures included:
a module's render is paid by the test that makes it). Without cgroups the plugin does nothing.

The report says: wall time, core-seconds of the run, of each worker, and the machine's load
meanwhile (``/proc/stat``: the core-seconds every process of the machine used); when each worker
ran its last test, and which module it was; each worker's time between tests (waiting on a
session fixture another worker makes is inside a test); the modules by core-seconds; and how much
of each test's wall time its tree kept a core busy.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def _stat_core_seconds() -> float:
    """Core-seconds every process of the machine has used since boot (user + nice + system)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return (int(fields[0]) + int(fields[1]) + int(fields[2])) / os.sysconf("SC_CLK_TCK")


class _Timeline:
    def __init__(self, folder: Path, group: Path, name: str) -> None:
        self.folder, self.group, self.name = folder, group, name
        self.records: list[dict] = []

    def usage(self) -> float:
        return int((self.group / "cpuacct.usage").read_text()) / 1e9

    def write(self, record: dict) -> None:
        with (self.folder / f"{self.name}.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


_timeline: _Timeline | None = None


def _join(group: Path) -> bool:
    try:
        group.mkdir(exist_ok=True)
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        return False
    return True


def pytest_configure(config) -> None:
    global _timeline
    folder = os.environ.get("REACTLIB_TIMELINE")
    if not folder:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        if "REACTLIB_TIMELINE_GROUP" in os.environ:
            return  # a pytest run that a test started
        Path(folder).mkdir(parents=True, exist_ok=True)
        group = CPUACCT / f"reactlib-suite-{os.getpid()}"
        os.environ["REACTLIB_TIMELINE_GROUP"] = str(group)
        os.environ["REACTLIB_TIMELINE_MAIN"] = str(os.getpid())
        name = "main"
    else:
        if os.environ.get("REACTLIB_TIMELINE_MAIN") != str(os.getppid()):
            return  # a pytest run that a test started, in a worker's environment
        group = Path(os.environ["REACTLIB_TIMELINE_GROUP"]) / worker
        name = worker
    if not _join(group):
        return
    _timeline = _Timeline(Path(folder), group, name)
    _timeline.write(
        {"event": "start", "wall": time.time(), "usage": _timeline.usage(), "machine": _stat_core_seconds()}
    )


def pytest_unconfigure(config) -> None:
    if _timeline is None:
        return
    _timeline.write({"event": "end", "wall": time.time(), "usage": _timeline.usage(), "machine": _stat_core_seconds()})
    (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
    for _ in range(50):  # a browser's helpers, or a worker's group, may take a moment to go
        try:
            for worker in _timeline.group.iterdir():  # a worker's group its worker could not remove
                if worker.is_dir():
                    worker.rmdir()
            _timeline.group.rmdir()
            break
        except OSError:
            time.sleep(0.1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _timeline is None:
        return (yield)
    wall, usage = time.time(), _timeline.usage()
    try:
        return (yield)
    finally:
        _timeline.write(
            {
                "event": "test",
                "id": item.nodeid,
                "start": wall,
                "end": time.time(),
                "core_s": _timeline.usage() - usage,
            }
        )


def _read(folder: Path) -> dict[str, list[dict]]:
    return {path.stem: [json.loads(line) for line in path.open()] for path in sorted(folder.glob("*.jsonl"))}


def summarise(folder: Path) -> None:
    logs = _read(folder)
    main = {record["event"]: record for record in logs.pop("main")}
    start, end = main["start"], main["end"]
    wall = end["wall"] - start["wall"]
    used = end["usage"] - start["usage"]
    machine = end["machine"] - start["machine"]
    print(f"wall {wall:.0f} s; the suite's tree {used:.0f} core-s = {used / wall:.2f} cores on average")
    print(
        f"the whole machine meanwhile {machine:.0f} core-s = {machine / wall:.2f} cores (others: {(machine - used) / wall:.2f})"
    )
    modules: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    ends = []  # when each worker that ran a test ended its last one
    for worker, records in logs.items():
        tests = [record for record in records if record["event"] == "test"]
        if not tests:  # a worker with nothing left to run: no first or last test to say
            print(f"{worker}: no test")
            continue
        busy = sum(record["end"] - record["start"] for record in tests)
        core_s = sum(record["core_s"] for record in tests)
        first, last = tests[0], tests[-1]
        ends.append(last["end"])
        gaps = sum(b["start"] - a["end"] for a, b in itertools.pairwise(tests))
        print(
            f"{worker}: {len(tests)} tests, {core_s:.0f} core-s in {busy:.0f} s of tests; first test at"
            f" +{first['start'] - start['wall']:.0f} s, last ended at +{last['end'] - start['wall']:.0f} s"
            f" ({last['id'].split('::')[0]}); between tests {gaps:.0f} s"
        )
        tail = [record for record in tests if record["end"] > end["wall"] - 60]
        print(f"  its last minute: {', '.join(sorted({record['id'].split('::')[0] for record in tail}))}")
        for record in tests:
            entry = modules[record["id"].split("::")[0]]
            entry[0] += record["core_s"]
            entry[1] += record["end"] - record["start"]
            entry[2] += 1
    ends.sort()
    if len(ends) > 1:
        alone = [r for records in logs.values() for r in records if r["event"] == "test" and r["end"] > ends[-2]]
        print(
            f"after the first worker's last test (+{ends[-2] - start['wall']:.0f} s), {ends[-1] - ends[-2]:.0f} s"
            f" with fewer workers busy; {sum(max(0.0, r['end'] - max(r['start'], ends[-2])) for r in alone):.0f} s"
            " of tests ran then"
        )
    print("modules by core-s (core-s, wall s of its tests, cores used while they ran, tests):")
    for module, (core_s, seconds, count) in sorted(modules.items(), key=lambda pair: -pair[1][0]):
        if core_s >= 3:
            print(f"  {core_s:7.1f} {seconds:7.1f} {core_s / max(seconds, 1e-9):5.2f} {count:5d}  {module}")
    tests = [record for records in logs.values() for record in records if record["event"] == "test"]
    print("slowest tests by wall (wall s, core-s):")
    for record in sorted(tests, key=lambda record: record["start"] - record["end"])[:40]:
        print(f"  {record['end'] - record['start']:6.1f} {record['core_s']:6.1f}  {record['id']}")


if __name__ == "__main__":
    summarise(Path(sys.argv[1]))
