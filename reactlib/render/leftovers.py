"""Kernel folders that killed commands left in the temporary directory, removed by the next command.

A kernel's private folder (`reactlib.render.kernels`: its sockets, its connection file, an
``owner`` file naming the process that started it) is removed by that process when the kernel
stops, and a batch removes those of its workers it finds killed. Nobody is left to remove the
folder of a `reactlib report` killed with SIGKILL, or of a batch killed with its workers: the
next `reactlib report`, `trend` or `batch` removes every such folder whose owner no longer runs.
Its kernel has ended too: a kernel watches the process that started it and ends with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from reactlib.render.kernels import kernel_folders, process_running


def remove_orphaned_kernel_folders() -> list[Path]:
    """Remove the kernel folders in the temporary directory whose owner process has ended; those removed.

    A folder without a readable owner (one being made this moment, or someone else's) is left
    alone, and so is one whose owner still runs or whose process id now belongs to another
    process, which this cannot tell apart.
    """
    removed: list[Path] = []
    for folder, owner in kernel_folders():
        if owner > 0 and not process_running(owner):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed


__all__ = ["remove_orphaned_kernel_folders"]
