"""Reading a CSV export: its encoding, delimiter and header row from its first megabyte, then its rows.

The first `HEAD_BYTES` are read with Python's `csv` module: which delimiter (``,``, ``;`` or a
tab) and which row (below any title rows, see `reactlib.load.header`) give the header that names
the most contract columns. A header wider than `~reactlib.load.header.MAX_COLUMNS` or a first row
longer than the head is refused there, in bounded time and memory, before the file is read.

A line longer than `BLOCK_BYTES` is refused next, found in the file's bytes chunk by chunk
without holding it. The rows are then read by pyarrow's CSV reader (through which pandas reads
CSV too), every column as text; a row with more or fewer cells than the header is caught, never
padded or cut. Only for a file whose rows do not fit its header is the file read again record by
record, to say which rows, how many cells they have, and where a quote was left open
(`structure_problems`); a quote left open in the last column, which swallows the rows below
without a cell too many, is found in the cells themselves. A row whose cells are all empty
(``;;;;``) is blank: skipped and counted, never an error.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from reactlib.errors import Described, InvalidDataError, Problem, ProblemGroup
from reactlib.load import encodings
from reactlib.load.header import MAX_COLUMNS, MAX_HEADER_ROW, MAX_TITLE_ROWS, HeaderMap, too_wide_problem
from reactlib.load.options import ReadOptions
from reactlib.load.table import MAX_CELL_CHARS, RawTable, arrow_table, record_indices

#: How much of the file is read to find its delimiter and header row.
HEAD_BYTES = 1 << 20
#: pyarrow reads the file in blocks of this size; a row longer than a block is refused.
BLOCK_BYTES = 4 << 20
#: The delimiters exports use: the contract's two, and a tab.
DELIMITERS = (",", ";", "\t")
#: The longest cell the `csv` module reads before it stops (its default limit): beyond it, a cell
#: is far longer than a spreadsheet's, or a quote was left open.
_FIELD_LIMIT = csv.field_size_limit()


@dataclass(frozen=True)
class _Head:
    """The complete records of the file's first megabyte, with the physical line each ends on."""

    records: list[list[str]]
    line_ends: list[int]
    problem: Problem | None  # a record the head cannot hold, or a cell too long for the csv module


def read_csv(path: Path, header_map: HeaderMap, options: ReadOptions) -> RawTable:
    """Read a CSV case file; raise `InvalidDataError` for one that cannot be read as its header says."""
    with path.open("rb") as stream:
        head_bytes = stream.read(HEAD_BYTES)
        truncated = bool(stream.read(1))
    if not head_bytes.strip():
        raise InvalidDataError(path.name, [Problem(None, None, None, "the file is empty")])
    encoding = encodings.file_encoding(path.name, head_bytes, options.encoding)
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head_bytes, final=not truncated)
    except UnicodeDecodeError:
        raise InvalidDataError(
            path.name, [encodings.undecodable_problem(path, encoding, bool(options.encoding))]
        ) from None
    if not text.strip():
        raise InvalidDataError(path.name, [Problem(None, None, None, "the file is empty")])
    delimiter, head = _delimiter_and_head(text, truncated, header_map)
    index = _header_index(path.name, head, header_map, options.header_row)
    header = head.records[index]
    if len(header) > MAX_COLUMNS:
        raise InvalidDataError(path.name, [too_wide_problem(index + 1, len(header))])
    header_row = index + 1
    where = path.name if header_row == 1 else f"{path.name} [header row {header_row}]"
    if header_map.problems(header, header_row):
        hint = _header_hint(head, header_map, header) or _encoding_hint(head_bytes, encoding, header_map, header)
        raise InvalidDataError(where, header_map.problems(header, header_row, hint))
    line_breaks = _line_breaks(path, encoding, where)
    given = options.encoding is not None
    table, misfits, failure = _read_rows(path, encoding, given, delimiter, head.line_ends[index], len(header), where)
    skipped: list[int] = []
    if misfits or failure:
        scan = structure_problems(path, encoding, delimiter, head.line_ends[index], header_map, header, header_row)
        if scan.problems:
            raise InvalidDataError(where, scan.problems)
        if failure:  # pyarrow's own words may quote a row: they are not shown
            message = 'cannot be read as CSV: its rows cannot be told apart; check its quotes (") and delimiters'
            raise InvalidDataError(where, [Problem(None, None, None, message)])
        skipped = scan.blank_records
    records = table.num_rows + len(skipped)
    if line_breaks is None or line_breaks > head.line_ends[index] + records:  # then a cell holds a line break
        if swallowed := _rows_read_into_a_cell(table, header_map, header, delimiter, header_row, skipped):
            raise InvalidDataError(where, swallowed)
    notes = [f"header in row {header_row}"] if header_row != 1 else []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"encoding {encoding}")
    return arrow_table(table, header, header_row, where, header_map, skipped, tuple(notes))


def _delimiter_and_head(text: str, truncated: bool, header_map: HeaderMap) -> tuple[str, _Head]:
    """The delimiter whose records name the most contract columns in one row (the first of `DELIMITERS` on a tie)."""
    heads = {delimiter: _parse_head(text, delimiter, truncated) for delimiter in DELIMITERS}

    def rank(delimiter: str) -> tuple[int, int]:
        records = heads[delimiter].records[: MAX_TITLE_ROWS + 1]
        best = max(records, key=header_map.score, default=[])
        return header_map.score(best), -DELIMITERS.index(delimiter)

    best = max(DELIMITERS, key=rank)
    if rank(best)[0] == 0:  # no header anywhere: the delimiter the first line uses most
        first_line = text.split("\n", 1)[0]
        best = max(DELIMITERS, key=lambda delimiter: (first_line.count(delimiter), -DELIMITERS.index(delimiter)))
    return best, heads[best]


def _parse_head(text: str, delimiter: str, truncated: bool) -> _Head:
    """The complete records of ``text`` (the last is dropped when the head is cut), at most a title's worth and more."""
    records: list[list[str]] = []
    line_ends: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problem = None
    try:
        for record in reader:
            records.append(record)
            line_ends.append(reader.line_num)
            if len(records) >= MAX_HEADER_ROW + 1:  # the header and a row below it, at the furthest
                truncated = False
                break
    except csv.Error:
        problem = Problem(
            len(records) + 1, None, None,
            f"holds a cell longer than {_FIELD_LIMIT:,} characters, or a quote (\") that is never closed",
        )  # fmt: skip
    if truncated and records:
        partial = records.pop()
        line_ends.pop()
        if not records:
            problem = problem or _first_row_too_long(partial)
    return _Head(records, line_ends, problem)


def _first_row_too_long(partial: list[str]) -> Problem:
    if len(partial) > MAX_COLUMNS:
        return too_wide_problem(1, len(partial), at_least=True)
    return Problem(1, None, None, f"the first row is longer than {HEAD_BYTES >> 20} MB: is this the case file?")


def _header_index(file_name: str, head: _Head, header_map: HeaderMap, header_row: int | None) -> int:
    """The index of the header record: ``header_row`` (1-based) when given, else the best."""
    if header_row is None:
        if not head.records:
            raise InvalidDataError(file_name, [head.problem or Problem(None, None, None, "the file is empty")])
        return header_map.best_row(head.records)
    if header_row < 1:
        raise InvalidDataError(file_name, [Problem(None, None, str(header_row), "--header-row counts from 1")])
    if header_row > len(head.records):
        problem = head.problem or Problem(
            None, None, str(header_row), f"--header-row: the file's first rows end at row {len(head.records)}"
        )
        raise InvalidDataError(file_name, [problem])
    return header_row - 1


def _header_hint(head: _Head, header_map: HeaderMap, header: list[str]) -> str:
    """When another of the first rows names more contract columns than the one read (as --header-row said): which."""
    better = header_map.better_header(head.records[: MAX_TITLE_ROWS + 1], header)
    if better is None:
        return ""
    index, score = better
    return f"; row {index + 1} names {score} of the contract's columns: pass --header-row {index + 1}, or leave it out"


def _encoding_hint(head: bytes, used: str, header_map: HeaderMap, header: list[str]) -> str:
    """When another encoding would read a header that names more contract columns: a hint naming it."""
    found = header_map.score(header)
    for encoding, text in encodings.other_readings(head, used):
        for delimiter in DELIMITERS:
            records = _parse_head(text, delimiter, truncated=True).records
            if records and max(map(header_map.score, records[: MAX_TITLE_ROWS + 1])) > found:
                what = "leave out --encoding" if encoding.startswith("utf-8") else f"pass --encoding {encoding}"
                return f"; read as {encoding.removesuffix('-sig')} (not {used}) the file has a header: {what}"
    return ""


def _read_rows(
    path: Path, encoding: str, given: bool, delimiter: str, skip_lines: int, width: int, where: str
) -> tuple[pa.Table, bool, bool]:
    """The rows below the header, every cell text; whether some row did not fit the header; whether pyarrow failed.

    A row with more or fewer cells than the header is skipped by pyarrow and noted here, so the
    caller can find out where it is (`structure_problems`).
    """
    names = [str(i) for i in range(width)]
    misfits = 0

    def misfit(_: object) -> str:
        nonlocal misfits
        misfits += 1
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
                skip_rows=skip_lines, column_names=names, block_size=BLOCK_BYTES,
                use_threads=False,  # as fast on two cores, and a block's buffers at a time, not one per thread
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=misfit,
            ),
            convert_options=pacsv.ConvertOptions(
                # large_string is what pandas' text columns hold: no copy when they are made
                column_types=dict.fromkeys(names, pa.large_string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )  # fmt: skip
    except UnicodeDecodeError:
        raise InvalidDataError(where, [encodings.undecodable_problem(path, encoding, given)]) from None
    except pa.ArrowInvalid as error:
        if "UTF8" in str(error):
            raise InvalidDataError(where, [encodings.undecodable_problem(path, encoding, given)]) from None
        empty = pa.table({name: pa.array([], pa.large_string()) for name in names})
        return empty, bool(misfits), True
    return table, bool(misfits), False


def _line_breaks(path: Path, encoding: str, where: str) -> int | None:
    """The file's line breaks, counted in its bytes by chunks; `InvalidDataError` at the first line longer than a block.

    A row longer than `BLOCK_BYTES` (a document in a cell, or a quote that ran over the rest of a
    line-less file) is refused here, before anything holds it. None for UTF-16 and UTF-32, whose
    line breaks are not single bytes.
    """
    if encoding.startswith(("utf-16", "utf-32")):
        return None
    breaks, line_length = 0, 0
    with path.open("rb") as stream:
        while chunk := stream.read(BLOCK_BYTES):
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == ord("\n"))
            lengths = np.diff(ends, prepend=-1) if len(ends) else np.array([], dtype=np.int64)
            if len(ends):
                lengths[0] += line_length
                line_length = len(chunk) - 1 - int(ends[-1])
            else:
                line_length += len(chunk)
            too_long = np.flatnonzero(lengths > BLOCK_BYTES)
            if len(too_long) or line_length > BLOCK_BYTES:
                line = breaks + (int(too_long[0]) if len(too_long) else len(ends)) + 1
                message = (
                    f"line {line:,} of the file is longer than {BLOCK_BYTES >> 20} MB, far longer than a row: "
                    'a cell holds a document, or a quote (") left open runs over the lines below'
                )
                raise InvalidDataError(where, [Problem(None, None, None, message)])
            breaks += len(ends)
    return breaks


def _rows_read_into_a_cell(
    table: pa.Table, header_map: HeaderMap, header: list[str], delimiter: str, header_row: int, skipped: list[int]
) -> list[ProblemGroup]:
    """Cells whose lines below the first hold a whole row's cells: a quote left open read the rows below into them.

    The rows are then missing from the table, without a cell too many to show it (when the quote
    opened in the last column, or its value ends the file), so they are looked for here.
    """
    width = len(header)
    if width < 2:
        return []
    row_in_a_line = rf"\n[^\n]*(?:{re.escape(delimiter)}[^\n]*){{{width - 1},}}"
    problems = []
    for index, column in enumerate(table.columns):
        if not pc.any(pc.match_substring(column, "\n")).as_py():
            continue
        found = pc.fill_null(pc.match_substring_regex(column, row_in_a_line), False).to_numpy(zero_copy_only=False)
        positions = np.flatnonzero(found)
        if len(positions):
            trimmed = pc.utf8_rtrim(column.take(pa.array(positions)), "\r\n")
            lines = pc.count_substring(trimmed, "\n").to_numpy(zero_copy_only=False) + 1
            records = record_indices(table.num_rows, skipped)
            problems.append(
                ProblemGroup(
                    header_map.column_name(header, index),
                    'a quote (") opens a value that is never closed: the rows below were read into this cell; '
                    "close the quote or remove it",
                    header_row + 1 + records[positions],
                    [Described(f"a value of {n} lines") for n in lines],
                )
            )
    return problems


@dataclass(frozen=True)
class StructureScan:
    """What reading a CSV file record by record found: rows that do not fit the header, and blank ones."""

    problems: list[Problem | ProblemGroup]
    blank_records: list[int]  # indices (below the header) of blank records with another number of cells


def structure_problems(
    path: Path,
    encoding: str,
    delimiter: str,
    skip_lines: int,
    header_map: HeaderMap,
    header: list[str],
    header_row: int,
) -> StructureScan:
    """Read the file record by record below its header: which rows have more or fewer cells than the header, and why.

    A row whose value holds line breaks and has the wrong number of cells had a quote (``"``)
    left open: the rows below were read into it. The message names the row, the column the quote
    opened in, and how many lines it ran over. A cell beyond the `csv` module's limit stops the scan.
    """
    width = len(header)
    more: list[tuple[int, int]] = []
    fewer: list[tuple[int, int]] = []
    quoted: list[tuple[int, str, int, int]] = []
    blank: list[int] = []
    problems: list[Problem | ProblemGroup] = []
    for index, record, lines, error in _records(path, encoding, delimiter, skip_lines):
        row = header_row + 1 + index
        if error:
            problems.append(Problem(row, None, None, error))
            break
        if len(record) == width or not record:  # an empty line is a (blank) row to pyarrow too
            continue
        if not any(cell.strip() for cell in record):
            blank.append(index)
        elif lines > 1 and any("\n" in cell for cell in record):
            opened = next(i for i, cell in enumerate(record) if "\n" in cell)
            quoted.append((row, header_map.column_name(header, opened), len(record), lines))
        else:
            (more if len(record) > width else fewer).append((row, len(record)))
    what = f"the header's {width}"
    if more:
        message = f"has more cells than {what}: a value holds an unquoted '{delimiter}', or the row is shifted"
        problems.append(_cells_group(None, message, more))
    if fewer:
        problems.append(
            _cells_group(None, f"has fewer cells than {what}: a cell is missing, or the row is shifted", fewer)
        )
    for row, column, cells, lines in quoted:
        problems.append(
            Problem(
                row, column, Described(f"{cells} cells over {lines} lines"),
                "a quote (\") opens a value that is not closed on its line, so the rows below were read into it: "
                "close the quote or remove it",
            )
        )  # fmt: skip
    return StructureScan(problems, blank)


def _records(path: Path, encoding: str, delimiter: str, skip_lines: int) -> Iterator[tuple[int, list[str], int, str]]:
    """(index, cells, lines spanned, error) of each record below the first ``skip_lines`` physical lines."""
    with path.open(encoding=encoding, newline="") as stream:
        for _ in range(skip_lines):
            stream.readline()
        reader = csv.reader(stream, delimiter=delimiter)
        index, last_line = 0, 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield (
                    index,
                    [],
                    0,
                    (
                        f'holds a cell longer than {_FIELD_LIMIT:,} characters: a quote (") that is never closed '
                        f"runs over the rows below, or a cell is longer than a spreadsheet's {MAX_CELL_CHARS:,} characters"
                    ),
                )
                return
            yield index, record, reader.line_num - last_line, ""
            index, last_line = index + 1, reader.line_num


def _cells_group(column: str | None, message: str, rows: list[tuple[int, int]]) -> ProblemGroup:
    """Rows with the wrong number of cells as one group; each row shows how many it has."""
    return ProblemGroup(
        column, message, np.array([row for row, _ in rows]), [Described(f"{cells} cells") for _, cells in rows]
    )
