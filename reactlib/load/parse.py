"""Turning raw cells into typed values, one column at a time.

Each parser works on a column's distinct values (a real export repeats few of them), so a
million-row table costs little more than its distinct values, and returns the typed column with
the problems it found. A problem's row is a position in the table; the validator makes it a
spreadsheet row number.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reactlib.contract.categories import Vocabulary
from reactlib.contract.schema import AGE_RANGE, YES_NO_SPELLINGS, indicator_column
from reactlib.errors import preview
from reactlib.load.labels import FileLabels, spelling_key

MULTI_VALUE_SEPARATOR = ";"
#: How many unknown codes of one cell a message names (with a suggestion each); the rest are counted.
MAX_UNKNOWN_PARTS_NAMED = 3


@dataclass(frozen=True)
class CellProblem:
    """A cell that could not be parsed; ``position`` indexes the table, not the sheet."""

    position: int
    value: str
    message: str


@dataclass(frozen=True)
class Parsed:
    """A parsed column (or block of indicator columns) and the problems of its cells."""

    columns: dict[str, pd.Series | np.ndarray]
    problems: list[CellProblem]


def _distinct(raw: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes per row and the distinct cleaned-up strings they point to."""
    codes, uniques = pd.factorize(raw.fillna("").astype("str"), use_na_sentinel=False)
    return codes, [str(value).strip() for value in uniques]


def _problems_at(codes: np.ndarray, bad: dict[int, str], raw_values: list[str]) -> list[CellProblem]:
    """Expand problems found on distinct values into one problem per affected row."""
    problems: list[CellProblem] = []
    for unique_index, message in bad.items():
        for position in np.flatnonzero(codes == unique_index):
            problems.append(CellProblem(int(position), raw_values[unique_index], message))
    return problems


def closest_code(value: str, vocabulary: Vocabulary) -> str | None:
    """The known code nearest in spelling to ``value`` (by code or by label), if any is near.

    >>> from reactlib.contract.categories import GENDER
    >>> closest_code("femal", GENDER)
    'female'
    """
    lookup = vocabulary.lookup()
    match = difflib.get_close_matches(value.lower(), list(lookup), n=1, cutoff=0.6)
    return lookup[match[0]] if match else None


def _unknown_message(value: str, vocabulary: Vocabulary, labels: FileLabels | None = None) -> str:
    """The message for an unknown value: the closest label of the file's language, or code."""
    if labels is not None and (message := labels.unknown_message(value, vocabulary)):
        return message
    suggestion = closest_code(value, vocabulary)
    if suggestion:
        return f"unknown {vocabulary.name} code; did you mean {suggestion!r}?"
    return f"unknown {vocabulary.name} code (known: {', '.join(vocabulary.codes)})"


def parse_text(name: str, raw: pd.Series, categorical: bool = False) -> Parsed:
    """Strip surrounding blanks; emptiness is checked by the schema.

    ``categorical`` text (a column that repeats its values, such as countries or client codes)
    is stripped once per distinct value and stored as a categorical, which later counting
    (distinct clients, cases per country) reads cheaply.
    """
    if not categorical:
        return Parsed({name: raw.fillna("").astype("str").str.strip()}, [])
    codes, uniques = pd.factorize(raw.fillna("").astype("str"), use_na_sentinel=False)
    stripped = pd.Series(uniques, dtype="str").str.strip()  # vectorised: client codes are many
    stripped_codes, categories = pd.factorize(stripped)  # " A" and "A" become one category
    values = pd.Categorical.from_codes(stripped_codes[codes], categories=categories)
    return Parsed({name: pd.Series(values, index=raw.index)}, [])


def _lookup(vocabulary: Vocabulary, labels: FileLabels | None) -> tuple[dict[str, str], Callable[[str], str]]:
    """Spelling → code, and how a value is made a spelling: every language's labels with ``labels``."""
    if labels is None:
        return vocabulary.lookup(), str.lower
    return labels.lookup(vocabulary), spelling_key


def parse_single(name: str, raw: pd.Series, vocabulary: Vocabulary, labels: FileLabels | None = None) -> Parsed:
    """A single code or label per cell, or empty; stored as an ordered categorical of codes.

    With ``labels`` a label may be in any report language (see `reactlib.load.labels`).
    """
    codes, uniques = _distinct(raw)
    lookup, key = _lookup(vocabulary, labels)
    position_of = {code: i for i, code in enumerate(vocabulary.codes)}
    category_of_unique = np.full(len(uniques), -1, dtype=np.int8)  # -1: not recorded
    bad: dict[int, str] = {}
    for index, value in enumerate(uniques):
        if key(value) in lookup:
            category_of_unique[index] = position_of[lookup[key(value)]]
        elif value:
            bad[index] = _unknown_message(value, vocabulary, labels)
    categories = pd.CategoricalDtype(list(vocabulary.codes), ordered=True)
    values = pd.Categorical.from_codes(category_of_unique[codes], dtype=categories)
    return Parsed({name: pd.Series(values, index=raw.index)}, _problems_at(codes, bad, uniques))


def split_multi(value: str) -> list[str]:
    """The parts of a multi-valued cell, blanks and empty parts dropped.

    >>> split_multi(" plhiv ;; pwud; ")
    ['plhiv', 'pwud']
    """
    return [part.strip() for part in value.split(MULTI_VALUE_SEPARATOR) if part.strip()]


def parse_multi(name: str, raw: pd.Series, vocabulary: Vocabulary, labels: FileLabels | None = None) -> Parsed:
    """Several codes or labels per cell; stored as one boolean column per code.

    A code repeated in one cell counts once, as the contract says. With ``labels`` a label may
    be in any report language (see `reactlib.load.labels`).
    """
    codes, uniques = _distinct(raw)
    lookup, key = _lookup(vocabulary, labels)
    position_of = {code: i for i, code in enumerate(vocabulary.codes)}
    matrix = np.zeros((len(uniques), len(vocabulary.codes)), dtype=bool)
    bad: dict[int, str] = {}
    for index, value in enumerate(uniques):
        unknown = []
        for part in split_multi(value):
            code = lookup.get(key(part))
            if code is None:
                unknown.append(part)
            else:
                matrix[index, position_of[code]] = True
        if unknown:
            bad[index] = _unknown_parts_message(unknown, vocabulary, labels)
    by_row = matrix[codes] if len(codes) else np.zeros((0, len(vocabulary.codes)), dtype=bool)
    columns = {indicator_column(name, code): by_row[:, i] for i, code in enumerate(vocabulary.codes)}
    return Parsed(columns, _problems_at(codes, bad, uniques))


def _unknown_parts_message(unknown: list[str], vocabulary: Vocabulary, labels: FileLabels | None = None) -> str:
    """Name the first few unknown parts of a cell and count the rest: a cell may hold a page."""
    named = "; ".join(
        f"{preview(part)!r} is an {_unknown_message(part, vocabulary, labels)}"
        for part in unknown[:MAX_UNKNOWN_PARTS_NAMED]
    )
    more = len(unknown) - MAX_UNKNOWN_PARTS_NAMED
    return named if more <= 0 else f"{named}; and {more} more unknown {vocabulary.name} codes"


def parse_date(name: str, raw: pd.Series) -> Parsed:
    """ISO dates; a time of midnight (as Excel writes dates) is accepted."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        return Parsed({name: raw.astype("datetime64[us]").dt.normalize()}, [])
    codes, uniques = _distinct(raw)
    distinct = pd.Series(uniques, dtype=object)
    date_part = distinct.str.replace(r"[ T]00:00:00$", "", regex=True)
    parsed = pd.to_datetime(date_part, format="%Y-%m-%d", errors="coerce")
    bad = {
        i: "is not a date written YYYY-MM-DD" if value else "is required but empty"
        for i, value in enumerate(uniques)
        if pd.isna(parsed.iloc[i])
    }
    values = pd.Series(parsed.to_numpy(dtype="datetime64[us]")[codes], index=raw.index)
    return Parsed({name: values}, _problems_at(codes, bad, uniques))


def parse_yes_no(name: str, raw: pd.Series) -> Parsed:
    """yes/no, true/false, 1/0 (any case)."""
    if pd.api.types.is_bool_dtype(raw) and not raw.isna().any():
        return Parsed({name: raw.astype(bool)}, [])
    codes, uniques = _distinct(raw)
    parsed = [YES_NO_SPELLINGS.get(value.lower()) for value in uniques]
    bad = {
        i: "must be yes or no (also true/false, 1/0)" if value else "is required but empty"
        for i, value in enumerate(uniques)
        if parsed[i] is None
    }
    flags = np.array([bool(v) for v in parsed], dtype=bool)[codes]
    return Parsed({name: pd.Series(flags, index=raw.index)}, _problems_at(codes, bad, uniques))


def parse_age(name: str, raw: pd.Series) -> Parsed:
    """Whole years or empty; the range is the schema's rule."""
    codes, uniques = _distinct(raw)
    numbers = pd.to_numeric(pd.Series(uniques, dtype=object).replace("", None), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    bad = {
        i: (f"must be a whole number of years from {AGE_RANGE[0]} to {AGE_RANGE[1]}")
        for i, value in enumerate(uniques)
        if value and not whole.iloc[i]
    }
    ages = numbers.where(whole).astype("Float64").round().astype("Int64")
    values = pd.Series(ages.to_numpy()[codes], index=raw.index, dtype="Int64")
    return Parsed({name: values}, _problems_at(codes, bad, uniques))
