"""Each report group's cases and perpetrators, counted in one pass, against plain pandas (issue 25)."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from reactlib.contract.categories import PERPETRATOR_GROUP_OF, PERPETRATOR_GROUPS, REPORT_GROUPS
from reactlib.contract.schema import indicator_columns
from reactlib.count.aggregate import report_group_figures
from reactlib.count.periods import parse_period, select


def plain_pandas(cases: pd.DataFrame, group: str) -> tuple[int, pd.DataFrame, int]:
    """The group's cases, its perpetrator groups' mentions (code, count) and their sum, written apart from reactlib."""
    members = cases[cases["report_group"].astype("object") == group]
    detailed = members[indicator_columns("perpetrators")].sum()
    by_group = {code: 0 for code in PERPETRATOR_GROUPS.codes}
    for column, mentions in detailed.items():
        by_group[PERPETRATOR_GROUP_OF[column.split(":", 1)[1]]] += int(mentions)
    counts = pd.DataFrame({"code": list(by_group), "count": list(by_group.values())})
    return len(members), counts, int(detailed.sum())


@pytest.mark.parametrize(("scope", "period"), [("Tajikistan", "2023-H1"), ("all", "2023"), ("Moldova", "2022-H2")])
def test_every_group_counts_as_plain_pandas_does(sample_cases, scope, period):
    selected = select(sample_cases, scope, parse_period(period))
    figures = report_group_figures(selected)
    assert list(figures) == list(REPORT_GROUPS.codes)
    for group, (cases, chart) in figures.items():
        expected_cases, expected_counts, expected_n = plain_pandas(selected, group)
        assert cases == expected_cases
        assert chart.n == expected_n and chart.unit == "mentions"
        assert_frame_equal(chart.items[["code", "count"]], expected_counts, check_dtype=False)


def test_cases_without_a_group_count_in_none_and_no_cases_count_zero(sample_cases):
    without = (
        sample_cases.head(40).assign(report_group=pd.NA).astype({"report_group": sample_cases["report_group"].dtype})
    )
    for cases in (without, sample_cases.head(0)):
        for count, chart in report_group_figures(cases).values():
            assert count == 0 and chart.n == 0 and chart.items["count"].eq(0).all()
            assert chart.items["percent"].isna().all()  # n is 0: no share
