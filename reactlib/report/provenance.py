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
import functools
import hashlib
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import reactlib
from reactlib.errors import ProvenanceError
from reactlib.report.handover import file_state

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

    A process hashes a file once while its size and modification time stay the same: a batch
    plans every report, each with its provenance, from one data file, and its workers write each
    report's workbook with the same hash. A real export of a million cases is hundreds of
    megabytes: at the 1.7 GB/s measured here, a tenth of a second or more, which every report
    paid again.
    """
    return _sha256_of(file_state(path))


@functools.lru_cache(maxsize=8)
def _sha256_of(state: tuple[str, int, int]) -> str:
    with Path(state[0]).open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


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
