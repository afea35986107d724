"""Invariants of the figures on random valid case tables (hypothesis)."""

from __future__ import annotations

import datetime as dt

from helpers.properties import PROPERTY_SETTINGS, case_tables
from hypothesis import given
from hypothesis import strategies as st

from reactlib.count import aggregate
from reactlib.count.figures import compute_figures
from reactlib.count.periods import Period, select


def assert_counts_sum_to_n_and_shares_to_100(chart) -> None:
    assert chart.items["count"].sum() == chart.n
    if chart.n:
        # In whole tenths, so the bound is exact: each rounding moves a share by half a tenth at most.
        tenths = int((chart.items["percent"] * 10).round().sum())
        assert abs(tenths - 1000) <= 0.5 * len(chart.items)


@PROPERTY_SETTINGS
@given(case_tables())
def test_single_valued_charts_sum_to_n_and_100_percent(cases):
    for chart in (aggregate.gender(cases), aggregate.age_groups(cases), aggregate.reaction_status(cases)):
        assert_counts_sum_to_n_and_shares_to_100(chart)


@PROPERTY_SETTINGS
@given(case_tables())
def test_mention_charts_sum_to_n(cases):
    for chart in (aggregate.violations(cases), aggregate.refusal_reasons(cases), aggregate.services_provided(cases)):
        assert_counts_sum_to_n_and_shares_to_100(chart)


@PROPERTY_SETTINGS
@given(case_tables())
def test_headline_and_group_bounds(cases):
    figures = compute_figures(cases, "all", Period("all", dt.date(2000, 1, 1), dt.date(2030, 1, 1), "-"))
    assert figures.clients <= figures.cases and figures.qualified <= figures.cases
    assert all(group.cases <= figures.cases for group in figures.groups.values())
    assert sum(group.cases for group in figures.groups.values()) <= figures.cases
    assert all(count <= figures.clients for count in figures.charts["key_populations"].items["count"])


@PROPERTY_SETTINGS
@given(case_tables(), st.dates(dt.date(2022, 1, 1), dt.date(2023, 12, 30)))
def test_disjoint_periods_add_up(cases, split):
    def count(start: dt.date, end: dt.date) -> int:
        return aggregate.count_cases(select(cases, "all", Period("p", start, end, "-")))

    first, last = dt.date(2022, 1, 1), dt.date(2023, 12, 31)
    whole = count(first, last)
    assert whole == len(cases)
    assert count(first, split) + count(split + dt.timedelta(days=1), last) == whole
