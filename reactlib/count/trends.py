"""A trend over periods (analysis.md section 2): the range of periods, and its figures.

A trend runs from one period to another of the same kind (years, half years, quarters or
months), both included, at most `MAX_PERIODS` of them. Its figures are the complete figures of
each of its periods, in order, each exactly as `reactlib.count.figures.compute_figures` gives
them (small-cell and complementary suppression inside each period), without ``previous``.

Every period is counted by `compute_figures` itself, from the whole table: one counting rule,
never a second copy of it. 12 half years of one country from a million cases take about 0.7 s on
a quiet machine, 1.8 to 2.9 s (median) on a loaded one (bench/bench_trend.py; the target is
3 s). Cutting the scope's cases to the trend's dates once first was measured too: the periods'
counting, not the filtering, takes the time, and the gain was lost in the noise.

Examples
--------
>>> [period.name for period in trend_periods("2022-H2", "2023-H2")]
['2022-H2', '2023-H1', '2023-H2']
>>> from reactlib import load_cases, sample_data_path
>>> trend = compute_trend(load_cases(sample_data_path()), "Tajikistan", "2023-H1", "2023-H2")
>>> trend.title, [figures.cases for figures in trend.series]
('Tajikistan. Trend by half year, 2023-H1 to 2023-H2', [522, 307])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reactlib.count.audit import AuditSummary
from reactlib.count.figures import ReportFigures, compute_figures, suppress
from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.periods import (
    Period,
    check_period_has_data,
    parse_period,
    resolve_scope,
    scope_title,
)
from reactlib.count.suppression import Disclosure, protect_documents
from reactlib.errors import PeriodError
from reactlib.language import DEFAULT_LANGUAGE, translation
from reactlib.language.messages import N_

#: The most periods one trend may hold: 40 quarters, or 10 years of them.
MAX_PERIODS = 40


#: The words of a trend's title, in one place for the translators: ``{place}`` is the country
#: (or "All countries"), ``{first}`` and ``{last}`` the periods' names.
TREND_TITLE = N_("{place}. {kind}, {first} to {last}")
#: Each kind of period, as the title names the trend.
KIND_TITLES = {
    "year": N_("Trend by year"),
    "half": N_("Trend by half year"),
    "quarter": N_("Trend by quarter"),
    "month": N_("Trend by month"),
}

#: Each kind of period: its name's pattern, how many make a year, and how the n-th is named.
_KINDS: dict[str, tuple[re.Pattern[str], int]] = {
    "year": (re.compile(r"(\d{4})"), 1),
    "half": (re.compile(r"(\d{4})-H([12])"), 2),
    "quarter": (re.compile(r"(\d{4})-Q([1-4])"), 4),
    "month": (re.compile(r"(\d{4})-(\d{2})"), 12),
}
TREND_FORMS = "years (2022), half years (2022-H1), quarters (2022-Q1) or months (2022-01)"


def _kind_and_index(text: str, option: str) -> tuple[str, int]:
    """The kind of a period name and its number counted from year 0 (so neighbours differ by 1)."""
    try:
        parse_period(text)  # a malformed name gets the usual words, and the option that gave it
    except PeriodError as error:
        raise PeriodError(f"{option}: {error}") from None
    name = str(text).strip()
    for kind, (pattern, per_year) in _KINDS.items():
        if match := pattern.fullmatch(name):
            part = int(match[2]) - 1 if per_year > 1 else 0
            return kind, int(match[1]) * per_year + part
    raise PeriodError(f"{option} {name!r}: a trend runs over {TREND_FORMS}, not a date range")


def _period_name(kind: str, index: int) -> str:
    per_year = _KINDS[kind][1]
    year, part = divmod(index, per_year)
    suffix = {"year": "", "half": f"-H{part + 1}", "quarter": f"-Q{part + 1}", "month": f"-{part + 1:02d}"}[kind]
    return f"{year}{suffix}"


def trend_kind(first: str, last: str) -> str:
    """The kind of period both ends are (``year``, ``half``, ``quarter``, ``month``); checks the range."""
    return _checked_range(first, last)[0]


def trend_periods(first: str, last: str) -> list[Period]:
    """Every period from ``first`` to ``last``, both included, in order.

    Raises
    ------
    PeriodError
        When either is not a year, half year, quarter or month, they are of different kinds,
        ``last`` comes before ``first``, or there are more than `MAX_PERIODS` of them.

    >>> [period.name for period in trend_periods("2023-11", "2024-02")]
    ['2023-11', '2023-12', '2024-01', '2024-02']
    >>> trend_periods("2023", "2023-H2")
    Traceback (most recent call last):
    ...
    reactlib.errors.PeriodError: --from '2023' is a year but --to '2023-H2' is a half year; a trend's ends are periods of one kind
    """
    kind, start, stop = _checked_range(first, last)
    return [parse_period(_period_name(kind, index)) for index in range(start, stop + 1)]


_KIND_WORDS = {"year": "a year", "half": "a half year", "quarter": "a quarter", "month": "a month"}


def _checked_range(first: str, last: str) -> tuple[str, int, int]:
    first_kind, start = _kind_and_index(first, "--from")
    last_kind, stop = _kind_and_index(last, "--to")
    first, last = str(first).strip(), str(last).strip()
    if first_kind != last_kind:
        raise PeriodError(
            f"--from {first!r} is {_KIND_WORDS[first_kind]} but --to {last!r} is {_KIND_WORDS[last_kind]}; "
            "a trend's ends are periods of one kind"
        )
    if stop < start:
        raise PeriodError(f"--to {last!r} comes before --from {first!r}")
    if stop - start + 1 > MAX_PERIODS:
        raise PeriodError(
            f"{first}..{last} holds {stop - start + 1} periods; a trend holds at most {MAX_PERIODS}: "
            "choose a shorter range or a longer kind of period"
        )
    return first_kind, start, stop


def trend_title(scope: str, first: str, last: str, language: str = DEFAULT_LANGUAGE) -> str:
    """``Tajikistan. Trend by half year, 2022-H1 to 2024-H2``, in ``language``.

    >>> trend_title("all", "2022", "2024")
    'All countries. Trend by year, 2022 to 2024'
    """
    words = translation(language).gettext
    place = scope_title(scope, language)
    kind = trend_kind(first, last)
    return words(TREND_TITLE).format(
        place=place, kind=words(KIND_TITLES[kind]), first=str(first).strip(), last=str(last).strip()
    )


@dataclass(frozen=True)
class TrendFigures:
    """The figures of a trend: one complete `ReportFigures` per period, in order."""

    scope: str
    first: str
    last: str
    title: str
    series: tuple[ReportFigures, ...]
    min_cell: int | None = None
    #: With min_cell: what the audit of the publication found.
    disclosure: AuditSummary | None = None

    @property
    def periods(self) -> list[Period]:
        """The trend's periods, in order."""
        return [figures.period for figures in self.series]

    def to_dict(self) -> dict[str, Any]:
        """The trend's figures.json (analysis.md section 2)."""
        document: dict[str, Any] = {
            "scope": self.scope,
            "from": self.first,
            "to": self.last,
            "title": self.title,
            # Counted without previous; the audit's summary is the trend's own, once, below.
            "series": [_without_audit(figures.to_dict()) for figures in self.series],
        }
        if self.disclosure is not None:
            document["disclosure_control"] = {"mark": SUPPRESSED, **self.disclosure.to_dict()}
        return document

    def to_json(self) -> str:
        """figures.json as text: UTF-8, two-space indent, a final newline; stable byte for byte."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _without_audit(document: dict[str, Any]) -> dict[str, Any]:
    document.pop("disclosure_control", None)
    return document


def compute_trend(
    cases: pd.DataFrame,
    scope: str,
    first: str,
    last: str,
    min_cell: int | None = None,
    language: str = DEFAULT_LANGUAGE,
    disclosure: Disclosure | None = None,
) -> TrendFigures:
    """Compute the figures of every period from ``first`` to ``last`` for ``scope``.

    Parameters
    ----------
    cases
        The validated table from `reactlib.load_cases` (all countries, all dates).
    scope
        A country as written in the data (any case), or ``"all"``.
    first, last
        The first and last period, of one kind (see `trend_periods`).
    min_cell
        Small-cell threshold: counts from 1 to ``min_cell - 1`` are suppressed, and as many
        others as keep them from being worked out of all the trend's periods together.
    language
        The language of the trend's title and of each period's labels.
    disclosure
        With min_cell: the suppression pattern of the publication the trend is one of (a
        batch's); without it, the trend alone is the publication.

    Raises
    ------
    PeriodError
        For a bad range (`trend_periods`), a scope not in the data, or a period of the range
        that lies wholly outside the data's dates.
    """
    periods = trend_periods(first, last)
    scope = resolve_scope(scope, sorted(cases["country"].unique()))
    for period in periods:  # every period is checked before any is counted
        try:
            check_period_has_data(cases, period)
        except PeriodError as error:
            raise PeriodError(f"trend {str(first).strip()}..{str(last).strip()}: {error}") from None
    series = tuple(compute_figures(cases, scope, period, None, language, compare=False) for period in periods)
    if min_cell:
        if disclosure is None:  # the cells are named by codes: the labels' language does not matter
            disclosure = protect_documents([{"series": [figures.to_dict() for figures in series]}], min_cell)
        series = tuple(suppress(figures, disclosure) for figures in series)
    return TrendFigures(
        scope=scope,
        first=periods[0].name,
        last=periods[-1].name,
        title=trend_title(scope, first, last, language),
        series=series,
        min_cell=min_cell,
        disclosure=disclosure.summary if min_cell and disclosure is not None else None,
    )


# The series as tidy frames, for the trend report's charts and tables ----------------------------

#: The headline counters, by figures attribute: their labels as the country report writes them.
HEADLINES = {
    "clients": N_("Clients"),
    "cases": N_("Cases"),
    "qualified": N_("Qualified as human rights violations"),
}


def headlines_over_time(trend: TrendFigures, language: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The headline counts of every period: ``period``, ``code``, ``label``, ``count``, ``percent``.

    ``count`` is the number or its suppression label (``"<5"``); ``percent`` is empty.

    >>> from reactlib import load_cases, sample_data_path
    >>> trend = compute_trend(load_cases(sample_data_path()), "Georgia", "2023-H1", "2023-H2")
    >>> headlines_over_time(trend).query("code == 'cases'")["count"].tolist()
    [135, 124]
    """
    words = translation(language).gettext
    rows = [
        (figures.period.name, code, words(label), getattr(figures, code), None)
        for figures in trend.series
        for code, label in HEADLINES.items()
    ]
    return _long_frame(rows)


def chart_over_time(trend: TrendFigures, chart: str, group: str | None = None) -> pd.DataFrame:
    """One chart of every period, stacked: ``period``, ``code``, ``label``, ``count``, ``percent``.

    ``chart`` is a figures.json chart name (``key_populations``, ``reaction_status``, …), or
    ``perpetrators`` with ``group`` a report group (``plhiv``, …). Rows keep the chart's published
    order within each period, and periods their order; suppressed counts stay labels and their
    percents empty, so a chart drawn from this leaves them out.
    """
    frames = []
    for figures in trend.series:
        items = figures.groups[group].perpetrators.items if group else figures.charts[chart].items
        frames.append(items.assign(period=figures.period.name))
    stacked = pd.concat(frames, ignore_index=True)
    return stacked[["period", "code", "label", "count", "percent"]]


def _long_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["period", "code", "label", "count", "percent"])
    frame["count"] = frame["count"].astype(object)
    frame["percent"] = frame["percent"].astype("float64")
    return frame
