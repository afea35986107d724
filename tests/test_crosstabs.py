"""Cross-tabulations (analysis.md section 4), checked against counts worked out by hand."""

from __future__ import annotations

import json

import pytest
from conftest import case

from reactlib import load_cases
from reactlib.contract import categories
from reactlib.count.crosstabs import (
    key_populations_by_perpetrator,
    violations_by_perpetrator,
)
from reactlib.count.figures import compute_figures
from reactlib.count.periods import parse_period, select

GROUPS = ["healthcare", "police", "state_services", "individuals"]


@pytest.fixture
def hand_table(write_cases):
    """Four cases in Tajikistan 2023-H1, and two that the report leaves out.

    Case 1 records two violations and two Police perpetrators (police, investigator) plus one of
    Individuals (family): it counts once in each of its cells, never twice for the two police.
    """
    rows = [
        case(1, key_populations="plhiv; pwud", report_group="plhiv",
             violations="discrimination; physical_violence", perpetrators="police; investigator; family"),
        case(2, key_populations="plhiv", report_group="plhiv",
             violations="discrimination", perpetrators="medical_worker; healthcare_facility"),
        case(3, key_populations="sex_worker", report_group="sw", violations="extortion", perpetrators=""),
        case(4, key_populations="pwud", report_group="pwid", violations="", perpetrators="prosecutor; court"),
        case(5, registered_on="2023-08-01", violations="discrimination", perpetrators="police"),
        case(6, country="Moldova", violations="discrimination", perpetrators="police"),
    ]  # fmt: skip
    return load_cases(write_cases(rows))


def cells(table) -> dict[tuple[str, str], int]:
    """The non-zero cells of a cross-tabulation."""
    return {
        (row, column): int(table.counts.loc[row, column])
        for row in table.counts.index
        for column in table.counts.columns
        if table.counts.loc[row, column] != 0
    }


def test_violations_by_perpetrator_counts_cases_once_per_cell(hand_table):
    selected = select(hand_table, "Tajikistan", parse_period("2023-H1"))
    table = violations_by_perpetrator(selected)

    assert list(table.counts.index) == list(categories.VIOLATIONS.codes)
    assert list(table.counts.columns) == GROUPS
    # By hand: discrimination is in cases 1 (Police, Individuals) and 2 (Healthcare, twice over);
    # physical violence in case 1; extortion's case 3 has no perpetrator; case 4 no violation.
    assert cells(table) == {
        ("discrimination", "healthcare"): 1,
        ("discrimination", "police"): 1,
        ("discrimination", "individuals"): 1,
        ("physical_violence", "police"): 1,
        ("physical_violence", "individuals"): 1,
    }


def test_key_populations_by_perpetrator_counts_cases_once_per_cell(hand_table):
    selected = select(hand_table, "Tajikistan", parse_period("2023-H1"))
    table = key_populations_by_perpetrator(selected)

    assert list(table.counts.index) == list(categories.KEY_POPULATIONS.codes)
    assert cells(table) == {
        ("plhiv", "police"): 1,  # case 1
        ("plhiv", "individuals"): 1,  # case 1
        ("plhiv", "healthcare"): 1,  # case 2
        ("pwud", "police"): 2,  # cases 1 and 4 (prosecutor)
        ("pwud", "individuals"): 1,  # case 1
        ("pwud", "state_services"): 1,  # case 4 (court)
    }


def test_figures_json_carries_both_tables_in_the_shape_of_the_spec(hand_table):
    document = json.loads(compute_figures(hand_table, "Tajikistan", "2023-H1").to_json())
    violations = document["crosstabs"]["violations_by_perpetrator"]

    assert list(document["crosstabs"]) == ["violations_by_perpetrator", "key_populations_by_perpetrator"]
    assert list(violations) == ["unit", "rows", "columns", "row_labels", "column_labels", "counts"]
    assert violations["unit"] == "cases"
    assert violations["rows"] == list(categories.VIOLATIONS.codes)
    assert violations["row_labels"] == list(categories.VIOLATIONS.labels)
    assert violations["columns"] == GROUPS
    assert violations["column_labels"] == ["Healthcare", "Police", "State services", "Individuals"]
    assert violations["counts"][1] == [1, 1, 0, 1]  # discrimination
    assert violations["counts"][2] == [0, 1, 0, 1]  # physical violence
    assert len(violations["counts"]) == len(categories.VIOLATIONS.codes)
    populations = document["crosstabs"]["key_populations_by_perpetrator"]
    assert populations["rows"] == list(categories.KEY_POPULATIONS.codes)
    assert populations["counts"][categories.KEY_POPULATIONS.codes.index("pwud")] == [0, 2, 1, 1]


def test_min_cell_hides_small_cells_and_keeps_zeros_and_larger_ones(write_cases):
    rows = [case(i, violations="discrimination", perpetrators="police; family") for i in range(6)]
    rows += [case(10 + i, violations="discrimination", perpetrators="medical_worker") for i in range(2)]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023", min_cell=5).to_dict()
    violations = figures["crosstabs"]["violations_by_perpetrator"]

    # 6 cases with police and family, 2 with a medical worker: 2 is suppressed, 0 and 6 stay
    # (the 2 is bounded only by the 8 cases of discrimination: 1 to 8).
    assert violations["counts"][1] == ["suppressed", 6, 0, 6]
    assert violations["counts"][0] == [0, 0, 0, 0]
