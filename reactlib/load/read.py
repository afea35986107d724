"""Reading an input file (CSV, XLSX, Parquet) into a raw table of the contract's columns, before any validation.

Every reader finds the header (`reactlib.load.header`), reads the rows below it and returns a
`reactlib.load.table.RawTable`: the columns the header names, each row with its spreadsheet row
number, blank rows counted. CSV is read by `reactlib.load.csv_file`, XLSX by
`reactlib.load.excel`, Parquet here.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from reactlib.contract.schema import COLUMNS_BY_NAME, Kind
from reactlib.errors import InvalidDataError, Problem
from reactlib.load.header import MAX_COLUMNS, HeaderMap, too_wide_problem
from reactlib.load.options import ReadOptions
from reactlib.load.table import RawTable, arrow_table

CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}


def read_table(path: Path, header_map: HeaderMap | None = None, options: ReadOptions | None = None) -> RawTable:
    """Read ``path`` by its suffix; raise `InvalidDataError` for an unreadable file."""
    header_map = header_map or HeaderMap()
    options = options or ReadOptions()
    suffix = path.suffix.lower()
    if path.is_dir():
        raise InvalidDataError(
            path.name, [Problem(None, None, None, "is a folder, not a file; pass the case file itself")]
        )
    if not path.is_file():
        what = "is not a regular file" if path.exists() else "no such file"
        raise InvalidDataError(path.name, [Problem(None, None, None, what)])
    if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES | PARQUET_SUFFIXES:
        raise InvalidDataError(
            path.name, [Problem(None, None, suffix, "unknown file type; use .csv, .xlsx or .parquet")]
        )
    try:
        if suffix in EXCEL_SUFFIXES:
            from reactlib.load.excel import read_excel

            return read_excel(path, header_map, options)
        if suffix in PARQUET_SUFFIXES:
            return _read_parquet(path, header_map)
        from reactlib.load.csv_file import read_csv

        return read_csv(path, header_map, options)
    except OSError as error:
        message = f"cannot be read ({error.strerror or type(error).__name__})"
        raise InvalidDataError(path.name, [Problem(None, None, None, message)]) from None


def _read_parquet(path: Path, header_map: HeaderMap) -> RawTable:
    """A Parquet table: its column names are the header, row 1; its rows are numbered as a spreadsheet would."""
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        if len(schema.names) > MAX_COLUMNS:
            raise InvalidDataError(path.name, [too_wide_problem(1, len(schema.names))])
        if problems := header_map.problems(schema.names, 1):
            raise InvalidDataError(path.name, problems)
        table = pq.read_table(path, read_dictionary=_repeating_text(schema, header_map))
    except InvalidDataError:
        raise
    except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        message = f"cannot be read as Parquet: {type(error).__name__}"
        raise InvalidDataError(path.name, [Problem(None, None, None, message)]) from None
    raw = arrow_table(table, schema.names, 1, path.name, header_map)
    del table  # the frame holds what it needs of it
    pa.default_memory_pool().release_unused()  # else pyarrow's allocator keeps the table's pages resident
    return raw


def _repeating_text(schema: pa.Schema, header_map: HeaderMap) -> list[str]:
    """The text columns read as dictionaries (categoricals): every one but the case and client codes.

    A column of a million cells that repeat a few values (countries, codes, dates as text) is read
    as its distinct values and a small integer per row: no million strings to copy, and each later
    step (blank rows, parsing) looks at every distinct value once. Case and client codes
    (pseudonymous, `Kind.PRIVATE_TEXT`) hardly repeat: as a dictionary they would cost more.
    """
    codes = {position for name, position in header_map.names(schema.names).items() if _is_code(name)}
    return [
        field.name
        for position, field in enumerate(schema)
        if position not in codes and (pa.types.is_string(field.type) or pa.types.is_large_string(field.type))
    ]


def _is_code(name: str) -> bool:
    return COLUMNS_BY_NAME[name].kind is Kind.PRIVATE_TEXT
