"""What the machine gives this process: the cores it may run on.

>>> cores() >= 1
True
"""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on: those of its affinity mask where the system has one (a
    container or ``taskset`` may give it fewer than the machine has), else the machine's.

    A container's CPU quota (cgroup ``cpu.max``) is not counted: a quota of 2 CPUs on an 8-core
    mask gives 8.
    """
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
