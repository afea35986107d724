"""`load_cases`: read a REAct case file and return it validated and typed, or say all that is wrong.

The typed table has one row per case and these columns:

- ``row``: the case's row number in the file as a spreadsheet shows it;
- ``case_id``: text; ``client_id``, ``country``, ``region``, ``organization``: categorical text;
- ``registered_on``: a date (``datetime64[us]``); ``qualified``: bool; ``age``: ``Int64``;
- ``report_group``, ``gender``, ``reaction_status``: ordered categoricals of codes;
- for every multi-valued column (e.g. ``violations``) one bool column per code, named
  ``violations:extortion`` and so on (see `reactlib.indicators`).

``description`` and any column outside the contract are read and dropped: they never reach a
report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors

from reactlib.contract.schema import (
    CHECK_MESSAGES,
    COLUMNS,
    COLUMNS_BY_NAME,
    REQUIRED_COLUMNS,
    WIDE_CHECK_COLUMNS,
    ColumnSpec,
    Kind,
    typed_schema,
)
from reactlib.errors import InvalidDataError, Problem
from reactlib.load import parse as _parse
from reactlib.load.countries import one_name_per_country
from reactlib.load.labels import FileLabels
from reactlib.load.read import RawTable, read_table

ColumnMap = Mapping[str, str]

#: Shown instead of a pseudonymous code (case_id, client_id): messages may be shared.
HIDDEN_VALUE = "(hidden)"


def load_cases(
    path: str | Path,
    column_map: ColumnMap | None = None,
    encoding: str | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Read and validate a case file (CSV, XLSX or Parquet).

    Parameters
    ----------
    path
        The file. CSV may be UTF-8 with or without BOM, ``,`` or ``;`` delimited.
    column_map
        File header → contract column name, for exports whose headers differ.
    encoding
        The CSV file's encoding when it is not UTF-8 (e.g. ``"cp1251"``).
    today
        Dates after this day are errors; defaults to the current date.

    Returns
    -------
    pandas.DataFrame
        The typed table described in this module's docstring.

    Raises
    ------
    InvalidDataError
        Listing every problem of the file, each with row, column and value.

    Examples
    --------
    >>> from reactlib import load_cases, sample_data_path
    >>> cases = load_cases(sample_data_path())
    >>> bool(cases["case_id"].is_unique)
    True
    """
    path = Path(path)
    raw = read_table(path, encoding)
    frame, file_header = _canonical_columns(raw, column_map or {})
    return validate_frame(frame, raw.where, raw.first_row, file_header, today)


def _canonical_columns(raw: RawTable, column_map: ColumnMap) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename the file's headers to contract names; return the frame and canonical → header."""
    problems: list[Problem] = []
    headers = [str(h) for h in raw.frame.columns]
    stripped = {h.strip(): h for h in headers}
    for source, target in column_map.items():
        if target not in COLUMNS_BY_NAME:
            problems.append(Problem(1, source, target, "the column map names no contract column"))
        elif source not in stripped:
            problems.append(Problem(1, source, None, f"the column map names a header the file lacks (for {target})"))
    file_header: dict[str, str] = {}
    for header in headers:
        name = column_map.get(header.strip(), header.strip().lower())
        if name in COLUMNS_BY_NAME and name not in file_header:
            file_header[name] = header
    missing = [name for name in REQUIRED_COLUMNS if name not in file_header]
    if missing:
        problems.append(_missing_columns_problem(missing, list(file_header), len(headers)))
    if problems:
        raise InvalidDataError(raw.where, problems)
    if raw.frame.empty:
        raise InvalidDataError(raw.where, [Problem(None, None, None, "the file has a header but no cases")])
    frame = raw.frame.rename(columns={header: name for name, header in file_header.items()})
    return frame[list(file_header)], file_header


def _missing_columns_problem(missing: list[str], known: list[str], headers: int) -> Problem:
    """One problem naming every missing required column, and no header outside the contract.

    A header the contract does not know may be anything, and in a file without a header row
    it is the first case's case id, client code and description: such headers are counted,
    never shown.
    """
    others = headers - len(known)
    if not known:
        return Problem(
            1, None, None,
            f"the first row holds no known column names ({_count(others, 'cell')}, not shown: "
            "they may be case data); the file needs a header row naming its columns: "
            f"{', '.join(REQUIRED_COLUMNS)} and any optional ones, "
            "or a --column-map for an export with other headers",
        )  # fmt: skip
    noun = "column is" if len(missing) == 1 else "columns are"
    return Problem(
        1, None, None,
        f"required {noun} missing: {', '.join(missing)} (the header names {', '.join(known)}, "
        f"and {_count(others, 'other column')}, not shown); rename the headers or pass a --column-map",
    )  # fmt: skip


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _text_cells(frame: pd.DataFrame, where: str, first_row: int, file_header: Mapping[str, str]) -> pd.DataFrame:
    """Cells as text where a Parquet file stores bytes; raise naming columns of other objects.

    Parquet writers may store text as UTF-8 bytes (binary columns), which is read as text. Bytes
    that are not UTF-8, lists and records are refused, naming the column, the first such row and
    how many there are, never the value.
    """
    problems: list[Problem] = []
    for name in frame.columns:
        if frame[name].dtype != object:
            continue  # text, numbers and dates from every reader
        cells = frame[name].map(_text_cell)
        bad = np.flatnonzero(cells.map(lambda cell: isinstance(cell, _NotText)).to_numpy(dtype=bool))
        if len(bad):
            first = cells.iat[bad[0]]
            rows = "" if len(bad) == 1 else f" (and {_count(len(bad) - 1, 'more row')})"
            message = f"holds {first.what}{rows}; store the column as text (string)"
            problems.append(Problem(first_row + int(bad[0]), file_header.get(name, name), None, message))
        frame = frame.assign(**{name: cells})
    if problems:
        raise InvalidDataError(where, problems)
    return frame


@dataclass(frozen=True)
class _NotText:
    what: str


def _text_cell(value: object) -> object:
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return _NotText("bytes that are not UTF-8 text")
    if isinstance(value, list | tuple | dict | set | np.ndarray):
        return _NotText("a list or record, not text")
    return value


def validate_frame(
    frame: pd.DataFrame,
    where: str,
    first_row: int = 2,
    file_header: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Validate a raw frame whose columns already carry contract names; return the typed table."""
    file_header = dict(file_header or {name: name for name in frame.columns})
    frame = _text_cells(frame.reset_index(drop=True), where, first_row, file_header)
    typed: dict[str, object] = {"row": pd.Series(range(first_row, first_row + len(frame)))}
    problems: list[Problem] = []
    unparseable: set[tuple[int, str]] = set()
    labels = FileLabels(lambda: _category_values(frame))
    for spec in COLUMNS:
        if spec.kind is Kind.FREE_TEXT:
            continue
        raw = frame[spec.name] if spec.name in frame else pd.Series([""] * len(frame), dtype="str")
        parsed = _parse_column(spec, raw.fillna("") if raw.dtype == object else raw, labels)
        typed.update(parsed.columns)
        header = file_header.get(spec.name, spec.name)
        for cell in parsed.problems:
            value = HIDDEN_VALUE if spec.kind is Kind.PRIVATE_TEXT else cell.value
            problems.append(Problem(cell.position + first_row, header, value, cell.message))
            unparseable.add((cell.position, spec.name))
    typed["country"] = one_name_per_country(typed["country"])  # spellings that read alike: one country
    cases = pd.DataFrame(typed)
    problems.extend(_schema_problems(cases, frame, today or dt.date.today(), file_header, unparseable))
    if problems:
        raise InvalidDataError(where, problems)
    return cases


def _category_values(frame: pd.DataFrame) -> set[str]:
    """The distinct values of the frame's category columns, cells split: what tells the file's language."""
    names = [spec.name for spec in COLUMNS if spec.kind in (Kind.SINGLE, Kind.MULTI) and spec.name in frame]
    cells = {str(cell) for name in names for cell in pd.unique(frame[name].dropna())}
    return {part for cell in cells for part in _parse.split_multi(cell)}


def _parse_column(spec: ColumnSpec, raw: pd.Series, labels: FileLabels | None = None) -> _parse.Parsed:
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        raw = raw.fillna("")
    match spec.kind:
        case Kind.TEXT | Kind.PRIVATE_TEXT:
            return _parse.parse_text(spec.name, raw, spec.categorical)
        case Kind.DATE:
            return _parse.parse_date(spec.name, raw)
        case Kind.YES_NO:
            return _parse.parse_yes_no(spec.name, raw)
        case Kind.AGE:
            return _parse.parse_age(spec.name, raw)
        case Kind.SINGLE:
            return _parse.parse_single(spec.name, raw, spec.codes, labels)
        case Kind.MULTI:
            return _parse.parse_multi(spec.name, raw, spec.codes, labels)
    raise AssertionError(spec.kind)  # every kind is matched above


def _schema_problems(
    cases: pd.DataFrame,
    raw: pd.DataFrame,
    today: dt.date,
    file_header: Mapping[str, str],
    unparseable: set[tuple[int, str]],
) -> list[Problem]:
    try:
        typed_schema(today).validate(cases, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    else:
        return []
    problems = []
    first_rows = _first_row_of_each_case_id(cases)
    seen: set[tuple[int, str, str]] = set()
    for failure in failures.itertuples(index=False):
        check = _check_name(str(failure.check))
        column = failure.column if isinstance(failure.column, str) else None
        column = WIDE_CHECK_COLUMNS.get(check, column)
        if failure.index is None or pd.isna(failure.index) or column is None:
            continue
        position = int(failure.index)
        if (position, column) in unparseable or (position, column, check) in seen:
            continue
        seen.add((position, column, check))
        problems.append(_schema_problem(cases, raw, position, column, check, file_header, first_rows))
    return problems


def _check_name(check: str) -> str:
    # pandera names built-in checks by their kind, e.g. "field_uniqueness" or "in_range(0, 120)"
    if check == "field_uniqueness":
        return "unique"
    if check.startswith("in_range"):
        return "age_in_range"
    return check


def _schema_problem(
    cases: pd.DataFrame,
    raw: pd.DataFrame,
    position: int,
    column: str,
    check: str,
    file_header: Mapping[str, str],
    first_rows: pd.Series,
) -> Problem:
    row = int(cases["row"].iat[position])
    header = file_header.get(column, column)
    message = CHECK_MESSAGES.get(check, f"fails the check {check}")
    if COLUMNS_BY_NAME[column].kind is Kind.PRIVATE_TEXT:
        value = "" if check == "not_empty" else HIDDEN_VALUE
        if check == "unique":
            message = f"repeats the case_id of row {first_rows.iat[position]}"
    else:
        value = str(raw[column].iat[position]) if column in raw else ""
    return Problem(row, header, value, message)


def _first_row_of_each_case_id(cases: pd.DataFrame) -> pd.Series:
    return cases.groupby("case_id", sort=False)["row"].transform("min")
