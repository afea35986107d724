"""Changes against the previous period: never next to a hidden count (analysis.md §1 and §6)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import case
from helpers.properties import PROPERTY_SETTINGS, case_tables
from hypothesis import given
from hypothesis import strategies as st

from reactlib import load_cases
from reactlib.count.aggregate import Chart
from reactlib.count.comparison import chart_comparison, count_change, headline_changes, points_change
from reactlib.count.figures import compute_figures
from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.periods import PeriodError
from reactlib.report import comparison_text


@pytest.mark.parametrize(
    ("current", "previous", "change"),
    [
        (522, 488, 34),
        (3, 10, -7),
        (0, 0, 0),
        (522, "<5", None),
        ("<5", 3, None),
        (12, SUPPRESSED, None),
        (12, None, None),  # no previous period
    ],
)
def test_a_count_change_is_shown_only_between_two_shown_counts(current, previous, change):
    assert count_change(current, previous) == change


@pytest.mark.parametrize(
    ("current", "previous", "change"),
    [(52.2, 50.0, 2.2), (0.1, 0.3, -0.2), (100.0, 0.0, 100.0), (12.3, None, None), (None, 5.0, None)],
)
def test_a_share_change_is_in_points_to_one_decimal_exactly(current, previous, change):
    assert points_change(current, previous) == change
    assert points_change(pd.NA, 1.0) is None


def chart(counts: list, percents: list) -> Chart:
    items = pd.DataFrame({"code": ["f", "m", "u"], "label": ["F", "M", "U"], "count": counts, "percent": percents})
    return Chart("gender", "cases", 20, items)


def test_a_charts_items_are_joined_with_the_previous_periods_by_code():
    now = chart([10, "<5", 7], [50.0, None, 35.0])
    then = chart([12, 6, "<5"], [60.0, 30.0, None])
    compared = chart_comparison(now, then)

    assert list(compared.columns) == [
        "code",
        "label",
        "count",
        "percent",
        "previous_count",
        "previous_percent",
        "change_points",
    ]
    assert compared["previous_count"].tolist() == [12, 6, "<5"]
    assert [None if pd.isna(v) else v for v in compared["previous_percent"]] == [60.0, 30.0, None]
    # F: 50.0 - 60.0; M and U each have a hidden count on one side: no change is shown.
    assert [None if pd.isna(v) else v for v in compared["change_points"]] == [-10.0, None, None]


def test_without_a_previous_period_the_comparison_columns_are_empty():
    compared = chart_comparison(chart([10, 3, 7], [50.0, 15.0, 35.0]), None)
    assert compared["previous_count"].tolist() == [None, None, None]
    assert compared["previous_percent"].isna().all() and compared["change_points"].isna().all()


@pytest.fixture
def two_half_years(write_cases):
    # 2022-H2: 6 cases of 6 clients, all qualified. 2023-H1: 9 cases of 8 clients (client "x"
    # twice), 3 qualified. At min_cell 5, 2023-H1's qualified count (3) is "<5".
    rows = [case(i, registered_on="2022-07-01") for i in range(6)]
    rows += [case(10 + i, registered_on="2023-02-01", qualified="yes" if i < 3 else "no") for i in range(8)]
    rows.append(case(30, client_id="client-0010", registered_on="2023-03-01", qualified="no"))
    return load_cases(write_cases(rows))


def test_headline_changes_hide_the_change_of_a_hidden_count(two_half_years):
    plain = compute_figures(two_half_years, "Tajikistan", "2023-H1")
    hidden = compute_figures(two_half_years, "Tajikistan", "2023-H1", min_cell=5)

    assert headline_changes(plain) == {"clients": 2, "cases": 3, "qualified": -3}
    assert headline_changes(hidden) == {"clients": 2, "cases": 3, "qualified": None}


def test_the_headline_texts_say_the_change_and_the_previous_period(two_half_years):
    figures = compute_figures(two_half_years, "Tajikistan", "2023-H1", min_cell=5)

    assert comparison_text.change_notes(figures) == {
        "clients": "(+2 vs 2022-H2)",
        "cases": "(+3 vs 2022-H2)",
        "qualified": "(change hidden vs 2022-H2)",
    }
    assert comparison_text.no_previous_line(figures) == ""


def test_a_report_without_its_previous_period_says_so_in_one_line(two_half_years):
    figures = compute_figures(two_half_years, "Tajikistan", "2022-H2")

    assert comparison_text.no_previous_line(figures) == (
        "The previous period (2022-H1) is not in the data: no changes are shown."
    )
    assert comparison_text.change_notes(figures) == {"clients": "", "cases": "", "qualified": ""}


def test_the_comparison_table_writes_hidden_values_as_text(two_half_years):
    figures = compute_figures(two_half_years, "Tajikistan", "2023-H1", min_cell=5)
    html = comparison_text.comparison_table(figures.charts["gender"], figures.previous.charts["gender"], "g").to_html()
    frame = comparison_text.comparison_frame(figures.charts["gender"], figures.previous.charts["gender"])

    assert list(frame.columns) == [
        "Category", "Count", "%", "95 % interval", "Previous count", "Previous %", "Change (points)",
    ]  # fmt: skip
    # Female: 9 cases now (100 %), 6 before (100 %). Wilson's lower bound of 9 of 9 is
    # 9 / (9 + 1.96²) = 70.1 %; a change of 0 is within the noise by definition.
    assert frame.iloc[0].tolist() == ["Female", 9, 100.0, (70.1, 100.0), 6, 100.0, 0.0]
    assert '<td class="data row0 col3" >70.1–100.0</td>' in html
    assert '<td class="data row0 col6 within-noise" >±0.0 pp*</td>' in html, "the change in points, with its unit"
    assert 'class="chart-data"' in html and "T_g" in html


@PROPERTY_SETTINGS
@given(case_tables(), st.sampled_from(["2023-H1", "2023-H2", "2023-Q2", "2023"]), st.integers(2, 6))
def test_no_change_is_shown_next_to_a_hidden_count(cases, period, min_cell):
    try:
        figures = compute_figures(cases, "all", period, min_cell)
    except PeriodError:  # the period lies outside the random data
        return
    changes = headline_changes(figures)
    for name, change in changes.items():
        now, then = getattr(figures, name), getattr(figures.previous, name, None)
        assert (change is None) == (isinstance(now, str) or isinstance(then, str) or figures.previous is None)
    previous = figures.previous
    pairs = [(c, None if previous is None else previous.charts[n]) for n, c in figures.charts.items()]
    pairs += [
        (g.perpetrators, None if previous is None else previous.groups[k].perpetrators)
        for k, g in figures.groups.items()
    ]
    for now, then in pairs:
        compared = chart_comparison(now, then)
        hidden = compared["count"].map(lambda v: isinstance(v, str)) | compared["previous_count"].map(
            lambda v: v is None or isinstance(v, str)
        )
        assert compared.loc[hidden, "change_points"].isna().all()
        shown = ~hidden & compared["percent"].notna() & compared["previous_percent"].notna()
        expected = (compared.loc[shown, "percent"] - compared.loc[shown, "previous_percent"]).round(1)
        assert ((compared.loc[shown, "change_points"] - expected).abs() < 1e-9).all()
