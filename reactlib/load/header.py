"""The header row: which row of a file (or sheet) names the columns, and which contract column each is.

A header cell names a contract column when it is the column's name (any case, blanks around
ignored) or a header the column map gives a name to. Exports put title rows above the header
("Выгрузка случаев, 2023"); the header is the row among the first `MAX_TITLE_ROWS` + 1 that
names the most contract columns, the first of them on a tie, unless ``--header-row`` says which.

Headers that name no contract column are counted, never shown: in a file that lost its header
row they are the first case's cells.

Examples
--------
>>> header = HeaderMap({"Пол": "gender"})
>>> header.names(["case_id", " Пол ", "notes"])
{'case_id': 0, 'gender': 1}
>>> header.best_row([["Выгрузка случаев"], ["", ""], ["case_id", "client_id", "Пол"]])
2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reactlib.contract.schema import COLUMNS_BY_NAME, REQUIRED_COLUMNS
from reactlib.errors import Problem, preview

#: How many title rows above the header are looked through for it.
MAX_TITLE_ROWS = 30
#: The furthest row ``--header-row`` may name.
MAX_HEADER_ROW = 100
#: The widest header read: a case file has 19 contract columns and an export a few dozen more.
MAX_COLUMNS = 1000


class HeaderMap:
    """How a file's header cells name contract columns, with an optional column map (header → column)."""

    def __init__(self, column_map: Mapping[str, str] | None = None) -> None:
        self.column_map = dict(column_map or {})
        self._stripped_map = {source.strip(): target for source, target in self.column_map.items()}

    def name_of(self, cell: object) -> str | None:
        """The contract column ``cell`` names, if any."""
        text = "" if cell is None else str(cell).strip()
        name = self._stripped_map.get(text, text.lower())
        return name if name in COLUMNS_BY_NAME else None

    def names(self, cells: Sequence[object]) -> dict[str, int]:
        """Contract column → the position of the first header cell that names it."""
        found: dict[str, int] = {}
        for position, cell in enumerate(cells):
            name = self.name_of(cell)
            if name is not None and name not in found:
                found[name] = position
        return found

    def column_name(self, cells: Sequence[object], position: int) -> str:
        """How a message names the column at ``position``: its header when it names a contract column.

        Another header may be anything (a case's cell, in a file that lost its header row): it is
        counted, never shown.

        >>> HeaderMap().column_name(["case_id", "CLIENT-0042"], 0), HeaderMap().column_name(["case_id", "CLIENT-0042"], 1)
        ('case_id', 'column 2')
        """
        cell = cells[position] if position < len(cells) else None
        return str(cell).strip() if self.name_of(cell) is not None else f"column {position + 1}"

    def score(self, cells: Sequence[object]) -> int:
        """How many contract columns ``cells`` name: how much the row looks like the header."""
        return len(self.names(cells))

    def best_row(self, rows: Sequence[Sequence[object]]) -> int:
        """The index of the row that names the most contract columns (the first on a tie; 0 if none does)."""
        scores = [self.score(row) for row in rows[: MAX_TITLE_ROWS + 1]]
        return max(range(len(scores)), key=lambda index: (scores[index], -index)) if scores else 0

    def problems(self, cells: Sequence[object], row: int, hint: str = "") -> list[Problem]:
        """What keeps ``cells`` (the header, in spreadsheet row ``row``) from giving the contract's required columns.

        ``hint`` ends the last message: where a better header was found, or an encoding that reads one.
        """
        problems: list[Problem] = []
        headers = {str(cell).strip() for cell in cells if cell is not None}
        wrong_targets = [(s, t) for s, t in self.column_map.items() if t not in COLUMNS_BY_NAME]
        problems += [Problem(row, s, t, "the column map names no contract column") for s, t in wrong_targets]
        lacking = [s for s, t in self.column_map.items() if t in COLUMNS_BY_NAME and s.strip() not in headers]
        names = self.names(cells)
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        if lacking:
            problems.append(_lacking_problem(lacking, row))
        if missing:
            problems.append(_missing_columns_problem(missing, list(names), cells, row))
        if problems and hint:
            last = problems[-1]
            problems[-1] = Problem(last.row, last.column, last.value, last.message + hint)
        return problems

    def better_header(self, rows: Sequence[Sequence[object]], than: Sequence[object]) -> tuple[int, int] | None:
        """The row (index) of ``rows`` that names more contract columns than ``than`` does, and how many; None if none."""
        if not rows:
            return None
        best = self.best_row(rows)
        score = self.score(rows[best])
        return (best, score) if score > self.score(than) else None


def _lacking_problem(lacking: list[str], row: int) -> Problem:
    """One problem for every header the column map names but the header row lacks (the map's own words)."""
    shown = ", ".join(repr(preview(source)) for source in lacking[:3])
    more = f" and {len(lacking) - 3} more" if len(lacking) > 3 else ""
    noun = "a header" if len(lacking) == 1 else f"{len(lacking)} headers"
    return Problem(row, None, None, f"the column map names {noun} that row {row} lacks: {shown}{more}")


def _missing_columns_problem(missing: list[str], known: list[str], cells: Sequence[object], row: int) -> Problem:
    """One problem naming every missing required column, and no header outside the contract."""
    others = len(cells) - len(known)
    if not known:
        filled = any(cell is not None and str(cell).strip() for cell in cells)
        what = f"holds no known column names ({_count(others, 'cell')}, not shown: they may be case data)"
        return Problem(
            row, None, None,
            f"this row, read as the header, {what if filled else 'is empty'}; the file needs a header row naming "
            f"its columns: {', '.join(REQUIRED_COLUMNS)} and any optional ones, "
            "or a --column-map for an export with other headers",
        )  # fmt: skip
    noun = "column is" if len(missing) == 1 else "columns are"
    return Problem(
        row, None, None,
        f"required {noun} missing: {', '.join(missing)} (the header names {', '.join(known)}, "
        f"and {_count(others, 'other column')}, not shown); rename the headers or pass a --column-map",
    )  # fmt: skip


def too_wide_problem(row: int, columns: int, at_least: bool = False) -> Problem:
    """The header row has more than `MAX_COLUMNS` columns: the file is not read further."""
    counted = f"at least {columns:,}" if at_least else f"{columns:,}"
    return Problem(
        row, None, None,
        f"the header row has {counted} columns; a case file has at most {MAX_COLUMNS:,} "
        "(the contract's 19 and an export's own): is this the case file?",
    )  # fmt: skip


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
