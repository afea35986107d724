"""Where a batch's cores idle: a timeline of its process tree, sampled from the kernel's scheduler.

Runs a command (by default ``reactlib batch --force`` on `bench_batch`'s 12 reports) in a cgroup
of its own and, every ``--every`` seconds, reads each of its threads' ``/proc/<tid>/schedstat``:
the time it ran and the time it waited, runnable, for a core. Their sum over an interval is what
the thread asked for; on a busy machine it runs for less, so the timeline shows what the batch
would use of an idle one (``want``) beside what it got (``ran``). Each thread is counted under its
process's role: ``main`` (the command's own process, with its printer thread),
``forkserver``, ``worker``, ``kernel``, ``node`` (Playwright's driver), ``chromium``, ``other``.

Prints, per ``--bin`` seconds: the cores wanted by each role and in all; then the core-seconds of
each role, and the idle core-seconds of a ``--cores`` machine (where the tree wanted fewer cores
than it has), by window. With ``--json`` the bins are written for plotting.

Usage: ``.venv/bin/python bench/batch_timeline.py [--every 0.025] [--bin 0.5] [-- command ...]``
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_batch import BATCH, BIN

CPUACCT = Path("/sys/fs/cgroup/cpuacct")
ROLES = ["main", "forkserver", "worker", "kernel", "node", "chromium", "other"]


def schedstat(tid: int) -> tuple[int, int] | None:
    """Nanoseconds ``tid`` ran and waited runnable so far; None once it has ended."""
    try:
        ran, waited, _ = Path(f"/proc/{tid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return None
    return int(ran), int(waited)


def stat_of(pid: int) -> tuple[int, str] | None:
    """``pid``'s parent and name."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    return int(text[text.rindex(")") + 2 :].split()[1]), name


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Roles:
    """Each process's role, from its ancestry and command line, decided once it is not ``other``."""

    def __init__(self, main: int) -> None:
        self.main = main
        self.role: dict[int, str] = {main: "main"}

    def of(self, pid: int) -> str:
        if pid in self.role:
            return self.role[pid]
        command = cmdline(pid)
        stat = stat_of(pid)
        parent_role = self.role.get(stat[0], "") if stat else ""
        # By ancestry first: workers and kernels are forks, with their forkserver's command line.
        if parent_role == "forkserver":
            role = "worker"
        elif parent_role in ("worker", "kernel"):
            role = "kernel"
        elif "chrom" in command.split(" ")[0] or parent_role == "chromium":
            role = "chromium"
        elif "node" in command.split(" ")[0]:
            role = "node"
        elif "forkserver" in command and parent_role == "main":
            role = "forkserver"
        else:
            return "other"  # not kept: a process just forked still has its parent's command line
        self.role[pid] = role
        return role


def sample(group: Path, roles: Roles) -> dict[int, tuple[str, int, int]]:
    """Each thread of ``group``: its role and its schedstat."""
    threads: dict[int, tuple[str, int, int]] = {}
    try:
        pids = [int(line) for line in (group / "cgroup.procs").read_text().split()]
    except OSError:
        return threads
    for pid in pids:
        role = roles.of(pid)
        try:
            tids = [int(name) for name in os.listdir(f"/proc/{pid}/task")]
        except OSError:
            continue
        for tid in tids:
            times = schedstat(tid)
            if times is None:
                continue
            threads[tid] = (role, *times)
    return threads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.025, help="seconds between samples")
    parser.add_argument("--bin", type=float, default=0.5, help="seconds a printed row sums")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("command", nargs="*")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reactlib-timeline-"))
    spec = work / "bench.yaml"
    spec.write_text(BATCH, encoding="utf-8")
    command = args.command or [str(BIN / "reactlib"), "batch", str(spec), "--out", str(work / "out"), "--force"]
    group = CPUACCT / f"reactlib-timeline-{os.getpid()}"
    group.mkdir()
    try:
        procs = str(group / "cgroup.procs")

        def enter_group() -> None:
            Path(procs).write_text(str(os.getpid()))

        start = time.perf_counter()
        child = subprocess.Popen(command, preexec_fn=enter_group, stdout=subprocess.DEVNULL)
        roles = Roles(child.pid)
        last: dict[int, tuple[str, int, int]] = {}
        first_seen: dict[str, float] = {}
        bins: list[dict[str, list[float]]] = []  # per bin: role -> [ran, waited] seconds
        while True:
            now = time.perf_counter() - start
            threads = sample(group, roles)
            index = int(now // args.bin)
            while len(bins) <= index:
                bins.append(collections.defaultdict(lambda: [0.0, 0.0]))
            for role in {role for role, _, _ in threads.values()}:
                first_seen.setdefault(role, now)
            for tid, (role, ran, waited) in threads.items():
                _, ran0, waited0 = last.get(tid, (role, 0, 0))
                bins[index][role][0] += (ran - ran0) / 1e9
                bins[index][role][1] += (waited - waited0) / 1e9
            last.update(threads)
            if child.poll() is not None:
                break
            time.sleep(args.every)
        wall = time.perf_counter() - start
        report(bins, args.bin, args.cores, wall, child.returncode)
        print(
            "first seen (s): "
            + ", ".join(f"{role} {at:.2f}" for role, at in sorted(first_seen.items(), key=lambda kv: kv[1]))
        )
        if args.json:
            args.json.write_text(json.dumps({"bin": args.bin, "wall": wall, "bins": [dict(b) for b in bins]}))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for _ in range(50):
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.1)


def report(bins: list[dict[str, list[float]]], width: float, cores: int, wall: float, status: int | None) -> None:
    print(f"wall {wall:.2f} s, exit {status}; per {width} s: cores wanted (ran + waited runnable) by role")
    print(f"{'t':>6} " + " ".join(f"{role[:7]:>7}" for role in ROLES) + f" {'want':>5} {'ran':>5}")
    totals = collections.defaultdict(lambda: [0.0, 0.0])
    idle = 0.0
    for index, rows in enumerate(bins):
        want = sum(ran + waited for ran, waited in rows.values()) / width
        ran = sum(r for r, _ in rows.values()) / width
        idle += max(0.0, cores - want) * width
        for role, (r, w) in rows.items():
            totals[role][0] += r
            totals[role][1] += w
        cells = " ".join(f"{sum(rows.get(role, [0, 0])) / width:7.2f}" for role in ROLES)
        print(f"{index * width:6.1f} {cells} {want:5.2f} {ran:5.2f}")
    print("core-s ran by role: " + ", ".join(f"{role} {totals[role][0]:.2f}" for role in ROLES if role in totals))
    print(
        f"in all {sum(r for r, _ in totals.values()):.2f} core-s ran, {sum(w for _, w in totals.values()):.2f} s waited"
    )
    print(f"idle core-s of a {cores}-core machine (tree wanted fewer), as measured: {idle:.2f}")
    # On a busy machine the timeline stretches: each bin's work would take ran / min(cores, want)
    # on an idle one, with the same number of threads runnable at once.
    quiet_wall = quiet_idle = 0.0
    for rows in bins:
        ran = sum(r for r, _ in rows.values())
        want = sum(r + w for r, w in rows.values()) / width
        if ran <= 0:
            continue
        used = min(float(cores), max(want, ran / width))
        quiet_wall += ran / used
        quiet_idle += (cores - used) * ran / used
    print(f"on an idle {cores}-core machine, estimated: wall {quiet_wall:.2f} s, idle core-s {quiet_idle:.2f}")


if __name__ == "__main__":
    sys.exit(main())
