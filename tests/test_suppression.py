"""Small-cell suppression with its complement (analysis.md section 6): nothing hidden can be worked out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from conftest import case
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPERTY_SETTINGS, case_tables

from reactlib import load_cases
from reactlib.count.figures import COMPLEMENT_LABEL, compute_figures
from reactlib.count.periods import Period
from reactlib.report import texts

#: The charts whose counts add up to their n (spec section 6); key populations do not.
ADDITIVE_CHARTS = (
    "gender", "age_groups", "reaction_status", "refusal_reasons", "violations",
    "services_provided", "services_referred", "services_unavailable",
)  # fmt: skip
EVERYTHING = Period("all", dt.date(2000, 1, 1), dt.date(2030, 1, 1), "-")


def counts_of(chart) -> dict[str, object]:
    return dict(zip(chart.items["code"], chart.items["count"], strict=True))


def percents_of(chart) -> dict[str, float | None]:
    return {
        code: None if pd.isna(percent) else float(percent)
        for code, percent in zip(chart.items["code"], chart.items["percent"], strict=True)
    }


def test_the_issues_example_hides_a_second_count_so_healthcare_cannot_be_worked_out(write_cases):
    # A group with 20 perpetrator mentions: Healthcare 1, Police 9, State services 0, Individuals 10.
    # Hiding Healthcare alone would leave it as 20 - 9 - 0 - 10 = 1; Police, the smallest other
    # non-zero count, is hidden too. Zeros and the larger count stay shown.
    rows = [case(1, perpetrators="medical_worker")]
    rows += [case(2 + i, perpetrators="police") for i in range(9)]
    rows += [case(11 + i, perpetrators="family") for i in range(10)]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023", min_cell=5)
    chart = figures.groups["plhiv"].perpetrators

    assert chart.n == 20
    assert counts_of(chart) == {"healthcare": "<5", "police": COMPLEMENT_LABEL, "state_services": 0, "individuals": 10}
    assert percents_of(chart) == {"healthcare": None, "police": None, "state_services": 0.0, "individuals": 50.0}


def test_the_complement_is_the_smallest_other_count_and_never_a_zero(write_cases):
    # Gender over 13 recorded cases: female 6, male 6, unknown 1; on a tie the first in order goes.
    rows = [case(i, gender="female") for i in range(6)] + [case(10 + i, gender="male") for i in range(6)]
    rows.append(case(20, gender="unknown"))
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023", min_cell=5)

    assert counts_of(figures.charts["gender"]) == {
        "female": COMPLEMENT_LABEL, "male": 6, "trans_female": 0, "trans_male": 0, "unknown": "<5",
    }  # fmt: skip


def test_no_complement_when_two_are_hidden_already_or_n_is_hidden(write_cases):
    two_small = [case(i, gender="female") for i in range(6)] + [case(10, gender="male"), case(11, gender="unknown")]
    figures = compute_figures(load_cases(write_cases(two_small)), "Tajikistan", "2023", min_cell=5)
    assert counts_of(figures.charts["gender"])["female"] == 6

    tiny = [case(1, gender="female"), case(2, gender="male")]
    figures = compute_figures(load_cases(write_cases(tiny, name="tiny.csv")), "Tajikistan", "2023", min_cell=5)
    assert figures.charts["gender"].n == "<5"
    assert set(counts_of(figures.charts["gender"]).values()) == {"<5", 0}


def test_key_populations_are_not_complemented(write_cases):
    # 8 clients: 6 living with HIV, 2 who use drugs. The bars need not add up to the clients,
    # so the 6 stays shown (spec: key populations need no complement).
    rows = [case(i, key_populations="plhiv") for i in range(6)]
    rows += [case(10 + i, key_populations="pwud", report_group="pwid") for i in range(2)]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023", min_cell=5)
    assert counts_of(figures.charts["key_populations"])["plhiv"] == 6
    assert counts_of(figures.charts["key_populations"])["pwud"] == "<5"


def test_the_suppression_note_says_some_counts_protect_others():
    note = texts.SUPPRESSION_NOTE.format(below=4, min_cell=5)
    assert f"“{COMPLEMENT_LABEL}”" in note and "protect" in note


def additive_charts(figures):
    charts = {name: figures.charts[name] for name in ADDITIVE_CHARTS}
    charts.update({f"{code}_perpetrators": group.perpetrators for code, group in figures.groups.items()})
    return charts


@PROPERTY_SETTINGS
@given(case_tables(), st.integers(2, 10))
def test_no_hidden_count_can_be_worked_out_and_every_shown_count_is_true(cases, min_cell):
    true = compute_figures(cases, "all", EVERYTHING)
    shown = compute_figures(cases, "all", EVERYTHING, min_cell=min_cell)

    for name, chart in additive_charts(shown).items():
        truth = additive_charts(true)[name]
        assert sum(truth.items["count"]) == truth.n, f"{name} is not additive"
        hidden = [code for code, count in counts_of(chart).items() if isinstance(count, str)]
        if isinstance(chart.n, int):
            assert chart.n == truth.n
            assert len(hidden) != 1, f"{name}: the one hidden count is n minus the others"
        for code, count in counts_of(chart).items():
            true_count = counts_of(truth)[code]
            if isinstance(count, str):
                assert percents_of(chart)[code] is None
                # "<N" only ever stands for 1 to N-1; anything else hidden is the complement.
                assert count == (f"<{min_cell}" if 0 < true_count < min_cell else COMPLEMENT_LABEL)
            else:
                assert count == true_count and not 0 < true_count < min_cell
        assert sum(count == COMPLEMENT_LABEL for count in counts_of(chart).values()) <= 1
    for name, table in shown.crosstabs.items():
        truth = true.crosstabs[name].counts
        for row in truth.index:
            for column in truth.columns:
                value, true_value = table.counts.loc[row, column], truth.loc[row, column]
                assert value == (f"<{min_cell}" if 0 < true_value < min_cell else true_value)


def test_the_data_quality_appendix_hides_a_part_that_the_total_would_give_away():
    from reactlib.count.quality import RowAccounting, suppress_accounting

    # 40 rows: 3 in the report (hidden), 30 outside the period, 7 other countries. 40 - 30 - 7 = 3,
    # so the smallest other part (7) is hidden too; 0 invalid rows stay shown.
    shown = suppress_accounting(RowAccounting(total=40, in_report=3, outside_period=30, other_country=7), 5)
    assert shown == RowAccounting(total=40, in_report="<5", outside_period=30, other_country="hidden", invalid=0)
    # Two parts already hidden: the total less the shown part no longer names either.
    shown = suppress_accounting(RowAccounting(total=40, in_report=3, outside_period=35, other_country=2), 5)
    assert shown == RowAccounting(total=40, in_report="<5", outside_period=35, other_country="<5", invalid=0)
