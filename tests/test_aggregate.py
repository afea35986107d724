"""Each figure on small case tables whose expected values are worked out by hand here."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import case

from reactlib import load_cases
from reactlib.contract.categories import (
    AGE_GROUPS,
    GENDER,
    PERPETRATOR_GROUPS,
    REACTION_STATUS,
    SERVICES,
)
from reactlib.count import aggregate
from reactlib.count.aggregate import percent_half_up


@pytest.fixture
def load(write_cases):
    return lambda rows: load_cases(write_cases(rows))


def expected_items(
    codes: tuple[str, ...], counts: dict[str, int], labels: tuple[str, ...], percents: dict[str, float]
) -> pd.DataFrame:
    """The tidy frame a chart should hold: every category, zeros included."""
    return pd.DataFrame(
        {
            "code": list(codes),
            "label": list(labels),
            "count": pd.array([counts.get(c, 0) for c in codes], dtype="int64"),
            "percent": pd.array([percents.get(c, 0.0) for c in codes], dtype="Float64"),
        }
    )


@pytest.mark.parametrize(
    ("count", "n", "printed"),
    [(1, 8, 12.5), (49, 400, 12.3), (1, 3, 33.3), (2, 3, 66.7), (272, 522, 52.1), (272, 521, 52.2),
     (1, 1, 100.0), (0, 5, 0.0), (1, 16, 6.3), (3, 16, 18.8), (5, 16, 31.3), (1, 2000, 0.1)],
)  # fmt: skip
def test_percent_rounds_half_up(count, n, printed):
    # 1/16 = 6.25 and 5/16 = 31.25: exact halves that round-half-even would send down.
    assert percent_half_up(pd.Series([count]), n).tolist() == [printed]


def test_percent_is_missing_where_n_is_zero():
    assert percent_half_up(pd.Series([0]), 0).isna().all()


def test_headline_counts(load):
    cases = load(
        [
            case(1, client_id="A"),
            case(2, client_id="A", qualified="no"),
            case(3, client_id="B"),
            case(4, client_id="C", qualified="false"),
        ]
    )
    assert aggregate.count_cases(cases) == 4
    assert aggregate.count_clients(cases) == 3
    assert aggregate.count_qualified(cases) == 2


def test_key_populations_counts_distinct_clients_in_every_group(load):
    cases = load(
        [
            case(1, client_id="A", key_populations="plhiv; pwud"),
            case(2, client_id="A", key_populations="plhiv;pwud;pwud"),  # the same client again
            case(3, client_id="B", key_populations="plhiv; tb", report_group=""),
            case(4, client_id="C", key_populations="no_kpg", report_group=""),
        ]
    )
    chart = aggregate.key_populations(cases)
    # Clients: A, B, C. plhiv: A and B; pwud: A; tb: B; no_kpg: C.
    from reactlib.contract.categories import KEY_POPULATIONS

    counts = {"plhiv": 2, "pwud": 1, "tb": 1, "no_kpg": 1}
    percents = {"plhiv": 66.7, "pwud": 33.3, "tb": 33.3, "no_kpg": 33.3}
    assert (chart.unit, chart.n) == ("clients", 3)
    pd.testing.assert_frame_equal(
        chart.items, expected_items(KEY_POPULATIONS.codes, counts, KEY_POPULATIONS.labels, percents)
    )


def test_gender_leaves_empty_cells_out_of_n_but_counts_unknown(load):
    genders = ["female", "female", "male", "unknown", "", "Female", "trans_male", "female"]
    cases = load([case(i, gender=g) for i, g in enumerate(genders)])
    chart = aggregate.gender(cases)
    # 7 recorded: female 4, male 1, trans_male 1, unknown 1.
    counts = {"female": 4, "male": 1, "trans_male": 1, "unknown": 1}
    percents = {"female": 57.1, "male": 14.3, "trans_male": 14.3, "unknown": 14.3}
    assert (chart.unit, chart.n) == ("cases", 7)
    pd.testing.assert_frame_equal(chart.items, expected_items(GENDER.codes, counts, GENDER.labels, percents))


def test_age_groups_bounds(load):
    ages = ["0", "15", "16", "18", "19", "35", "36", "55", "56", "120", ""]
    cases = load([case(i, age=a) for i, a in enumerate(ages)])
    chart = aggregate.age_groups(cases)
    # Ten recorded ages, two in each group.
    counts = dict.fromkeys(AGE_GROUPS.codes, 2)
    percents = dict.fromkeys(AGE_GROUPS.codes, 20.0)
    assert chart.n == 10
    pd.testing.assert_frame_equal(chart.items, expected_items(AGE_GROUPS.codes, counts, AGE_GROUPS.labels, percents))


def test_reaction_status_with_half_up_rounding(load):
    # 16 recorded statuses and 1 empty: 1 in progress (6.25 %), 5 partially resolved (31.25 %),
    # 10 resolved positively (62.5 %). The exact halves go up, where half-to-even gives 6.2 and 31.2.
    statuses = ["in_progress"] + ["partially_resolved"] * 5 + ["resolved_positive"] * 10 + [""]
    cases = load([case(i, reaction_status=s) for i, s in enumerate(statuses)])
    chart = aggregate.reaction_status(cases)
    counts = {"in_progress": 1, "partially_resolved": 5, "resolved_positive": 10}
    percents = {"in_progress": 6.3, "partially_resolved": 31.3, "resolved_positive": 62.5}
    assert chart.n == 16
    pd.testing.assert_frame_equal(
        chart.items, expected_items(REACTION_STATUS.codes, counts, REACTION_STATUS.labels, percents)
    )


def test_perpetrators_count_each_detailed_mention_in_its_group(load):
    cases = load(
        [
            case(1, perpetrators="police; investigator"),  # two Police mentions
            case(2, perpetrators="family; police; police"),  # a repeated code counts once
            case(3, perpetrators=""),
            case(4, perpetrators="medical_worker"),
            case(5, perpetrators="court", report_group="", key_populations="migrant"),
        ]
    )
    group = aggregate.group_cases(cases, "plhiv")
    chart = aggregate.perpetrators(group)
    # plhiv cases 1-4: police 3, individuals 1, healthcare 1 → 5 mentions.
    counts = {"police": 3, "individuals": 1, "healthcare": 1}
    percents = {"police": 60.0, "individuals": 20.0, "healthcare": 20.0}
    assert (len(group), chart.unit, chart.n) == (4, "mentions", 5)
    pd.testing.assert_frame_equal(
        chart.items,
        expected_items(PERPETRATOR_GROUPS.codes, counts, PERPETRATOR_GROUPS.labels, percents),
    )


def test_group_cases_follow_report_group_only(load):
    cases = load(
        [
            case(1, key_populations="plhiv; sex_worker", report_group="sw"),
            case(2, key_populations="plhiv; sex_worker", report_group="plhiv"),
            case(3, key_populations="sex_worker", report_group=""),
            case(4, key_populations="lgbtiq", report_group="msm_trans"),
        ]
    )
    assert [len(aggregate.group_cases(cases, g)) for g in ("plhiv", "pwid", "sw", "msm_trans")] == [1, 0, 1, 1]
    with pytest.raises(ValueError, match="unknown report group"):
        aggregate.group_cases(cases, "pwud")


def test_services_are_shares_of_mentions(load):
    cases = load(
        [
            case(1, services_provided="legal_primary; psychosocial", services_unavailable="shelter"),
            case(2, services_provided="legal_primary", services_referred="medical"),
            case(3, services_provided="", services_referred="medical; social; medical"),
            case(4, services_provided="Primary legal assistance; mediation"),
        ]
    )
    provided = aggregate.services_provided(cases)
    # legal_primary 3, psychosocial 1, mediation 1 → 5 mentions.
    pd.testing.assert_frame_equal(
        provided.items,
        expected_items(
            SERVICES.codes,
            {"legal_primary": 3, "psychosocial": 1, "mediation": 1},
            SERVICES.labels,
            {"legal_primary": 60.0, "psychosocial": 20.0, "mediation": 20.0},
        ),
    )
    referred = aggregate.services_referred(cases)
    assert referred.n == 3 and referred.items.set_index("code").loc["medical", "count"] == 2
    unavailable = aggregate.services_unavailable(cases)
    assert unavailable.n == 1 and unavailable.items.set_index("code").loc["shelter", "percent"] == 100.0


def test_violations_and_refusal_reasons(load):
    cases = load(
        [
            case(1, violations="extortion; eviction", refusal_reasons="safety; no_belief"),
            case(2, violations="extortion", refusal_reasons="safety"),
            case(3, violations="", refusal_reasons=""),
        ]
    )
    violations = aggregate.violations(cases).items.set_index("code")
    assert violations.loc["extortion", "count"] == 2 and violations.loc["extortion", "percent"] == 66.7
    assert violations.loc["eviction", "percent"] == 33.3 and violations.loc["discrimination", "count"] == 0
    reasons = aggregate.refusal_reasons(cases)
    assert reasons.n == 3
    assert reasons.items.set_index("code").loc["safety", "percent"] == 66.7


def test_an_empty_selection_has_zero_counts_and_no_percentages(load):
    cases = load([case(1)]).iloc[0:0]
    chart = aggregate.gender(cases)
    assert chart.n == 0 and (chart.items["count"] == 0).all() and chart.items["percent"].isna().all()
    assert aggregate.key_populations(cases).n == 0
