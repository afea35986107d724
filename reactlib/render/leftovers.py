"""Kernel folders that killed commands left in the temporary directory, removed by the next command.

A kernel's private folder (`reactlib.render.kernels`: its sockets, its connection file, an
``owner`` file naming the process that started it) is removed by that process when the kernel
stops, and a batch removes those of its workers it finds killed. Nobody is left to remove the
folder of a `reactlib report` killed with SIGKILL, or of a batch killed with its workers: the
next `reactlib report`, `trend` or `batch` removes every such folder whose owner no longer runs.
Its kernel has ended too: a kernel watches the process that started it and ends with it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from reactlib.render.kernels import KERNEL_FOLDER_PREFIX, OWNER_FILE


def remove_orphaned_kernel_folders() -> list[Path]:
    """Remove the kernel folders in the temporary directory whose owner process has ended; those removed.

    A folder without a readable owner (one being made this moment, or someone else's) is left
    alone, and so is one whose owner still runs or whose process id now belongs to another
    process, which this cannot tell apart.
    """
    removed: list[Path] = []
    try:
        folders = list(Path(tempfile.gettempdir()).glob(f"{KERNEL_FOLDER_PREFIX}*"))
    except OSError:  # a temporary directory this process may not list: nothing to tidy, the command goes on
        return removed
    for folder in folders:
        try:
            owner = int((folder / OWNER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if owner > 0 and not _running(owner):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process runs with this id
        return True
    return True


__all__ = ["remove_orphaned_kernel_folders"]
