"""Invariants of the figures on random valid case tables (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reactlib.contract.categories import (
    GENDER,
    KEY_POPULATIONS,
    PERPETRATORS,
    REACTION_STATUS,
    REFUSAL_REASONS,
    REPORT_GROUP_KEY_POPULATION,
    SERVICES,
    VIOLATIONS,
)
from reactlib.count import aggregate
from reactlib.count.figures import compute_figures
from reactlib.count.periods import Period, select
from reactlib.load.cases import validate_frame

SHARED_GROUPS = [c for c in KEY_POPULATIONS.codes if c not in {"no_kpg", "undisclosed"}]
DAYS = st.dates(dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def multi(codes) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(list(codes)), max_size=4).map("; ".join)


def single(codes) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.sampled_from(list(codes)))


@st.composite
def case_rows(draw, number: int) -> dict[str, str]:
    exclusive = draw(st.sampled_from([None, None, None, "no_kpg", "undisclosed"]))
    groups = (
        [exclusive]
        if exclusive
        else draw(st.lists(st.sampled_from(SHARED_GROUPS), min_size=1, max_size=4, unique=True))
    )
    eligible = [g for g, kp in REPORT_GROUP_KEY_POPULATION.items() if kp in groups]
    return {
        "case_id": f"c{number}",
        "client_id": f"k{draw(st.integers(0, 30))}",
        "country": draw(st.sampled_from(["Moldova", "Georgia"])),
        "registered_on": draw(DAYS).isoformat(),
        "qualified": draw(st.sampled_from(["yes", "no"])),
        "key_populations": "; ".join(groups),
        "report_group": draw(single(eligible)) if eligible else "",
        "gender": draw(single(GENDER.codes)),
        "age": draw(st.one_of(st.just(""), st.integers(0, 120).map(str))),
        "violations": draw(multi(VIOLATIONS.codes)),
        "perpetrators": draw(multi(PERPETRATORS.codes)),
        "services_provided": draw(multi(SERVICES.codes)),
        "services_referred": draw(multi(SERVICES.codes)),
        "services_unavailable": draw(multi(SERVICES.codes)),
        "reaction_status": draw(single(REACTION_STATUS.codes)),
        "refusal_reasons": draw(multi(REFUSAL_REASONS.codes)),
    }


@st.composite
def case_tables(draw) -> pd.DataFrame:
    size = draw(st.integers(1, 40))
    rows = [draw(case_rows(i)) for i in range(size)]
    return validate_frame(pd.DataFrame(rows, dtype="str"), "random table")


PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
