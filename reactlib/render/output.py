"""The output folder (``--out``): one writer at a time, and nothing written through a link out of it.

`reactlib report`, `reactlib trend` and `reactlib batch` all hold `output_lock` while they
write into an output folder, so none of them replaces a report another one is writing (two
batches would also remove each other's staging folders). The lock is a file lock
(`filelock`, which opens the lock file without following a link), released when the command
ends, however it ends.

Every file reactlib writes in the output folder outside a report's folder (a batch's logs, its
index page, its list of the data's countries) is written by `write_atomically`: whole or not at
all, through a new file of its own beside the target, renamed into place. A link planted
where the file or its temporary file would go is replaced, never written through; a folder
that leads out of ``--out`` (`inside_out`) is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reactlib.errors import OutputError, describe_os_error

#: The lock file of an output folder; left in place (removing it would let a third command lock
#: a different file than a second one waiting).
LOCK_FILE = ".reactlib.lock"
#: How long taking the lock waits for it: `refuse_if_locked` takes it for an instant to probe,
#: and a command taking it in that instant must wait for the probe, not be refused.
LOCK_WAIT_SECONDS = 1.0


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Create ``out`` and hold it for this command alone while the block runs.

    Waits up to `LOCK_WAIT_SECONDS` for the lock: only a command that holds it longer (one
    writing there, not another's `refuse_if_locked` probe) has this one refused.

    Raises
    ------
    OutputError
        When ``out`` cannot be created or written to (its lock file is a link, say), or another
        reactlib command holds it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder, output_lock(Path(folder)):
    ...     with output_lock(Path(folder)):  # a second writer, as another process would be
    ...         pass
    Traceback (most recent call last):
    ...
    reactlib.errors.OutputError: another reactlib command (report, trend or batch) is writing to ...
    """
    from filelock import FileLock, Timeout  # here: `reactlib report --help` needs none of it

    lock = FileLock(out / LOCK_FILE, timeout=LOCK_WAIT_SECONDS)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"another reactlib command (report, trend or batch) is writing to {out}; "
            "wait until it ends, or give this one another --out"
        ) from None
    except OSError as error:
        raise OutputError(f"cannot write to the output folder: {describe_os_error(error)}") from None
    try:
        yield
    finally:
        lock.release()


def refuse_if_locked(out: Path) -> None:
    """Refuse now when another command holds ``out``: before a kernel starts and the data is counted.

    The command still takes the lock only when it writes (`output_lock`), and a command that
    takes ``out`` in between is refused then, as before. Nothing is created: a folder without a
    lock file was never locked (holders leave the file in place), so nobody holds it.

    Raises
    ------
    OutputError
        As `output_lock` does.
    """
    if (out / LOCK_FILE).is_file():
        with output_lock(out):
            pass


def inside_out(out: Path, path: Path) -> bool:
    """Whether ``path``, its links followed, lies inside ``out`` (``out`` itself may be a link)."""
    return Path(path).resolve().is_relative_to(Path(out).resolve())


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: never an empty or half-written file.

    The text goes into a new file of its own in the same folder (created, never opened if
    something is there already), which then replaces ``path``: a link at ``path`` is replaced,
    not followed.
    """
    # Hidden, as .countries.json is; a name of its own, so a planted file or link is never opened.
    handle, staging = tempfile.mkstemp(prefix=f".{path.name.lstrip('.')}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(staging, 0o644)  # mkstemp makes it private; logs and the index are for sharing
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
