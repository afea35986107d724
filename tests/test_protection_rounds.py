"""The rounds of `protect`: a component no round changed keeps its intervals and is not solved again.

Each round, `protect` solves the intervals of the counts it watches; a component whose counts
and shown values no suppression has touched since its last solve proves the same intervals, so
only changed components go to `solve_intervals`. Checked on the sample's publication of every
country and the regional report, both halves of 2023, min_cell 5 (several rounds): every round's
intervals are those of all its components solved afresh, and no component is solved twice.
"""

from __future__ import annotations

import reactlib.count.protection as protection
from reactlib.count.linear import solve_intervals


def as_solved(component) -> tuple:
    """A component as its programs see it: unknowns, bounds, rows and right-hand sides."""
    arrays = [component.columns, component.lower, *component.eq, component.b_eq, *component.ub, component.b_ub]
    return tuple(tuple(array.tolist()) for array in arrays)


def test_each_round_proves_what_solving_every_component_proves_and_solves_none_twice(sample_publication, monkeypatch):
    values, relations = sample_publication
    rounds, solved = [], []
    changed_only = protection._solve_changed

    def solve_and_compare(components, wanted, known, min_cell):
        intervals, solutions, kept = changed_only(components, wanted, known, min_cell)
        afresh, _ = solve_intervals(components, wanted)
        watching = sum(1 for c in components if wanted & set(c.columns.tolist()))
        rounds.append((intervals, afresh, watching))
        return intervals, solutions, kept

    def recorded(components, wanted, wide=None):
        solved.extend(as_solved(c) for c in components)
        return solve_intervals(components, wanted, wide)

    monkeypatch.setattr(protection, "_solve_changed", solve_and_compare)
    monkeypatch.setattr(protection, "solve_intervals", recorded)
    protection.protect(values, relations, 5)

    assert len(rounds) >= 3, "the publication takes several rounds"
    for intervals, afresh, _ in rounds:
        assert intervals == afresh
    assert len(solved) == len(set(solved)), "a component was solved again unchanged"
    assert len(solved) < sum(watching for _, _, watching in rounds), "no round kept a component's intervals"
