"""What every reader returns: the contract's columns of a file, each row with its spreadsheet row number.

A reader (`reactlib.load.csv_file`, `reactlib.load.excel`, `reactlib.load.read` for Parquet)
finds the header and reads the rows; the helpers here finish the job the same way for all of
them: cells longer than a spreadsheet's are refused, blank rows are skipped and counted, and
only the columns the header names (through the column map) are kept, under their contract names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reactlib.contract.schema import COLUMNS_BY_NAME, Kind
from reactlib.errors import InvalidDataError, Problem, ProblemGroup, describe_text
from reactlib.load.header import HeaderMap

#: The longest cell read: a spreadsheet's (Excel's) own limit. A longer one is a document pasted
#: into a cell, or a quote left open that swallowed the rows below.
MAX_CELL_CHARS = 32_767


@dataclass(frozen=True)
class RawTable:
    """A file's case rows as read, before validation.

    ``frame`` holds the contract columns the header names (text, or a spreadsheet's own dates
    and numbers), ``rows`` each row's number as a spreadsheet shows it, ``file_header`` each
    contract column's header as the file writes it. Blank rows are left out and counted.
    """

    frame: pd.DataFrame
    rows: np.ndarray
    where: str  # the file (and sheet and header row, when not the obvious ones) for messages
    file_header: dict[str, str]
    blank_rows: int = 0
    notes: tuple[str, ...] = ()  # how the file was read, for `reactlib validate`
    #: Cells to be named as a problem rather than read (e.g. a formula without a value): column → positions.
    unreadable: Mapping[str, tuple[str, np.ndarray]] = field(default_factory=dict)


def arrow_table(
    table: pa.Table,
    header: Sequence[object],
    header_row: int,
    where: str,
    header_map: HeaderMap,
    skipped: Sequence[int] = (),
    notes: tuple[str, ...] = (),
) -> RawTable:
    """A `RawTable` from the pyarrow table of every column below the header.

    ``skipped`` are the indices, among the records below the header, of blank records that the
    table lacks (they had another number of cells); they are counted as blank rows.
    """
    names = _read_columns(header_map, header)
    records = record_indices(table.num_rows, skipped)
    text_columns = {i: column for i, column in enumerate(table.columns) if _is_text(column.type)}
    _refuse_long_cells(where, header_map, header, header_row, records, text_columns)
    blank = blank_mask(table)
    keep = ~blank
    selected = table.select(list(names.values())).rename_columns(list(names))
    if not keep.all():
        selected = selected.filter(pa.array(keep))
    frame = selected.to_pandas()
    return _raw_table(
        frame, header_row + 1 + records[keep], where, header, names, int(blank.sum()) + len(skipped), notes
    )


def frame_table(
    frame: pd.DataFrame,
    header: Sequence[object],
    header_row: int,
    where: str,
    header_map: HeaderMap,
    notes: tuple[str, ...] = (),
    unreadable: Mapping[int, tuple[str, np.ndarray]] | None = None,
) -> RawTable:
    """A `RawTable` from a frame of every column below the header (columns by position), cells as read.

    ``unreadable`` names cells of a column (by position) that are problems rather than values.
    """
    names = _read_columns(header_map, header)
    texts = {i: frame.iloc[:, i] for i in range(frame.shape[1])}
    lengths = {i: column.map(lambda cell: len(cell) if isinstance(cell, str) else 0) for i, column in texts.items()}
    _refuse_long_lengths(
        where, header_map, header, header_row, np.arange(len(frame)), {i: n.to_numpy() for i, n in lengths.items()}
    )
    blank = np.ones(len(frame), dtype=bool)
    for column in texts.values():
        blank &= column.map(lambda cell: cell is None or (isinstance(cell, str) and not cell.strip())).to_numpy(bool)
    for _, cells in (unreadable or {}).values():
        blank[cells] = False  # a cell without its value is no empty cell
    keep = ~blank
    selected = frame.iloc[keep, list(names.values())].reset_index(drop=True)
    selected.columns = list(names)
    positions = np.flatnonzero(keep)
    kept_unreadable = {}
    for index, (message, cells) in (unreadable or {}).items():
        name = next((n for n, i in names.items() if i == index), None)
        if name is not None and len(cells):
            kept_unreadable[name] = (message, np.searchsorted(positions, cells))
    raw = _raw_table(selected, header_row + 1 + positions, where, header, names, int(blank.sum()), notes)
    return RawTable(raw.frame, raw.rows, raw.where, raw.file_header, raw.blank_rows, raw.notes, kept_unreadable)


def _read_columns(header_map: HeaderMap, header: Sequence[object]) -> dict[str, int]:
    """The contract columns the header names (position in the file), free text left out: it is never read further."""
    return {name: i for name, i in header_map.names(header).items() if COLUMNS_BY_NAME[name].kind is not Kind.FREE_TEXT}


def _raw_table(
    frame: pd.DataFrame,
    rows: np.ndarray,
    where: str,
    header: Sequence[object],
    names: Mapping[str, int],
    blank_rows: int,
    notes: tuple[str, ...],
) -> RawTable:
    if frame.empty:
        blanks = f" ({blank_rows:,} blank rows)" if blank_rows else ""
        raise InvalidDataError(where, [Problem(None, None, None, f"the file has a header but no cases{blanks}")])
    file_header = {name: str(header[position]) for name, position in names.items()}
    if blank_rows:
        notes = (*notes, f"{blank_rows:,} blank {'row' if blank_rows == 1 else 'rows'} skipped")
    return RawTable(frame.reset_index(drop=True), rows.astype(np.int64), where, file_header, blank_rows, notes)


def record_indices(rows: int, skipped: Sequence[int]) -> np.ndarray:
    """The index among all records below the header of each of ``rows`` rows, ``skipped`` records left out."""
    if not len(skipped):
        return np.arange(rows)
    every = np.arange(rows + len(skipped))
    return every[~np.isin(every, np.asarray(skipped))]


def _is_text(data_type: pa.DataType) -> bool:
    """Text, or a dictionary of text (a column of repeating values, as `reactlib.load.read` reads Parquet)."""
    if pa.types.is_dictionary(data_type):
        data_type = data_type.value_type
    return pa.types.is_string(data_type) or pa.types.is_large_string(data_type)


def _longest(column: pa.ChunkedArray) -> int:
    """The length of the longest text of ``column`` (of its distinct values, for a dictionary column)."""
    texts = [chunk.dictionary for chunk in column.chunks] if pa.types.is_dictionary(column.type) else [column]
    return max((pc.max(pc.utf8_length(text)).as_py() or 0 for text in texts), default=0)


def _per_cell(column: pa.ChunkedArray, compute: Callable[[pa.Array], pa.Array], missing: object) -> np.ndarray:
    """``compute`` of every cell of ``column`` as a numpy array, ``missing`` for a null cell.

    A dictionary column is computed once per distinct value, and each row takes its value's result.
    """
    if not pa.types.is_dictionary(column.type):
        return pc.fill_null(compute(column), missing).to_numpy(zero_copy_only=False)
    parts = [
        pc.fill_null(compute(chunk.dictionary).take(chunk.indices), missing).to_numpy(zero_copy_only=False)
        for chunk in column.chunks
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=type(missing))


def _refuse_long_cells(
    where: str,
    header_map: HeaderMap,
    header: Sequence[object],
    header_row: int,
    records: np.ndarray,
    columns: Mapping[int, pa.ChunkedArray],
) -> None:
    """Raise for cells of ``columns`` (pyarrow text, by header position) longer than `MAX_CELL_CHARS`."""
    long = {}
    for index, column in columns.items():
        if _longest(column) > MAX_CELL_CHARS:
            long[index] = _per_cell(column, pc.utf8_length, 0)
    _refuse_long_lengths(where, header_map, header, header_row, records, long)


def _refuse_long_lengths(
    where: str,
    header_map: HeaderMap,
    header: Sequence[object],
    header_row: int,
    records: np.ndarray,
    lengths: Mapping[int, np.ndarray],
) -> None:
    """Raise for every cell longer than `MAX_CELL_CHARS` (column index → each row's cell length), described, never shown."""
    problems = []
    for index, length in lengths.items():
        positions = np.flatnonzero(length > MAX_CELL_CHARS)
        if len(positions):
            problems.append(
                ProblemGroup(
                    header_map.column_name(header, index),
                    f"is longer than {MAX_CELL_CHARS:,} characters, a spreadsheet's most: a document pasted into "
                    'a cell, or a quote (") left open',
                    header_row + 1 + records[positions],
                    [describe_text(int(n)) for n in length[positions]],
                )
            )
    if problems:
        raise InvalidDataError(where, problems)


def blank_mask(table: pa.Table) -> np.ndarray:
    """Which rows of ``table`` are blank: every cell empty (or blanks only), or null.

    Each column is looked at only in the rows still blank so far: after a column every case
    fills (the case id), that is the few blank rows.
    """
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        cells = column if len(rows) == len(blank) else column.take(pa.array(rows))
        if _is_text(cells.type):
            blank[rows] = _per_cell(cells, lambda text: pc.match_substring_regex(text, r"^\s*$"), True)
        elif pa.types.is_binary(cells.type) or pa.types.is_large_binary(cells.type):
            blank[rows] = _per_cell(cells, lambda data: pc.equal(pc.binary_length(data), 0), True)
        else:
            blank[rows] = pc.fill_null(pc.is_null(cells), True).to_numpy(zero_copy_only=False)
    return blank
