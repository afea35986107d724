"""One pure function per figure of the factsheet (contract section 4).

Every function takes validated cases already cut to one scope and period (see
`reactlib.count.periods.select`) and returns plain numbers or a `Chart`: a tidy frame with one row per
category in published order, zeros included, and the chart's unit and n.

Examples
--------
>>> import pandas as pd
>>> from reactlib.count.aggregate import percent_half_up
>>> percent_half_up(pd.Series([1, 49]), pd.Series([8, 400])).tolist()
[12.5, 12.3]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reactlib.contract.categories import (
    AGE_GROUP_LOWER_BOUNDS,
    AGE_GROUPS,
    GENDER,
    KEY_POPULATIONS,
    PERPETRATOR_GROUP_OF,
    PERPETRATOR_GROUPS,
    PERPETRATORS,
    REACTION_STATUS,
    REFUSAL_REASONS,
    REPORT_GROUPS,
    SERVICES,
    VIOLATIONS,
    Vocabulary,
)
from reactlib.contract.schema import indicator_columns


@dataclass(frozen=True)
class Chart:
    """The figures of one chart.

    Parameters
    ----------
    name
        The chart's key in figures.json, e.g. ``"gender"``.
    unit
        What is counted: ``"cases"``, ``"clients"`` or ``"mentions"``.
    n
        The denominator of the percentages.
    items
        Columns ``code``, ``label``, ``count`` (int64) and ``percent`` (Float64, NA where n is 0),
        one row per category in published order.
    """

    name: str
    unit: str
    n: int | str  # a string only when small-cell suppression hides it
    items: pd.DataFrame


def percent_half_up(count: pd.Series | np.ndarray, n: pd.Series | int) -> pd.Series:
    """``100 * count / n`` rounded half-up to one decimal, exactly (integer arithmetic).

    Python's `round` and numpy round half to even and work on binary floats, so 12.25 would
    become 12.2; the published figures round it to 12.3. NA where ``n`` is 0.
    """
    index = count.index if isinstance(count, pd.Series) else None
    counts = np.asarray(count, dtype="int64")
    ns = np.broadcast_to(np.asarray(n, dtype="int64"), counts.shape)
    shown = ns > 0
    # Plain int64 arrays: a nullable Int64 Series did the same in ten times the time.
    tenths = (counts * 2000 + ns) // np.where(shown, 2 * ns, 1)
    return pd.Series(pd.arrays.FloatingArray(tenths / 10, mask=~shown), index=index)


def _chart(name: str, unit: str, vocabulary: Vocabulary, counts: pd.Series, n: int) -> Chart:
    # Every column given to one constructor, the counts taken by code from plain Python: a
    # publication builds thousands of these small frames, and a reindex and a column added
    # afterwards cost half of each.
    of_code = dict(zip(counts.index, counts.to_numpy(), strict=True))
    values = np.array([of_code.get(code, 0) for code in vocabulary.codes]).astype("int64")
    items = pd.DataFrame(
        {
            "code": list(vocabulary.codes),
            "label": list(vocabulary.labels),
            "count": values,
            "percent": percent_half_up(values, int(n)),
        }
    )
    return Chart(name, unit, int(n), items)


def _code_counts(cases: pd.DataFrame, field: str) -> pd.Series:
    """Mentions of each code of a multi-valued field, indexed by code."""
    columns = indicator_columns(field)
    sums = cases[columns].sum(axis=0).astype("int64")
    sums.index = [column.split(":", 1)[1] for column in columns]
    return sums


# Headline counters ------------------------------------------------------------------------


def count_cases(cases: pd.DataFrame) -> int:
    """Cases in scope."""
    return len(cases)


def count_clients(cases: pd.DataFrame) -> int:
    """Distinct clients among the cases in scope."""
    return int(cases["client_id"].nunique())


def count_qualified(cases: pd.DataFrame) -> int:
    """Cases qualified as human-rights violations."""
    return int(cases["qualified"].sum())


# Charts of clients and of cases -------------------------------------------------------------


def key_populations(cases: pd.DataFrame) -> Chart:
    """Distinct clients per key group; a client counts in every group of any of their cases."""
    client_codes, client_ids = pd.factorize(cases["client_id"])
    counts = {}
    for column, code in zip(indicator_columns("key_populations"), KEY_POPULATIONS.codes, strict=True):
        members = client_codes[cases[column].to_numpy()]
        counts[code] = int(np.count_nonzero(np.bincount(members, minlength=len(client_ids))))
    return _chart("key_populations", "clients", KEY_POPULATIONS, pd.Series(counts), len(client_ids))


def _single_valued(name: str, values: pd.Series, vocabulary: Vocabulary) -> Chart:
    recorded = values.dropna()
    return _chart(name, "cases", vocabulary, recorded.value_counts(), len(recorded))


def gender(cases: pd.DataFrame) -> Chart:
    """Share of cases per gender, among cases with a recorded gender (``unknown`` is recorded)."""
    return _single_valued("gender", cases["gender"], GENDER)


def age_group_of(ages: pd.Series) -> pd.Series:
    """The age-group code of each age (NA stays NA).

    >>> age_group_of(pd.Series([15, 16, 55, 56], dtype="Int64")).tolist()
    ['0-15', '16-18', '36-55', '56+']
    """
    bins = [*AGE_GROUP_LOWER_BOUNDS, np.inf]
    groups = pd.cut(ages.astype("float64"), bins=bins, right=False, labels=list(AGE_GROUPS.codes))
    return pd.Series(groups, index=ages.index)


def age_groups(cases: pd.DataFrame) -> Chart:
    """Share of cases per age group, among cases with a recorded age."""
    return _single_valued("age_groups", age_group_of(cases["age"]), AGE_GROUPS)


def reaction_status(cases: pd.DataFrame) -> Chart:
    """Share of cases per reaction status, among cases with a recorded status."""
    return _single_valued("reaction_status", cases["reaction_status"], REACTION_STATUS)


# Charts of mentions --------------------------------------------------------------------------


def _mentions(name: str, cases: pd.DataFrame, field: str, vocabulary: Vocabulary) -> Chart:
    counts = _code_counts(cases, field)
    return _chart(name, "mentions", vocabulary, counts, int(counts.sum()))


def refusal_reasons(cases: pd.DataFrame) -> Chart:
    """Share of each reason among all reason mentions."""
    return _mentions("refusal_reasons", cases, "refusal_reasons", REFUSAL_REASONS)


def violations(cases: pd.DataFrame) -> Chart:
    """Count and share of each violation type among all violation mentions."""
    return _mentions("violations", cases, "violations", VIOLATIONS)


def services_provided(cases: pd.DataFrame) -> Chart:
    """Services given by the documenter or their NGO, as mentions."""
    return _mentions("services_provided", cases, "services_provided", SERVICES)


def services_referred(cases: pd.DataFrame) -> Chart:
    """Services obtained by referral, as mentions."""
    return _mentions("services_referred", cases, "services_referred", SERVICES)


def services_unavailable(cases: pd.DataFrame) -> Chart:
    """Services needed but not available, as mentions."""
    return _mentions("services_unavailable", cases, "services_unavailable", SERVICES)


# Per report group ----------------------------------------------------------------------------


def group_cases(cases: pd.DataFrame, group: str) -> pd.DataFrame:
    """The cases whose ``report_group`` is ``group`` (one of `REPORT_GROUPS`)."""
    if group not in REPORT_GROUPS.codes:
        raise ValueError(f"unknown report group {group!r}; known: {', '.join(REPORT_GROUPS.codes)}")
    return cases[(cases["report_group"] == group).fillna(False)]


def perpetrators(cases: pd.DataFrame) -> Chart:
    """Share of perpetrator mentions per published group.

    Each detailed perpetrator of a case is one mention of its group, so a case naming the police
    and an investigator gives two Police mentions.
    """
    return _perpetrator_chart(_code_counts(cases, "perpetrators"))


#: The position in `PERPETRATOR_GROUPS` of each detailed perpetrator's group, in `PERPETRATORS` order.
_PERPETRATOR_GROUP_POSITIONS = np.array(
    [list(PERPETRATOR_GROUPS.codes).index(PERPETRATOR_GROUP_OF[code]) for code in PERPETRATORS.codes]
)


def _perpetrator_chart(detailed: pd.Series) -> Chart:
    """The perpetrators chart of the mentions of each detailed perpetrator (indexed by code)."""
    mentions = detailed.reindex(list(PERPETRATORS.codes), fill_value=0).to_numpy(dtype="int64")
    grouped = np.bincount(_PERPETRATOR_GROUP_POSITIONS, weights=mentions, minlength=len(PERPETRATOR_GROUPS.codes))
    return _chart(
        "perpetrators",
        "mentions",
        PERPETRATOR_GROUPS,
        pd.Series(grouped.astype("int64"), index=list(PERPETRATOR_GROUPS.codes)),
        int(detailed.sum()),
    )


def report_group_figures(cases: pd.DataFrame) -> dict[str, tuple[int, Chart]]:
    """Each report group's cases and `perpetrators` chart, by group code: all groups in one pass.

    The same as `count_cases` and `perpetrators` of each group's `group_cases`, without a copy of
    the cases of each group: one groupby over the groups, every group listed (a case without a
    group counts in none).
    """
    groups = pd.Categorical(cases["report_group"], categories=list(REPORT_GROUPS.codes))
    by_group = cases[indicator_columns("perpetrators")].groupby(groups, observed=False)
    counts, mentions = by_group.size(), by_group.sum()
    mentions.columns = list(PERPETRATORS.codes)
    return {
        code: (int(counts[code]), _perpetrator_chart(mentions.loc[code].astype("int64")))
        for code in REPORT_GROUPS.codes
    }


#: The charts of a report's body, by figures.json key, in report order.
CASE_CHARTS = {
    "key_populations": key_populations,
    "gender": gender,
    "age_groups": age_groups,
    "reaction_status": reaction_status,
    "refusal_reasons": refusal_reasons,
    "violations": violations,
    "services_provided": services_provided,
    "services_referred": services_referred,
    "services_unavailable": services_unavailable,
}
