"""The relations of a publication as linear programs, solved with scipy's HiGHS.

Given which cells are shown (constants) and which are suppressed (unknowns of at least 1; a
cell no report prints is an unknown of at least 0), `LinearSystem.components` moves the shown
counts to the right-hand side, drops an unknown that only one relation holds (it tells nothing
but a bound), and splits what is left into independent components. `LinearSystem.intervals`
then finds each unknown's smallest and largest value over every solution.

scipy's `linprog` costs a few milliseconds a call whatever the size, so the many small programs
of a publication (two per suppressed count) are stacked block by block into a few large ones:
the blocks share no variable, so each block's part of the optimum is its own optimum. Several
stacks are solved at once, on threads (`_optimize`). Which counts can grow without end is found
first, by one program over the directions in which every relation still holds (their recession
cone), so that every stacked program is bounded.

Examples
--------
>>> from reactlib.count.cells import CellKey
>>> from reactlib.count.relations import Relation
>>> a, b, n = (CellKey("X", "2023-01-01", "2023-06-30", item) for item in ("charts/c/a", "charts/c/b", "charts/c/n"))
>>> system = LinearSystem([Relation("chart sum", ((a, 1), (b, 1), (n, -1)), True)])
>>> system.intervals({a: "suppressed", b: "suppressed", n: 9}, [a, b])[a]
ProvenInterval(low=1, high=8)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reactlib.count.cells import CellKey
from reactlib.count.min_cell import is_suppressed
from reactlib.count.relations import Relation
from reactlib.machine import cores

if TYPE_CHECKING:
    from scipy import sparse

# scipy's sparse matrices and HiGHS are imported where a system is built or solved: every report
# imports this module (through figures and its audit), and only one with min_cell uses it; the
# two cost a quarter of a second of every `reactlib figures` without it.

#: Slack for the solver's floating point before an end is rounded inwards to a whole count.
TOLERANCE = 1e-5
#: Stacked programs are cut at about this many variables: larger ones solve slower (measured
#: on the sample batch: 300, 1000, 2000 and 20 000 variables; 2000 was fastest).
STACK_SIZE = 2_000
#: At most this many threads solve stacks at once. Each thread that solves makes a HiGHS scheduler
#: with a thread of its own for every other pair of the machine's cores (it counts them all,
#: whatever the process may use); a round rarely has more stacks. Not measured beyond 2 cores.
SOLVER_THREADS = 4
#: Dual simplex: its optimum is a vertex, exact for these small integer programs (an interior
#: point method's rounding narrowed intervals wrongly), and faster here than the other methods.
METHOD = "highs-ds"


class InconsistentPublication(ValueError):
    """The shown counts contradict a relation: the publication (or the relations) are wrong."""


@dataclass(frozen=True)
class ProvenInterval:
    """The values a suppressed count can take for all a reader knows; ``high`` None: no upper end."""

    low: int
    high: int | None

    @property
    def width(self) -> float:
        return math.inf if self.high is None else self.high - self.low

    def __str__(self) -> str:
        return f"[{self.low}, {'∞' if self.high is None else self.high}]"


@dataclass
class Component:
    """Unknowns linked by relations: ``A_eq x = b_eq``, ``A_ub x ≤ b_ub``, ``x ≥ lower``.

    The matrices are kept as (row, column, value) triplets, local to the component, so that many
    components stack into one program by shifting them.
    """

    columns: np.ndarray  # the unknowns' positions in `LinearSystem.keys`
    lower: np.ndarray
    eq: tuple[np.ndarray, np.ndarray, np.ndarray]
    b_eq: np.ndarray
    eq_rows: np.ndarray  # the equalities' positions in `LinearSystem.relations`
    ub: tuple[np.ndarray, np.ndarray, np.ndarray]
    b_ub: np.ndarray
    ub_rows: np.ndarray

    @property
    def size(self) -> int:
        return len(self.columns)

    @property
    def rows(self) -> np.ndarray:
        """Every relation of the component: its equalities, then its inequalities."""
        return np.concatenate([self.eq_rows, self.ub_rows])


@dataclass
class Solution:
    """One block's optimum: the unknowns' values and each row's dual value (in `Component.rows` order)."""

    x: np.ndarray
    value: float
    duals: np.ndarray


class LinearSystem:
    """The relations of a publication as a sparse matrix over its cells (published or not)."""

    def __init__(self, relations: Sequence[Relation]):
        self.relations = list(relations)
        self.keys = sorted({key for relation in relations for key, _ in relation.terms})
        self.index = {key: i for i, key in enumerate(self.keys)}
        rows, columns, data = [], [], []
        for row, relation in enumerate(self.relations):
            for key, coefficient in relation.terms:
                rows.append(row)
                columns.append(self.index[key])
                data.append(coefficient)
        from scipy import sparse

        shape = (len(self.relations), len(self.keys))
        self.matrix = sparse.csr_matrix((data, (rows, columns)), shape=shape, dtype=float)
        self.by_column = self.matrix.tocsc()
        self.equal = np.array([relation.equal for relation in self.relations], dtype=bool)

    def components(self, shown: Mapping[CellKey, Any], suppressed: Iterable[CellKey]) -> list[Component]:
        """The independent components of unknowns when ``suppressed`` cells are hidden.

        ``shown`` gives each published cell's value (a count, or a mark); ``suppressed`` cells are
        at least 1, a cell that no report prints at least 0.
        """
        known = np.zeros(len(self.keys), dtype=bool)
        values = np.zeros(len(self.keys))
        for key, value in shown.items():
            if key in self.index and not is_suppressed(value):
                known[self.index[key]] = True
                values[self.index[key]] = int(value)
        lower = np.zeros(len(self.keys))
        for key in suppressed:
            if key in self.index:
                known[self.index[key]] = False
                lower[self.index[key]] = 1.0
        unknown_columns = np.flatnonzero(~known)
        unknown = self.by_column[:, unknown_columns].tocsc()
        rhs = -(self.matrix @ np.where(known, values, 0.0))
        equal = self.equal.copy()
        constant = np.diff(unknown.tocsr().indptr) == 0
        broken = constant & ((equal & (np.abs(rhs) > TOLERANCE)) | (~equal & (rhs < -TOLERANCE)))
        if broken.any():
            example = self.relations[int(np.flatnonzero(broken)[0])]
            raise InconsistentPublication(
                f"{int(broken.sum())} relations do not hold for the shown counts, e.g. {example.describe()}"
            )
        active = ~constant
        sign = np.ones(len(self.relations))
        # An unknown count that only one relation holds tells nothing but a bound: it is dropped,
        # and its relation becomes an inequality (or nothing, if the count can grow without end).
        alive = np.ones(len(unknown_columns), dtype=bool)
        droppable = lower[unknown_columns] == 0
        while True:
            counts = np.asarray((unknown[active, :] != 0).sum(axis=0)).ravel()
            lonely = np.flatnonzero(droppable & alive & (counts <= 1))
            if not len(lonely):
                break
            for column in lonely:
                alive[column] = False
                start, stop = unknown.indptr[column], unknown.indptr[column + 1]
                for row, coefficient in zip(unknown.indices[start:stop], unknown.data[start:stop], strict=True):
                    if not active[row]:
                        continue
                    if equal[row]:  # Σ others + c·z = rhs with z ≥ 0
                        equal[row] = False
                        if sign[row] * coefficient < 0:  # Σ others ≥ rhs, written −Σ others ≤ −rhs
                            sign[row], rhs[row] = -sign[row], -rhs[row]
                    elif sign[row] * coefficient < 0:
                        active[row] = False  # z can always make up the difference
        from scipy import sparse

        columns = unknown_columns[alive]
        matrix = (sparse.diags(sign) @ self.matrix[:, columns]).tocsr()
        return _split(matrix, columns, rhs, equal, active, lower)

    def intervals(
        self, shown: Mapping[CellKey, Any], suppressed: Iterable[CellKey], targets: Iterable[CellKey] | None = None
    ) -> dict[CellKey, ProvenInterval]:
        """The proven interval of each of ``targets`` (default: every suppressed cell)."""
        return self._solved(shown, suppressed, targets)[0]

    def wide_intervals(
        self, shown: Mapping[CellKey, Any], suppressed: Iterable[CellKey], wide: int
    ) -> tuple[dict[CellKey, ProvenInterval], set[CellKey]]:
        """Each suppressed cell's interval, exact, or shown at least ``wide`` wide (`solve_intervals`).

        Returns the intervals and the cells whose high end is only a value the count can take
        (its low end + ``wide`` or more, at most its largest): the other intervals are exact.
        """
        return self._solved(shown, suppressed, None, wide)

    def _solved(
        self,
        shown: Mapping[CellKey, Any],
        suppressed: Iterable[CellKey],
        targets: Iterable[CellKey] | None,
        wide: int | None = None,
    ) -> tuple[dict[CellKey, ProvenInterval], set[CellKey]]:
        """The intervals of ``targets`` (default: every suppressed cell), and those whose high end was not solved."""
        suppressed = list(suppressed)
        targets = suppressed if targets is None else list(targets)
        intervals, solutions = solve_intervals(
            self.components(shown, suppressed), {self.index[k] for k in targets if k in self.index}, wide
        )
        found = {self.keys[column]: interval for column, interval in intervals.items()}
        # A bounded high end without its optimum is one `solve_intervals` took, with ``wide``, from a solution.
        taken = {
            self.keys[column]
            for column, interval in intervals.items()
            if interval.high is not None and (column, "high") not in solutions
        }
        for key in targets:  # a suppressed count that no relation holds
            found.setdefault(key, ProvenInterval(1, None))
        return found, taken


def _split(
    matrix: sparse.csr_matrix,
    columns: np.ndarray,
    rhs: np.ndarray,
    equal: np.ndarray,
    active: np.ndarray,
    lower: np.ndarray,
) -> list[Component]:
    """Union-find over the unknowns that share a relation; each component's rows as triplets."""
    if not len(columns):
        return []
    rows = np.flatnonzero(active & (np.diff(matrix.indptr) > 0))
    # Plain lists: the union-find touches one element at a time, which numpy arrays make slow.
    parent = list(range(len(columns)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    indptr, indices = matrix.indptr.tolist(), matrix.indices.tolist()
    for row in rows.tolist():
        members = indices[indptr[row] : indptr[row + 1]]
        root = find(members[0])
        for member in members[1:]:
            other = find(member)
            if other != root:
                parent[other] = root
    roots = np.array([find(i) for i in range(len(columns))], dtype=int)
    _, component_of = np.unique(roots, return_inverse=True)
    order = np.argsort(component_of, kind="stable")
    counts = np.bincount(component_of)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    local = np.empty(len(columns), dtype=int)
    local[order] = np.arange(len(columns)) - np.repeat(starts, counts)
    active_rows = matrix[rows].tocoo()
    row_component = component_of[matrix.indices[matrix.indptr[rows]]] if len(rows) else np.zeros(0, dtype=int)
    # Each row's group: its component's equalities (2n), then its inequalities (2n + 1). A stable
    # sort by group keeps rows, and the entries of each row, in the order the matrix has them, so
    # each group is cut out of one sorted array instead of a pass over every row per component.
    group = 2 * row_component + np.where(equal[rows], 0, 1)
    groups = 2 * len(counts)
    row_order = np.argsort(group, kind="stable")
    row_counts = np.bincount(group, minlength=groups)
    row_starts = np.r_[0, np.cumsum(row_counts)[:-1]]
    position = np.empty(len(rows), dtype=int)
    position[row_order] = np.arange(len(rows)) - np.repeat(row_starts, row_counts)
    entry_order = np.argsort(group[active_rows.row], kind="stable")
    entry_counts = np.bincount(group[active_rows.row], minlength=groups)
    entry_starts = np.r_[0, np.cumsum(entry_counts)[:-1]]
    entry_rows, entry_columns = active_rows.row[entry_order], active_rows.col[entry_order]
    entry_data = active_rows.data[entry_order]
    components = []
    for n in range(len(counts)):
        members = order[starts[n] : starts[n] + counts[n]]
        parts = []
        for g in (2 * n, 2 * n + 1):
            chosen = row_order[row_starts[g] : row_starts[g] + row_counts[g]]
            entries = slice(entry_starts[g], entry_starts[g] + entry_counts[g])
            triplet = (position[entry_rows[entries]], local[entry_columns[entries]], entry_data[entries])
            parts.append((triplet, rhs[rows[chosen]], rows[chosen]))
        (eq, b_eq, eq_rows), (ub, b_ub, ub_rows) = parts
        components.append(Component(columns[members], lower[columns[members]], eq, b_eq, eq_rows, ub, b_ub, ub_rows))
    return components


def _stacked(
    blocks: Sequence[tuple[tuple[np.ndarray, np.ndarray, np.ndarray], int, int]], width: int
) -> sparse.csr_matrix:
    """Triplet blocks of (rows, columns) each put below and right of the last: a block-diagonal matrix."""
    from scipy import sparse

    rows, columns, values, row_at, column_at = [], [], [], 0, 0
    for (row, column, value), height, size in blocks:
        rows.append(row + row_at)
        columns.append(column + column_at)
        values.append(value)
        row_at, column_at = row_at + height, column_at + size
    if not rows:
        return sparse.csr_matrix((0, width))
    return sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))), shape=(row_at, width)
    )


# Stacked programs ---------------------------------------------------------------------------------


def solve_intervals(
    components: Sequence[Component], wanted: set[int], wide: int | None = None
) -> tuple[dict[int, ProvenInterval], dict[tuple[int, str], Solution]]:
    """The proven interval of every unknown in ``wanted`` (positions in the system's keys).

    Also returns the optimum behind each end (by column and ``"low"`` or ``"high"``), whose
    duals tell which relations hold that end where it is.

    With ``wide``, a high end is solved only where no solution is found in which the unknown
    is at least its low end + ``wide`` (`_reaching`): where one is, the high end is that value
    (one the count can take, at most its largest) and no ``"high"`` optimum is returned.
    """
    jobs = [(c, [i for i, column in enumerate(c.columns) if column in wanted]) for c in components]
    jobs = [(c, positions) for c, positions in jobs if positions]
    unbounded = _unbounded(jobs)
    # Where one solution with every unknown as small as it gets already holds an unknown at its
    # lower bound, that bound is its smallest value: only the others need a program of their own.
    floors = _optimize([(c, None, 1.0) for c, _ in jobs])
    lows = [
        (c, i)
        for (c, positions), floor in zip(jobs, floors, strict=True)
        for i in positions
        if floor.x[i] > c.lower[i] + TOLERANCE
    ]
    low_solutions = dict(zip(((id(c), i) for c, i in lows), _optimize([(c, i, 1.0) for c, i in lows]), strict=True))
    low_of = {
        (id(c), i): int(c.lower[i])
        if (id(c), i) not in low_solutions
        else math.ceil(low_solutions[(id(c), i)].value - TOLERANCE)
        for c, positions in jobs
        for i in positions
    }
    highs = [(c, i) for n, (c, positions) in enumerate(jobs) for i in positions if (n, i) not in unbounded]
    reached: dict[tuple[int, int], int] = {}
    if wide is not None:
        reached = _reaching(highs, {key: low + wide for key, low in low_of.items()})
        highs = [(c, i) for c, i in highs if (id(c), i) not in reached]
    high_of = dict(zip(((id(c), i) for c, i in highs), _optimize([(c, i, -1.0) for c, i in highs]), strict=True))
    intervals, solutions = {}, {}
    for c, positions in jobs:
        for i in positions:
            column = int(c.columns[i])
            high_solution = high_of.get((id(c), i))
            high = None if high_solution is None else math.floor(-high_solution.value + TOLERANCE)
            intervals[column] = ProvenInterval(low_of[(id(c), i)], reached.get((id(c), i), high))
            if (id(c), i) in low_solutions:
                solutions[(column, "low")] = low_solutions[(id(c), i)]
            if high_solution is not None:
                solutions[(column, "high")] = high_solution
    return intervals, solutions


#: How many times `_reaching` looks for one solution per component that takes many unknowns far enough.
REACHING_ROUNDS = 3


def _reaching(
    highs: Sequence[tuple[Component, int]], goals: Mapping[tuple[int, int], int]
) -> dict[tuple[int, int], int]:
    """The unknowns of ``highs`` that some solution takes to their goal (by (id of component, position)), with that value.

    One program per component (stacked, as all are) takes as many of its unknowns as it can to
    their goals: it maximises Σ s with s ≤ x and s ≤ the goal, one s per unknown. Each unknown a
    solution takes there can be at least its goal (and its largest value is at least that one);
    the others are looked for again, a few times, while some are found.
    """
    reached: dict[tuple[int, int], int] = {}
    open_ = list(highs)
    for _ in range(REACHING_ROUNDS):
        by_component: dict[int, tuple[Component, list[int]]] = {}
        for c, i in open_:
            by_component.setdefault(id(c), (c, []))[1].append(i)
        if not by_component:
            break
        stretched = [
            _stretched(c, positions, [goals[(id(c), i)] for i in positions]) for c, positions in by_component.values()
        ]
        found = _optimize([(program, costs, 1.0) for program, costs in stretched])
        still = []
        for (c, positions), solution in zip(by_component.values(), found, strict=True):
            for i in positions:
                value = math.floor(solution.x[i] + TOLERANCE)
                if value >= goals[(id(c), i)]:
                    reached[(id(c), i)] = value
                else:
                    still.append((c, i))
        if len(still) == len(open_):
            break
        open_ = still
    return reached


def _stretched(c: Component, positions: list[int], goals: list[int]) -> tuple[Component, np.ndarray]:
    """``c`` with one s per position, s ≤ x[position] and s ≤ its goal, and the costs −Σ s (s after c's unknowns)."""
    count = len(positions)
    rows = len(c.b_ub) + np.arange(count)
    caps = len(c.b_ub) + count + np.arange(count)
    ub = (
        np.concatenate([c.ub[0], rows, rows, caps]),
        np.concatenate([c.ub[1], c.size + np.arange(count), np.asarray(positions), c.size + np.arange(count)]),
        np.concatenate([c.ub[2], np.ones(count), -np.ones(count), np.ones(count)]),
    )
    b_ub = np.concatenate([c.b_ub, np.zeros(count), np.asarray(goals, dtype=float)])
    columns = np.concatenate([c.columns, np.full(count, -1)])
    no_rows = np.zeros(0, dtype=int)
    program = Component(columns, np.concatenate([c.lower, np.zeros(count)]), c.eq, c.b_eq, no_rows, ub, b_ub, no_rows)
    return program, np.concatenate([np.zeros(c.size), -np.ones(count)])


def _unbounded(jobs: Sequence[tuple[Component, list[int]]]) -> set[tuple[int, int]]:
    """Which (job, position) can grow without end: one program over the recession cones.

    A direction d ≥ 0 with ``A_eq d = 0`` and ``A_ub d ≤ 0`` keeps every solution a solution;
    with t ≤ d and t ≤ 1, the largest Σ t is reached with t = 1 exactly where some direction grows
    that unknown (the directions add up).
    """
    if not jobs:
        return set()
    eq_blocks, ub_blocks, objective, bounds, owners = [], [], [], [], []
    for n, (c, positions) in enumerate(jobs):
        count = len(positions)
        eq_blocks.append((c.eq, len(c.b_eq), c.size + count))
        # t_i − d_position ≤ 0, below the component's own inequalities
        link_rows = len(c.b_ub) + np.arange(count)
        ub = (
            np.concatenate([c.ub[0], link_rows, link_rows]),
            np.concatenate([c.ub[1], c.size + np.arange(count), np.asarray(positions)]),
            np.concatenate([c.ub[2], np.ones(count), -np.ones(count)]),
        )
        ub_blocks.append((ub, len(c.b_ub) + count, c.size + count))
        objective += [0.0] * c.size + [-1.0] * count
        bounds += [(0.0, None)] * c.size + [(0.0, 1.0)] * count
        owners += [None] * c.size + [(n, i) for i in positions]
    width = len(objective)
    a_eq, a_ub = _stacked(eq_blocks, width), _stacked(ub_blocks, width)
    cone = _constraints(a_eq, np.zeros(a_eq.shape[0]), a_ub, np.zeros(a_ub.shape[0]))
    result = _linprog(np.array(objective), bounds, cone)
    return {owner for owner, t in zip(owners, result.x, strict=True) if owner is not None and t > 0.5}


def _constraints(
    a_eq: sparse.csr_matrix, b_eq: np.ndarray, a_ub: sparse.csr_matrix, b_ub: np.ndarray
) -> dict[str, Any]:
    """linprog's constraint arguments, leaving out a kind that has no row."""
    given: dict[str, Any] = {}
    if a_eq.shape[0]:
        given |= {"A_eq": a_eq, "b_eq": b_eq}
    if a_ub.shape[0]:
        given |= {"A_ub": a_ub, "b_ub": b_ub}
    return given


def _optimize(programs: Sequence[tuple[Component, int | np.ndarray | None, float]]) -> list[Solution]:
    """Minimise ``sense × x[position]`` (``Σ x`` for position None, ``costs @ x`` for an array of costs) over each component, stacked.

    The stacks are solved on as many threads as this process has cores (`SOLVER_THREADS` at
    most): HiGHS lets go of Python's lock while it solves (scipy's checks and the stacking
    hold it), and each stack's optimum is its own whoever solves it, so the solutions are the
    same as one after the other.
    """
    stacks = []
    start = 0
    while start < len(programs):
        stop, size = start, 0
        while stop < len(programs) and (size == 0 or size + programs[stop][0].size <= STACK_SIZE):
            size += programs[stop][0].size
            stop += 1
        stacks.append(programs[start:stop])
        start = stop
    if min(len(stacks), cores(), SOLVER_THREADS) <= 1:
        solved = [_optimize_stack(stack) for stack in stacks]
    else:
        from scipy.optimize import linprog  # noqa: F401 - imported here once, not by the threads at once

        # On Ctrl-C, map's results cancel the stacks not begun (those begun end in their thread).
        solved = list(_solver_pool().map(_optimize_stack, stacks))
    return [solution for stack in solved for solution in stack]


@functools.cache
def _solver_pool() -> ThreadPoolExecutor:
    """The threads that solve stacks, one a core (`SOLVER_THREADS` at most): kept, as HiGHS makes each thread that solves a scheduler of its own."""
    return ThreadPoolExecutor(min(cores(), SOLVER_THREADS), thread_name_prefix="reactlib-highs")


def _optimize_stack(programs: Sequence[tuple[Component, int | np.ndarray | None, float]]) -> list[Solution]:
    objective, lowers = [], []
    for c, position, sense in programs:
        if isinstance(position, np.ndarray):
            costs = sense * position
        else:
            costs = np.full(c.size, sense) if position is None else np.zeros(c.size)
            if position is not None:
                costs[position] = sense
        objective.append(costs)
        lowers.append(c.lower)
    lower = np.concatenate(lowers)
    bounds = np.column_stack([lower, np.full(len(lower), np.inf)])
    width = len(lower)
    a_eq = _stacked([(c.eq, len(c.b_eq), c.size) for c, _, _ in programs], width)
    a_ub = _stacked([(c.ub, len(c.b_ub), c.size) for c, _, _ in programs], width)
    b_eq = np.concatenate([c.b_eq for c, _, _ in programs])
    b_ub = np.concatenate([c.b_ub for c, _, _ in programs])
    result = _linprog(np.concatenate(objective), bounds, _constraints(a_eq, b_eq, a_ub, b_ub))
    if result.status != 0:
        raise RuntimeError(f"a stacked linear program was not solved: {result.message}")
    eq_duals = result.eqlin.marginals if a_eq.shape[0] else np.zeros(0)
    ub_duals = result.ineqlin.marginals if a_ub.shape[0] else np.zeros(0)
    solutions, x_at, eq_at, ub_at = [], 0, 0, 0
    for (c, _, _), costs in zip(programs, objective, strict=True):
        x = result.x[x_at : x_at + c.size]
        duals = np.concatenate([eq_duals[eq_at : eq_at + len(c.b_eq)], ub_duals[ub_at : ub_at + len(c.b_ub)]])
        solutions.append(Solution(x, float(costs @ x), duals))
        x_at, eq_at, ub_at = x_at + c.size, eq_at + len(c.b_eq), ub_at + len(c.b_ub)
    return solutions


def _linprog(objective: np.ndarray, bounds: Any, constraints: dict[str, Any]) -> Any:
    """scipy's HiGHS; a program its presolve calls infeasible is solved again without presolve.

    Seen on small random publications: a feasible program (the true counts solve it) reported
    infeasible after presolve, with some objectives only.
    """
    from scipy.optimize import linprog

    result = linprog(objective, bounds=bounds, method=METHOD, **constraints)
    if result.status == 2:
        result = linprog(objective, bounds=bounds, method=METHOD, options={"presolve": False}, **constraints)
    _check(result)
    return result


def _check(result: Any) -> None:
    if result.status == 2:
        raise InconsistentPublication("the shown counts admit no solution of the relations")
    if result.status not in (0, 3):
        raise RuntimeError(f"a linear program was not solved: {result.message}")
