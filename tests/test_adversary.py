"""The test adversary (tests/adversary.py) itself: its shortcut where only exposure is judged.

Every protection test is only as good as the adversary's verdicts. With ``intervals(enough=m)``
a count some solution takes to its low end + m is not solved further (`reaching`); these tests
check that the shortcut gives the verdicts of the exact intervals on publications that *are*
exposed, and that `reaching` answers small linear programs as they are solved by hand.
"""

from __future__ import annotations

import math

import adversary
import pytest
from adversary import Adversary, Program, exposed, highest, lowest, reaching
from conftest import case
from helpers.primary import primary_suppression
from helpers.properties import case_tables
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from reactlib import load_cases
from reactlib.count.figures import compute_figures, unsuppressed_document
from reactlib.errors import PeriodError

H2_2023 = ("2023-07-01", "2023-12-31")


# A publication that is exposed -------------------------------------------------------------------


def test_the_shortcut_finds_what_the_exact_intervals_find_where_a_count_is_exposed(write_cases):
    # The Tajikistan 2023-H2 (as in test_suppression): lost contact 5 and no help 2 of a
    # reaction status whose n is shown; protected with min_cell 5, each is 1 to 6 (they add up to
    # 7, the other at least 1). Judged by min_cell 10 they are exposed: 5 wide, and could be below 10.
    rows = [case(i, reaction_status="in_progress", registered_on="2023-08-01") for i in range(40)]
    rows += [case(100 + i, reaction_status="lost_contact", registered_on="2023-08-01") for i in range(5)]
    rows += [case(200 + i, reaction_status="no_help", registered_on="2023-08-01") for i in range(2)]
    documents = [compute_figures(load_cases(write_cases(rows)), "Tajikistan", "2023-H2", 5).to_dict()]
    exact = Adversary.of(documents).intervals()
    for code in ("no_help", "lost_contact"):
        assert exact[("Tajikistan", H2_2023, f"reaction_status.{code}")] == (1, 6)

    judged = exposed(Adversary.of(documents).intervals(10), 10)

    assert judged == exposed(exact, 10)
    assert {("Tajikistan", H2_2023, f"reaction_status.{code}") for code in ("no_help", "lost_contact")} <= set(judged)
    # Judged by any other min_cell, the shortcut's verdict is the exact one's too (none at 5: 5 wide).
    for min_cell in (2, 5, 6, 7, 20):
        assert exposed(Adversary.of(documents).intervals(min_cell), min_cell) == exposed(exact, min_cell)
    assert not exposed(exact, 5) and exposed(exact, 6)


# Random publications with small counts hidden and nothing else --------------------------------------


def test_primary_suppression_hides_the_small_counts_only():
    document = {
        "cases": 3, "charts": {"gender": {"n": 12, "items": [{"code": "male", "count": 2, "percent": 1.5}]}},
        "crosstabs": {"x": {"rows": ["a"], "counts": [[0, 4, 9]]}}, "data_quality": {"total": 1, "blank": 1},
    }  # fmt: skip
    assert primary_suppression(document, 5) == {
        "cases": "suppressed",
        "charts": {"gender": {"n": 12, "items": [{"code": "male", "count": "suppressed", "percent": 1.5}]}},
        "crosstabs": {"x": {"rows": ["a"], "counts": [[0, "suppressed", 9]]}},
        "data_quality": {"total": "suppressed", "blank": 1},
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=case_tables(), min_cell=st.integers(2, 10))
def test_the_shortcut_exposes_the_counts_the_exact_intervals_expose(cases, min_cell):
    # A country's and the regional report of 2023-H1 (with the previous period and the appendix).
    documents = []
    for scope in ("Georgia", "all"):
        try:
            documents.append(primary_suppression(unsuppressed_document(cases, scope, "2023-H1"), min_cell))
        except PeriodError:  # no case of the scope in the period: nothing published
            continue
    assume(documents)
    exact = Adversary.of(documents).intervals()
    fast = Adversary.of(documents).intervals(min_cell)
    event(f"exposed: {bool(exposed(exact, min_cell))}")

    assert exposed(fast, min_cell).keys() == exposed(exact, min_cell).keys()
    # Each count's low end is exact; its high end is the exact one, or a value it can take at
    # least its low end + min_cell (and so at most the exact high end).
    assert fast.keys() == exact.keys()
    for count, (low, high) in fast.items():
        assert low == exact[count][0]
        assert high == exact[count][1] or low + min_cell <= high <= exact[count][1], (count, fast[count], exact[count])


# `reaching` on programs solved by hand -------------------------------------------------------------


def programs() -> list[tuple[Program, list[int]]]:
    """Three small programs (every count ≥ 1) and their targets, with their answers by hand.

    - x0 + x1 = 7 (no inequality): each 1 to 6, and only one of them can be 4 or more at a time;
    - x0 + x1 = 10, x2 ≤ 3, targets x0 and x2: x0 is 1 to 9, x2 is 1 to 3 (neither limits the
      other, so a solution taking both as far as they go up to a goal is unique in them);
    - x0 ≤ x1 (no equality): x0 is 1 to no end.
    """
    two = Program(csr_matrix([[1.0, 1.0]]), [7.0], None, None, [1, 1])
    three = Program(csr_matrix([[1.0, 1.0, 0.0]]), [10.0], csr_matrix([[0.0, 0.0, 1.0]]), [3.0], [1, 1, 1])
    unbounded = Program(None, None, csr_matrix([[1.0, -1.0]]), [0.0], [1, 1])
    return [(two, [0, 1]), (three, [0, 2]), (unbounded, [0])]


def test_the_programs_ends_are_those_found_by_hand():
    jobs = programs()
    assert [[round(value, 6) for value in ends] for ends in lowest(jobs)] == [[1, 1], [1, 1], [1]]
    assert [[round(value, 6) for value in ends] for ends in highest(jobs)] == [[6, 6], [9, 3], [math.inf]]


@pytest.mark.parametrize(
    ("enough", "reached", "exact", "exposed_ones"),
    [
        # x2 of the second program cannot be 4: it alone is solved to its largest value, 3
        # (1 to 3: exposed, the only one).
        (3, {(0, 0), (0, 1), (1, 0), (2, 0)}, {(1, 1): 3}, {(1, 1)}),
        # 7 is more than the first program's counts can be: each is solved, to 6 (1 to 6: exposed).
        (6, {(1, 0), (2, 0)}, {(0, 0): 6, (0, 1): 6, (1, 1): 3}, {(0, 0), (0, 1), (1, 1)}),
    ],
)
def test_reaching_takes_a_count_to_its_low_end_plus_enough_or_solves_its_largest_value(
    monkeypatch, enough, reached, exact, exposed_ones
):
    jobs = programs()
    lows = [[math.ceil(low - 1e-6) for low in ends] for ends in lowest(jobs)]
    largest = [[6, 6], [9, 3], [math.inf]]
    solved: list[list[int]] = []

    def recorded_highest(rest):
        solved.extend(targets for _, targets in rest)
        return highest(rest)

    monkeypatch.setattr(adversary, "highest", recorded_highest)

    values = reaching(jobs, lows, enough)

    for n, (_, targets) in enumerate(jobs):
        for i in range(len(targets)):
            value = values[n][i] if values[n][i] == math.inf else math.floor(values[n][i] + 1e-6)
            if (n, i) in reached:  # a value the count takes, far enough from its low end
                assert lows[n][i] + enough <= value <= largest[n][i], (n, i, values[n][i])
            else:
                assert value == exact[(n, i)], (n, i, values[n][i])
    # Only the counts that could not get there were solved for their largest value.
    assert solved == [[target for i, target in enumerate(targets) if (n, i) not in reached]
                      for n, (_, targets) in enumerate(jobs)]  # fmt: skip
    # Judged by min_cell = enough, the verdict is the exact ends' (found by hand).
    judged = {(n, i): (lows[n][i], values[n][i]) for n, (_, t) in enumerate(jobs) for i in range(len(t))}
    exact_ends = {(n, i): (lows[n][i], largest[n][i]) for n, (_, t) in enumerate(jobs) for i in range(len(t))}
    assert exposed(judged, enough).keys() == exposed(exact_ends, enough).keys() == exposed_ones
