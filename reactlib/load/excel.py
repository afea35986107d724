"""Reading an XLSX export: which sheet, which header row, and each cell as the spreadsheet stored it.

A workbook of an NGO may hold instructions, the cases and lists of codes, in any order, with title
rows above the header. Without ``--sheet``, the sheet read is the one whose header (found below
any title rows as `reactlib.load.header` finds it) names the most contract columns; on a tie the
sheet named ``cases``, then the first. The workbook is read with openpyxl in read-only mode, row
by row, no wider than the header.

Cells keep what the spreadsheet stored: a date cell is a date (whatever the date format of the
rest of the column), a number is written as a number is (``30``, not ``30.0``). A formula cell
whose value was never saved (the file was written by a program, not saved by a spreadsheet) has
no value to read: it is named as such, never read as empty.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from reactlib.errors import InvalidDataError, Problem, preview
from reactlib.load.header import MAX_COLUMNS, MAX_HEADER_ROW, MAX_TITLE_ROWS, HeaderMap, too_wide_problem
from reactlib.load.options import ReadOptions
from reactlib.load.table import RawTable, frame_table

#: The sheet read when several name the contract's columns equally well.
PREFERRED_SHEET = "cases"
#: A formula element in a worksheet's XML (``<f>…</f>``, ``<x:f …/>``).
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
FORMULA_WITHOUT_VALUE = (
    "holds a formula whose value was never saved (the file was not saved by a spreadsheet program): "
    "open it in Excel or LibreOffice and save it, or paste the values"
)


def read_excel(path: Path, header_map: HeaderMap, options: ReadOptions) -> RawTable:
    """Read the case sheet of an XLSX workbook; raise `InvalidDataError` for one that cannot be read."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for a damaged workbook
        message = f"cannot be opened as XLSX: {type(error).__name__}"
        raise InvalidDataError(path.name, [Problem(None, None, None, message)]) from None
    try:
        names = list(workbook.sheetnames)
        heads = {name: list(_rows(workbook[name], max_row=MAX_HEADER_ROW)) for name in names}
        sheet = _sheet(path.name, names, heads, header_map, options.sheet)
        head = heads[sheet]
        index = _header_index(path.name, sheet, head, header_map, options.header_row)
        header_row = index + 1
        header = _trimmed(head[index] if index < len(head) else [])
        where = f"{path.name} [sheet {sheet!r} of {', '.join(map(repr, names))}" + (
            f"; header row {header_row}]" if header_row != 1 else "]"
        )
        if len(header) > MAX_COLUMNS:
            raise InvalidDataError(where, [too_wide_problem(header_row, len(header), at_least=True)])
        if header_map.problems(header, header_row):
            hint = _hint(names, heads, header_map, header, sheet)
            raise InvalidDataError(where, header_map.problems(header, header_row, hint))
        columns: list[list[object]] = [[] for _ in header]
        empty: list[list[int]] = [[] for _ in header]
        for position, row in enumerate(_rows(workbook[sheet], min_row=header_row + 1, max_col=len(header))):
            for index_, cell in enumerate(row):
                value = _cell(cell)
                columns[index_].append(value)
                if cell is None:
                    empty[index_].append(position)
    finally:
        workbook.close()
    frame = pd.DataFrame({i: pd.Series(values, dtype=object) for i, values in enumerate(columns)})
    unreadable = _formulas_without_value(path, sheet, header_row, len(header), empty)
    notes = (f"sheet {sheet!r}",) + ((f"header in row {header_row}",) if header_row != 1 else ())
    return frame_table(frame, header, header_row, where, header_map, notes, unreadable)


def _rows(sheet, min_row: int = 1, max_row: int | None = None, max_col: int = MAX_COLUMNS + 1) -> Iterator[tuple]:
    """The sheet's rows of values, each exactly ``max_col`` wide once past its first row."""
    for row in sheet.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True):
        yield tuple(row) + (None,) * (max_col - len(row)) if len(row) < max_col else tuple(row)


def _trimmed(row: Sequence[object]) -> list[object]:
    """``row`` without its empty cells at the end."""
    cells = list(row)
    while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
        cells.pop()
    return cells


def _sheet(file_name: str, names: list[str], heads: dict, header_map: HeaderMap, given: str | None) -> str:
    """The sheet to read: ``given`` (any case), else the one whose header names the most contract columns."""
    if given is not None:
        by_key = {name.strip().casefold(): name for name in names}
        if (found := by_key.get(given.strip().casefold())) is None:
            listed = ", ".join(repr(preview(name)) for name in names)
            raise InvalidDataError(
                file_name, [Problem(None, None, given, f"--sheet: no such sheet (the sheets: {listed})")]
            )
        return found

    def rank(name: str) -> tuple[int, bool, int]:
        score = max(map(header_map.score, heads[name]), default=0)
        return score, name.strip().casefold() == PREFERRED_SHEET, -names.index(name)

    if not names:
        raise InvalidDataError(file_name, [Problem(None, None, None, "the workbook has no sheet")])
    return max(names, key=rank)


def _header_index(file_name: str, sheet: str, head: list, header_map: HeaderMap, header_row: int | None) -> int:
    if header_row is None:
        return header_map.best_row(head)
    if header_row < 1:
        raise InvalidDataError(file_name, [Problem(None, None, str(header_row), "--header-row counts from 1")])
    if header_row > len(head):
        message = f"--header-row: sheet {preview(sheet)!r} has {len(head)} rows (a header is looked for in the first {MAX_HEADER_ROW})"
        raise InvalidDataError(file_name, [Problem(None, None, str(header_row), message)])
    return header_row - 1


def _hint(names: list[str], heads: dict, header_map: HeaderMap, header: list[object], sheet: str) -> str:
    """Where a header naming more contract columns is (``sheet``'s own first), e.g. when --header-row named another."""
    better = []
    for name in names:
        if (found := header_map.better_header(heads[name], header)) is not None:
            index, score = found
            better.append((score, name == sheet, -names.index(name), name, index))
    if not better:
        sheets = ", ".join(repr(preview(name)) for name in names[:10])
        return f"; no row among the first {MAX_TITLE_ROWS + 1} of any sheet ({sheets}) names a contract column"
    score, _, _, sheet, index = max(better)
    return (
        f"; row {index + 1} of sheet {preview(sheet)!r} names {score} of the contract's columns: "
        f"pass --sheet {preview(sheet)!r} --header-row {index + 1}, or leave both out"
    )


def _cell(value: object) -> object:
    """A cell as the loader reads it: text, or a date the spreadsheet stored as a date."""
    if value is None:
        return ""
    if isinstance(value, str | dt.date):  # datetime is a date too
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _formulas_without_value(
    path: Path, sheet: str, header_row: int, width: int, empty: list[list[int]]
) -> dict[int, tuple[str, np.ndarray]]:
    """Column index → positions of the cells that read empty because they hold a formula without a saved value.

    The workbook is read a second time, for formulas, only when one of its worksheets holds any.
    """
    if not any(empty) or not _has_formulas(path):
        return {}
    import openpyxl

    found: dict[int, list[int]] = {}
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    try:
        rows = workbook[sheet].iter_rows(min_row=header_row + 1, max_col=width)
        wanted = [set(cells) for cells in empty]
        for position, row in enumerate(rows):
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f" and position in wanted[index]:
                    found.setdefault(index, []).append(position)
    finally:
        workbook.close()
    return {index: (FORMULA_WITHOUT_VALUE, np.array(cells)) for index, cells in found.items()}


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (its XML, read in chunks)."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                with archive.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        if _FORMULA.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False
