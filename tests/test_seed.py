"""The published factsheet "Tajikistan. 2023 | Half year", every number of it, from the sample.

The numbers are typed in from the seed factsheet (in ``helpers/seed.py``; a copy of the seed is
tests/data/seed_factsheet_tajikistan_2023_h1.txt, and a test compares them with it); the figures
come from `reactlib figures` on the bundled sample, as an analyst would print them.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers.seed import (
    GROUP_CASES,
    GROUP_PERPETRATORS,
    HEADLINE,
    KEY_POPULATION_CLIENTS,
    PERCENT_CHARTS,
    read_seed,
)

from reactlib.cli import main


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
