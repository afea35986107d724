"""`load_cases`: read a REAct case file and return it validated and typed, or say all that is wrong.

The typed table has one row per case and these columns:

- ``row``: the case's row number in the file as a spreadsheet shows it;
- ``case_id``, ``client_id``: text; ``country``, ``region``, ``organization``: categorical text;
- ``registered_on``: a date (``datetime64[us]``); ``qualified``: bool; ``age``: ``Int64``;
- ``report_group``, ``gender``, ``reaction_status``: ordered categoricals of codes;
- for every multi-valued column (e.g. ``violations``) one bool column per code, named
  ``violations:extortion`` and so on (see `reactlib.indicators`).

``description`` and any column outside the contract are read and dropped: they never reach a
report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from reactlib.contract.schema import (
    BLANK_ROWS_ATTR,
    CHECK_MESSAGES,
    COLUMNS,
    COLUMNS_BY_NAME,
    READ_NOTES_ATTR,
    WIDE_CHECK_COLUMNS,
    WIDE_CHECK_INPUTS,
    ColumnSpec,
    Kind,
    indicator_columns,
    typed_rules,
)
from reactlib.errors import Described, InvalidDataError, Problem, ProblemGroup, describe_cell
from reactlib.load import parse as _parse
from reactlib.load.category_cells import FileLabels
from reactlib.load.country_spellings import one_name_per_country
from reactlib.load.header import HeaderMap
from reactlib.load.options import ReadOptions
from reactlib.load.read import read_table
from reactlib.load.table import RawTable

ColumnMap = Mapping[str, str]

#: Shown instead of a pseudonymous code (case_id, client_id): messages may be shared.
HIDDEN_VALUE = "(hidden)"
#: How many rows' category values are looked at for the file's language.
LANGUAGE_SAMPLE_ROWS = 50_000


def load_cases(
    path: str | Path,
    column_map: ColumnMap | None = None,
    encoding: str | None = None,
    today: dt.date | None = None,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    date_format: str | None = None,
) -> pd.DataFrame:
    """Read and validate a case file (CSV, XLSX or Parquet).

    Parameters
    ----------
    path
        The file. CSV may be UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, or in
        ``encoding``; ``,``, ``;`` or tab delimited.
    column_map
        File header → contract column name, for exports whose headers differ.
    encoding
        The CSV file's encoding when it is not UTF-8 (e.g. ``"cp1251"``).
    today
        Dates after this day are errors; defaults to the current date.
    sheet
        The workbook's sheet to read; None: the one whose header names the most contract columns.
    header_row
        The spreadsheet row of the header (from 1); None: the row below any title rows that
        names the most contract columns.
    date_format
        How the dates are written (`reactlib.load.dates.DATE_FORMATS`, e.g. ``"DD.MM.YYYY"``);
        None: the format the column's dates fit.

    Returns
    -------
    pandas.DataFrame
        The typed table described in this module's docstring. Its ``attrs`` say how many blank
        rows were skipped (`reactlib.contract.schema.BLANK_ROWS_ATTR`) and how the file was read
        (`read_notes`).

    Raises
    ------
    InvalidDataError
        Naming every problem of the file, each kind once, with rows, column and an example value.

    Examples
    --------
    >>> from reactlib import load_cases, sample_data_path
    >>> cases = load_cases(sample_data_path())
    >>> bool(cases["case_id"].is_unique), read_notes(cases)
    (True, ('registered_on: dates read as YYYY-MM-DD',))
    """
    options = ReadOptions(encoding, sheet, header_row, date_format)
    # Passed on, not kept: the file's columns are let go one by one as they are parsed.
    return _validate(read_table(Path(path), HeaderMap(column_map), options), options.date_format, today)


def read_notes(cases: pd.DataFrame) -> tuple[str, ...]:
    """How `load_cases` read the file of ``cases``: its sheet and header row, date format, blank rows, separators."""
    return tuple(cases.attrs.get(READ_NOTES_ATTR, ()))


def _text_cells(frame: pd.DataFrame, where: str, rows: np.ndarray, file_header: Mapping[str, str]) -> pd.DataFrame:
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
            more = "" if len(bad) == 1 else f" (and {_count(len(bad) - 1, 'more row')})"
            message = f"holds {first.what}{more}; store the column as text (string)"
            problems.append(Problem(int(rows[bad[0]]), file_header.get(name, name), None, message))
        frame = frame.assign(**{name: cells})
    if problems:
        raise InvalidDataError(where, problems)
    return frame


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


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
    rows = np.arange(first_row, first_row + len(frame), dtype=np.int64)
    header = dict(file_header or {name: name for name in frame.columns})
    return _validate(RawTable(frame.reset_index(drop=True), rows, where, header), None, today)


def _validate(raw: RawTable, date_format: str | None, today: dt.date | None) -> pd.DataFrame:
    """Parse every cell of ``raw``, apply the schema's rules; return the typed table or raise naming every problem.

    Each raw column is let go once it is parsed: the typed table is all that is kept, and all
    that messages about the schema's rules take their values from.
    """
    rows, file_header, length = raw.rows, raw.file_header, len(raw.frame)
    columns = dict(_text_cells(raw.frame, raw.where, rows, file_header).items())
    raw = dataclasses.replace(raw, frame=pd.DataFrame())
    # One frame per parsed column (or block of indicator columns), joined at the end without a
    # copy: a frame made of all columns at once would copy every indicator column into one block
    # while the parsed ones are still held, the load's highest memory.
    typed: list[pd.DataFrame] = [pd.DataFrame({"row": rows})]
    problems: list[Problem | ProblemGroup] = []
    unparseable: dict[str, np.ndarray] = {}  # column → which rows already have a problem
    notes = list(raw.notes)
    labels = FileLabels(_category_values(columns))
    for spec in COLUMNS:
        if spec.kind is Kind.FREE_TEXT:
            continue
        raw_column = columns.pop(spec.name, None)
        if raw_column is None:
            raw_column = pd.Series([""] * length, dtype="str")
        parsed = _parse_column(spec, raw_column, labels, date_format)
        del raw_column
        _give_back_memory()
        parsed_columns = dict(parsed.columns)
        if spec.name == "country":  # spellings that read alike: one country
            parsed_columns["country"] = one_name_per_country(parsed_columns["country"])
        typed.append(pd.DataFrame(parsed_columns))
        parsed, parsed_columns = dataclasses.replace(parsed, columns={}), {}  # only the frame holds them now
        notes.extend(parsed.notes)
        header = file_header.get(spec.name, spec.name)
        bad = np.zeros(length, dtype=bool)
        found = list(parsed.problems)
        if spec.name in raw.unreadable:
            message, positions = raw.unreadable[spec.name]
            found = [_without(problem, positions) for problem in found]
            stand_in = np.array([Described("no value")] * len(positions), object)
            found.append(_parse.CellProblems(message, positions, stand_in))
        for problem in found:
            # A pseudonymous code is hidden; a stand-in (a formula's "no value") says nothing of it.
            private = spec.kind is Kind.PRIVATE_TEXT and not isinstance(problem.values[0], Described)
            values = [HIDDEN_VALUE] * len(problem.positions) if private else problem.values
            problems.append(ProblemGroup(header, problem.message, rows[problem.positions], values))
            bad[problem.positions] = True
        unparseable[spec.name] = bad
    cases = pd.concat(typed, axis=1)
    del typed
    problems.extend(_schema_problems(cases, today or dt.date.today(), file_header, unparseable))
    if problems:
        raise InvalidDataError(raw.where, problems)
    cases.attrs[BLANK_ROWS_ATTR] = raw.blank_rows
    cases.attrs[READ_NOTES_ATTR] = tuple(notes)
    return cases


def _give_back_memory() -> None:
    """Return the memory pyarrow's allocator keeps of columns let go, so the typed table and checks reuse it.

    Without it a million-row file's raw columns and their transient copies stay resident (pyarrow's
    pool keeps freed blocks), and the rest of loading is added on top.
    """
    pa.default_memory_pool().release_unused()


def _without(problem: _parse.CellProblems, cells: np.ndarray) -> _parse.CellProblems:
    keep = ~np.isin(problem.positions, cells)
    return _parse.CellProblems(problem.message, problem.positions[keep], problem.values[keep])


def _category_values(columns: Mapping[str, pd.Series]) -> list[str]:
    """Distinct values of the category columns' first rows, cells split: what tells the file's language.

    The first `LANGUAGE_SAMPLE_ROWS` rows say it as well as a million would, and cost little in a
    file whose category columns hold a million different (wrong) values.
    """
    names = [spec.name for spec in COLUMNS if spec.kind in (Kind.SINGLE, Kind.MULTI) and spec.name in columns]
    cells = {str(cell) for name in names for cell in pd.unique(columns[name].iloc[:LANGUAGE_SAMPLE_ROWS].dropna())}
    return sorted({part for cell in cells for part in _parse.split_multi(cell)})


def _parse_column(
    spec: ColumnSpec, raw: pd.Series, labels: FileLabels | None = None, date_format: str | None = None
) -> _parse.Parsed:
    if not isinstance(raw.dtype, pd.CategoricalDtype) and (raw.dtype == object or pd.api.types.is_string_dtype(raw)):
        raw = raw.fillna("")  # a categorical's missing cells are read as empty by the parsers
    match spec.kind:
        case Kind.TEXT | Kind.PRIVATE_TEXT:
            return _parse.parse_text(spec.name, raw, spec.categorical)
        case Kind.DATE:
            return _parse.parse_date(spec.name, raw, date_format)
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
    today: dt.date,
    file_header: Mapping[str, str],
    unparseable: Mapping[str, np.ndarray],
) -> list[ProblemGroup]:
    """Every cell that breaks a rule of the schema, one group per column and rule.

    Each of the schema's rules (`reactlib.contract.schema.typed_rules`) is run on the typed
    table's column (or columns) and gives its failing cells; a cell that could not be parsed is
    not named a second time.
    """
    problems = []
    for rule in typed_rules(today):
        target = WIDE_CHECK_COLUMNS.get(rule.name, rule.column)
        checked = cases[rule.column] if rule.column is not None else cases[list(WIDE_CHECK_INPUTS[rule.name])]
        passed = np.array(rule.check(checked).fillna(True), dtype=bool)  # NA: the rule cannot tell, it passes
        if rule.column is not None:  # a rule is about values: an empty cell is not_empty's, or the parser's
            passed |= checked.isna().to_numpy(dtype=bool)
        if target is not None:
            passed |= unparseable.get(target, np.zeros(len(cases), dtype=bool))
            if len(positions := np.flatnonzero(~passed)):
                problems.append(_schema_group(cases, positions, target, rule.name, file_header))
    return problems


def _schema_group(
    cases: pd.DataFrame,
    positions: np.ndarray,
    column: str,
    check: str,
    file_header: Mapping[str, str],
) -> ProblemGroup:
    """The cells at ``positions`` of ``column`` that break ``check``, each with its value as read (a code, a date, a number)."""
    rows = cases["row"].to_numpy()[positions]
    header = file_header.get(column, column)
    message = CHECK_MESSAGES.get(check, f"fails the check {check}")
    values: object
    if COLUMNS_BY_NAME[column].kind is Kind.PRIVATE_TEXT:
        if check == "unique":
            first = cases.groupby("case_id", sort=False, observed=True)["row"].transform("min").to_numpy()[positions]
            values = [Described(f"as in row {row}") for row in first]
        else:
            values = [""] * len(positions) if check == "not_empty" else [HIDDEN_VALUE] * len(positions)
    elif check == "country_name":  # not a name: maybe a client code or a note, so never quoted
        values = [describe_cell(value) for value in cases[column].to_numpy()[positions]]
    else:
        values = _values_as_read(cases.iloc[positions], column)
    return ProblemGroup(header, message, rows, values)


def _values_as_read(cases: pd.DataFrame, column: str) -> list[str]:
    """The typed values of ``column`` written back as text: a date, a number, the codes of a multi-valued cell."""
    spec = COLUMNS_BY_NAME[column]
    if spec.kind is Kind.MULTI:
        flags = cases[indicator_columns(column)].to_numpy(dtype=bool)
        return ["; ".join(code for code, flag in zip(spec.codes.codes, row, strict=True) if flag) for row in flags]
    values = cases[column]
    if spec.kind is Kind.DATE:
        return values.dt.strftime("%Y-%m-%d").fillna("").tolist()
    return values.astype("object").where(values.notna(), "").astype(str).tolist()
