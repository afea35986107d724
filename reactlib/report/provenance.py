"""The provenance block: what a report was made from, so that anyone can make it again.

The render date is the only value that changes between two renders of the same inputs; like
reproducible builds, it follows ``SOURCE_DATE_EPOCH`` when that is set.

Examples
--------
>>> render_date({"SOURCE_DATE_EPOCH": "1700000000"})
datetime.date(2023, 11, 14)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import reactlib
from reactlib.errors import ProvenanceError

UNKNOWN = "unknown"
_GIT_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Provenance:
    """The inputs and tools of one report."""

    data_file: str  # the file's name only: a full path may name people or machines
    data_sha256: str
    parameters: tuple[tuple[str, str], ...]
    package_version: str
    git_commit: str
    render_date: dt.date


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex (the provenance block's and the batch's one hash).

    A process hashes a file once while it stays the same file with the same bytes (`_identity`):
    a batch plans every report, each with its provenance, from one data file, and its workers
    write each report's workbook with the same hash. A real export of a million cases is hundreds
    of megabytes: at the 1.7 GB/s measured here, a tenth of a second or more, which every report
    paid again. A file that changed while it was read is hashed again the next time.
    """
    before = _identity(path)
    if (known := _HASHES.get(before)) is not None:
        return known
    with Path(path).open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    if _identity(path) == before:
        if len(_HASHES) >= _HASHES_KEPT:
            _HASHES.clear()
        _HASHES[before] = digest
    return digest


#: A file's path, device, inode, size, and modification and change times (ns): `_identity`.
FileIdentity = tuple[str, int, int, int, int, int]
#: Hashes by `_identity`: a process reads a data file and a column map, a few files at most.
_HASHES: dict[FileIdentity, str] = {}
_HASHES_KEPT = 8


def _identity(path: Path) -> FileIdentity:
    """What tells a file unchanged: its path, device and inode, size, and modification and change times.

    The inode and change time catch what the modification time alone would not: a file of the
    same size swapped in with its old modification time kept (``rsync -a``, ``cp -p``), as a
    ``reactlib report --watch`` may see; a change time cannot be set back.
    """
    stat = Path(path).stat()
    return (str(Path(path).resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def git_commit(directory: Path | None = None) -> str:
    """The commit checked out where reactlib's code lives, or ``"unknown"`` outside a git clone."""
    directory = directory or Path(reactlib.__file__).resolve().parent
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True, text=True, timeout=_GIT_TIMEOUT_SECONDS, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and commit else UNKNOWN


def render_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """``SOURCE_DATE_EPOCH`` as a UTC date when it is set, else today's date."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    if not epoch.isdigit():
        raise ProvenanceError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {epoch!r}")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()


def collect(data_path: Path, parameters: Mapping[str, str]) -> Provenance:
    """The provenance of a report made from ``data_path`` with ``parameters`` (shown as text)."""
    return Provenance(
        data_file=Path(data_path).name,
        data_sha256=file_sha256(data_path),
        parameters=tuple(parameters.items()),
        package_version=reactlib.__version__,
        git_commit=git_commit(),
        render_date=render_date(),
    )
