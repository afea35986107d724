"""Problems found in input data, and the error that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


class InvalidDataError(ValueError):
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
