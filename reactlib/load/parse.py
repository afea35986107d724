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
from reactlib.errors import describe_cell, describe_text
from reactlib.load import dates
from reactlib.load.category_cells import HAND_TYPED, FileLabels, key_positions, spelling_key, spelling_keys

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


def _factorized(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes per row and the distinct cells (as text, a missing cell empty) they point to, in order of first appearance.

    A categorical column (Parquet's repeating text, `reactlib.load.read`) is factorized by its
    integer codes, never by its million cells; the result is the same as for its cells as text.
    """
    if not isinstance(raw.dtype, pd.CategoricalDtype):
        codes, uniques = pd.factorize(raw.fillna("").astype("str"), use_na_sentinel=False)
        return codes, pd.Series(uniques, dtype="str")
    texts = pd.Index(raw.cat.categories.astype("str").append(pd.Index([""], dtype="str")))
    categories = raw.cat.codes.to_numpy()
    categories = np.where(categories < 0, len(texts) - 1, categories)  # a missing cell: the last text, ""
    text_of_category, distinct_texts = pd.factorize(texts)  # a "" category and a missing cell are one value
    codes, first_seen = pd.factorize(text_of_category[categories])
    return codes, pd.Series(distinct_texts[first_seen], dtype="str")


def _distinct(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes per row and the distinct values they point to, blanks around them stripped."""
    codes, uniques = _factorized(raw)
    return codes, uniques.str.strip()


class _Findings:
    """Problems found on a column's distinct values, kept as arrays: a million distinct bad values cost arrays, not objects.

    Each distinct value has at most one problem in the arrays; a multi-valued cell with unknown
    parts of different problems keeps the others in ``more``.
    """

    def __init__(self, distinct: int) -> None:
        self.message = np.full(distinct, -1, dtype=np.int32)  # index into `messages`; -1: no problem
        self.shown = np.empty(distinct, dtype=object)  # the value as it may be shown, or its stand-in
        self.messages: list[str] = []
        self.more: list[tuple[int, str, int]] = []  # (distinct value, shown, message) beyond the first

    def _id(self, message: str) -> int:
        if message not in self.messages:
            self.messages.append(message)
        return self.messages.index(message)

    def add(self, index: int, shown: str, message: str) -> None:
        """Distinct value ``index`` has a problem, named by ``message``, shown as ``shown``."""
        found = self._id(message)
        if self.message[index] < 0:
            self.message[index], self.shown[index] = found, shown
        elif self.message[index] != found and all((i, m) != (index, found) for i, _, m in self.more):
            self.more.append((index, shown, found))

    def add_all(self, indices: np.ndarray, shown: np.ndarray | list[str], message: str) -> None:
        """Every distinct value of ``indices`` has the problem ``message`` (and none before)."""
        self.message[indices] = self._id(message)
        self.shown[indices] = shown

    def at(self, codes: np.ndarray) -> list[CellProblems]:
        """The problems by position in the table (``codes`` gives each row's distinct value), one per message."""
        per_row = self.message[codes]
        problems = []
        for found, message in enumerate(self.messages):
            positions = np.flatnonzero(per_row == found)
            shown = self.shown[codes[positions]]
            extra = {index: value for index, value, other in self.more if other == found}
            if extra:
                also = np.flatnonzero(np.isin(codes, list(extra)))
                lookup = np.empty(len(self.message), dtype=object)
                lookup[list(extra)] = list(extra.values())
                positions = np.concatenate([positions, also])
                shown = np.concatenate([shown, lookup[codes[also]]])
                order = np.argsort(positions, kind="stable")
                positions, shown = positions[order], shown[order]
            if len(positions):
                problems.append(CellProblems(message, positions, shown))
        return problems


def _described(values: pd.Series) -> np.ndarray:
    """`describe_cell` of each value, made once per length."""
    lengths, inverse = np.unique(values.str.len().to_numpy(dtype=np.int64), return_inverse=True)
    return np.array([describe_text(int(length)) for length in lengths], dtype=object)[inverse.reshape(-1)]


def parse_text(name: str, raw: pd.Series, categorical: bool = False) -> Parsed:
    """Strip surrounding blanks; emptiness is checked by the schema.

    ``categorical`` text (a column that repeats its values, such as countries or client codes)
    is stored as a categorical, which later counting (distinct clients, cases per country) reads
    cheaply.
    """
    if isinstance(raw.dtype, pd.CategoricalDtype):
        return Parsed({name: _stripped_categories(raw, categorical)}, [])
    stripped = raw.fillna("").astype("str").str.strip()  # " A" and "A" are one value
    if not categorical:
        return Parsed({name: stripped}, [])
    return Parsed({name: stripped.astype("category")}, [])  # encoded by pyarrow: client codes are many


def _stripped_categories(raw: pd.Series, categorical: bool) -> pd.Series:
    """A categorical column's cells stripped, as the text path makes them: sorted categories of the values used.

    Each distinct value is stripped once; the rows only take new codes.
    """
    codes, distinct = _distinct(raw)
    categories = pd.Index(distinct.unique(), dtype="str").sort_values()
    values = pd.Categorical.from_codes(categories.get_indexer(distinct)[codes], categories=categories)
    column = pd.Series(values, index=raw.index)
    return column if categorical else column.astype("str")


class _Unknowns:
    """The message and shown value of each unknown value of a column: the first `MAX_SUGGESTED_VALUES` with a suggestion.

    Beyond them values are given the column's message without a suggestion and described, all at
    once (`add_all`), so a column of a million client codes costs no more than a few arrays.
    """

    def __init__(self, vocabulary: Vocabulary, labels: FileLabels, findings: _Findings) -> None:
        self.vocabulary, self.labels, self.findings = vocabulary, labels, findings
        self._seen: dict[str, tuple[str, str]] = {}

    @property
    def full(self) -> bool:
        return len(self._seen) >= MAX_SUGGESTED_VALUES

    def add(self, index: int, value: str, note: str = "") -> None:
        """Distinct value ``index`` holds ``value``, unknown; ``note`` ends its message."""
        if value not in self._seen:
            if self.full:
                message, _ = self.labels.unknown_message(value, self.vocabulary, suggest=False)
                self.findings.add(index, describe_cell(value), f"{message}{note}")
                return
            message, _ = self.labels.unknown_message(value, self.vocabulary)
            suggestion = self.labels.suggestion(value, self.vocabulary)
            typo = suggestion is not None and _a_typo_of(value, suggestion, self.vocabulary)
            shown = value if typo or _known_anywhere(value) else describe_cell(value)
            self._seen[value] = (shown, message)
        shown, message = self._seen[value]
        self.findings.add(index, shown, f"{message}{note}")

    def add_all(self, indices: np.ndarray, values: pd.Series, note: str = "") -> None:
        """Distinct values ``indices`` hold ``values``, unknown: the first few one by one, the rest described."""
        room = max(MAX_SUGGESTED_VALUES - len(self._seen), 0)
        for index, value in zip(indices[:room], values.iloc[:room], strict=True):
            self.add(int(index), value, note)
        if len(indices) > room:
            message, _ = self.labels.unknown_message("", self.vocabulary, suggest=False)
            self.findings.add_all(indices[room:], _described(values.iloc[room:]), f"{message}{note}")


_WORD_BREAKS = re.compile(r"[\s_\-]+")


def _a_typo_of(value: str, known: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether ``value``, near ``known`` in spelling, may be quoted as a typo of it.

    A typo (``femal``, ``yse``, ``in progres``) has no digit, no more words than ``known`` and at
    most two letters more. ``Female client``, ``MALE-0042`` or ``transgender woman beaten`` are near
    enough to be suggested a label, but may be a person's data: they are described, not quoted. A
    word documenters type for a category (`HAND_TYPED`: ``Женский``) is a category word too.
    """
    key = spelling_key(value)
    if vocabulary is not None and key in HAND_TYPED.get(vocabulary.name, {}):
        return True
    words = len(_WORD_BREAKS.split(key.strip()))
    return (
        not any(character.isdigit() for character in key)
        and words <= len(_WORD_BREAKS.split(spelling_key(known).strip()))
        and len(key) <= len(known) + 2
    )


def _known_anywhere(value: str) -> bool:
    """Whether ``value`` is a code or label of any column: a category, never a person's data."""
    key = spelling_key(value)
    return any(key in FileLabels.lookup(vocabulary) for vocabulary in COLUMN_VOCABULARIES.values())


def _lookup(distinct: pd.Series, vocabulary: Vocabulary, labels: FileLabels) -> np.ndarray:
    """The code position (in ``vocabulary``) of each distinct value, -1 where it is no code or label."""
    lookup = labels.lookup(vocabulary)
    position_of = {code: i for i, code in enumerate(vocabulary.codes)}
    code_of_spelling = np.array([position_of[code] for code in lookup.values()] + [-1], dtype=np.int64)
    return code_of_spelling[key_positions(spelling_keys(distinct), lookup)]  # -1 picks the last: none


def parse_single(name: str, raw: pd.Series, vocabulary: Vocabulary, labels: FileLabels | None = None) -> Parsed:
    """A single code or label per cell, or empty; stored as an ordered categorical of codes.

    A label may be in any report language (see `reactlib.load.category_cells`).
    """
    labels = labels or FileLabels(())
    codes, distinct = _distinct(raw)
    category_of_unique = _lookup(distinct, vocabulary, labels).astype(np.int8)  # -1: not recorded, or unknown
    findings = _Findings(len(distinct))
    unknown = np.flatnonzero((category_of_unique < 0) & (distinct != "").to_numpy(dtype=bool))
    _Unknowns(vocabulary, labels, findings).add_all(unknown, distinct.iloc[unknown])
    categories = pd.CategoricalDtype(list(vocabulary.codes), ordered=True)
    values = pd.Categorical.from_codes(category_of_unique[codes], dtype=categories)
    return Parsed({name: pd.Series(values, index=raw.index)}, findings.at(codes))


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
    may be in any report language (see `reactlib.load.category_cells`).
    """
    labels = labels or FileLabels(())
    codes, distinct = _distinct(raw)
    lookup = labels.lookup(vocabulary)
    position_of = {code: i for i, code in enumerate(vocabulary.codes)}
    matrix = np.zeros((len(distinct), len(vocabulary.codes)), dtype=bool)
    findings = _Findings(len(distinct))
    unknown = _Unknowns(vocabulary, labels, findings)
    read_with: dict[str, list[int]] = {}  # separator → distinct cells read with it

    def known(piece: str) -> bool:
        return spelling_key(piece) in lookup

    # A cell of one known value, or of one unknown value without any separator, is looked up all at
    # once; only cells of several parts are split one by one.
    single = _lookup(distinct, vocabulary, labels)
    matrix[np.flatnonzero(single >= 0), single[single >= 0]] = True
    separated = distinct.str.contains(r"[;,|\n]", regex=True).to_numpy(dtype=bool)
    alone = np.flatnonzero((single < 0) & ~separated & (distinct != "").to_numpy(dtype=bool))
    unknown.add_all(alone, distinct.iloc[alone])
    for index in np.flatnonzero((single < 0) & separated).tolist():
        for part in split_multi(distinct.iat[index]):
            if known(part):
                matrix[index, position_of[lookup[spelling_key(part)]]] = True
                continue
            split = split_known(part, known)
            if split is None:
                unknown.add(index, part)
                continue
            separator, pieces = split
            note = f" (the cell separates values with {_separator_name(separator)}; the contract's separator is ';')"
            for piece in pieces:
                if known(piece):
                    matrix[index, position_of[lookup[spelling_key(piece)]]] = True
                else:
                    unknown.add(index, piece, note)
            read_with.setdefault(separator, []).append(index)
    read_with = {separator: [i for i in cells if findings.message[i] < 0] for separator, cells in read_with.items()}
    by_row = matrix[codes] if len(codes) else np.zeros((0, len(vocabulary.codes)), dtype=bool)
    columns = {indicator_column(name, code): by_row[:, i] for i, code in enumerate(vocabulary.codes)}
    notes = tuple(
        f"{name}: {_count(int(np.isin(codes, cells).sum()), 'cell')} separate values with "
        f"{_separator_name(separator)}, read as separate values"
        for separator, cells in read_with.items()
        if cells
    )
    return Parsed(columns, findings.at(codes), notes)


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
    if isinstance(raw.dtype, pd.CategoricalDtype):
        codes, uniques = _factorized(raw)
    else:
        codes, uniques = pd.factorize(raw.fillna(""), use_na_sentinel=False)
    read = dates.read_column(pd.Series(uniques), date_format)
    findings = _Findings(len(uniques))
    for message in pd.unique(read.messages[read.messages != ""]):
        indices = np.flatnonzero(read.messages == message)
        texts = read.texts.iloc[indices]
        shown = np.where(dates.look_like_dates(texts), texts.to_numpy(dtype=object), _described(texts))
        findings.add_all(indices, shown, message)
    values = pd.Series(read.dates.to_numpy(dtype="datetime64[us]")[codes], index=raw.index)
    notes = (f"{name}: dates read as {read.described}",) if read.described else ()
    return Parsed({name: values}, findings.at(codes), notes)


#: The message of a yes/no cell that is neither.
YES_NO_MESSAGE = "must be yes or no (also да/нет, так/ні, true/false, 1/0)"


def parse_yes_no(name: str, raw: pd.Series) -> Parsed:
    """yes/no in English, Russian or Ukrainian, true/false, 1/0 (any case; see `YES_NO_SPELLINGS`).

    A value that is neither is shown when it is near a spelling of yes or no (a typo), else
    described; only the first `MAX_SUGGESTED_VALUES` distinct ones are compared.
    """
    if pd.api.types.is_bool_dtype(raw) and not raw.isna().any():
        return Parsed({name: raw.astype(bool)}, [])
    codes, distinct = _distinct(raw)
    positions = key_positions(spelling_keys(distinct), YES_NO_SPELLINGS)
    answers = np.array([*YES_NO_SPELLINGS.values(), False])[positions]  # -1, no answer, picks the last: False
    unread = positions < 0
    findings = _Findings(len(distinct))
    empty = unread & (distinct == "").to_numpy(dtype=bool)
    findings.add_all(np.flatnonzero(empty), np.full(int(empty.sum()), "", dtype=object), "is required but empty")
    bad = np.flatnonzero(unread & ~empty)
    shown = _described(distinct.iloc[bad])
    for rank, index in enumerate(bad[:MAX_SUGGESTED_VALUES]):
        near = difflib.get_close_matches(spelling_key(distinct.iat[index]), list(YES_NO_SPELLINGS), n=1, cutoff=0.6)
        if near and _a_typo_of(distinct.iat[index], near[0]):  # a typo of yes or no, shown to be found
            shown[rank] = distinct.iat[index]
    findings.add_all(bad, shown, YES_NO_MESSAGE)
    return Parsed({name: pd.Series(answers[codes], index=raw.index)}, findings.at(codes))


def parse_age(name: str, raw: pd.Series) -> Parsed:
    """Whole years or empty; the range is the schema's rule."""
    codes, distinct = _distinct(raw)
    numbers = pd.to_numeric(distinct.replace("", None), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    bad = np.flatnonzero(((distinct != "") & ~whole).to_numpy(dtype=bool))
    findings = _Findings(len(distinct))
    if len(bad):
        texts = distinct.iloc[bad]
        like_a_number = texts.str.fullmatch(_NUMBER.pattern).to_numpy(dtype=bool)
        shown = np.where(like_a_number, texts.to_numpy(dtype=object), _described(texts))
        findings.add_all(bad, shown, f"must be a whole number of years from {AGE_RANGE[0]} to {AGE_RANGE[1]}")
    ages = numbers.where(whole).astype("Float64").round().astype("Int64")
    values = pd.Series(ages.to_numpy()[codes], index=raw.index, dtype="Int64")
    return Parsed({name: values}, findings.at(codes))


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
