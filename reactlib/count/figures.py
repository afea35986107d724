"""All figures of one report, small-cell suppression, and the figures.json document.

Examples
--------
>>> from reactlib import load_cases, sample_data_path
>>> from reactlib.count.figures import compute_figures
>>> figures = compute_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H1")
>>> figures.title, figures.cases
('Tajikistan. 2023 | Half year: January–June', 522)
>>> figures.previous.period.name, figures.previous.cases
('2022-H2', 285)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from reactlib.count import aggregate
from reactlib.count.aggregate import Chart
from reactlib.count.audit import AuditSummary
from reactlib.count.cells import HEADLINES, CellKey, span_of
from reactlib.count.comparison import points_change
from reactlib.count.crosstabs import CrossTab, cross_tabulations
from reactlib.count.in_language import chart_in_language, crosstab_in_language
from reactlib.count.intervals import Interval, chart_change_intervals, chart_intervals
from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.once import once
from reactlib.count.periods import (
    ALL_COUNTRIES,
    Period,
    PeriodError,
    check_period_has_data,
    parse_period,
    previous_period,
    report_title,
    resolve_scope,
    select,
)
from reactlib.count.quality import RowAccounting, account_rows, suppress_accounting
from reactlib.count.suppression import Disclosure, protect_documents, suppress_chart, suppress_crosstab
from reactlib.language import DEFAULT_LANGUAGE, check_language

#: A count as it may be shown: the number, or `reactlib.count.min_cell.SUPPRESSED` when
#: disclosure control suppresses it (whatever the reason).
Shown = int | str


@dataclass(frozen=True)
class GroupFigures:
    """The figures of one report-group section."""

    cases: Shown
    perpetrators: Chart


@dataclass(frozen=True)
class CountryFigures:
    """The headline figures of one country of a regional report (analysis.md section 3)."""

    country: str
    clients: Shown
    cases: Shown
    qualified: Shown

    def to_dict(self) -> dict[str, Any]:
        """The country's object in figures.json's ``countries``."""
        return {"country": self.country, "clients": self.clients, "cases": self.cases, "qualified": self.qualified}


@dataclass(frozen=True)
class ReportFigures:
    """Every figure of one report (one scope × one period).

    A report's figures carry the figures of its previous period (`previous`; analysis.md
    section 1) and, for the scope ``all``, each country's headline figures (`countries`). The
    previous period's figures are a `ReportFigures` of their own, with neither of these nor
    cross-tabulations.
    """

    scope: str
    period: Period
    title: str
    clients: Shown
    cases: Shown
    qualified: Shown
    charts: dict[str, Chart]
    groups: dict[str, GroupFigures]
    min_cell: int | None = None
    #: By figures.json key (`reactlib.count.crosstabs.cross_tabulations`); counts of cases.
    crosstabs: dict[str, CrossTab] = field(default_factory=dict)
    #: The previous period's figures for the same scope; None when it is not in the data.
    previous: ReportFigures | None = None
    #: Whether the previous period was looked for: only then does figures.json say ``previous``
    #: (``null`` for "not in the data", which an object built without looking must not claim).
    compared: bool = False
    #: Each country's headline figures, sorted by name: for the scope ``all`` only.
    countries: tuple[CountryFigures, ...] | None = None
    #: With min_cell: where every row of the data file went (the data-quality appendix), in
    #: figures.json too, so that an audit of the published files reads every count printed.
    accounting: RowAccounting | None = None
    #: With min_cell: what the audit of the publication found (`reactlib.count.audit.AuditSummary`).
    disclosure: AuditSummary | None = None

    def to_dict(self) -> dict[str, Any]:
        """The figures.json document (contract section 5; analysis.md sections 1, 3 and 4).

        Each item of a chart carries its share's 95 % interval and, where the previous period is
        in the data, the change of its share and that change's interval (`chart_to_dict`).
        """
        document = self.period_dict(self.previous)
        document["crosstabs"] = {name: table.to_dict() for name, table in self.crosstabs.items()}
        if self.compared:
            document["previous"] = None if self.previous is None else self.previous.period_dict()
        if self.countries is not None:
            document["countries"] = [country.to_dict() for country in self.countries]
        if self.accounting is not None:
            document["data_quality"] = self.accounting.to_dict()
        if self.disclosure is not None:
            document["disclosure_control"] = {"mark": SUPPRESSED, **self.disclosure.to_dict()}
        return document

    def period_dict(self, previous: ReportFigures | None = None) -> dict[str, Any]:
        """The figures of the period alone, as ``previous`` holds them: no crosstabs, previous or countries.

        With ``previous`` (the previous period's figures), each item carries its change against it.
        """
        return {
            "scope": self.scope,
            "period": self.period.name,
            "title": self.title,
            "clients": self.clients,
            "cases": self.cases,
            "qualified": self.qualified,
            "charts": {
                name: chart_to_dict(chart, None if previous is None else previous.charts[name])
                for name, chart in self.charts.items()
            },
            "groups": {
                code: {
                    "cases": group.cases,
                    "perpetrators": chart_to_dict(
                        group.perpetrators, None if previous is None else previous.groups[code].perpetrators
                    ),
                }
                for code, group in self.groups.items()
            },
        }

    def to_json(self) -> str:
        """figures.json as text: UTF-8, two-space indent, a final newline; stable byte for byte."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def chart_to_dict(chart: Chart, previous: Chart | None = None) -> dict[str, Any]:
    """A chart as figures.json writes it: unit, n and every item.

    An item is its code, label, count and percent, and the percent's 95 % Wilson ``interval``
    (`reactlib.count.intervals`; null where the count or n is hidden, or n is 0). With the
    ``previous`` period's chart, every item also has its ``change`` in percentage points and
    Newcombe's ``change_interval``, null where a count on either side is hidden.
    """
    # Columns zipped, not itertuples: the same values, without a column lookup by position and a
    # namedtuple class per chart, which were 60 % of figures.json's making (26 charts a report).
    table = chart.items
    items = [
        {
            "code": code,
            "label": label,
            "count": count if isinstance(count, str) else int(count),
            "percent": None if pd.isna(percent) else float(percent),
            "interval": _listed(interval),
        }
        for code, label, count, percent, interval in zip(
            table["code"], table["label"], table["count"], table["percent"], chart_intervals(chart), strict=True
        )
    ]
    if previous is not None:
        shares = dict(zip(previous.items["code"], previous.items["percent"], strict=True))
        for item, interval in zip(items, chart_change_intervals(chart, previous), strict=True):
            item["change"] = points_change(item["percent"], shares.get(item["code"]))
            item["change_interval"] = _listed(interval)
    return {"unit": chart.unit, "n": chart.n, "items": items}


def _listed(interval: Interval | None) -> list[float] | None:
    """An interval as JSON writes it: ``[low, high]``, or null."""
    return None if interval is None else list(interval)


def compute_figures(
    cases: pd.DataFrame,
    scope: str,
    period: str | Period,
    min_cell: int | None = None,
    language: str = DEFAULT_LANGUAGE,
    *,
    compare: bool = True,
    disclosure: Disclosure | None = None,
) -> ReportFigures:
    """Compute every figure of the report for ``scope`` and ``period`` from validated cases.

    Parameters
    ----------
    cases
        The validated table from `reactlib.load_cases` (all countries, all dates).
    scope
        A country as written in the data (any case), or ``"all"``.
    period
        A period name such as ``"2023-H1"`` (see `reactlib.count.periods.parse_period`).
    min_cell
        When set, counts from 1 to ``min_cell - 1`` are suppressed, and as many others as keep
        them from being worked out of the report, its previous period and its data-quality
        appendix (`reactlib.count.suppression`); each is written `SUPPRESSED`, its percentage
        missing. The figures then carry the appendix (``accounting``) and the audit's summary.
    language
        The language of the labels and the title (`reactlib.language.LANGUAGES`); the counts are
        the same in every language.
    compare
        Whether to count the previous period too (``previous``); a trend, whose series holds
        every period anyway, does without it.
    disclosure
        With min_cell: the suppression pattern of the publication the report is one of (a
        batch's); without it, the report with its previous period is the publication.
    """
    check_language(language)
    period = period if isinstance(period, Period) else parse_period(period)
    scope = resolve_scope(scope, sorted(cases["country"].unique()))
    check_period_has_data(cases, period)
    figures = once(cases, ("report", scope, period, compare), lambda: _report_figures(cases, scope, period, compare))
    if not min_cell:
        return figures_in_language(figures, language)
    figures = replace(figures, accounting=_accounting(cases, scope, period))
    if disclosure is None:
        disclosure = protect_documents([figures.to_dict()], min_cell)
    return suppress(figures_in_language(figures, language), disclosure)


def unsuppressed_document(cases: pd.DataFrame, scope: str, period: str | Period) -> dict[str, Any]:
    """A report's figures.json with its true counts and its data-quality appendix.

    What `reactlib.count.suppression.protect_documents` decides a publication's pattern from;
    never published.
    """
    figures = compute_figures(cases, scope, period)
    return replace(figures, accounting=_accounting(cases, figures.scope, figures.period)).to_dict()


def _report_figures(cases: pd.DataFrame, scope: str, period: Period, compare: bool) -> ReportFigures:
    """`compute_figures` of a scope as the data spells it, in English, unsuppressed."""
    selected = select(cases, scope, period)
    return replace(
        once(cases, ("period", scope, period), lambda: _period_figures(selected, scope, period)),
        crosstabs=cross_tabulations(selected),
        previous=_previous_figures(cases, scope, period) if compare else None,
        compared=compare,
        countries=country_figures(selected) if scope == ALL_COUNTRIES else None,
    )


def _accounting(cases: pd.DataFrame, scope: str, period: Period) -> RowAccounting:
    """`account_rows`, counted once inside `reactlib.count.once.counting_once`."""
    return once(cases, ("accounting", scope, period), lambda: account_rows(cases, scope, period))


def previous_figures(
    cases: pd.DataFrame,
    scope: str,
    period: str | Period,
    min_cell: int | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> ReportFigures | None:
    """The figures of the period before ``period`` for ``scope``: a report's ``previous``.

    They are the figures that `compute_figures` gives for the previous period
    (`reactlib.count.periods.previous_period`), without their own previous period, countries or
    cross-tabulations; with min_cell, suppressed as in the report of ``period`` (whose
    publication they are part of). None when the previous period starts before the first
    registration date of ``cases`` (the whole data file, every country).

    >>> from reactlib import load_cases, sample_data_path
    >>> previous_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H2").period.name
    '2023-H1'
    """
    period = period if isinstance(period, Period) else parse_period(period)
    scope = resolve_scope(scope, sorted(cases["country"].unique()))
    if min_cell:
        return compute_figures(cases, scope, period, min_cell, language).previous
    figures = _previous_figures(cases, scope, period)
    return None if figures is None else figures_in_language(figures, language)


def _previous_figures(cases: pd.DataFrame, scope: str, period: Period) -> ReportFigures | None:
    """`previous_figures` for a scope as the data spells it, unsuppressed."""
    if cases.empty:
        return None
    try:
        before = previous_period(period)
    except PeriodError:  # no calendar period before it: certainly not in the data
        return None
    if before.start < cases["registered_on"].min().date():
        return None
    return once(cases, ("period", scope, before), lambda: _period_figures(select(cases, scope, before), scope, before))


def _period_figures(selected: pd.DataFrame, scope: str, period: Period) -> ReportFigures:
    """The figures of one period's cases ``selected``: headline counts, charts and groups."""
    charts = {name: chart(selected) for name, chart in aggregate.CASE_CHARTS.items()}
    return ReportFigures(
        scope=scope,
        period=period,
        title=report_title(scope, period),
        # The key populations' n is every distinct client (`aggregate.count_clients`), already
        # counted: the client codes of a million cases are not hashed a second time.
        clients=charts["key_populations"].n,
        cases=aggregate.count_cases(selected),
        qualified=aggregate.count_qualified(selected),
        charts=charts,
        groups={
            code: GroupFigures(cases, perpetrators)
            for code, (cases, perpetrators) in aggregate.report_group_figures(selected).items()
        },
    )


def country_figures(selected: pd.DataFrame) -> tuple[CountryFigures, ...]:
    """Each country's clients, cases and qualified cases among ``selected``, sorted by name.

    Only countries with at least one case appear; each is counted as the headline figures are
    (`reactlib.count.aggregate`) for that country's cases alone: distinct clients, cases, and
    cases qualified as violations.
    """
    # Integer codes and a country × client grid of "seen" flags: a groupby's nunique took a
    # fifth of a second on 1 M cases, this a hundredth (the grid is countries × clients bytes).
    country_codes, countries = _codes(selected["country"])
    client_codes, clients = _codes(selected["client_id"])
    known = (country_codes >= 0) & (client_codes >= 0)  # a missing client code is no client
    seen = np.zeros((len(countries), len(clients)), dtype=bool)
    seen[country_codes[known], client_codes[known]] = True
    distinct = seen.sum(axis=1)
    size = len(countries)
    cases = np.bincount(country_codes[country_codes >= 0], minlength=size)
    qualified = np.bincount(
        country_codes[country_codes >= 0],
        weights=selected["qualified"].to_numpy(dtype="int64")[country_codes >= 0],
        minlength=size,
    )
    by_name = sorted((str(country), index) for index, country in enumerate(countries))
    return tuple(
        CountryFigures(name, int(distinct[index]), int(cases[index]), int(qualified[index]))
        for name, index in by_name
        if cases[index] > 0
    )


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 for missing) and the values they stand for; a category's own if it is one."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype="int64"), pd.Index(values.cat.categories)
    codes, uniques = pd.factorize(values)
    return codes.astype("int64"), pd.Index(uniques)


def figures_in_language(figures: ReportFigures, language: str) -> ReportFigures:
    """``figures`` with title and every label in ``language`` (`reactlib.count.in_language`); counts as they are."""
    if language == DEFAULT_LANGUAGE:
        return figures
    return replace(
        figures,
        title=report_title(figures.scope, figures.period, language),
        charts={name: chart_in_language(chart, language) for name, chart in figures.charts.items()},
        groups={
            code: replace(group, perpetrators=chart_in_language(group.perpetrators, language))
            for code, group in figures.groups.items()
        },
        crosstabs={name: crosstab_in_language(table, language) for name, table in figures.crosstabs.items()},
        previous=None if figures.previous is None else figures_in_language(figures.previous, language),
    )


# Small-cell suppression --------------------------------------------------------------------------


def suppress(figures: ReportFigures, disclosure: Disclosure) -> ReportFigures:
    """``figures`` as their publication shows them: every cell of ``disclosure``'s pattern marked.

    The pattern is the publication's (`reactlib.count.suppression.protect_documents`), so a
    count is suppressed alike in the report, in the ``previous`` of the next one, in a trend and
    in a regional ``countries`` table.
    """
    span = span_of(figures.period.name)

    def key(item: str, scope: str = figures.scope) -> CellKey:
        return CellKey(scope, *span, item)

    def shown(item: str, count: Shown) -> Shown:
        return disclosure.shown(key(item), count)

    return replace(
        figures,
        clients=shown("clients", figures.clients),
        cases=shown("cases", figures.cases),
        qualified=shown("qualified", figures.qualified),
        charts={name: suppress_chart(chart, disclosure, key, name) for name, chart in figures.charts.items()},
        groups={
            code: GroupFigures(
                shown(f"groups/{code}/cases", group.cases),
                suppress_chart(group.perpetrators, disclosure, key, f"groups/{code}/perpetrators"),
            )
            for code, group in figures.groups.items()
        },
        crosstabs={name: suppress_crosstab(table, disclosure, key) for name, table in figures.crosstabs.items()},
        min_cell=disclosure.min_cell,
        previous=None if figures.previous is None else suppress(figures.previous, disclosure),
        countries=None
        if figures.countries is None
        else tuple(
            replace(
                country,
                **{name: disclosure.shown(key(name, country.country), getattr(country, name)) for name in HEADLINES},
            )
            for country in figures.countries
        ),
        accounting=None
        if figures.accounting is None
        else suppress_accounting(figures.accounting, disclosure, figures.scope, span),
        disclosure=disclosure.summary,
    )
