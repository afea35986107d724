"""The typed table's rules, applied without pandera, find what pandera's schema of them finds (issue 25).

The loader calls `reactlib.contract.schema.typed_rules` itself (pandera's import cost a fifth of
a second of every load); `typed_schema` is the same rules as a pandera schema for analysts. Here
a valid typed table is broken by hand, one rule per row, and each rule's failing rows are
compared with the rows broken for it and with pandera's failure cases of the schema.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.errors
import pytest
from conftest import case

from reactlib.contract.schema import CHECK_MESSAGES, indicator_column, typed_rules, typed_schema
from reactlib.load.cases import _schema_problems, validate_frame

TODAY = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def broken() -> tuple[pd.DataFrame, dict[str, set[int]]]:
    """A typed table of ten cases, six of them broken, and the positions each rule should name."""
    frame = pd.DataFrame([case(number) for number in range(1, 11)], dtype="str")
    cases = validate_frame(frame, "cases.csv", today=TODAY)
    cases.loc[1, "case_id"] = cases.loc[0, "case_id"]  # repeats row 0's
    cases.loc[2, "age"] = 121
    cases.loc[3, "registered_on"] = pd.Timestamp("2024-07-01")
    cases.loc[4, "registered_on"] = pd.Timestamp("2009-12-31")
    cases.loc[5, indicator_column("key_populations", "undisclosed")] = True  # beside plhiv
    cases.loc[6, "age"] = pd.NA  # empty: keeps every rule of its column
    expected = {
        "unique": {1},
        "age_in_range": {2},
        "not_in_future": {3},
        "not_before_earliest_date": {4},
        "exclusive_key_population": {5},
    }
    return cases, expected


def test_each_rule_names_the_rows_broken_for_it(broken):
    cases, expected = broken
    rule_of = {CHECK_MESSAGES[rule.name]: rule.name for rule in typed_rules(TODAY)}
    found = {
        rule_of[group.message]: {int(row) - 2 for row in group.rows}  # spreadsheet rows from 2
        for group in _schema_problems(cases, TODAY, {}, {})
    }
    assert found == expected


def test_pandera_finds_the_same_rows_with_the_schema_of_the_rules(broken):
    cases, expected = broken
    with pytest.raises(pandera.errors.SchemaErrors) as failed:
        typed_schema(TODAY).validate(cases, lazy=True)
    failures = failed.value.failure_cases
    found = {
        check: {int(index) for index in rows["index"].dropna()}
        for check, rows in failures.groupby("check")
        if check in expected
    }
    assert found == expected
    assert set(failures["check"]) == set(expected)  # and nothing else
