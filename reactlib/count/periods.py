"""Reporting periods and scopes: parsing them, titling them, cutting cases to them.

Examples
--------
>>> period = parse_period("2023-H1")
>>> period.start, period.end
(datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
>>> report_title("Tajikistan", period)
'Tajikistan. 2023 | Half year: January–June'
>>> report_title("Tajikistan", parse_period("2023-H2"))
'Tajikistan. 2023 | Half year: July–December'
>>> report_title("Tajikistan", parse_period("2023-H2"), "ru")
'Таджикистан. 2023 | Полугодие: июль–декабрь'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reactlib.errors import PeriodError
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.country_names import reading_key
from reactlib.language.local_dates import country_name, long_date, month_of_year, month_range
from reactlib.language.messages import N_, text_in
from reactlib.terminal import shown

if TYPE_CHECKING:  # pandas is imported where cases are cut: report folders and titles need none
    import pandas as pd

#: The scope that takes every country together (a regional report).
ALL_COUNTRIES = "all"
REGIONAL_TITLE = N_("All countries")

# The words of a period's title, as `reactlib`-domain messages; `period_title` fills them in.
YEAR_TITLE = N_("{year} | Year")
# TRANSLATORS: {months} is a range of months such as "January–June".
HALF_YEAR_TITLE = N_("{year} | Half year: {months}")
# TRANSLATORS: {months} is a range of months such as "April–June".
QUARTER_TITLE = N_("{year} | Quarter {quarter}: {months}")


@dataclass(frozen=True)
class Period:
    """An inclusive date range with the name it was given and the words of its title."""

    name: str
    start: dt.date
    end: dt.date
    title: str  # e.g. "2023 | Half year: January–June"

    def contains(self, dates: pd.Series) -> pd.Series:
        """Which of ``dates`` (datetime64) fall inside the period."""
        import pandas as pd

        return (dates >= pd.Timestamp(self.start)) & (dates <= pd.Timestamp(self.end))

    @property
    def slug(self) -> str:
        """A file-system-safe name: the period as given, ``..`` written as ``_to_``."""
        return self.name.replace("..", "_to_")


_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})-H([12])")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")

PERIOD_FORMS = "2023, 2023-H1, 2023-Q2, 2023-05 or 2023-01-01..2023-05-31"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period name: year, half year, quarter, month or an inclusive date range.

    Every period's title is its own: a half year or a quarter names its months, so that two
    reports of one year are never titled alike (the seed's "2023 | Half year" stays recognisable).

    >>> parse_period("2023-Q2").end
    datetime.date(2023, 6, 30)
    >>> parse_period("2023-Q2").title
    '2023 | Quarter 2: April–June'
    >>> parse_period("2023-01-01..2023-05-31").title
    '1 January 2023 – 31 May 2023'
    """
    name = str(text).strip()
    if match := _YEAR.fullmatch(name):
        return _year(int(match[1]))
    if match := _HALF.fullmatch(name):
        return _half_year(int(match[1]), int(match[2]))
    if match := _QUARTER.fullmatch(name):
        return _quarter(int(match[1]), int(match[2]))
    if (match := _MONTH.fullmatch(name)) and 1 <= int(match[2]) <= 12:
        return _month(int(match[1]), int(match[2]))
    if match := _RANGE.fullmatch(name):
        try:
            first_day, last_day = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
        except ValueError as error:
            raise PeriodError(f"period {name!r}: {error}") from None
        if last_day < first_day:
            raise PeriodError(f"period {name!r} ends before it starts")
        return _date_range(first_day, last_day)
    raise PeriodError(f"period {name!r} is not one of the forms {PERIOD_FORMS}")


# One builder per kind of period: a parsed name and a previous period are made alike.


def _period(name: str, start: dt.date, end: dt.date) -> Period:
    period = Period(name, start, end, "")
    return Period(name, start, end, period_title(period))


def _year(year: int) -> Period:
    return _period(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def _half_year(year: int, half: int) -> Period:
    start, end = (1, 6) if half == 1 else (7, 12)
    return _period(f"{year:04d}-H{half}", dt.date(year, start, 1), _month_end(year, end))


def _quarter(year: int, quarter: int) -> Period:
    first = 3 * quarter - 2
    return _period(f"{year:04d}-Q{quarter}", dt.date(year, first, 1), _month_end(year, first + 2))


def _month(year: int, month: int) -> Period:
    return _period(f"{year:04d}-{month:02d}", dt.date(year, month, 1), _month_end(year, month))


def _date_range(first_day: dt.date, last_day: dt.date) -> Period:
    return _period(f"{first_day.isoformat()}..{last_day.isoformat()}", first_day, last_day)


def previous_period(period: Period) -> Period:
    """The period a report compares with: the one of the same kind just before (analysis.md §1).

    A year, half year, quarter or month gives the one before it, across a year boundary where
    needed; a date range ``A..B`` gives the range of as many days that ends the day before A. A
    period whose name is none of the forms is taken as the date range it covers.

    >>> previous_period(parse_period("2023-H1")).name, previous_period(parse_period("2023-01")).name
    ('2022-H2', '2022-12')
    >>> previous_period(parse_period("2023-03-01..2023-03-31")).name
    '2023-01-29..2023-02-28'

    Raises
    ------
    PeriodError
        When the period before would begin before the calendar's first year.
    """
    name = period.name
    try:
        if match := _YEAR.fullmatch(name):
            return _year(int(match[1]) - 1)
        if match := _HALF.fullmatch(name):
            year, half = int(match[1]), int(match[2])
            return _half_year(year, 1) if half == 2 else _half_year(year - 1, 2)
        if match := _QUARTER.fullmatch(name):
            year, quarter = int(match[1]), int(match[2])
            return _quarter(year, quarter - 1) if quarter > 1 else _quarter(year - 1, 4)
        if (match := _MONTH.fullmatch(name)) and 1 <= int(match[2]) <= 12:
            year, month = int(match[1]), int(match[2])
            return _month(year, month - 1) if month > 1 else _month(year - 1, 12)
        end = period.start - dt.timedelta(days=1)
        return _date_range(end - (period.end - period.start), end)
    except (ValueError, OverflowError):  # before 1 January of the year 1
        raise PeriodError(f"period {name!r} has no period before it") from None


def period_title(period: Period, language: str = DEFAULT_LANGUAGE) -> str:
    """The period's title words in ``language``: ``2023 | Half year: January–June``.

    >>> period_title(parse_period("2023-Q2"), "uk"), period_title(parse_period("2023-05"), "ru")
    ('2023 | Квартал 2: квітень–червень', 'май 2023')
    """
    name, start, end = period.name, period.start, period.end
    if _YEAR.fullmatch(name):
        return text_in(YEAR_TITLE, language).format(year=start.year)
    if match := _HALF.fullmatch(name):
        months = month_range(start.month, end.month, language)
        return text_in(HALF_YEAR_TITLE, language).format(year=start.year, months=months)
    if match := _QUARTER.fullmatch(name):
        months = month_range(start.month, end.month, language)
        return text_in(QUARTER_TITLE, language).format(year=start.year, quarter=match[2], months=months)
    if _MONTH.fullmatch(name):
        return month_of_year(start, language)
    return f"{long_date(start, language)} – {long_date(end, language)}"


def scope_title(scope: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The scope as a title names it: the country in ``language`` when Babel knows its English name.

    >>> scope_title("all", "uk"), scope_title("Tajikistan", "uk")
    ('Усі країни', 'Таджикистан')
    """
    return text_in(REGIONAL_TITLE, language) if scope == ALL_COUNTRIES else country_name(scope, language)


def report_title(scope: str, period: Period, language: str = DEFAULT_LANGUAGE) -> str:
    """The report's title in the seed's form: ``Tajikistan. 2023 | Half year: January–June``."""
    title = period.title if language == DEFAULT_LANGUAGE else period_title(period, language)
    return f"{scope_title(scope, language)}. {title}"


def resolve_scope(scope: str, countries: Sequence[str]) -> str:
    """The scope as the data spells it (``all`` or a country); an unknown one is an error.

    Names are compared as they are read (`reactlib.language.country_names.reading_key`: case,
    Unicode form, invisible characters and blanks aside), so ``tajikistan`` finds
    ``Tajikistan``. A scope that reads as several of ``countries`` is an error too, never one
    of them picked (the data loaded by `reactlib.load` holds one spelling per country).

    >>> resolve_scope("GEORGIA\u200b", ["Georgia", "Moldova"])
    'Georgia'
    """
    wanted = str(scope).strip()
    if reading_key(wanted) == ALL_COUNTRIES:
        return ALL_COUNTRIES
    found = [country for country in countries if reading_key(country) == reading_key(wanted)]
    if len(found) == 1:
        return found[0]
    # Names from the data may hold terminal control characters: they are shown, not obeyed.
    if found:
        names = ", ".join(f"'{shown(country)}'" for country in sorted(found))
        raise PeriodError(f"scope {wanted!r} reads as several countries of the data: {names}; write them alike")
    known = ", ".join(shown(country) for country in sorted(countries)) or "none"
    raise PeriodError(f"scope {wanted!r} is not in the data; countries in the data: {known}, or 'all'")


def in_scope(cases: pd.DataFrame, scope: str) -> pd.Series:
    """Which cases belong to ``scope`` (a country as the data spells it, or ``all``)."""
    import pandas as pd

    if scope == ALL_COUNTRIES:
        return pd.Series(True, index=cases.index)
    return cases["country"] == scope


def select(cases: pd.DataFrame, scope: str, period: Period) -> pd.DataFrame:
    """The cases of one report: in ``scope`` and registered inside ``period``."""
    return cases[in_scope(cases, scope) & period.contains(cases["registered_on"])]


def check_period_has_data(cases: pd.DataFrame, period: Period) -> None:
    """Raise `PeriodError` naming the data's date range when ``period`` lies wholly outside it."""
    if cases.empty:
        return
    first, last = cases["registered_on"].min().date(), cases["registered_on"].max().date()
    if period.end < first or period.start > last:
        raise PeriodError(
            f"period {period.name!r} ({period.start}..{period.end}) has no cases; the data covers {first}..{last}"
        )
