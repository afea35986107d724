"""Disclosure control over a whole publication (issue 20, analysis.md §6): judged by an adversary.

The adversary (tests/adversary.py) is written apart from reactlib's protection: it reads the
published figures.json documents with its own code, writes down the relations the issue names
and proves intervals with its own linear programs. A publication is protected when no count
from 1 to min_cell − 1 is shown and no suppressed count that could be below min_cell has a
proven interval narrower than min_cell.
"""

from __future__ import annotations

import json

import pytest
from adversary import Adversary, exposed, small_shown
from conftest import case
from hypothesis import given, settings
from test_properties import case_tables

from reactlib import load_cases
from reactlib.count.figures import compute_figures, unsuppressed_document
from reactlib.count.min_cell import SUPPRESSED, is_suppressed
from reactlib.count.suppression import protect_documents
from reactlib.count.trends import compute_trend
from reactlib.errors import PeriodError

HALF_YEAR = {"2023-H1": ("2023-01-01", "2023-06-30"), "2023-H2": ("2023-07-01", "2023-12-31")}


def publication(cases, scopes, periods, min_cell, trend=None, language="en"):
    """The figures.json documents of a publication, protected as one (as a batch does)."""
    plan = [(scope, period) for scope in scopes for period in periods]
    true = []
    for scope, period in plan:
        try:
            true.append(unsuppressed_document(cases, scope, period))
        except PeriodError:  # a period outside the random data's dates: not published
            continue
    trends = []
    if trend:
        for scope in scopes:
            try:
                trends.append((scope, compute_trend(cases, scope, *trend).to_dict()))
            except PeriodError:
                continue
    disclosure = protect_documents([*true, *(document for _, document in trends)], min_cell)
    published = [
        compute_figures(
            cases, document["scope"], document["period"], min_cell, language, disclosure=disclosure
        ).to_dict()
        for document in true
    ]
    published += [
        compute_trend(cases, scope, *trend, min_cell=min_cell, language=language, disclosure=disclosure).to_dict()
        for scope, _ in trends
    ]
    return published, disclosure


def adversary_of(documents) -> Adversary:
    adversary = Adversary()
    for document in documents:
        adversary.read(json.loads(json.dumps(document)))  # as a reader gets it: JSON
    return adversary


def counts(document):
    """Every count of a figures.json document, with its percent where it has one."""
    for name in ("clients", "cases", "qualified"):
        yield document[name], None
    for chart in [*document["charts"].values(), *(g["perpetrators"] for g in document["groups"].values())]:
        yield chart["n"], None
        for item in chart["items"]:
            yield item["count"], item["percent"]


# The issue's examples -----------------------------------------------------------------------------


def test_the_issues_georgia_example_cannot_be_solved(write_cases):
    # PLHIV perpetrators: healthcare 15, police 1, state services 5, individuals 37 (n = 58).
    # Two suppressed counts adding up to 58 − 15 − 37 = 6 would each be 1 to 5 (4 wide); one
    # more (healthcare, the smallest shown) makes three adding up to 21: each 1 to 19.
    rows = [case(i, perpetrators="medical_worker") for i in range(15)]
    rows += [case(100, perpetrators="police")]
    rows += [case(200 + i, perpetrators="social_services") for i in range(5)]
    rows += [case(300 + i, perpetrators="family") for i in range(37)]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023-H1", 5)
    chart = figures.groups["plhiv"].perpetrators
    perpetrators = dict(zip(chart.items["code"], chart.items["count"], strict=True))
    assert perpetrators == {
        "healthcare": SUPPRESSED, "police": SUPPRESSED, "state_services": SUPPRESSED, "individuals": 37,
    }  # fmt: skip
    intervals = adversary_of([figures.to_dict()]).intervals()
    police = intervals[("Tajikistan", HALF_YEAR["2023-H1"], "perp.plhiv.police")]
    assert police[1] - police[0] >= 5


def test_a_count_at_most_the_smallest_shown_one_is_not_pinned(write_cases):
    # The issue's Tajikistan 2023-H2: lost contact 5 and no help 2 of a reaction status whose
    # other counts are large. Suppressed, they add up to 7 with the n shown: 1 to 6, each 5 wide.
    rows = [case(i, reaction_status="in_progress", registered_on="2023-08-01") for i in range(40)]
    rows += [case(100 + i, reaction_status="lost_contact", registered_on="2023-08-01") for i in range(5)]
    rows += [case(200 + i, reaction_status="no_help", registered_on="2023-08-01") for i in range(2)]
    documents, _ = publication(load_cases(write_cases(rows)), ["Tajikistan"], ["2023-H2"], 5)
    status = {i["code"]: i["count"] for i in documents[0]["charts"]["reaction_status"]["items"]}
    assert status["no_help"] == SUPPRESSED and status["lost_contact"] == SUPPRESSED and status["in_progress"] == 40
    intervals = adversary_of(documents).intervals()
    for code in ("no_help", "lost_contact"):
        low, high = intervals[("Tajikistan", HALF_YEAR["2023-H2"], f"reaction_status.{code}")]
        assert (low, high) == (1, 6)


def test_a_countrys_count_cannot_be_taken_from_the_regional_one(write_cases):
    # The issue's Tajikistan 2023-H1 trans male: 2 in Tajikistan, 0 and 3 elsewhere; the regional
    # report shows 5 trans male cases. Regional minus the other countries must prove nothing.
    rows = [case(i, gender="trans_male") for i in range(2)]
    rows += [case(10 + i, gender="female") for i in range(30)]
    rows += [case(100 + i, country="Georgia", gender="trans_male") for i in range(3)]
    rows += [case(110 + i, country="Georgia", gender="female") for i in range(30)]
    rows += [case(200 + i, country="Moldova", gender="female") for i in range(30)]
    cases = load_cases(write_cases(rows))
    documents, _ = publication(cases, ["Georgia", "Moldova", "Tajikistan", "all"], ["2023-H1"], 5)
    adversary = adversary_of(documents)
    intervals = adversary.intervals()
    assert not exposed(intervals, 5) and not small_shown(adversary.value, 5)
    low, high = intervals[("Tajikistan", HALF_YEAR["2023-H1"], "gender.trans_male")]
    assert high - low >= 5


def test_a_total_too_small_for_its_parts_is_suppressed_and_the_counters_stay_where_they_can(write_cases):
    # 6 cases: gender 2 female, 4 male. Whatever else is suppressed, n = 6 would leave the two
    # 1 to 5 (4 wide): the n goes, and the cases with it; clients (6 distinct) are shown only
    # if nothing pins the others through them.
    rows = [case(i, gender="female") for i in range(2)] + [case(10 + i, gender="male") for i in range(4)]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023", 5)
    assert figures.charts["gender"].n == SUPPRESSED and figures.cases == SUPPRESSED
    assert figures.charts["gender"].items["percent"].isna().all()  # a share of a hidden n gives n away
    intervals = adversary_of([figures.to_dict()]).intervals()
    assert not exposed(intervals, 5)


# Every count, one mark ---------------------------------------------------------------------------


def test_one_mark_for_every_suppressed_count_and_no_share_for_it(sample_cases):
    document = compute_figures(sample_cases, "Tajikistan", "2023-H1", 5).to_dict()
    values = list(counts(document)) + list(counts(document["previous"]))
    assert {value for value, _ in values if not isinstance(value, int)} == {SUPPRESSED}
    assert all(percent is None for value, percent in values if value == SUPPRESSED)
    assert all(not 0 < value < 5 for value, _ in values if isinstance(value, int))
    assert document["disclosure_control"]["mark"] == SUPPRESSED
    assert document["disclosure_control"]["exposed_counts"] == 0


def test_a_publications_pattern_is_the_same_every_time(sample_cases):
    documents = [unsuppressed_document(sample_cases, scope, "2023-H1") for scope in ("Georgia", "Moldova", "all")]
    first = protect_documents(documents, 5)
    again = protect_documents(json.loads(json.dumps(documents)), 5)
    assert first.suppressed == again.suppressed and first.summary == again.summary


def test_languages_do_not_change_the_numbers(sample_cases):
    english = compute_figures(sample_cases, "all", "2023-H2", 5).to_dict()
    russian = compute_figures(sample_cases, "all", "2023-H2", 5, "ru").to_dict()
    assert list(counts(english)) == list(counts(russian))
    assert english["countries"] == russian["countries"]


# Random data ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("min_cell", [3, 5, 10])
@settings(max_examples=3, deadline=None)
@given(cases=case_tables())
def test_no_small_count_can_be_proven_from_a_random_publication(cases, min_cell):
    # Two countries and the regional report with its countries, each with its previous period
    # (2022-H2), and the regional trend of both halves of 2023: every kind of relation.
    documents, disclosure = publication(
        cases, ["Georgia", "Moldova", "all"], ["2023-H1"], min_cell, ("2023-H1", "2023-H2")
    )
    adversary = adversary_of(documents)
    intervals = adversary.intervals()
    assert not small_shown(adversary.value, min_cell)
    assert not exposed(intervals, min_cell)
    assert disclosure.summary is not None and disclosure.summary.passed
    # Every suppressed count of the publication is one the protection chose, and only those.
    assert {c for c, v in adversary.value.items() if is_suppressed(v)} == set(intervals)


@pytest.mark.parametrize("min_cell", [3, 5, 10])
def test_no_small_count_can_be_proven_from_the_sample_in_three_scopes(sample_cases, min_cell):
    documents, disclosure = publication(
        sample_cases, ["Georgia", "Kazakhstan", "all"], ["2023-H1", "2023"], min_cell, language="ru"
    )
    adversary = adversary_of(documents)
    intervals = adversary.intervals()
    assert not small_shown(adversary.value, min_cell) and not exposed(intervals, min_cell)
    assert disclosure.summary.suppressed == len(intervals)


# A batch re-renders a report whose pattern changed ------------------------------------------------


def test_a_reports_fingerprint_holds_its_published_figures_only_with_min_cell(tmp_path):
    from reactlib.batch.incremental import report_key
    from reactlib.batch.plan import plan
    from reactlib.batch.spec import load_batch

    def key(min_cell: int, published: str | None) -> str:
        path = tmp_path / f"batch{min_cell}.yaml"
        path.write_text(f"scopes: [Georgia]\nperiods: [2023-H1]\nmin_cell: {min_cell}\n", encoding="utf-8")
        spec = load_batch(path)
        job = plan(spec, tmp_path / "out", ["Georgia"])[0]
        return report_key(spec, ["data", None], job, ["Georgia"], published)

    # With min_cell, another suppression pattern (another figures.json) is another fingerprint:
    # the report is rendered again even though its own inputs did not change.
    assert key(5, '{"cases": "suppressed"}') != key(5, '{"cases": 12}')
    # Without min_cell the fingerprint is what it always was.
    assert key(0, '{"cases": 12}') == key(0, None)


def test_an_appendix_row_goes_before_a_headline_counter(write_cases):
    # Tajikistan 8 cases, Kyrgyzstan 1: the appendix's "other countries" (1) is the file's 9 rows
    # less Tajikistan's 8. Suppressing the rows (an appendix count) protects it; the report's
    # cases, clients and qualified (8 each) stay shown.
    rows = [case(i) for i in range(1, 8)] + [case(8, gender="male"), case(9, country="Kyrgyzstan")]
    figures = compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023-H1", 5)
    assert (figures.clients, figures.cases, figures.qualified) == (8, 8, 8)
    assert figures.accounting is not None
    assert (figures.accounting.other_country, figures.accounting.total) == (SUPPRESSED, SUPPRESSED)
    assert not exposed(adversary_of([figures.to_dict()]).intervals(), 5)
