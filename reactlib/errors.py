"""Every error reactlib raises on purpose, and how a message about a problem is written.

Each error class derives from `ReactlibError`: the command line turns any of them into a short
message and exit code 1, never a traceback. Messages are bounded (a line is cut, a list is
shortened), whatever a file holds, and never carry a client code, case id or free text.
`Problem` is one thing wrong with an input file; `InvalidDataError` carries all of a file's.
It imports nothing of reactlib's: every stage may import it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The longest line a message shows, and the most lines it lists.
MAX_LINE_CHARS = 300
MAX_LINES = 20


class ReactlibError(Exception):
    """An error reactlib raises on purpose; its message is bounded and says what to do."""

    def __init__(self, message: str = "") -> None:
        super().__init__(bound_message(message))


def bound_message(message: str) -> str:
    """Cut each line to `MAX_LINE_CHARS` (keeping both ends) and list at most `MAX_LINES` lines.

    >>> bound_message("a.yaml: contact: " + "x" * 1000 + ": must be text")[-20:]
    'xxxxxx: must be text'
    >>> len(bound_message("y" * 10_000)) <= MAX_LINE_CHARS
    True
    """
    lines = message.split("\n")
    shown = [_bound_line(line) for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown.append(f"… and {len(lines) - MAX_LINES} more")
    return "\n".join(shown)


def _bound_line(line: str) -> str:
    if len(line) <= MAX_LINE_CHARS:
        return line
    # Both ends matter: the file and key lead, what is wrong comes last.
    half = (MAX_LINE_CHARS - 3) // 2
    return f"{line[:half]} … {line[-half:]}"


class UsageError(ReactlibError):
    """A problem with the command's arguments or settings files."""


class SettingsError(ReactlibError, ValueError):
    """A settings file (a column map, a batch file, report settings) that cannot be used."""


class PeriodError(ReactlibError, ValueError):
    """A period or scope that cannot be used."""


class ParameterError(ReactlibError, ValueError):
    """Report parameters that cannot be used; the message names each parameter at fault."""


class ProvenanceError(ReactlibError, ValueError):
    """A provenance input that cannot be used (e.g. a malformed ``SOURCE_DATE_EPOCH``)."""


class RenderError(ReactlibError):
    """A report could not be rendered; the message says which step and why."""


class CellError(RenderError):
    """A notebook cell raised an exception."""

    def __init__(self, section: str, ename: str, evalue: str) -> None:
        self.section, self.ename, self.evalue = section, ename, evalue
        super().__init__(f"the report section {section!r} failed: {ename}: {evalue}")

    @property
    def without_value(self) -> str:
        """The message without the exception's value, which may quote the data: for shared logs."""
        return (
            f"the report section {self.section!r} failed: {self.ename}; "
            "`reactlib report` on this report shows the error"
        )


class PublishError(RenderError):
    """A report folder that cannot be made or written."""


class KernelError(ReactlibError, RuntimeError):
    """A kernel that cannot be started, reset or reached."""


class KernelDied(KernelError):
    """The kernel's process ended while it was being reset: a new kernel can take its place."""


class ProtectionError(ReactlibError):
    """A publication whose disclosure control does not hold: it is refused, nothing is published."""


class OutputError(ReactlibError):
    """The output folder cannot be used: not a folder, not writable, or in use by another batch."""


# Problems in input data ---------------------------------------------------------------------

#: How much of an offending value a message shows: enough to find it, not a whole paragraph.
VALUE_PREVIEW_CHARS = 40


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    Parameters
    ----------
    row
        Row number as a spreadsheet shows it (the header is row 1); ``None`` for the whole file.
    column
        The input column, as named in the file; ``None`` for the whole file.
    value
        The offending value as it may be shown (pseudonymous codes are never put here).
    message
        What is wrong and, where possible, how to put it right.
    """

    row: int | None
    column: str | None
    value: str | None
    message: str

    def describe(self, file_name: str) -> str:
        """One line naming file, row, column and value.

        >>> Problem(7, "age", "130", "must be 0 to 120").describe("cases.csv")
        "cases.csv, row 7, column 'age', value '130': must be 0 to 120"
        """
        parts = [file_name]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {preview(self.column)!r}")
        if self.value is not None:
            parts.append(f"value {preview(self.value)!r}")
        return f"{', '.join(parts)}: {self.message}"


def preview(value: str) -> str:
    """Shorten a value for a message."""
    value = str(value)
    if len(value) <= VALUE_PREVIEW_CHARS:
        return value
    return value[: VALUE_PREVIEW_CHARS - 1] + "…"


class InvalidDataError(ReactlibError, ValueError):
    """The input file breaks the data contract; ``problems`` lists every problem found."""

    def __init__(self, file_name: str, problems: Iterable[Problem]) -> None:
        self.file_name = file_name
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.message))
        )
        super().__init__(format_problems(file_name, self.problems, limit=20))


def format_problems(file_name: str, problems: Sequence[Problem], limit: int | None = None) -> str:
    """A readable table of problems: a count line, then one line each (up to ``limit``)."""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    shown = problems if limit is None else problems[:limit]
    lines = [f"{file_name}: {count} {noun}"]
    width = max((len(str(p.row)) for p in shown if p.row is not None), default=1)
    for problem in shown:
        where = "file" if problem.row is None else f"row {problem.row:>{width}}"
        column = preview(problem.column or "")  # a header may be as long as a whole line
        value = "" if problem.value is None else repr(preview(problem.value))
        lines.append(f"  {where:<{width + 4}}  {column:<20} {value:<24} {problem.message}".rstrip())
    if len(shown) < count:
        lines.append(f"  … and {count - len(shown)} more")
    return "\n".join(lines)


# Errors the system gives about files and folders -------------------------------------------------


def describe_os_error(error: OSError) -> str:
    """``error`` as "path: reason", without the errno noise, e.g. "out/x: Permission denied".

    A file where a folder is needed is named: the system's words for it ("File exists", "Not a
    directory") do not say which part of the path is wrong.
    """
    reason = error.strerror or type(error).__name__
    if error.filename is None:
        return reason
    path = Path(os.fsdecode(error.filename))
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    return f"{path}: {reason}"
