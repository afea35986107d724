"""Every error reactlib raises on purpose, and how a message about a problem is written.

Each error class derives from `ReactlibError`: the command line turns any of them into a short
message and exit code 1, never a traceback; a `ReactlibWarning` says something and lets the
command go on. Messages are bounded (a line is cut, a list is
shortened), whatever a file holds, and never carry a client code, case id or free text.
`Problem` is one thing wrong with an input file; `InvalidDataError` carries all of a file's.
It imports nothing of reactlib's: every stage may import it.
"""

from __future__ import annotations

import functools
import heapq
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a loader passes arrays; nothing of numpy is imported to run
    from numpy.typing import NDArray

#: The longest line a message shows, and the most lines it lists.
MAX_LINE_CHARS = 300
MAX_LINES = 20


class ReactlibError(Exception):
    """An error reactlib raises on purpose; its message is bounded and says what to do."""

    #: The most lines of its message.
    max_lines = MAX_LINES

    def __init__(self, message: str = "") -> None:
        super().__init__(bound_message(message, self.max_lines))


def bound_message(message: str, max_lines: int = MAX_LINES) -> str:
    """Cut each line to `MAX_LINE_CHARS` (keeping both ends) and list at most `MAX_LINES` lines.

    >>> bound_message("a.yaml: contact: " + "x" * 1000 + ": must be text")[-20:]
    'xxxxxx: must be text'
    >>> len(bound_message("y" * 10_000)) <= MAX_LINE_CHARS
    True
    """
    lines = message.split("\n")
    shown = [_bound_line(line) for line in lines[:max_lines]]
    if len(lines) > max_lines:
        shown.append(f"… and {len(lines) - max_lines} more")
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
        """The message without the exception's value, which may quote the data: for shared logs.

        A batch adds how to see the whole error (`reactlib.batch.run`), which depends on its protection.
        """
        return f"the report section {self.section!r} failed: {self.ename}"


class PublishError(RenderError):
    """A report folder that cannot be made or written."""


class KernelError(ReactlibError, RuntimeError):
    """A kernel that cannot be started, reset or reached."""


class KernelDied(KernelError):
    """The kernel's process ended while it was being reset: a new kernel can take its place."""


class DiffError(ReactlibError):
    """Two renders that cannot be compared (`reactlib diff`); the message says why."""


class ProtectionError(ReactlibError):
    """A publication whose disclosure control does not hold: it is refused, nothing is published."""


class OutputError(ReactlibError):
    """The output folder cannot be used: not a folder, not writable, or in use by another command."""


class ReactlibWarning(UserWarning):
    """Something read in a way the user should know of; the command goes on. Its message is bounded.

    The command line prints it as ``reactlib: warning: …``; elsewhere (a notebook) it is an
    ordinary Python warning.
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(bound_message(message))


# Problems in input data ---------------------------------------------------------------------

#: How much of an offending value a message shows: enough to find it, not a whole paragraph.
VALUE_PREVIEW_CHARS = 40
#: The most lines a message about a file's problems has: the count line, one line per kind of
#: problem, and a last line counting the kinds left out. ``--all-problems FILE`` writes them all.
MAX_PROBLEM_LINES = 40
#: How many rows a line about several rows names before it counts the rest.
ROWS_NAMED = 5


class Described(str):
    """What stands in a message for a cell that may not be shown: its kind and length, never its text.

    A cell that does not look like a value of its column (a code, a label, a date, a number) may
    be a client code or a piece of a description, so it is described, never quoted.

    >>> describe_cell("HIV+ client beaten by police")
    'text of 28 characters'
    """

    __slots__ = ()


@functools.lru_cache(maxsize=1024)
def describe_text(length: int) -> Described:
    """The `Described` stand-in for text of ``length`` characters: one object per length, so a million cells cost little."""
    return Described("text of 1 character" if length == 1 else f"text of {length:,} characters")


def describe_cell(value: object) -> Described:
    """The `Described` stand-in for ``value``."""
    return describe_text(len(str(value)))


def shown_value(value: str | None) -> str:
    """How a problem's value appears in a message: quoted and shortened, or its description as it is.

    >>> shown_value("femal"), shown_value(describe_cell("CLIENT-0042")), shown_value(None)
    ("'femal'", 'text of 11 characters', '')
    """
    if value is None:
        return ""
    if isinstance(value, Described):
        return str(value)
    return repr(preview(value))


def preview(value: str) -> str:
    """Shorten a value for a message."""
    value = str(value)
    if len(value) <= VALUE_PREVIEW_CHARS:
        return value
    return value[: VALUE_PREVIEW_CHARS - 1] + "…"


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
        The offending value as it may be shown (a `Described` for a cell that may not be shown;
        pseudonymous codes are never put here).
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
        >>> Problem(2, "gender", describe_cell("AB-12"), "unknown gender code").describe("cases.csv")
        "cases.csv, row 2, column 'gender', value (text of 5 characters): unknown gender code"
        """
        parts = [file_name]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {preview(self.column)!r}")
        if isinstance(self.value, Described):
            parts.append(f"value ({self.value})")
        elif self.value is not None:
            parts.append(f"value {preview(self.value)!r}")
        return f"{', '.join(parts)}: {self.message}"


@dataclass(frozen=True)
class ProblemGroup:
    """Cells of one column with one problem: a single line of a message, however many rows.

    ``rows`` (ascending) and ``values`` (each row's value as it may be shown, see `Problem`) run
    in parallel; a loader passes arrays, so that a million bad cells cost two arrays, not a
    million objects. A problem of the whole file has no rows and one value.
    """

    column: str | None
    message: str
    rows: Sequence[int] | NDArray
    values: Sequence[str | None] | NDArray

    def __len__(self) -> int:
        return len(self.rows)

    def problems(self) -> Iterator[Problem]:
        """Each cell as a `Problem`, in row order."""
        for row, value in zip(self.rows, self.values, strict=True):
            yield Problem(int(row), self.column, value, self.message)

    @property
    def first_row(self) -> int | None:
        return int(self.rows[0]) if len(self.rows) else None


def group_problems(problems: Iterable[Problem | ProblemGroup]) -> list[ProblemGroup]:
    """Problems of one kind (column and message) as one group each, groups in order of their first row.

    >>> groups = group_problems([Problem(3, "age", "x", "bad"), Problem(2, "age", "y", "bad")])
    >>> [(g.column, list(g.rows), list(g.values)) for g in groups]
    [('age', [2, 3], ['y', 'x'])]
    """
    singles: dict[tuple[str | None, str], list[Problem]] = {}
    groups: list[ProblemGroup] = []
    for problem in problems:
        if isinstance(problem, ProblemGroup):
            if len(problem):
                groups.append(problem)
        elif problem.row is None:
            groups.append(ProblemGroup(problem.column, problem.message, (), (problem.value,)))
        else:
            singles.setdefault((problem.column, problem.message), []).append(problem)
    for (column, message), found in singles.items():
        found.sort(key=lambda p: p.row or 0)
        groups.append(ProblemGroup(column, message, [p.row or 0 for p in found], [p.value for p in found]))
    return sorted(groups, key=lambda g: (g.first_row or 0, g.column or "", g.message))


class InvalidDataError(ReactlibError, ValueError):
    """The input file breaks the data contract; ``groups`` holds every problem found, by kind.

    Its message names each kind of problem once (`format_problems`), in at most
    `MAX_PROBLEM_LINES` lines; ``problems`` lists every cell, `write_problems` writes them all.
    """

    max_lines = MAX_PROBLEM_LINES

    def __init__(self, file_name: str, problems: Iterable[Problem | ProblemGroup]) -> None:
        self.file_name = file_name
        self.groups: tuple[ProblemGroup, ...] = tuple(group_problems(problems))
        super().__init__(format_problems(file_name, self.groups))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem, one per cell, by row (the whole file's first)."""
        return tuple(_every_problem(self.groups))

    def write_problems(self, path: Path) -> int:
        """Write every problem to ``path``, one line each as `Problem.describe` gives it; return how many."""
        count = 0
        with Path(path).open("w", encoding="utf-8") as stream:
            for problem in _every_problem(self.groups):
                stream.write(_bound_line(problem.describe(self.file_name)) + "\n")
                count += 1
        return count


def _every_problem(groups: Iterable[ProblemGroup]) -> Iterator[Problem]:
    """The problems of ``groups`` merged by row, without holding them all at once."""
    whole_file = [g for g in groups if not len(g)]
    for group in whole_file:
        yield Problem(None, group.column, group.values[0] if len(group.values) else None, group.message)
    by_row = [group.problems() for group in groups if len(group)]
    yield from heapq.merge(*by_row, key=lambda p: (p.row or 0, p.column or "", p.message))


def format_problems(file_name: str, groups: Sequence[ProblemGroup], footer: str = "") -> str:
    """A count line, then one line per kind of problem, at most `MAX_PROBLEM_LINES` lines in all.

    A problem of one row is a table line (row, column, value, message); a problem of several
    rows names how many, the first few, and one of them as an example. ``footer``, when given,
    ends the message (e.g. how to get every problem), within the bound.

    >>> print(format_problems("cases.csv", group_problems(
    ...     [Problem(r, "age", "x", "must be a number") for r in (4, 2, 3)] + [Problem(7, "age", "130", "too old")]
    ... )))
    cases.csv: 4 problems
      3 rows (2, 3, 4)  age  e.g. row 2: 'x'  must be a number
      row 7  age                  '130'                    too old
    """
    count = sum(max(len(group), 1) for group in groups)
    lines = [f"{file_name}: {count:,} {'problem' if count == 1 else 'problems'}"]
    room = MAX_PROBLEM_LINES - 1 - (1 if footer else 0)
    shown = groups if len(groups) <= room else groups[: room - 1]
    width = max((len(str(g.first_row)) for g in shown if len(g) == 1), default=1)
    for group in shown:
        lines.append(_problem_line(group, width))
    if len(shown) < len(groups):
        left = groups[len(shown) :]
        cells = sum(max(len(group), 1) for group in left)
        lines.append(f"  … and {len(left):,} more kinds of problem, in {cells:,} cells")
    if footer:
        lines.append(footer)
    return "\n".join(lines)


def _problem_line(group: ProblemGroup, width: int) -> str:
    column = preview(group.column or "")  # a header may be as long as a whole line
    if len(group) <= 1:
        where = "file" if group.first_row is None else f"row {group.first_row:>{width}}"
        value = shown_value(group.values[0] if len(group.values) else None)
        if not column and not value:  # a problem of a whole row or of the file: no empty columns to align
            return f"  {where:<{width + 4}}  {group.message}"
        return f"  {where:<{width + 4}}  {column:<20} {value:<24} {group.message}".rstrip()
    named = ", ".join(str(int(row)) for row in group.rows[:ROWS_NAMED])
    more = ", …" if len(group) > ROWS_NAMED else ""
    value = shown_value(group.values[0])
    example = f"  e.g. row {group.first_row}: {value}" if value else ""
    return f"  {len(group):,} rows ({named}{more})  {column}{example}  {group.message}"


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
