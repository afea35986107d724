"""The published factsheet "Tajikistan. 2023 | Half year", every number of it, from the sample.

The numbers below are typed in from the seed factsheet (a copy is tests/data/seed_factsheet_tajikistan_2023_h1.txt,
and a test compares them with it); the figures come
from `reactlib figures` on the bundled sample, as an analyst would print them.
"""

from __future__ import annotations

import json
import re

import pytest
from test_report_seed import read_seed

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


#: Where the seed file prints each chart: (section heading, chart title); None before any section.
SEED_CHARTS = {
    "key_populations": (None, "1 Key populations"), "gender": (None, "2 Gender"),
    "age_groups": (None, "3 Age groups"), "reaction_status": ("Reaction status", "1 Reaction status"),
    "refusal_reasons": ("Reaction status", "2 Why the client did not want to solve the case"),
}  # fmt: skip
GROUP_SECTIONS = {"plhiv": "People living with HIV", "pwid": "Person, who injects drugs",
                  "sw": "Sex worker", "msm_trans": "MSM and trans* people"}  # fmt: skip


def test_the_numbers_typed_in_are_the_62_numbers_of_the_seed_file():
    # The tables above are compared with the copy of the seed in tests/data, so a number typed
    # wrong, or left out, fails here and not only as a mismatch with the sample.
    seed = read_seed()
    printed: dict[tuple[str | None, str], dict[str, str]] = {}
    for section, chart, label, value in seed.values:
        printed.setdefault((section, chart), {})[label] = value
    typed = {SEED_CHARTS["key_populations"]: {label: str(n) for label, n in KEY_POPULATION_CLIENTS.items()}}
    typed |= {
        SEED_CHARTS[chart]: {published(label): f"{p:.1f} %" for label, p in PERCENT_CHARTS[chart].items()}
        for chart in PERCENT_CHARTS
    }
    typed |= {
        (GROUP_SECTIONS[group], "1 Most common perpetrators"): {label: f"{p:.1f} %" for label, p in shares.items()}
        for group, shares in GROUP_PERPETRATORS.items()
    }
    assert printed == typed
    assert seed.counters == {"Clients": str(HEADLINE["clients"]), "Cases": str(HEADLINE["cases"]),
                             "Qualified as human rights violations": str(HEADLINE["qualified"])}  # fmt: skip
    registered = [int(m[1]) for sentence in seed.sentences if (m := re.match(r"Registered (\d+) cases", sentence))]
    assert registered == list(GROUP_CASES.values())
    assert len(seed.counters) + len(registered) + sum(map(len, printed.values())) == 62


def test_the_contracts_denominators(figures):
    # Section 4 of the contract names the n behind the seed's percentages.
    charts, groups = figures["charts"], figures["groups"]
    assert [charts[c]["n"] for c in ("gender", "age_groups", "reaction_status", "refusal_reasons")] == [
        521,
        522,
        514,
        115,
    ]
    assert [groups[g]["perpetrators"]["n"] for g in GROUP_CASES] == [266, 50, 130, 133]
