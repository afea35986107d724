"""The audit a publication's protection ends with: its verdict, from fewer programs, is that of the exact intervals.

`audit_verdict` leaves unsolved the high end of a count that a solution shows wider than
min_cell (it is no failure), unless it may be the narrowest interval at risk; its summary and
failures must be those of `audit_cells`, which solves every end.
"""

from __future__ import annotations

from helpers.primary import primary_suppression
from helpers.properties import case_tables
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reactlib.count.audit import audit_cells, audit_verdict
from reactlib.count.cells import PublishedCells
from reactlib.count.figures import compute_figures, unsuppressed_document
from reactlib.count.relations import publication_relations
from reactlib.errors import PeriodError


def verdicts(documents, min_cell):
    """(summary, failures, small counts shown) of `audit_verdict` and of `audit_cells`, for ``documents`` as one publication."""
    cells = PublishedCells()
    for document in documents:
        cells.add_document(document)
    relations = publication_relations(cells)
    return [
        (audit.summary(), audit.failures(), audit.shown_small)
        for audit in (audit_verdict(cells, min_cell, relations), audit_cells(cells, min_cell, relations))
    ]


def test_a_count_shown_wide_by_a_solution_is_solved_when_it_may_be_the_narrowest():
    # Two suppressed counts add up to 9: each is 1 to 8 (7 wide). With min_cell 5, the solutions
    # looked for take each to its goal 1 + 6 = 7 and no further: "at least 6 wide", which may be
    # narrower than the narrowest exact interval (none yet), so both are solved: the narrowest is 7.
    chart = {"n": 9, "items": [{"code": "f", "count": "suppressed"}, {"code": "m", "count": "suppressed"}]}
    document = {"scope": "X", "period": "2023-H1", "clients": 9, "cases": 9, "qualified": 9, "groups": {},
                "charts": {"gender": chart}}  # fmt: skip
    fast, exact = verdicts([document], 5)
    assert fast == exact
    assert fast[0].narrowest == 7 and fast[0].passed


def test_a_count_shown_wider_than_the_narrowest_keeps_its_high_end_unsolved_and_the_verdict_is_the_same():
    # X's two suppressed counts add up to 4: each is 1 to 3 (2 wide, a failure at min_cell 5).
    # Y's add up to 40: each is 1 to 39, and a solution takes each to its goal 1 + 6 = 7 or more:
    # wider than the narrowest exact interval (2), so their high ends are never solved.
    def gender(scope, n):
        chart = {"n": n, "items": [{"code": "f", "count": "suppressed"}, {"code": "m", "count": "suppressed"}]}
        return {"scope": scope, "period": "2023-H1", "clients": n, "cases": n, "qualified": n, "groups": {},
                "charts": {"gender": chart}}  # fmt: skip

    cells = PublishedCells()
    for document in (gender("X", 4), gender("Y", 40)):
        cells.add_document(document)
    relations = publication_relations(cells)
    fast, exact = audit_verdict(cells, 5, relations), audit_cells(cells, 5, relations)
    wide = [key for key in exact.intervals if key.scope == "Y"]
    assert [exact.intervals[key].high for key in wide] == [39, 39]
    assert all(7 <= fast.intervals[key].high < 39 for key in wide)  # a value the count can take, not its largest
    assert (fast.summary(), fast.failures(), fast.shown_small) == (exact.summary(), exact.failures(), exact.shown_small)
    assert fast.summary().narrowest == 2 and [key.scope for key in fast.failures()] == ["X", "X"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=case_tables(), min_cell=st.sampled_from([3, 5, 10]), protected=st.booleans())
def test_the_verdict_is_the_exact_intervals_verdict_on_random_publications(cases, min_cell, protected):
    # Georgia's and the regional 2023-H1 reports, protected each alone (together they may be
    # exposed) or with the small counts hidden and nothing else (exposed, mostly).
    documents = []
    for scope in ("Georgia", "all"):
        try:
            if protected:
                documents.append(compute_figures(cases, scope, "2023-H1", min_cell).to_dict())
            else:
                documents.append(primary_suppression(unsuppressed_document(cases, scope, "2023-H1"), min_cell))
        except PeriodError:
            continue
    assume(documents)
    fast, exact = verdicts(documents, min_cell)
    assert fast == exact
