"""Work done once per test session and shared by every pytest-xdist worker: a slow render, say.

The first worker to ask does the work in a folder all workers see, under a lock; the others wait
for it and read what it made. Tests must only read what is shared: a test that changes files
copies them first.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every xdist worker of this session sees (the base temp folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_session(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict]
) -> tuple[Path, dict]:
    """``make(folder)`` run once per session in ``folder`` (shared by all workers), and what it returned.

    ``make`` returns a JSON-able summary (its timing, say), kept in the folder for the other
    workers. If it fails, it is not done: the next worker that asks tries again, in the folder
    emptied of what the failed try left (all but the lock, which the waiting workers hold).
    """
    folder = shared_root(tmp_path_factory) / name
    folder.mkdir(exist_ok=True)
    done, lock = folder / "done.json", folder / "lock"
    with locked(lock):
        if not done.exists():
            empty(folder, keep=lock)
            done.write_text(json.dumps(make(folder)), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))


def empty(folder: Path, keep: Path) -> None:
    """Remove everything in ``folder`` but ``keep``."""
    for entry in folder.iterdir():
        if entry == keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
