"""Reading an input file (CSV, XLSX, Parquet) into a raw table, before any validation.

Every reader returns the table as it stands in the file, plus the spreadsheet row number of its
first data row, so that later problems can name rows the way the analyst sees them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reactlib.errors import InvalidDataError, Problem

CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
PREFERRED_SHEET = "cases"


@dataclass(frozen=True)
class RawTable:
    """A file's table as read, before validation."""

    frame: pd.DataFrame
    first_row: int  # spreadsheet row number of frame's first row (the header is the row before)
    where: str  # the file (and sheet) for messages


def read_table(path: Path, encoding: str | None = None) -> RawTable:
    """Read ``path`` by its suffix; raise `InvalidDataError` for an unreadable file."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise InvalidDataError(
            path.name, [Problem(None, None, None, "is a folder, not a file; pass the case file itself")]
        )
    if not path.is_file():
        what = "is not a regular file" if path.exists() else "no such file"
        raise InvalidDataError(path.name, [Problem(None, None, None, what)])
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, encoding)
    raise InvalidDataError(
        path.name,
        [Problem(None, None, suffix, "unknown file type; use .csv, .xlsx or .parquet")],
    )


def _read_csv(path: Path, encoding: str | None) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidDataError(
            path.name, [Problem(None, None, None, f"cannot be read ({error.strerror or type(error).__name__})")]
        ) from None
    if not data.strip():
        raise InvalidDataError(path.name, [Problem(None, None, None, "the file is empty")])
    text = _decode(path.name, data, encoding)
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError as error:
        raise InvalidDataError(path.name, [_parser_problem(str(error))]) from None
    return RawTable(frame, first_row=2, where=path.name)


def _decode(file_name: str, data: bytes, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InvalidDataError(file_name, [Problem(None, None, encoding, "unknown encoding name")]) from None
        except UnicodeDecodeError as error:
            row = data.count(b"\n", 0, error.start) + 1
            raise InvalidDataError(
                file_name,
                [Problem(row, None, None, f"cannot be read as {encoding}: {error.reason}")],
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        guess = _guess_encoding(data)
        hint = f"it looks like {guess}; " if guess else ""
        message = (
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); {hint}"
            f"pass its encoding, e.g. --encoding {guess or 'cp1251'}, "
            "or save it from Excel as 'CSV UTF-8'"
        )
        raise InvalidDataError(file_name, [Problem(row, None, None, message)]) from None


def _guess_encoding(data: bytes) -> str | None:
    """Name the legacy Cyrillic encoding that reads ``data`` as mostly letters, if any."""
    for candidate in ("cp1251", "koi8-r"):
        text = data.decode(candidate, errors="replace")
        high = [ch for ch in text if ord(ch) > 127]
        if high and sum("а" <= ch.lower() <= "я" or ch in "ёЁіІїЇєЄ" for ch in high) > 0.8 * len(high):
            return candidate
    return None


def _parser_problem(message: str) -> Problem:
    # pandas says e.g. "Error tokenizing data. C error: Expected 19 fields in line 5, saw 20"
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, seen = match.groups()
        return Problem(
            int(line), None, None,
            f"has {seen} fields where the header has {expected}; "
            "check for an unquoted delimiter inside a value",
        )  # fmt: skip
    return Problem(None, None, None, f"cannot be read as CSV: {message.strip()}")


def _read_excel(path: Path) -> RawTable:
    try:
        sheets = pd.ExcelFile(path, engine="openpyxl")
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for a damaged workbook
        raise InvalidDataError(path.name, [Problem(None, None, None, f"cannot be opened as XLSX: {error}")]) from None
    with sheets:
        names = list(sheets.sheet_names)
        by_lower = {name.lower(): name for name in names}
        sheet = by_lower.get(PREFERRED_SHEET, names[0])
        frame = pd.read_excel(sheets, sheet_name=sheet, dtype=str, keep_default_na=False, na_filter=False)
    frame = frame.fillna("")
    where = f"{path.name} [sheet {sheet!r} of {', '.join(map(repr, names))}]"
    return RawTable(frame, first_row=2, where=where)


def _read_parquet(path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        raise InvalidDataError(path.name, [Problem(None, None, None, f"cannot be read as Parquet: {error}")]) from None
    # Parquet has no header row; number rows as if the table were opened in a spreadsheet.
    return RawTable(frame.reset_index(drop=True), first_row=2, where=path.name)
