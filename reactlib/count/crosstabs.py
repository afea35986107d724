"""Cross-tabulations of a report's cases by perpetrator group (analysis.md section 4).

Like `reactlib.count.aggregate`, pure functions over validated cases already cut to one scope
and period. Both tables count **cases**: a cell is the number of cases that have the row's
code (a violation, or a key population) **and** at least one perpetrator of the column's group.
A case with several violations and several perpetrators of one group counts once in each of
its cells, so cells add up to neither the cases nor the mentions of any chart.

Examples
--------
>>> from reactlib import load_cases, sample_data_path
>>> from reactlib.count.periods import parse_period, select
>>> cases = select(load_cases(sample_data_path()), "Tajikistan", parse_period("2023-H1"))
>>> table = violations_by_perpetrator(cases)
>>> table.counts.columns.tolist()
['healthcare', 'police', 'state_services', 'individuals']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from reactlib.contract.categories import (
    KEY_POPULATIONS,
    PERPETRATOR_GROUP_OF,
    PERPETRATOR_GROUPS,
    PERPETRATORS,
    VIOLATIONS,
    Vocabulary,
)
from reactlib.contract.schema import indicator_columns


@dataclass(frozen=True)
class CrossTab:
    """One cross-tabulation: counts of cases by a row code and a perpetrator group.

    Parameters
    ----------
    name
        The table's key under ``crosstabs`` in figures.json.
    unit
        What a cell counts: always ``"cases"``.
    row_labels, column_labels
        Published labels, in the order of ``counts``' index and columns.
    counts
        Index: row codes in published order; columns: perpetrator-group codes. Cells are int64,
        or objects once disclosure control has written some of them as the suppression mark.
    """

    name: str
    unit: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    counts: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """The table as figures.json writes it (analysis.md section 4)."""
        return {
            "unit": self.unit,
            "rows": list(self.counts.index),
            "columns": list(self.counts.columns),
            "row_labels": list(self.row_labels),
            "column_labels": list(self.column_labels),
            "counts": [[_json_count(value) for value in row] for row in self.counts.itertuples(index=False, name=None)],
        }


def _json_count(value: Any) -> int | str:
    return value if isinstance(value, str) else int(value)


#: Row: a detailed perpetrator type (published order); column: its group. 1 where it belongs.
_GROUP_MEMBERSHIP = np.array(
    [[int(PERPETRATOR_GROUP_OF[code] == group) for group in PERPETRATOR_GROUPS.codes] for code in PERPETRATORS.codes],
    dtype="int64",
)


def perpetrator_group_flags(cases: pd.DataFrame) -> np.ndarray:
    """For each case and perpetrator group: does the case record at least one of that group?

    An int64 0/1 array, one row per case, one column per group in published order.
    """
    mentions = cases[indicator_columns("perpetrators")].to_numpy(dtype="int64") @ _GROUP_MEMBERSHIP
    return (mentions > 0).astype("int64")


def _crosstab(
    name: str, cases: pd.DataFrame, field: str, rows: Vocabulary, groups: np.ndarray | None = None
) -> CrossTab:
    # A matrix product of 0/1 indicators: cell (r, g) = number of cases with r and with g.
    # Plain numpy: the pandas equivalent took several times as long for a 16 x 4 table.
    have_row = cases[indicator_columns(field)].to_numpy(dtype="int64")
    counts = pd.DataFrame(
        have_row.T @ (perpetrator_group_flags(cases) if groups is None else groups),
        index=pd.Index(list(rows.codes)),
        columns=pd.Index(list(PERPETRATOR_GROUPS.codes)),
    )
    return CrossTab(name, "cases", rows.labels, PERPETRATOR_GROUPS.labels, counts)


def violations_by_perpetrator(cases: pd.DataFrame) -> CrossTab:
    """Cases recording each violation and at least one perpetrator of each group."""
    return _crosstab("violations_by_perpetrator", cases, "violations", VIOLATIONS)


def key_populations_by_perpetrator(cases: pd.DataFrame) -> CrossTab:
    """Cases whose client has each key population and that record each perpetrator group."""
    return _crosstab("key_populations_by_perpetrator", cases, "key_populations", KEY_POPULATIONS)


def cross_tabulations(cases: pd.DataFrame) -> dict[str, CrossTab]:
    """Both tables of a report, by figures.json key, in report order (the group flags once)."""
    groups = perpetrator_group_flags(cases)
    return {
        "violations_by_perpetrator": _crosstab("violations_by_perpetrator", cases, "violations", VIOLATIONS, groups),
        "key_populations_by_perpetrator": _crosstab(
            "key_populations_by_perpetrator", cases, "key_populations", KEY_POPULATIONS, groups
        ),
    }
