"""Dates as exports write them, recognised per column, never with day and month silently swapped.

A date cell may be a spreadsheet's own date (an XLSX date cell, a Parquet date) or text in one of
`DATE_FORMATS`. Each column has one text format: the one that reads all its dates, else the one
that reads most of them (the others are problems naming the format). ISO dates (``2023-03-15``)
and spreadsheet dates cannot be misread and are read in any column, beside its format. A time
of day after a date (``15.03.2023 14:30``) is ignored.

When two formats read every date of a column but some of them differently (``05/01/2023`` is
5 January as DD/MM/YYYY and 1 May as MM/DD/YYYY), the column is not guessed: those dates are
problems that name ``--date-format``.

Examples
--------
>>> read = read_column(pd.Series(["15.03.2023", "01.04.2023", ""]), None)
>>> read.described, [str(day.date()) for day in read.dates[:2]], read.messages.tolist()
('DD.MM.YYYY', ['2023-03-15', '2023-04-01'], ['', '', 'is required but empty'])
>>> read_column(pd.Series(["05/01/2023", "02/03/2023"]), None).messages[0][:60]
'is a date in DD/MM/YYYY or in MM/DD/YYYY, which swap day and'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reactlib.errors import ParameterError

#: A time of day after a date: read and ignored.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
#: Anything written like a date (digits between separators): shown in a message when unreadable.
DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}" + _TIME)


@dataclass(frozen=True)
class DateFormat:
    """A way of writing dates: its name (as ``--date-format`` takes it) and its pattern."""

    name: str
    pattern: str  # a regular expression with the groups day, month and year

    @property
    def regex(self) -> str:
        return f"^{self.pattern}{_TIME}$"


def _format(name: str, separator: str) -> DateFormat:
    """The format ``name`` (e.g. ``DD.MM.YYYY``) whose parts are separated by ``separator``."""
    groups = {
        "DD": r"(?P<day>\d{1,2})",
        "MM": r"(?P<month>\d{1,2})",
        "YYYY": r"(?P<year>\d{4})",
        "YY": r"(?P<year>\d{2})",
    }
    return DateFormat(name, re.escape(separator).join(groups[part] for part in name.split(separator)))


#: The written formats a date column may use, in the order they are tried.
DATE_FORMATS: tuple[DateFormat, ...] = (
    _format("YYYY-MM-DD", "-"),
    _format("DD.MM.YYYY", "."),
    _format("DD/MM/YYYY", "/"),
    _format("MM/DD/YYYY", "/"),
    _format("DD-MM-YYYY", "-"),
    _format("DD.MM.YY", "."),
)
ISO = DATE_FORMATS[0]
_BY_NAME = {date_format.name: date_format for date_format in DATE_FORMATS}
#: How a column of spreadsheet dates is described.
SPREADSHEET_DATES = "spreadsheet dates"


def date_format_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a ``--date-format``; None when it names a format.

    >>> date_format_problem("DD.MM.YYYY") is None, date_format_problem("dd.mm.yyyy") is None
    (True, True)
    >>> date_format_problem("D.M.Y")
    "'D.M.Y' is not a date format; use one of YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, DD-MM-YYYY, DD.MM.YY"
    """
    if name.strip().upper() in _BY_NAME:
        return None
    return f"{name!r} is not a date format; use one of {', '.join(_BY_NAME)}"


def look_like_dates(texts: pd.Series) -> np.ndarray:
    """Which of ``texts`` are written like a date (or empty): a message may then show them, they are no one's words.

    >>> look_like_dates(pd.Series(["31.02.2023", "", "yesterday"])).tolist()
    [True, True, False]
    """
    like = texts.str.fullmatch(DATE_LIKE.pattern) & (texts.str.len() <= 30)
    return (like | (texts == "")).to_numpy(dtype=bool)


@dataclass(frozen=True)
class ColumnDates:
    """A date column's distinct values, read."""

    texts: pd.Series  # each distinct value as text, blanks around it stripped ("" for a spreadsheet's date)
    dates: pd.Series  # datetime64 per distinct value; NaT where it was not read
    messages: np.ndarray  # per distinct value: what is wrong with it ("" when nothing is)
    described: str  # how the column's dates were read, e.g. "DD.MM.YYYY" (empty: no date read)


def read_column(values: pd.Series, date_format: str | None) -> ColumnDates:
    """Read a date column's distinct ``values`` (text, or dates a spreadsheet stored as dates).

    ``date_format`` names the text format to read (`DATE_FORMATS`); None: the column's own.
    """
    if values.dtype == object:  # a spreadsheet's column: dates and text
        texts = pd.Series(["" if _is_date(v) else str(v).strip() for v in values], dtype="str")
        real = pd.Series(
            [pd.Timestamp(v).normalize() if _is_date(v) else pd.NaT for v in values], dtype="datetime64[us]"
        )
    else:
        texts = values.astype("str").str.strip().reset_index(drop=True)
        real = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    readable = texts.str.fullmatch(DATE_LIKE.pattern)
    candidates = texts[readable]
    read_by = {f.name: _read(candidates, f) for f in DATE_FORMATS}
    if date_format is not None:
        if problem := date_format_problem(date_format):
            raise ParameterError(f"date_format: {problem}")
        chosen, swapped = [_BY_NAME[date_format.strip().upper()]], pd.Series(False, index=candidates.index)
    else:
        chosen, swapped = _column_format(read_by)
    column_format = chosen[0] if chosen else None
    dates = real.copy()
    iso = read_by[ISO.name]
    dates[iso.index] = iso.where(iso.notna(), dates[iso.index])
    if column_format is not None:
        own = read_by[column_format.name].where(~swapped)
        dates[own.index] = own.where(own.notna(), dates[own.index])
    unread = dates.isna().to_numpy(dtype=bool)
    messages = np.full(len(texts), "", dtype=object)
    messages[unread] = _unread_messages(texts[unread], column_format, given=date_format is not None)
    messages[unread & (texts == "").to_numpy(dtype=bool)] = "is required but empty"
    flagged = np.zeros(len(texts), dtype=bool)
    flagged[swapped[swapped].index.to_numpy(dtype=np.int64)] = True
    if flagged.any():
        first, second = (f.name for f in chosen[:2])
        messages[flagged & unread] = (
            f"is a date in {first} or in {second}, which swap day and month, and the column's dates fit both; "
            f"pass --date-format {first} or --date-format {second}"
        )
    return ColumnDates(texts, dates, messages, _described(dates, real, iso, column_format))


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date | pd.Timestamp) and not pd.isna(value)


def _read(texts: pd.Series, date_format: DateFormat) -> pd.Series:
    """``texts`` read as ``date_format``: a date each, NaT where it does not fit or is no date of the calendar."""
    parts = texts.str.extract(date_format.regex).astype("float64")
    # A column reads in one or two of the formats: the others match no date, and assembling
    # nothing into dates is most of their cost.
    if not parts.notna().all(axis=1).any():  # no row read whole (or no row at all)
        return pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    if date_format.name.endswith("YY") and not date_format.name.endswith("YYYY"):
        parts["year"] += 2000  # the programme's dates are all of this century
    read = pd.to_datetime(parts[["year", "month", "day"]], errors="coerce")
    return read.astype("datetime64[us]")


def _column_format(read_by: dict[str, pd.Series]) -> tuple[list[DateFormat], pd.Series]:
    """The column's text formats, the best first, and which dates two of them read differently.

    Best: every format that reads all of the column's written dates (ISO aside: it is read
    anyway), else those that read the most. When two of them read a date differently, neither
    is guessed: those dates are the ones flagged.
    """
    written = [f for f in DATE_FORMATS if f is not ISO]
    counts = {f.name: int(read_by[f.name].notna().sum()) for f in written}
    most = max(counts.values(), default=0)
    if most == 0:
        return [], pd.Series(False, index=read_by[ISO.name].index)
    best = [f for f in written if counts[f.name] == most]
    first = read_by[best[0].name]
    swapped = pd.Series(False, index=first.index)
    for other in best[1:]:
        differs = first.notna() & read_by[other.name].notna() & (first != read_by[other.name])
        if differs.any():
            return [best[0], other], differs
    return best[:1], swapped


def _unread_messages(texts: pd.Series, column_format: DateFormat | None, given: bool) -> list[str]:
    """What is wrong with each of ``texts``, dates not read (in the column's format, or at all)."""
    calendar = texts.str.fullmatch(ISO.regex)
    if column_format is not None:
        calendar |= texts.str.fullmatch(column_format.regex)
    if column_format is None:
        other = f"is not a date; write dates as {', '.join(_BY_NAME)}"
    else:
        how = "as --date-format says" if given else "as the column's other dates are"
        other = f"is not a date written {column_format.name} (or YYYY-MM-DD), {how}"
    return np.where(calendar.to_numpy(dtype=bool), "is not a date of the calendar", other).tolist()


def _described(dates: pd.Series, real: pd.Series, iso: pd.Series, column_format: DateFormat | None) -> str:
    """How the column's dates were read: its format, and the ISO and spreadsheet dates beside it."""
    kinds = []
    if column_format is not None:
        kinds.append(column_format.name)
    if iso.notna().any():
        kinds.append(ISO.name)
    if real.notna().any():
        kinds.append(SPREADSHEET_DATES)
    return " and ".join(kinds) if dates.notna().any() else ""
