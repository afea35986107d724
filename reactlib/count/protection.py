"""Which counts a publication suppresses: small ones, and as few others as keep them unprovable.

Protection holds when, for every count from 1 to min_cell − 1, the interval an adversary can
prove from the whole publication (`reactlib.count.linear`, over the relations of
`reactlib.count.relations`) is at least min_cell wide. `protect` decides the suppression
pattern of a whole publication at once, so that a count printed in several places (its own
report, a ``previous``, a trend, a regional ``countries`` table) is suppressed in all of them:

1. every count from 1 to min_cell − 1 is suppressed (primary suppression);
2. every relation is made to pass the test it alone can fail: the suppressed parts of a sum
   whose total is shown must leave each of them room for min_cell values (the parts add up to
   what the total and the shown parts leave, and each is at least 1), and a suppressed count
   bounded by a shown one must have room below it; where one does not, its cheapest shown
   count is suppressed too, until none fails;
3. the publication is then solved as the adversary solves it, and while some suppressed count
   that could be small has a proven interval too narrow (a reader cannot tell it from a small
   one), the cheapest shown count of a relation that holds an end of
   that interval where it is (one with a non-zero dual value in the optimum) is suppressed; in
   one round, for every such count whose holding relations no count suppressed earlier in the
   round touches (that one may well protect it too: it is solved again in the next round).
   Every suppressed count is watched in each round until it is proven min_cell wide:
   suppressing more widens an interval but may lower its low end, so a count proven to be
   exactly min_cell (no small count) fails once it could be min_cell − 1 too (a component that
   no suppression has changed since its last solve keeps its intervals). The rounds end:
   each suppresses one more count, and a count whose relations reach no shown count but zeros
   can grow without end (at worst the totals go too).

The cheapest count is the one whose loss matters least: a chart's item before an appendix row,
before a chart's n or a headline counter (which stay shown wherever protection allows); then the
smallest count; then the first cell in order. Every step goes in a fixed order over sorted cells
and HiGHS is deterministic, so the same publication of the same data gets the same pattern. The
pattern is not proven minimal (that is a hard problem): each step takes one count, the cheapest
that can help.

Examples
--------
>>> from reactlib.count.cells import CellKey
>>> from reactlib.count.relations import Relation
>>> police, state, healthcare, n = (CellKey("Georgia", "2023-01-01", "2023-06-30", f"groups/plhiv/perpetrators/{i}")
...                                 for i in ("police", "state_services", "healthcare", "n"))
>>> values = {police: 1, state: 7, healthcare: 15, n: 23}
>>> relations = [Relation("chart sum", ((police, 1), (state, 1), (healthcare, 1), (n, -1)), True)]
>>> sorted(key.item for key in protect(values, relations, 5))
['groups/plhiv/perpetrators/police', 'groups/plhiv/perpetrators/state_services']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from reactlib.count.cells import ALL_TIME, HEADLINES, OTHER_COUNTRY, OUTSIDE_PERIOD, CellKey
from reactlib.count.linear import TOLERANCE, Component, LinearSystem, ProvenInterval, Solution, solve_intervals
from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.relations import Relation

#: Proven intervals by component (`_signature`), by column.
Solved = dict[tuple[bytes, ...], dict[int, ProvenInterval]]


def cost(key: CellKey, value: int) -> tuple[int, int, CellKey]:
    """How much it costs to suppress a count: its kind, then its size, then its place.

    >>> cost(CellKey("X", "2023-01-01", "2023-06-30", "charts/gender/n"), 9)[0], cost(CellKey("X", "2023-01-01", "2023-06-30", "charts/gender/male"), 40)[0]
    (2, 0)
    """
    item = key.item
    if item in (OUTSIDE_PERIOD, OTHER_COUNTRY) or key.span == ALL_TIME:
        kind = 1  # the data-quality appendix (its rows of the file are "cases" of all dates)
    elif item in HEADLINES or item.endswith("/n") or (item.startswith("groups/") and item.endswith("/cases")):
        kind = 2  # headline counters and the totals that charts and sentences print
    else:
        kind = 0
    return (kind, value, key)


def protect(values: Mapping[CellKey, int], relations: Sequence[Relation], min_cell: int) -> frozenset[CellKey]:
    """The cells to suppress in a publication whose cells have the true ``values``.

    Parameters
    ----------
    values
        Every cell the publication prints, with its true count.
    relations
        Every relation of the threat among them (`reactlib.count.relations.publication_relations`).
    min_cell
        Counts from 1 to ``min_cell - 1`` are protected.
    """
    suppressed = {key for key, value in values.items() if 0 < value < min_cell}
    _relation_pass(values, relations, suppressed, min_cell)
    system = LinearSystem(relations)
    # Watched until proven min_cell wide (no later step undoes that): one proven to be exactly
    # min_cell passes now and fails once a later suppression lets it be min_cell − 1 too.
    watched = sorted(key for key in suppressed if key in system.index)
    solved: Solved = {}
    while watched:
        shown = {key: SUPPRESSED if key in suppressed else value for key, value in values.items()}
        components = system.components(shown, suppressed)
        component_of = {int(column): n for n, c in enumerate(components) for column in c.columns}
        intervals, solutions, solved = _solve_changed(
            components, {system.index[key] for key in watched}, solved, min_cell
        )
        failing = [key for key in watched if _exposed(intervals[system.index[key]], min_cell)]
        if not failing:
            break
        added: set[CellKey] = set()
        touched: set[int] = set()  # relations of the counts suppressed in this round
        for key in failing:
            column = system.index[key]
            component = components[component_of[column]]
            holding = [solutions[(column, end)] for end in ("low", "high") if (column, end) in solutions]
            rows = {int(component.rows[r]) for s in holding for r in np.flatnonzero(np.abs(s.duals) > TOLERANCE)}
            if rows & touched:
                continue  # a count suppressed for another one this round may well protect this one too
            cheapest = (
                _cheapest(values, suppressed, (system.relations[row] for row in sorted(rows)))
                or _cheapest(values, suppressed, (system.relations[int(row)] for row in component.rows))
                or _impossible(key)
            )
            added.add(cheapest)
            touched |= {int(row) for row in system.by_column[:, system.index[cheapest]].indices}
            touched |= rows
        suppressed |= added
        # A count suppressed as a complement must not look small and pinned either: a reader
        # cannot tell it from a small one (and the audit of the published files cannot).
        narrow = (key for key in watched if intervals[system.index[key]].width < min_cell)
        watched = sorted({*narrow, *(key for key in added if key in system.index)})
    return frozenset(suppressed)


def _solve_changed(
    components: Sequence[Component], wanted: set[int], solved: Solved, min_cell: int
) -> tuple[dict[int, ProvenInterval], dict[tuple[int, str], Solution], Solved]:
    """`solve_intervals` of the components not ``solved`` before as they are now; the others' intervals as then.

    A component that no round has changed since it was solved (no count of it suppressed since)
    proves the same intervals: only changed components are solved again. None of an unchanged
    component's counts failed (a failing count's component always gains a complement), so no
    optimum of it is needed; one that would is solved again. Also returns this round's
    components, solved: suppressions only add up, so a component changed since never comes back.
    """
    intervals: dict[int, ProvenInterval] = {}
    kept: Solved = {}
    changed = []
    for c in components:
        mine = [int(column) for column in c.columns if int(column) in wanted]
        if not mine:
            continue
        signature = _signature(c)
        known = solved.get(signature, {})
        if all(column in known and not _exposed(known[column], min_cell) for column in mine):
            intervals |= {column: known[column] for column in mine}
            kept[signature] = known
        else:
            changed.append((c, signature, mine))
    fresh, solutions = solve_intervals([c for c, _, _ in changed], wanted)
    for _, signature, mine in changed:
        kept[signature] = {column: fresh[column] for column in mine}
    return intervals | fresh, solutions, kept


def _signature(c: Component) -> tuple[bytes, ...]:
    """What makes a component's programs what they are: its unknowns, bounds, rows and right-hand sides."""
    parts = [c.columns, c.lower, *c.eq, c.b_eq, *c.ub, c.b_ub, c.eq_rows, c.ub_rows]
    return tuple(np.ascontiguousarray(part).tobytes() for part in parts)


def _exposed(interval: ProvenInterval | None, min_cell: int) -> bool:
    """Whether a suppressed count's interval could hold a count below min_cell and is narrower than min_cell."""
    return interval is not None and interval.low < min_cell and interval.width < min_cell


def _cheapest(values: Mapping[CellKey, int], suppressed: set[CellKey], relations: Iterable[Relation]) -> CellKey | None:
    """The cheapest shown non-zero count of ``relations``, or None (zeros are never suppressed)."""
    candidates = {
        key
        for relation in relations
        for key, _ in relation.terms
        if key in values and key not in suppressed and values[key] > 0
    }
    return min(candidates, key=lambda key: cost(key, values[key]), default=None)


def _impossible(key: CellKey) -> CellKey:
    raise RuntimeError(f"no count left to suppress that would protect {key.describe()}")


def _relation_pass(
    values: Mapping[CellKey, int], relations: Sequence[Relation], suppressed: set[CellKey], min_cell: int
) -> None:
    """Suppress cheapest counts until no relation alone narrows a small count below min_cell."""
    small = {key for key, value in values.items() if 0 < value < min_cell}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if _too_narrow(relation, values, suppressed, small, min_cell):
                cheapest = _cheapest(values, suppressed, [relation])
                if cheapest is not None:
                    suppressed.add(cheapest)
                    changed = True


def _too_narrow(
    relation: Relation, values: Mapping[CellKey, int], suppressed: set[CellKey], small: set[CellKey], min_cell: int
) -> bool:
    """Whether this relation alone pins a small suppressed count to fewer than min_cell + 1 values.

    A sum whose suppressed cells are all on one side (parts, or the total): they add up to a
    known ``rest`` (or at most that, for a bound such as ``x ≤ f·y``) and each is at least 1, so
    each is at most ``rest`` less one for every other.
    """
    hidden = [(key, coefficient) for key, coefficient in relation.terms if key not in values or key in suppressed]
    if not any(key in small for key, _ in hidden) or any(key not in values for key, _ in hidden):
        return False  # no small count here, or a count nobody prints takes up any difference
    signs = {coefficient > 0 for _, coefficient in hidden}
    if len(signs) > 1 or any(abs(coefficient) != 1 for _, coefficient in hidden):
        return False
    rest = -sum(coefficient * values[key] for key, coefficient in relation.terms if (key, coefficient) not in hidden)
    if not relation.equal and signs != {True}:
        return False  # a lower bound on the suppressed counts: they may still be large
    rest = rest if signs == {True} else -rest
    return rest - len(hidden) < min_cell
