"""Random valid case tables for property-based tests (hypothesis), and the settings they run with."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, settings
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
from reactlib.load.cases import validate_frame

SHARED_GROUPS = [c for c in KEY_POPULATIONS.codes if c not in {"no_kpg", "undisclosed"}]
DAYS = st.dates(dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def multi(codes) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(list(codes)), max_size=4).map("; ".join)


def single(codes) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.sampled_from(list(codes)))


# Each strategy is built once: hypothesis inspects every new strategy object it draws from, and
# building them afresh for each of a table's rows cost about as much as drawing the rows. The
# strategies, and so the rows drawn from a seed, are the same as built in each draw.
EXCLUSIVE = st.sampled_from([None, None, None, "no_kpg", "undisclosed"])
SHARED = st.lists(st.sampled_from(SHARED_GROUPS), min_size=1, max_size=4, unique=True)
CLIENT = st.integers(0, 30)
COUNTRY = st.sampled_from(["Moldova", "Georgia"])
QUALIFIED = st.sampled_from(["yes", "no"])
AGE = st.one_of(st.just(""), st.integers(0, 120).map(str))
GENDERS = single(GENDER.codes)
STATUS = single(REACTION_STATUS.codes)
VIOLATION_LISTS = multi(VIOLATIONS.codes)
PERPETRATOR_LISTS = multi(PERPETRATORS.codes)
SERVICE_LISTS = multi(SERVICES.codes)
REASON_LISTS = multi(REFUSAL_REASONS.codes)
#: The report groups a row's key populations allow, by those populations (None: no group allowed).
_GROUPS: dict[tuple[str, ...], st.SearchStrategy[str] | None] = {}


def report_groups(groups: list[str]) -> st.SearchStrategy[str] | None:
    """A strategy for the report group of a row with these key populations; None when none is allowed."""
    key = tuple(groups)
    if key not in _GROUPS:
        eligible = [g for g, kp in REPORT_GROUP_KEY_POPULATION.items() if kp in groups]
        _GROUPS[key] = single(eligible) if eligible else None
    return _GROUPS[key]


@st.composite
def case_rows(draw, number: int) -> dict[str, str]:
    exclusive = draw(EXCLUSIVE)
    groups = [exclusive] if exclusive else draw(SHARED)
    report_group = report_groups(groups)
    return {
        "case_id": f"c{number}",
        "client_id": f"k{draw(CLIENT)}",
        "country": draw(COUNTRY),
        "registered_on": draw(DAYS).isoformat(),
        "qualified": draw(QUALIFIED),
        "key_populations": "; ".join(groups),
        "report_group": draw(report_group) if report_group is not None else "",
        "gender": draw(GENDERS),
        "age": draw(AGE),
        "violations": draw(VIOLATION_LISTS),
        "perpetrators": draw(PERPETRATOR_LISTS),
        "services_provided": draw(SERVICE_LISTS),
        "services_referred": draw(SERVICE_LISTS),
        "services_unavailable": draw(SERVICE_LISTS),
        "reaction_status": draw(STATUS),
        "refusal_reasons": draw(REASON_LISTS),
    }


@st.composite
def case_tables(draw) -> pd.DataFrame:
    size = draw(st.integers(1, 40))
    rows = [draw(case_rows(i)) for i in range(size)]
    return validate_frame(pd.DataFrame(rows, dtype="str"), "random table")


PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
