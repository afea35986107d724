"""All figures of one report, small-cell suppression, and the figures.json document.

Examples
--------
>>> from reactlib import load_cases, sample_data_path
>>> from reactlib.count.figures import compute_figures
>>> figures = compute_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H1")
>>> figures.title, figures.cases
('Tajikistan. 2023 | Half year: January–June', 522)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from reactlib.contract.categories import REPORT_GROUPS
from reactlib.count import aggregate
from reactlib.count.aggregate import Chart
from reactlib.count.crosstabs import CrossTab, cross_tabulations, suppress_crosstab
from reactlib.count.in_language import chart_in_language, crosstab_in_language
from reactlib.count.min_cell import min_cell_problem
from reactlib.count.periods import (
    Period,
    check_period_has_data,
    parse_period,
    report_title,
    resolve_scope,
    select,
)
from reactlib.language import DEFAULT_LANGUAGE, check_language

#: A count as it may be shown: the number, or ``"<5"`` when small-cell suppression hides it
#: (``"hidden"`` when it is hidden to protect another count).
Shown = int | str


@dataclass(frozen=True)
class GroupFigures:
    """The figures of one report-group section."""

    cases: Shown
    perpetrators: Chart


@dataclass(frozen=True)
class ReportFigures:
    """Every figure of one report (one scope × one period)."""

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

    def to_dict(self) -> dict[str, Any]:
        """The figures.json document (contract section 5)."""
        return {
            "scope": self.scope,
            "period": self.period.name,
            "title": self.title,
            "clients": self.clients,
            "cases": self.cases,
            "qualified": self.qualified,
            "charts": {name: chart_to_dict(chart) for name, chart in self.charts.items()},
            "groups": {
                code: {"cases": group.cases, "perpetrators": chart_to_dict(group.perpetrators)}
                for code, group in self.groups.items()
            },
            "crosstabs": {name: table.to_dict() for name, table in self.crosstabs.items()},
        }

    def to_json(self) -> str:
        """figures.json as text: UTF-8, two-space indent, a final newline; stable byte for byte."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def chart_to_dict(chart: Chart) -> dict[str, Any]:
    """A chart as figures.json writes it: unit, n and every item."""
    items = [
        {
            "code": row.code,
            "label": row.label,
            "count": row.count if isinstance(row.count, str) else int(row.count),
            "percent": None if pd.isna(row.percent) else float(row.percent),
        }
        for row in chart.items.itertuples(index=False)
    ]
    return {"unit": chart.unit, "n": chart.n, "items": items}


def compute_figures(
    cases: pd.DataFrame,
    scope: str,
    period: str | Period,
    min_cell: int | None = None,
    language: str = DEFAULT_LANGUAGE,
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
        When set, counts from 1 to ``min_cell - 1`` are shown as ``"<min_cell"`` and their
        percentages as missing.
    language
        The language of the labels and the title (`reactlib.language.LANGUAGES`); the counts are
        the same in every language.
    """
    check_language(language)
    period = period if isinstance(period, Period) else parse_period(period)
    scope = resolve_scope(scope, sorted(cases["country"].unique()))
    check_period_has_data(cases, period)
    selected = select(cases, scope, period)
    figures = ReportFigures(
        scope=scope,
        period=period,
        title=report_title(scope, period),
        clients=aggregate.count_clients(selected),
        cases=aggregate.count_cases(selected),
        qualified=aggregate.count_qualified(selected),
        charts={name: chart(selected) for name, chart in aggregate.CASE_CHARTS.items()},
        groups={code: _group_figures(aggregate.group_cases(selected, code)) for code in REPORT_GROUPS.codes},
        crosstabs=cross_tabulations(selected),
    )
    figures = figures_in_language(figures, language)
    return suppress(figures, min_cell) if min_cell else figures


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
    )


def _group_figures(group: pd.DataFrame) -> GroupFigures:
    return GroupFigures(cases=aggregate.count_cases(group), perpetrators=aggregate.perpetrators(group))


# Small-cell suppression --------------------------------------------------------------------------


def suppressed_label(min_cell: int) -> str:
    """How a hidden count is written, e.g. ``"<5"``."""
    return f"<{min_cell}"


#: How a count hidden only to protect another one is written. Not ``"<5"``: it is at least
#: min_cell, and a report must never print a false bound.
COMPLEMENT_LABEL = "hidden"


def suppress_count(count: Shown, min_cell: int) -> Shown:
    """``count`` itself, or ``"<min_cell"`` when it is between 1 and ``min_cell - 1``."""
    if isinstance(count, int) and 0 < count < min_cell:
        return suppressed_label(min_cell)
    return count


#: Charts whose items do not add up to their n (a client counts in every key population), so
#: that no hidden count can be worked out from the others: they need no complementary suppression.
NON_ADDITIVE_CHARTS = frozenset({"key_populations"})


def suppress_chart(chart: Chart, min_cell: int, additive: bool = False) -> Chart:
    """Hide small counts of a chart, and the percentages derived from them.

    Parameters
    ----------
    chart
        The chart's true figures.
    min_cell
        Counts from 1 to ``min_cell - 1`` are hidden (primary suppression).
    additive
        Whether the chart's counts add up to its n. Then a single hidden count would be n minus
        the shown ones, so when exactly one count is hidden and n is shown, the smallest other
        non-zero count is hidden too, written `COMPLEMENT_LABEL` (complementary suppression,
        analysis.md section 6).
    """
    counts = chart.items["count"]
    small = (counts > 0) & (counts < min_cell)
    n = suppress_count(chart.n, min_cell)
    complement = pd.Series(False, index=counts.index)
    if additive and isinstance(n, int) and int(small.sum()) == 1:
        complement = complement_of(counts, small)
    items = chart.items.copy()
    shown = items["count"].astype(object).where(~small, suppressed_label(min_cell))
    items["count"] = shown.where(~complement, COMPLEMENT_LABEL)
    items["percent"] = items["percent"].where(~(small | complement), pd.NA)
    return replace(chart, n=n, items=items)


def complement_of(counts: pd.Series, hidden: pd.Series) -> pd.Series:
    """The smallest shown non-zero count (the first in published order on a tie), as a mask.

    With n shown and one count hidden, n is at least ``min_cell`` and the hidden count below it,
    so some other count is non-zero: there is always one to hide.
    """
    candidates = counts[~hidden & (counts > 0)]
    return pd.Series(counts.index == candidates.idxmin(), index=counts.index)


def suppress(figures: ReportFigures, min_cell: int) -> ReportFigures:
    """Apply small-cell suppression to every count of a report, complementary where needed."""
    if min_cell == 0 or min_cell_problem(min_cell):  # 0 is "off": the caller does not suppress
        raise ValueError(f"min_cell must be at least 2, not {min_cell}")
    return replace(
        figures,
        clients=suppress_count(figures.clients, min_cell),
        cases=suppress_count(figures.cases, min_cell),
        qualified=suppress_count(figures.qualified, min_cell),
        charts={
            name: suppress_chart(chart, min_cell, additive=name not in NON_ADDITIVE_CHARTS)
            for name, chart in figures.charts.items()
        },
        groups={
            code: GroupFigures(
                suppress_count(group.cases, min_cell),
                suppress_chart(group.perpetrators, min_cell, additive=True),
            )
            for code, group in figures.groups.items()
        },
        crosstabs={name: suppress_crosstab(table, min_cell) for name, table in figures.crosstabs.items()},
        min_cell=min_cell,
    )
