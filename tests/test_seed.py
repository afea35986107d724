"""The published factsheet "Tajikistan. 2023 | Half year", every number of it, from the sample.

The numbers below are typed in from the seed factsheet (a copy is tests/data/seed_factsheet_tajikistan_2023_h1.txt); the figures come
from `reactlib figures` on the bundled sample, as an analyst would print them.
"""

from __future__ import annotations

import json

import pytest

from reactlib.cli import main

HEADLINE = {"clients": 520, "cases": 522, "qualified": 480}

KEY_POPULATION_CLIENTS = {
    "People living with HIV": 279, "Person affected by TB": 56, "Former prisoner": 71,
    "People who use drugs": 71, "Person with HepC": 35, "Sex worker": 49, "LGBTIQ": 49,
    "Client does not belong to any KPG": 46, "Migrant": 38, "Person, addicted to alcohol": 26,
    "Sexual partner of PWID": 14, "Other": 25, "Person with disabilities": 6, "Homeless Person": 6,
    "Prisoner": 2, "Client does not want to divulge KPG": 3,
}  # fmt: skip

PERCENT_CHARTS = {
    "gender": {
        "Female": 52.2, "Male": 46.8, "Transgender female": 0.4, "Transgender male": 0.4,
        "Gender unknown": 0.2,
    },
    "age_groups": {
        "aged 0-15": 0.6, "aged 16-18": 0.4, "aged 19-35": 51.5, "aged 36-55": 42.3,
        "more than 55": 5.2,
    },
    "reaction_status": {
        "In Progress": 14.0, "Resolved positively": 66.9, "Resolved negatively": 2.1,
        "Not resolved, no help provided": 1.2,
        "Unresolved - Client did not want to resolve this case": 4.3,
        "No resolution required": 0.6, "Unresolved - Lost contacts with a client": 0.4,
        "Partially resolved": 10.5,
    },
    "refusal_reasons": {
        "The client worries about his life and safety": 11.3,
        "The client is afraid / does not trust police, due to negative experiences in the past": 7.8,
        "The client experiences deep self-stigma": 28.7,
        "The client is afraid / doesn*t want to disclose their sexual orientation or gender identity": 2.6,
        "The client is afraid / doesn*t want to disclose HIV status": 13.0,
        "The client does not want to waste time and effort, as the process is likely to be difficult": 15.7,
        "The client does not believe in a positive case solution": 15.7,
        "Other": 5.2,
    },
}  # fmt: skip

GROUP_CASES = {"plhiv": 265, "pwid": 50, "sw": 41, "msm_trans": 34}

GROUP_PERPETRATORS = {
    "plhiv": {"Healthcare": 9.0, "Individuals": 85.0, "State services": 1.5, "Police": 4.5},
    "pwid": {"Healthcare": 2.0, "Individuals": 64.0, "Police": 34.0},
    "sw": {"Healthcare": 4.6, "Individuals": 57.7, "Police": 37.7},
    "msm_trans": {"Individuals": 19.5, "Police": 72.2, "Healthcare": 8.3},
}


def published(label: str) -> str:
    # The published page writes "doesn*t"; the contract's labels have the apostrophe.
    return label.replace("doesn*t", "doesn't")


@pytest.fixture(scope="module")
def figures():
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["figures", "--scope", "Tajikistan", "--period", "2023-H1"])
    assert code == 0
    return json.loads(out.getvalue())


def shown(chart: dict, field: str) -> dict[str, float]:
    """The categories a chart shows (zero ones are left out of charts), label → field."""
    return {item["label"]: item[field] for item in chart["items"] if item["count"] != 0}


def test_title_and_headline(figures):
    assert figures["title"] == "Tajikistan. 2023 | Half year: January–June"
    assert {key: figures[key] for key in HEADLINE} == HEADLINE


def test_key_population_client_counts(figures):
    assert shown(figures["charts"]["key_populations"], "count") == KEY_POPULATION_CLIENTS


@pytest.mark.parametrize("chart", PERCENT_CHARTS)
def test_percentage_charts(figures, chart):
    expected = {published(label): percent for label, percent in PERCENT_CHARTS[chart].items()}
    assert shown(figures["charts"][chart], "percent") == expected


def test_group_case_counts(figures):
    assert {code: group["cases"] for code, group in figures["groups"].items()} == GROUP_CASES


@pytest.mark.parametrize("group", GROUP_PERPETRATORS)
def test_group_perpetrators(figures, group):
    assert shown(figures["groups"][group]["perpetrators"], "percent") == GROUP_PERPETRATORS[group]


def test_every_one_of_the_62_numbers_is_checked():
    count = (
        len(HEADLINE) + len(KEY_POPULATION_CLIENTS) + sum(map(len, PERCENT_CHARTS.values()))
        + len(GROUP_CASES) + sum(map(len, GROUP_PERPETRATORS.values()))
    )  # fmt: skip
    assert count == 62


def test_the_contracts_denominators(figures):
    # Section 4 of the contract names the n behind the seed's percentages.
    charts, groups = figures["charts"], figures["groups"]
    assert [charts[c]["n"] for c in ("gender", "age_groups", "reaction_status", "refusal_reasons")] == [521, 522, 514, 115]
    assert [groups[g]["perpetrators"]["n"] for g in GROUP_CASES] == [266, 50, 130, 133]
