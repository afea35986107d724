"""The analyst's loop: render a report, then again each time its notebook, data or settings change.

`watch` renders through one `reactlib.render.session.RenderSession` (a warm kernel, a warm
browser), so that a render after the first costs only the report's own work. It looks at the
input files a few times a second: a file's size, modification time or inode moving is a
change, confirmed by its content's hash (a save that changes nothing renders nothing), once the
file has stopped moving (an editor or an export writing it). The data are read again only when
the data file or the column map changed.

A render that fails (invalid data, a cell that raises) is reported like any other, and the loop
waits for the next change: the previous report stays published, since a render publishes whole
or not at all. It ends with Ctrl-C, which propagates from wherever it lands.

Examples
--------
>>> with RenderSession(browser=False) as session:  # doctest: +SKIP
...     watch(session, request, report=print)  # until Ctrl-C
"""

from __future__ import annotations

import hashlib
import time
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reactlib.errors import ReactlibWarning

if TYPE_CHECKING:
    from reactlib.render.kinds import Request
    from reactlib.render.session import RenderSession

#: How often the input files are looked at: a `stat` each, so cheap.
POLL_SECONDS = 0.2
#: How long a changed file must stay unchanged before it is read: an export may write it in parts.
SETTLE_SECONDS = 0.1
#: Longest wait for a file that keeps changing; it is then read as it is.
SETTLE_LIMIT_SECONDS = 5.0

#: A file's identity and state as `os.stat` gives them: inode, size, modification time; None if absent.
Stamp = tuple[int, int, int] | None


@dataclass(frozen=True)
class Rendered:
    """One render of the loop: its files, or the error that stopped it; how long it took."""

    seconds: float
    files: list[Path] = field(default_factory=list)
    error: Exception | None = None
    #: The watched files whose content changed since the render before (none for the first).
    changed: tuple[Path, ...] = ()


def watched_files(request: Request) -> tuple[Path, ...]:
    """What a render of ``request`` reads: its notebook, data file, settings file and column map."""
    from reactlib.render.kinds import kind_of
    from reactlib.report.settings import default_settings_path
    from reactlib.sample.location import data_file_or_sample

    files = [
        kind_of(request).notebook_file(),
        data_file_or_sample(request.data),
        request.settings if request.settings is not None else default_settings_path(),
    ]
    if request.column_map is not None:
        files.append(request.column_map)
    return tuple(dict.fromkeys(files))


def data_files(request: Request) -> set[Path]:
    """The watched files that hold the data: a change of these, and only these, reads the data again."""
    from reactlib.sample.location import data_file_or_sample

    return {data_file_or_sample(request.data)} | ({request.column_map} if request.column_map is not None else set())


def _of(wanted: set[Path], files: Sequence[Path], values: Sequence[str | None]) -> tuple[str | None, ...]:
    return tuple(value for path, value in zip(files, values, strict=True) if path in wanted)


def stamp(path: Path) -> Stamp:
    """``path``'s inode, size and modification time (ns); None when it cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def digest(path: Path) -> str | None:
    """The hash of ``path``'s content; None when it cannot be read (the render then says why)."""
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "blake2b").hexdigest()
    except OSError:
        return None


def digests_of(
    files: Sequence[Path],
    stamps: tuple[Stamp, ...],
    before: tuple[Stamp, ...] | None,
    known: tuple[str | None, ...] | None,
) -> tuple[str | None, ...]:
    """The files' content hashes: read again only where a file's stamp moved since ``before``.

    A data file may be hundreds of megabytes: a saved notebook must not hash it again.
    """
    if before is None or known is None:
        return tuple(digest(path) for path in files)
    return tuple(
        digest(path) if new != old else same for path, new, old, same in zip(files, stamps, before, known, strict=True)
    )


def settled_stamps(files: Sequence[Path], stamps: tuple[Stamp, ...]) -> tuple[Stamp, ...]:
    """The files' stamps once they stay the same for `SETTLE_SECONDS` (at most `SETTLE_LIMIT_SECONDS`)."""
    deadline = time.monotonic() + SETTLE_LIMIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(SETTLE_SECONDS)
        now = tuple(stamp(path) for path in files)
        if now == stamps:
            break
        stamps = now
    return stamps


def watch(
    session: RenderSession,
    request: Request,
    report: Callable[[Rendered], None],
    renders: int | None = None,
) -> None:
    """Render ``request`` now and after every change of what it reads; ``report`` each render.

    Runs until Ctrl-C (`KeyboardInterrupt`), or ``renders`` renders (for tests).
    """
    files = watched_files(request)
    data = data_files(request)
    stamps: tuple[Stamp, ...] | None = None
    digests: tuple[str | None, ...] | None = None
    done = 0
    while renders is None or done < renders:
        now = tuple(stamp(path) for path in files)
        if now == stamps:
            time.sleep(POLL_SECONDS)
            continue
        if stamps is not None:
            now = settled_stamps(files, now)
        contents = digests_of(files, now, stamps, digests)
        stamps = now  # taken before reading: a change during the render renders again
        if contents == digests:
            continue  # saved again unchanged, or touched
        changed = (
            () if digests is None else tuple(p for p, a, b in zip(files, digests, contents, strict=True) if a != b)
        )
        digests = contents
        report(render_once(session, request, data_version=_of(data, files, contents), changed=changed))
        done += 1


def render_once(
    session: RenderSession, request: Request, data_version: Hashable, changed: tuple[Path, ...] = ()
) -> Rendered:
    """One render of the loop, timed; an error an analyst can cause is returned, not raised."""
    from reactlib.errors import ReactlibError
    from reactlib.render.pipeline import render

    start = time.perf_counter()
    # Each render shows its warnings again (a filter changed forgets which were shown).
    with warnings.catch_warnings():
        warnings.simplefilter("default", ReactlibWarning)
        try:
            files = render(request, session, data_version)
        except (ReactlibError, OSError) as error:
            return Rendered(time.perf_counter() - start, error=error, changed=changed)
    return Rendered(time.perf_counter() - start, files=files, changed=changed)


__all__ = ["Rendered", "render_once", "watch", "watched_files"]
