"""The figures of a generated table, read from Parquet, match plain pandas counts to the last count.

Parquet's text columns are read as dictionaries (categoricals) and parsed per distinct value
(issue 25); the expected counts here are made with plain pandas from the generated cells as
text, independently of reactlib's loading and counting. The cells are roughed up as exports
are (blanks around values, other letter case, missing cells) so that the distinct-value path
meets what it must read alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reactlib import load_cases
from reactlib.contract.categories import COLUMN_VOCABULARIES, PERPETRATOR_GROUP_OF
from reactlib.count.figures import compute_figures
from reactlib.sample.generator import generate_cases

SINGLE = ["gender", "reaction_status", "report_group"]
MULTI = ["key_populations", "violations", "perpetrators", "services_provided", "services_referred",
         "services_unavailable", "refusal_reasons"]  # fmt: skip
MENTIONS = ["violations", "services_provided", "services_referred", "services_unavailable", "refusal_reasons"]
#: Age groups written out by hand: lower bound, code.
AGE_GROUPS = [(0, "0-15"), (16, "16-18"), (19, "19-35"), (36, "36-55"), (56, "56+")]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """A few thousand generated cases, cells as text, some roughed up."""
    generated = generate_cases(4000, seed=11)
    rng = np.random.default_rng(11)
    roughed = generated.copy()
    for column in [*SINGLE, *MULTI, "qualified", "country", "client_id", "age", "region"]:
        rows = rng.random(len(roughed)) < 0.1
        roughed.loc[rows, column] = "  " + roughed.loc[rows, column] + " "
        upper = rng.random(len(roughed)) < 0.1
        if column in [*SINGLE, *MULTI, "qualified"]:
            roughed.loc[upper, column] = roughed.loc[upper, column].str.upper()
    for column in ["gender", "reaction_status", "age", "refusal_reasons", "services_unavailable", "region"]:
        empty = (generated[column] == "").to_numpy() & (rng.random(len(roughed)) < 0.5)
        roughed[column] = roughed[column].astype(object).where(~empty, None)  # a missing cell, not ""
    return roughed


@pytest.fixture(scope="module")
def parquet(table, tmp_path_factory):
    path = tmp_path_factory.mktemp("million") / "cases.parquet"
    table.to_parquet(path, index=False)
    return path


def clean(table: pd.DataFrame) -> pd.DataFrame:
    """The generated cells as plain text: missing is empty, blanks stripped, English labels (any case) as codes."""
    cells = table.fillna("").astype(str).apply(lambda column: column.str.strip())
    cells["qualified"] = cells["qualified"].str.lower()
    for column in [*SINGLE, *MULTI]:
        vocabulary = COLUMN_VOCABULARIES[column]
        code_of = {spelling.lower(): code for code, label in zip(vocabulary.codes, vocabulary.labels, strict=True)
                   for spelling in (code, label)}  # fmt: skip
        parts = cells[column].str.split(";").explode().str.strip().str.lower()
        codes = parts.map(lambda part: code_of[part] if part else "")
        cells[column] = codes.groupby(level=0).agg("; ".join)
    return cells


def in_period(cells: pd.DataFrame, year: str) -> pd.DataFrame:
    return cells[cells["registered_on"].str.startswith(year)]


def mentions(cells: pd.DataFrame, column: str) -> dict[str, int]:
    parts = cells[column].str.split(";").explode().str.strip()
    return {code: int(n) for code, n in parts[parts != ""].value_counts().items()}


def expected_charts(cells: pd.DataFrame) -> dict[str, dict[str, int]]:
    groups = cells["key_populations"].str.split(";").explode().str.strip()
    clients = cells.loc[groups.index, "client_id"]
    ages = pd.to_numeric(cells["age"].replace("", None)).dropna()
    age_groups = {code: int(((ages >= low) & (ages < high)).sum()) for (low, code), (high, _) in
                  zip(AGE_GROUPS, [*AGE_GROUPS[1:], (10_000, "")], strict=True)}  # fmt: skip
    charts = {
        "key_populations": {code: clients[groups == code].nunique() for code in groups.unique()},
        "age_groups": {code: n for code, n in age_groups.items() if n},
        **{column: mentions(cells, column) for column in MENTIONS},
    }
    for column in ["gender", "reaction_status"]:
        recorded = cells[column][cells[column] != ""]
        charts[column] = {code: int(n) for code, n in recorded.value_counts().items()}
    return charts


def perpetrator_groups(cells: pd.DataFrame) -> dict[str, int]:
    grouped: dict[str, int] = {}
    for code, n in mentions(cells, "perpetrators").items():
        grouped[PERPETRATOR_GROUP_OF[code]] = grouped.get(PERPETRATOR_GROUP_OF[code], 0) + n
    return grouped


def shown_counts(chart) -> dict[str, int]:
    return {code: int(n) for code, n in zip(chart.items["code"], chart.items["count"], strict=True) if n}


@pytest.mark.parametrize(("scope", "year"), [("all", "2023"), ("Tajikistan", "2023"), ("all", "2024")])
def test_figures_from_parquet_match_plain_pandas(table, parquet, scope, year):
    cells = in_period(clean(table), year)
    if scope != "all":
        cells = cells[cells["country"] == scope]
    figures = compute_figures(load_cases(parquet), scope, year)

    assert figures.cases == len(cells)
    assert figures.clients == cells["client_id"].nunique()
    assert figures.qualified == int((cells["qualified"] == "yes").sum())
    charts = {name: shown_counts(chart) for name, chart in figures.charts.items()}
    assert charts == expected_charts(cells)
    for code, group in figures.groups.items():
        members = cells[cells["report_group"] == code]
        assert group.cases == len(members)
        assert shown_counts(group.perpetrators) == perpetrator_groups(members)
    previous = in_period(clean(table), str(int(year) - 1))
    if scope != "all":
        previous = previous[previous["country"] == scope]
    assert figures.previous is not None
    assert (figures.previous.cases, figures.previous.clients) == (len(previous), previous["client_id"].nunique())


def test_country_figures_from_parquet_match_plain_pandas(table, parquet):
    cells = in_period(clean(table), "2023")
    figures = compute_figures(load_cases(parquet), "all", "2023")
    expected = [
        (country, rows["client_id"].nunique(), len(rows), int((rows["qualified"] == "yes").sum()))
        for country, rows in cells.groupby("country")
    ]
    assert [(c.country, c.clients, c.cases, c.qualified) for c in figures.countries] == expected


def test_parquet_and_csv_give_the_same_typed_table(table, parquet, tmp_path):
    # CSV cells are read as text, Parquet's repeating text as categoricals: one typed table.
    csv = tmp_path / "cases.csv"
    table.to_csv(csv, index=False)
    pd.testing.assert_frame_equal(load_cases(parquet), load_cases(csv))
