"""The previous period (analysis.md §1) and the regional view's countries (§3), checked by hand.

Expected values are typed by hand or counted with plain pandas from the CSV text; the property
tests compare `previous` with the figures of the period before, computed directly.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from conftest import case, without_comparison
from helpers.properties import PROPERTY_SETTINGS, case_tables
from hypothesis import assume, given
from hypothesis import strategies as st

from reactlib import load_cases
from reactlib.count.figures import compute_figures, previous_figures
from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.periods import Period, PeriodError, parse_period, previous_period

# The period before each kind of period, worked out on a calendar.
PREVIOUS_PERIODS = [
    ("2023", "2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
    ("2023-H1", "2022-H2", dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
    ("2023-H2", "2023-H1", dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
    ("2023-Q1", "2022-Q4", dt.date(2022, 10, 1), dt.date(2022, 12, 31)),
    ("2023-Q3", "2023-Q2", dt.date(2023, 4, 1), dt.date(2023, 6, 30)),
    ("2023-01", "2022-12", dt.date(2022, 12, 1), dt.date(2022, 12, 31)),
    ("2024-03", "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # a leap February
    # 31 days (1–31 March) end on 28 February: 29 January .. 28 February.
    ("2023-03-01..2023-03-31", "2023-01-29..2023-02-28", dt.date(2023, 1, 29), dt.date(2023, 2, 28)),
    # Across a year boundary: 10 days from 5 January end on 4 January, so start on 26 December.
    ("2023-01-05..2023-01-14", "2022-12-26..2023-01-04", dt.date(2022, 12, 26), dt.date(2023, 1, 4)),
    # A single day; and a leap year's 366 days.
    ("2023-01-01..2023-01-01", "2022-12-31..2022-12-31", dt.date(2022, 12, 31), dt.date(2022, 12, 31)),
    ("2024-01-01..2024-12-31", "2022-12-31..2023-12-31", dt.date(2022, 12, 31), dt.date(2023, 12, 31)),
]


@pytest.mark.parametrize(("period", "name", "start", "end"), PREVIOUS_PERIODS)
def test_each_kind_of_period_has_the_previous_one_of_the_table(period, name, start, end):
    before = previous_period(parse_period(period))
    assert (before.name, before.start, before.end) == (name, start, end)
    assert before == parse_period(name)  # with the title its own name gives


def test_a_period_given_by_its_dates_only_is_taken_as_a_date_range():
    before = previous_period(Period("whatever", dt.date(2023, 1, 1), dt.date(2023, 1, 10), "-"))
    assert (before.start, before.end) == (dt.date(2022, 12, 22), dt.date(2022, 12, 31))


def test_there_is_no_period_before_the_calendars_first():
    with pytest.raises(PeriodError, match="no period before"):
        previous_period(parse_period("0001-Q1"))


# Figures of the previous period ------------------------------------------------------------------

# Tajikistan: 2022-H2 has three cases of two clients, one not qualified; 2023-H1 has two.
# Moldova has one case in 2022-H2 (another scope: never counted in Tajikistan's figures).
ROWS = [
    case(1, client_id="A", registered_on="2022-07-01", gender="male", violations="extortion; sexual_violence"),
    case(2, client_id="A", registered_on="2022-12-31", qualified="no", gender="female"),
    case(3, client_id="B", registered_on="2022-09-15", gender="female", violations="extortion"),
    case(4, client_id="C", registered_on="2023-01-01", gender="female"),
    case(5, client_id="D", registered_on="2023-06-30", gender="male"),
    case(6, client_id="E", country="Moldova", registered_on="2022-08-01", gender="male"),
]


def test_previous_holds_the_figures_of_the_half_year_before(write_cases):
    path = write_cases(ROWS)
    figures = compute_figures(load_cases(path), "Tajikistan", "2023-H1")

    # The same figures with plain pandas, from the CSV text.
    raw = pd.read_csv(path, dtype=str)
    day = pd.to_datetime(raw["registered_on"])
    cases = raw[(raw["country"] == "Tajikistan") & (day >= "2022-07-01") & (day <= "2022-12-31")]
    mentions = cases["violations"].str.split("; ").explode().value_counts()
    previous = figures.previous

    assert previous is not None and previous.period.name == "2022-H2"
    assert previous.title == "Tajikistan. 2022 | Half year: July–December"
    assert (
        (previous.clients, previous.cases, previous.qualified)
        == (
            cases["client_id"].nunique(),
            len(cases),
            int((cases["qualified"] == "yes").sum()),
        )
        == (2, 3, 2)
    )
    gender = dict(zip(previous.charts["gender"].items["code"], previous.charts["gender"].items["count"], strict=True))
    assert {code: count for code, count in gender.items() if count} == cases["gender"].value_counts().to_dict()
    violations = previous.charts["violations"].items.set_index("code")["count"]
    assert (
        violations[violations > 0].to_dict()
        == mentions.to_dict()
        == {"extortion": 2, "sexual_violence": 1, "discrimination": 1}
    )
    assert previous.groups["plhiv"].cases == 3
    # Its own figures.json object has the report's keys but no previous, countries or crosstabs.
    document = figures.to_dict()["previous"]
    assert list(document) == ["scope", "period", "title", "clients", "cases", "qualified", "charts", "groups"]
    assert document["period"] == "2022-H2" and document["cases"] == 3


def test_previous_is_null_when_it_starts_before_the_datas_first_date(write_cases):
    # The data begins on 2022-07-02: 2022-H2 starts a day earlier, so the 2023-H1 report has no
    # previous period even though most of 2022-H2 is in the data. Likewise the month 2022-08
    # (its previous, 2022-07, starts on 1 July); 2022-09's previous, 2022-08, is in the data.
    rows = [case(1, registered_on="2022-07-02"), case(2, registered_on="2022-08-10"), case(3)]
    cases = load_cases(write_cases(rows))

    assert json.loads(compute_figures(cases, "Tajikistan", "2023-H1").to_json())["previous"] is None
    assert compute_figures(cases, "Tajikistan", "2022-08").previous is None
    assert compute_figures(cases, "Tajikistan", "2022-09").previous.cases == 1
    # A date range whose previous range starts on the first day is compared.
    ranged = compute_figures(cases, "Tajikistan", "2022-07-03..2022-07-03")
    assert (ranged.previous.period.name, ranged.previous.cases) == ("2022-07-02..2022-07-02", 1)


def test_previous_of_another_scope_counts_only_that_scope(write_cases):
    cases = load_cases(write_cases(ROWS))
    regional = compute_figures(cases, "all", "2023-H1").previous
    assert (regional.scope, regional.cases, regional.clients) == ("all", 4, 3)
    assert previous_figures(cases, "Moldova", "2023-H1").cases == 1


def test_the_previous_period_is_suppressed_with_the_report_as_one_publication(write_cases):
    # 2022-H2: gender over 13 cases, female 6, male 6, unknown 1; 2023-H1: one case. The 1 of
    # 2022-H2 would be 13 - 6 - 6: a shown count beside it is suppressed too, with the one mark;
    # the 2023-H1 report's own counts (1) are suppressed, and their appendix with them.
    rows = [case(i, registered_on="2022-07-01", gender="female") for i in range(6)]
    rows += [case(10 + i, registered_on="2022-08-01", gender="male") for i in range(6)]
    rows += [case(20, registered_on="2022-09-01", gender="unknown"), case(30, registered_on="2023-02-01")]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023-H1", min_cell=5)
    gender = {i["code"]: (i["count"], i["percent"]) for i in figures.to_dict()["previous"]["charts"]["gender"]["items"]}

    assert gender["unknown"] == (SUPPRESSED, None)
    assert sum(count == SUPPRESSED for count, _ in gender.values()) >= 2
    assert (gender["trans_female"][0], gender["trans_male"][0]) == (0, 0)  # zeros stay shown
    assert figures.previous.min_cell == 5 and figures.cases == SUPPRESSED
    assert figures.accounting is not None and figures.accounting.in_report == SUPPRESSED


# The regional view's countries -------------------------------------------------------------------


def test_countries_add_up_to_the_regional_figures(write_cases):
    rows = [*ROWS, case(7, client_id="F", country="Georgia", registered_on="2022-11-01", qualified="no")]
    rows.append(case(8, client_id="F", country="Georgia", registered_on="2022-11-02"))
    path = write_cases(rows)
    figures = compute_figures(load_cases(path), "all", "2022-H2")

    raw = pd.read_csv(path, dtype=str)
    day = pd.to_datetime(raw["registered_on"])
    cases = raw[(day >= "2022-07-01") & (day <= "2022-12-31")]
    expected = [
        {
            "country": country,
            "clients": group["client_id"].nunique(),
            "cases": len(group),
            "qualified": int((group["qualified"] == "yes").sum()),
        }
        for country, group in sorted(cases.groupby("country"))
    ]
    countries = figures.to_dict()["countries"]

    assert countries == expected
    assert [c["country"] for c in countries] == ["Georgia", "Moldova", "Tajikistan"]
    assert sum(c["cases"] for c in countries) == figures.cases == 6
    assert sum(c["qualified"] for c in countries) == figures.qualified
    # A country's report has no countries; the previous period's object neither.
    assert "countries" not in compute_figures(load_cases(path), "Tajikistan", "2022-H2").to_dict()


def test_a_country_with_no_case_in_the_period_is_not_listed(write_cases):
    figures = compute_figures(load_cases(write_cases(ROWS)), "all", "2023-H1")
    assert [c.country for c in figures.countries] == ["Tajikistan"]


def test_countries_are_the_countries_own_cells(write_cases):
    # Cases per country: Georgia 2, Moldova 6, Tajikistan 7; the regional 15 is shown, so
    # Georgia's 2 would be 15 - 6 - 7: Moldova's 6 (the smaller) is suppressed too, 2 + 6 = 8
    # leaves each 1 to 7. Clients and qualified (the same here) alike.
    rows = [case(i, country="Georgia") for i in range(2)]
    rows += [case(10 + i, country="Moldova") for i in range(6)]
    rows += [case(20 + i) for i in range(7)]
    figures = compute_figures(load_cases(write_cases(rows)), "all", "2023", min_cell=5)

    assert figures.cases == 15
    assert [(c.country, c.cases, c.clients, c.qualified) for c in figures.countries] == [
        ("Georgia", SUPPRESSED, SUPPRESSED, SUPPRESSED),
        ("Moldova", SUPPRESSED, SUPPRESSED, SUPPRESSED),
        ("Tajikistan", 7, 7, 7),
    ]


# Properties ----------------------------------------------------------------------------------------

PERIODS = st.one_of(
    st.integers(2022, 2024).map(str),
    st.tuples(st.integers(2022, 2023), st.integers(1, 2)).map(lambda p: f"{p[0]}-H{p[1]}"),
    st.tuples(st.integers(2022, 2023), st.integers(1, 4)).map(lambda p: f"{p[0]}-Q{p[1]}"),
    st.tuples(st.integers(2022, 2023), st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}"),
    st.tuples(st.dates(dt.date(2022, 1, 1), dt.date(2023, 12, 31)), st.integers(0, 400)).map(
        lambda p: f"{p[0]}..{p[0] + dt.timedelta(days=p[1])}"
    ),
)


def shown_truly(shown, truth) -> bool:
    """Whether a published document says only the truth: each value the true one, suppressed, or null.

    A suppressed count is the mark; what depends on it (its percent, its interval) is null.
    """
    if shown == SUPPRESSED or shown is None:
        return True
    if isinstance(shown, dict):
        return (
            isinstance(truth, dict)
            and shown.keys() == truth.keys()
            and all(shown_truly(shown[key], truth[key]) for key in shown)
        )
    if isinstance(shown, list):
        return isinstance(truth, list) and len(shown) == len(truth) and all(map(shown_truly, shown, truth))
    return shown == truth


@PROPERTY_SETTINGS
@given(case_tables(), PERIODS, st.sampled_from(["all", "Moldova", "Georgia"]), st.sampled_from([None, 2, 3, 5]))
def test_previous_is_the_figures_of_the_period_before_computed_directly(cases, period, scope, min_cell):
    assume(scope == "all" or scope in set(cases["country"]))
    try:
        figures = compute_figures(cases, scope, period, min_cell)
    except PeriodError:  # the period lies outside the data: no report at all
        assume(False)
    before = previous_period(parse_period(period))
    first = cases["registered_on"].min().date()

    if before.start < first:
        assert figures.previous is None and figures.to_dict()["previous"] is None
    else:
        # An item's change and its interval are against the period before it: its own previous.
        direct = without_comparison(compute_figures(cases, scope, before).to_dict())
        for key in ("countries", "crosstabs"):
            direct.pop(key, None)
        previous = figures.to_dict()["previous"]
        if not min_cell:
            assert previous == direct
        else:  # suppressed as one publication with the report: every value shown is the true one
            assert shown_truly(previous, direct)


@PROPERTY_SETTINGS
@given(case_tables(), PERIODS)
def test_countries_add_up_to_the_regional_cases_on_random_data(cases, period):
    try:
        figures = compute_figures(cases, "all", period)
    except PeriodError:
        assume(False)
    selected = cases[parse_period(period).contains(cases["registered_on"])]
    by_country = selected.groupby(selected["country"].astype(str))

    assert sum(c.cases for c in figures.countries) == figures.cases
    assert sum(c.qualified for c in figures.countries) == figures.qualified
    assert {c.country: c.clients for c in figures.countries} == by_country["client_id"].nunique().to_dict()
