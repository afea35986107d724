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
