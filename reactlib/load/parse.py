"""Turning raw cells into typed values, one column at a time.

Each parser works on a column's distinct values (a real export repeats few of them), so a
million-row table costs little more than its distinct values, and returns the typed column with
the problems it found, grouped by message (`CellProblems`): a million cells with one misspelt
value are one array of positions, not a million objects. A problem's position indexes the
table; the validator makes it a spreadsheet row number.

A problem shows a cell only when the cell looks like a value of its column (a near-miss of a
code or label, a date, a number); any other cell may be a client code or a piece of a
description that slipped into the wrong column, and is described instead
(`reactlib.errors.describe_cell`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reactlib.contract.categories import COLUMN_VOCABULARIES, Vocabulary
from reactlib.contract.schema import AGE_RANGE, YES_NO_SPELLINGS, indicator_column
from reactlib.errors import describe_cell
from reactlib.load import dates
from reactlib.load.labels import FileLabels, spelling_key

#: The contract's separator of the values of a multi-valued cell.
MULTI_VALUE_SEPARATOR = ";"
#: Other separators people use (Excel's Alt+Enter is a line break): a cell whose parts are all
#: known codes or labels under one of them is read as those parts (see `split_known`).
OTHER_SEPARATORS = (",", "|", "\n")
#: The most pieces a label is made of when a cell is split by a separator the label may hold.
MAX_PIECES_OF_A_LABEL = 6
#: How many distinct unknown values of one column get a suggestion; the rest are counted as
#: unknown and described, so a column of a million different client codes costs no more.
MAX_SUGGESTED_VALUES = 1000
#: A number as a person types it in an age column: shown in a message when it is not an age.
_NUMBER = re.compile(r"[+-]?\d{1,6}(?:[.,]\d{1,3})?")


@dataclass(frozen=True)
class CellProblems:
    """Cells of one column that share a problem: their positions in the table, and what each shows."""

    message: str
    positions: np.ndarray
    values: np.ndarray  # per position: the value as it may be shown, or its `Described` stand-in


@dataclass(frozen=True)
class Parsed:
    """A parsed column (or block of indicator columns), the problems of its cells, and what was read how."""

    columns: dict[str, pd.Series | np.ndarray]
    problems: list[CellProblems]
    #: What a person checking the file should know of how it was read (a date format, a separator).
    notes: tuple[str, ...] = field(default=())


def _distinct(raw: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes per row and the distinct cleaned-up strings they point to."""
    codes, uniques = pd.factorize(raw.fillna("").astype("str"), use_na_sentinel=False)
    return codes, [str(value).strip() for value in uniques]


def _problems_at(codes: np.ndarray, bad: dict[int, list[tuple[str, str]]]) -> list[CellProblems]:
    """Problems found on distinct values (index → [(shown value, message)]), as positions per message.

    A distinct value may have several problems (a multi-valued cell with two unknown parts);
    each message keeps the first part that has it.
    """
    by_message: dict[str, dict[int, str]] = {}
    for index, found in bad.items():
        for shown, message in found:
            by_message.setdefault(message, {}).setdefault(index, shown)
    problems = []
    for message, shown_of in by_message.items():
        indices = np.fromiter(shown_of, dtype=np.int64, count=len(shown_of))
        positions = np.flatnonzero(np.isin(codes, indices))
        lookup = np.empty(int(indices.max()) + 1, dtype=object)
        lookup[indices] = list(shown_of.values())
        problems.append(CellProblems(message, positions, lookup[codes[positions]]))
    return problems


def _one(shown: str, message: str) -> list[tuple[str, str]]:
    return [(shown, message)]


def parse_text(name: str, raw: pd.Series, categorical: bool = False) -> Parsed:
    """Strip surrounding blanks; emptiness is checked by the schema.

    ``categorical`` text (a column that repeats its values, such as countries or client codes)
    is stripped once per distinct value and stored as a categorical, which later counting
    (distinct clients, cases per country) reads cheaply.
    """
    stripped = raw.fillna("").astype("str").str.strip()  # " A" and "A" are one value
    if not categorical:
        return Parsed({name: stripped}, [])
    return Parsed({name: stripped.astype("category")}, [])  # encoded by pyarrow: client codes are many


class _Unknowns:
    """The message and shown value of each unknown value of a column, with at most `MAX_SUGGESTED_VALUES` suggested."""

    def __init__(self, vocabulary: Vocabulary, labels: FileLabels) -> None:
        self.vocabulary, self.labels = vocabulary, labels
        self._seen: dict[str, tuple[str, str]] = {}

    def __call__(self, value: str, note: str = "") -> tuple[str, str]:
        if value not in self._seen:
            suggest = len(self._seen) < MAX_SUGGESTED_VALUES
            message, suggested = self.labels.unknown_message(value, self.vocabulary, suggest)
            shown = value if suggested or _known_anywhere(value) else describe_cell(value)
            self._seen[value] = (shown, message)
        shown, message = self._seen[value]
        return shown, f"{message}{note}"


def _known_anywhere(value: str) -> bool:
    """Whether ``value`` is a code or label of any column: a category, never a person's data."""
    key = spelling_key(value)
    return any(key in FileLabels.lookup(vocabulary) for vocabulary in COLUMN_VOCABULARIES.values())


def parse_single(name: str, raw: pd.Series, vocabulary: Vocabulary, labels: FileLabels | None = None) -> Parsed:
    """A single code or label per cell, or empty; stored as an ordered categorical of codes.

    A label may be in any report language (see `reactlib.load.labels`).
    """
    labels = labels or FileLabels(())
    codes, uniques = _distinct(raw)
    lookup = labels.lookup(vocabulary)
    position_of = {code: i for i, code in enumerate(vocabulary.codes)}
    category_of_unique = np.full(len(uniques), -1, dtype=np.int8)  # -1: not recorded
    unknown = _Unknowns(vocabulary, labels)
    bad: dict[int, list[tuple[str, str]]] = {}
    for index, value in enumerate(uniques):
        if spelling_key(value) in lookup:
            category_of_unique[index] = position_of[lookup[spelling_key(value)]]
        elif value:
            bad[index] = [unknown(value)]
    categories = pd.CategoricalDtype(list(vocabulary.codes), ordered=True)
    values = pd.Categorical.from_codes(category_of_unique[codes], dtype=categories)
    return Parsed({name: pd.Series(values, index=raw.index)}, _problems_at(codes, bad))


def split_multi(value: str) -> list[str]:
    """The parts of a multi-valued cell, blanks and empty parts dropped.

    >>> split_multi(" plhiv ;; pwud; ")
    ['plhiv', 'pwud']
    """
    return [part.strip() for part in value.split(MULTI_VALUE_SEPARATOR) if part.strip()]


def split_known(part: str, known: Callable[[str], bool]) -> tuple[str, list[str]] | None:
    """``part`` split by the first of `OTHER_SEPARATORS` under which a piece is ``known``: (separator, pieces).

    Pieces are the longest runs that are known when joined again (a label may hold a comma
    itself: ``Люди, живущие с ВИЧ``); other pieces stand alone.

    >>> known = {"physical_violence", "emotional_violence", "people, who use drugs"}.__contains__
    >>> split_known("physical_violence, emotional_violence", known)
    (',', ['physical_violence', 'emotional_violence'])
    >>> split_known("people, who use drugs,physical_violence", known)
    (',', ['people, who use drugs', 'physical_violence'])
    >>> split_known("Not resolved, no help provided", known) is None
    True
    """
    for separator in OTHER_SEPARATORS:
        raw = part.split(separator)
        if len(raw) < 2:
            continue
        pieces, start = [], 0
        while start < len(raw):
            longest = min(len(raw), start + MAX_PIECES_OF_A_LABEL)
            end = next((j for j in range(longest, start + 1, -1) if known(separator.join(raw[start:j]).strip())), None)
            end = end or start + 1
            pieces.append(separator.join(raw[start:end]).strip())
            start = end
        pieces = [piece for piece in pieces if piece]
        if len(pieces) > 1 and any(known(piece) for piece in pieces):
            return separator, pieces
    return None


def _separator_name(separator: str) -> str:
    return "a line break" if separator == "\n" else repr(separator)


def parse_multi(name: str, raw: pd.Series, vocabulary: Vocabulary, labels: FileLabels | None = None) -> Parsed:
    """Several codes or labels per cell; stored as one boolean column per code.

    Values are separated by ``;``. A part that is no known value but whose pieces under another
    usual separator (``,``, ``|``, a line break) are all known values is read as those values
    (and the note says how many cells were); when only some pieces are known, each unknown
    piece is a problem whose message names the separator, so that its suggestion never drops
    the piece next to it. A code repeated in one cell counts once, as the contract says. A label
    may be in any report language (see `reactlib.load.labels`).
    """
    labels = labels or FileLabels(())
    codes, uniques = _distinct(raw)
    lookup = labels.lookup(vocabulary)
    position_of = {code: i for i, code in enumerate(vocabulary.codes)}
    matrix = np.zeros((len(uniques), len(vocabulary.codes)), dtype=bool)
    unknown = _Unknowns(vocabulary, labels)
    bad: dict[int, list[tuple[str, str]]] = {}
    read_with: dict[str, list[int]] = {}  # separator → distinct cells read with it

    def known(piece: str) -> bool:
        return spelling_key(piece) in lookup

    for index, value in enumerate(uniques):
        for part in split_multi(value):
            if known(part):
                matrix[index, position_of[lookup[spelling_key(part)]]] = True
                continue
            split = split_known(part, known)
            if split is None:
                bad.setdefault(index, []).append(unknown(part))
                continue
            separator, pieces = split
            note = f" (the cell separates values with {_separator_name(separator)}; the contract's separator is ';')"
            for piece in pieces:
                if known(piece):
                    matrix[index, position_of[lookup[spelling_key(piece)]]] = True
                else:
                    bad.setdefault(index, []).append(unknown(piece, note))
            if index not in bad:
                read_with.setdefault(separator, []).append(index)
    by_row = matrix[codes] if len(codes) else np.zeros((0, len(vocabulary.codes)), dtype=bool)
    columns = {indicator_column(name, code): by_row[:, i] for i, code in enumerate(vocabulary.codes)}
    notes = tuple(
        f"{name}: {_count(int(np.isin(codes, indices).sum()), 'cell')} separate values with "
        f"{_separator_name(separator)}, read as separate values"
        for separator, indices in read_with.items()
    )
    return Parsed(columns, _problems_at(codes, bad), notes)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def parse_date(name: str, raw: pd.Series, date_format: str | None = None) -> Parsed:
    """Dates in the column's one format (see `reactlib.load.dates`), or spreadsheet dates; a time of day is ignored.

    ``date_format`` (e.g. ``"DD.MM.YYYY"``) is the format to read; None: the one the column's
    dates fit. A column whose dates fit two formats that read them differently is refused.
    """
    if pd.api.types.is_datetime64_any_dtype(raw):
        note = f"{name}: dates read as {dates.SPREADSHEET_DATES}"
        return Parsed({name: raw.astype("datetime64[us]").dt.normalize()}, [], (note,))
    codes, uniques = pd.factorize(raw.fillna(""), use_na_sentinel=False)
    read = dates.read_column(list(uniques), date_format)
    bad: dict[int, list[tuple[str, str]]] = {}
    for index, message in read.problems.items():
        value = str(uniques[index]).strip()
        bad[index] = _one(value if not value or dates.looks_like_date(value) else describe_cell(value), message)
    values = pd.Series(read.dates.to_numpy(dtype="datetime64[us]")[codes], index=raw.index)
    problems = _problems_at(codes, bad)
    notes = (f"{name}: dates read as {read.described}",) if read.described else ()
    return Parsed({name: values}, problems, notes)


def _yes_no_problem(value: str) -> tuple[str, str]:
    if not value:
        return value, "is required but empty"
    near = difflib.get_close_matches(value.lower(), list(YES_NO_SPELLINGS), n=1, cutoff=0.6)
    shown = value if near else describe_cell(value)
    return shown, "must be yes or no (also да/нет, так/ні, true/false, 1/0)"


def parse_yes_no(name: str, raw: pd.Series) -> Parsed:
    """yes/no in English, Russian or Ukrainian, true/false, 1/0 (any case; see `YES_NO_SPELLINGS`)."""
    if pd.api.types.is_bool_dtype(raw) and not raw.isna().any():
        return Parsed({name: raw.astype(bool)}, [])
    codes, uniques = _distinct(raw)
    parsed = [YES_NO_SPELLINGS.get(spelling_key(value)) for value in uniques]
    bad = {i: [_yes_no_problem(value)] for i, value in enumerate(uniques) if parsed[i] is None}
    flags = np.array([bool(v) for v in parsed], dtype=bool)[codes]
    return Parsed({name: pd.Series(flags, index=raw.index)}, _problems_at(codes, bad))


def parse_age(name: str, raw: pd.Series) -> Parsed:
    """Whole years or empty; the range is the schema's rule."""
    codes, uniques = _distinct(raw)
    numbers = pd.to_numeric(pd.Series(uniques, dtype=object).replace("", None), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    message = f"must be a whole number of years from {AGE_RANGE[0]} to {AGE_RANGE[1]}"
    bad = {
        i: _one(value if _NUMBER.fullmatch(value) else describe_cell(value), message)
        for i, value in enumerate(uniques)
        if value and not whole.iloc[i]
    }
    ages = numbers.where(whole).astype("Float64").round().astype("Int64")
    values = pd.Series(ages.to_numpy()[codes], index=raw.index, dtype="Int64")
    return Parsed({name: values}, _problems_at(codes, bad))


__all__ = [
    "MULTI_VALUE_SEPARATOR",
    "OTHER_SEPARATORS",
    "CellProblems",
    "Parsed",
    "parse_age",
    "parse_date",
    "parse_multi",
    "parse_single",
    "parse_text",
    "parse_yes_no",
    "split_known",
    "split_multi",
]
