"""A batch counts each scope × period once (`reactlib.count.once`): the same figures, fewer countings.

A batch counts every report and trend for its suppression pattern, then plans each report in
each language; a report's previous period and a trend's periods are often other reports'
periods. Inside `counting_once` each is counted the first time only, and what every caller gets
is what it got when each counted for itself.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reactlib.batch.publication import batch_disclosure, batch_documents
from reactlib.batch.spec import BatchSpec
from reactlib.count import figures
from reactlib.count.once import counting_once
from reactlib.count.periods import parse_period
from reactlib.count.trends import compute_trend
from reactlib.load.options import ReadOptions
from reactlib.report.settings import load_report_settings

SPEC = BatchSpec(
    source=Path(figures.__file__),  # unused: the cases are given
    data=None,
    column_map=None,
    reading=ReadOptions(),
    scopes=("Georgia", "all"),
    periods=(parse_period("2023-H1"), parse_period("2023-H2")),
    formats=("html",),
    min_cell=5,
    settings=load_report_settings(None),
    trends=(("2023-H1", "2023-H2"),),
)


@pytest.fixture
def countings(monkeypatch) -> Counter:
    """How many times each (scope, period) was counted."""
    counted: Counter = Counter()
    period_figures = figures._period_figures

    def counting(selected, scope, period):
        counted[(scope, period.name)] += 1
        return period_figures(selected, scope, period)

    monkeypatch.setattr(figures, "_period_figures", counting)
    return counted


def what_a_batch_counts(cases):
    """The pattern (from every report and trend), then each report planned in English and Russian, and each trend."""
    countries = sorted(cases["country"].unique())
    disclosure = batch_disclosure(SPEC, cases, countries)
    return [
        batch_documents(SPEC, cases, countries),
        [
            figures.compute_figures(cases, scope, period, 5, language, disclosure=disclosure).to_dict()
            for scope in SPEC.scopes
            for period in ("2023-H1", "2023-H2")
            for language in ("en", "ru")
        ],
        [compute_trend(cases, scope, "2023-H1", "2023-H2", language="ru").to_dict() for scope in SPEC.scopes],
    ]


def test_inside_the_block_each_scope_and_period_is_counted_once_to_the_same_figures(sample_cases, countings):
    alone = what_a_batch_counts(sample_cases)
    counted_alone = sum(countings.values())
    countings.clear()

    with counting_once(sample_cases):
        together = what_a_batch_counts(sample_cases)
        # All of it from what the first round kept: no caller changed what it was given.
        again = what_a_batch_counts(sample_cases)

    assert together == alone and again == alone
    # Each scope's 2023-H1 and 2023-H2, and 2022-H2 (the previous period of 2023-H1): once each.
    assert countings == Counter(
        {(scope, name): 1 for scope in SPEC.scopes for name in ("2022-H2", "2023-H1", "2023-H2")}
    )
    # Each counting for itself: the pattern's and the documents' 2 scopes × (2 reports with their
    # previous periods + a trend of 2 periods), then 2 scopes × 2 reports × 2 languages with their
    # previous periods, and 2 trends of 2 periods.
    assert counted_alone == 2 * 2 * (2 * 2 + 2) + 2 * 2 * 2 * 2 + 2 * 2


def test_another_table_is_counted_as_outside_the_block(sample_cases, countings):
    other = sample_cases.copy()
    with counting_once(sample_cases):
        figures.compute_figures(other, "Georgia", "2023-H1")
        figures.compute_figures(other, "Georgia", "2023-H1")

    assert countings == Counter({("Georgia", "2023-H1"): 2, ("Georgia", "2022-H2"): 2})


def test_after_the_block_nothing_is_kept(sample_cases, countings):
    with counting_once(sample_cases):
        figures.compute_figures(sample_cases, "Georgia", "2023-H1")
    figures.compute_figures(sample_cases, "Georgia", "2023-H1")

    assert countings == Counter({("Georgia", "2023-H1"): 2, ("Georgia", "2022-H2"): 2})


def test_what_was_kept_can_be_let_go_and_is_counted_again(sample_cases, countings):
    with counting_once(sample_cases) as forget:
        figures.compute_figures(sample_cases, "Georgia", "2023-H1")
        forget()
        figures.compute_figures(sample_cases, "Georgia", "2023-H1")
        figures.compute_figures(sample_cases, "Georgia", "2023-H1")

    assert countings == Counter({("Georgia", "2023-H1"): 2, ("Georgia", "2022-H2"): 2})
