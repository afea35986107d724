"""What the machine gives this process: the cores it may run on.

>>> cores() >= 1
True
"""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on: those of its affinity mask where the system has one (a
    container or ``taskset`` may give it fewer than the machine has), else the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
