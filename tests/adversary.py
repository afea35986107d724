"""An adversary written apart from reactlib's protection: it reads published figures.json files
and proves what it can about every suppressed count with its own linear programs.

It knows what the issue (#20) says a reader knows: every number printed, that zeros are shown
(so a suppressed count is at least 1), and these relations, read straight from the published
documents:

- an additive chart's items add up to its n (key populations do not: each is at most the clients,
  and together at least the clients); a group's perpetrator mentions add up to theirs, and each
  group of perpetrators is at most (its detailed types) × the group's cases;
- qualified, clients, the n of gender, age and reaction status, each violation, reason and
  service, and each cross-tabulation cell are at most the cases; a violation's cells at most
  that violation's count; the groups' cases together at most the cases;
- a regional count is the sum of its countries' (for clients: at least each, at most the sum),
  with an unknown ≥ 0 for countries not listed where the regional report lists none;
- a period is the sum of published periods that tile it exactly, and at least any published
  period inside it (clients alike: at least each part, at most the sum of a tiling);
- the appendix: the report's cases + outside the period = the scope's cases over all dates;
  those + the other countries' = the rows of the file; the countries' all-dates cases add up
  to the rows.

Nothing here imports reactlib's protection, cells or relations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import block_diag, bmat, coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

ADDITIVE = ["gender", "age_groups", "reaction_status", "refusal_reasons", "violations",
            "services_provided", "services_referred", "services_unavailable"]  # fmt: skip
AT_MOST_CASES_N = ["gender", "age_groups", "reaction_status"]
AT_MOST_CASES_ITEMS = [
    "violations",
    "refusal_reasons",
    "services_provided",
    "services_referred",
    "services_unavailable",
]
PERPETRATOR_TYPES = {"healthcare": 2, "police": 3, "state_services": 6, "individuals": 8}
HALF = {"H1": ("01-01", "06-30"), "H2": ("07-01", "12-31")}
EVER = ("0000", "9999")


def dates(period: str) -> tuple[str, str]:
    """A period name's first and last day (years, halves, quarters, months, ranges)."""
    if ".." in period:
        first, last = period.split("..")
        return first, last
    year = period[:4]
    if len(period) == 4:
        return f"{year}-01-01", f"{year}-12-31"
    part = period[5:]
    if part in HALF:
        return f"{year}-{HALF[part][0]}", f"{year}-{HALF[part][1]}"
    if part.startswith("Q"):
        quarter = int(part[1])
        start = dt.date(int(year), 3 * quarter - 2, 1)
        end = dt.date(int(year) + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
        return start.isoformat(), end.isoformat()
    month = int(part)
    end = dt.date(int(year) + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return f"{year}-{month:02d}-01", end.isoformat()


class Adversary:
    def __init__(self) -> None:
        self.value: dict[tuple, object] = {}
        self.listed: dict[tuple, set[str]] = {}
        self.equal: list[dict[tuple, float]] = []
        self.at_most: list[dict[tuple, float]] = []  # Σ ≤ 0

    # Reading -------------------------------------------------------------------------------------

    @classmethod
    def of(cls, documents) -> Adversary:
        """A new adversary that has read ``documents`` as a reader gets them: as JSON.

        Each `intervals` call adds the relations again: compare two calls with two adversaries.
        """
        reader = cls()
        for document in documents:
            reader.read(json.loads(json.dumps(document)))
        return reader

    def read_folder(self, folder: Path) -> None:
        for path in sorted(Path(folder).rglob("figures.json")):
            self.read(json.loads(path.read_text(encoding="utf-8")))

    def read(self, document: dict) -> None:
        for period in document.get("series", []):
            self.read(period)
        if "series" in document:
            return
        self._period(document)
        if document.get("previous"):
            self._period(document["previous"])
        quality = document.get("data_quality")
        if quality:
            span = dates(document["period"])
            scope = document["scope"]
            self._put((scope, span, "cases"), quality["in_report"])
            self._put((scope, span, "outside"), quality["outside_period"])
            self._put((scope, EVER, "other"), quality["other_country"])
            # The file's rows are its cases and its blank rows (shown, no one's).
            rows, blank = quality["total"], quality.get("blank", 0)
            self._put(("all", EVER, "cases"), rows - blank if isinstance(rows, int) else rows)

    def _put(self, cell: tuple, value: object) -> None:
        if isinstance(value, int) or cell not in self.value:
            self.value[cell] = value

    def _period(self, document: dict) -> None:
        scope, span = document["scope"], dates(document["period"])
        for name in ("clients", "cases", "qualified"):
            self._put((scope, span, name), document[name])
        for name, chart in document["charts"].items():
            self._put((scope, span, f"{name}.n"), chart["n"])
            for item in chart["items"]:
                self._put((scope, span, f"{name}.{item['code']}"), item["count"])
        for group, figures in document["groups"].items():
            self._put((scope, span, f"group.{group}"), figures["cases"])
            self._put((scope, span, f"perp.{group}.n"), figures["perpetrators"]["n"])
            for item in figures["perpetrators"]["items"]:
                self._put((scope, span, f"perp.{group}.{item['code']}"), item["count"])
        for name, table in (document.get("crosstabs") or {}).items():
            for row, counts in zip(table["rows"], table["counts"], strict=True):
                for column, count in zip(table["columns"], counts, strict=True):
                    self._put((scope, span, f"x.{name}.{row}.{column}"), count)
        if document.get("countries") is not None:
            self.listed[span] = {country["country"] for country in document["countries"]}
            for country in document["countries"]:
                for name in ("clients", "cases", "qualified"):
                    self._put((country["country"], span, name), country[name])

    # The relations -------------------------------------------------------------------------------

    def relations(self) -> None:
        tables = defaultdict(dict)
        for scope, span, item in self.value:
            tables[(scope, span)][item] = (scope, span, item)
        for (scope, span), cells in tables.items():
            self._table(scope, span, cells)
        for scope, span, item in list(self.value):
            if item == "outside":
                self.equal.append({(scope, span, "outside"): 1, (scope, span, "cases"): 1, (scope, EVER, "cases"): -1})
            if item == "other" and scope != "all":
                self.equal.append({(scope, EVER, "other"): 1, (scope, EVER, "cases"): 1, ("all", EVER, "cases"): -1})
        self._regional()
        self._periods()

    def _table(self, scope, span, cells) -> None:
        def cell(item):
            return cells.get(item)

        for chart in ADDITIVE:
            if cell(f"{chart}.n"):
                items = [c for i, c in cells.items() if i.startswith(f"{chart}.") and i != f"{chart}.n"]
                self.equal.append({**{c: 1 for c in items}, cells[f"{chart}.n"]: -1})
        for group in {i.split(".")[1] for i in cells if i.startswith("perp.")}:
            items = [c for i, c in cells.items() if i.startswith(f"perp.{group}.") and i != f"perp.{group}.n"]
            self.equal.append({**{c: 1 for c in items}, cells[f"perp.{group}.n"]: -1})
            for kind, size in PERPETRATOR_TYPES.items():
                if cell(f"perp.{group}.{kind}") and cell(f"group.{group}"):
                    self.at_most.append({cells[f"perp.{group}.{kind}"]: 1, cells[f"group.{group}"]: -size})
        populations = [c for i, c in cells.items() if i.startswith("key_populations.") and i != "key_populations.n"]
        if cell("clients"):
            for population in populations:
                self.at_most.append({population: 1, cells["clients"]: -1})
            if populations:
                self.at_most.append({**{p: -1 for p in populations}, cells["clients"]: 1})
            if cell("key_populations.n"):
                self.equal.append({cells["key_populations.n"]: 1, cells["clients"]: -1})
        if not cell("cases"):
            return
        smaller = ["qualified", "clients", *(f"{c}.n" for c in AT_MOST_CASES_N)]
        smaller += [i for i in cells if i.split(".")[0] in AT_MOST_CASES_ITEMS and not i.endswith(".n")]
        smaller += [i for i in cells if i.startswith("x.")]
        for item in smaller:
            if cell(item):
                self.at_most.append({cells[item]: 1, cells["cases"]: -1})
        groups = [c for i, c in cells.items() if i.startswith("group.")]
        if groups:
            self.at_most.append({**{g: 1 for g in groups}, cells["cases"]: -1})
        for item in cells:
            if item.startswith("x.violations_by_perpetrator."):
                row = item.split(".")[2]
                if cell(f"violations.{row}"):
                    self.at_most.append({cells[item]: 1, cells[f"violations.{row}"]: -1})

    def _regional(self) -> None:
        countries = {scope for scope, _, _ in self.value if scope != "all"}
        for scope, span, item in list(self.value):
            if scope != "all":
                continue
            members = [c for c in sorted(countries) if span not in self.listed or c in self.listed[span]]
            parts = [(c, span, item) for c in members]
            distinct = item == "clients" or (item.startswith("key_populations.") and item != "key_populations.n")
            if item in ("outside", "other") or item == "key_populations.n":
                continue
            if distinct:
                for part in parts:
                    if part in self.value:
                        self.at_most.append({part: 1, (scope, span, item): -1})
                if span in self.listed and all(p in self.value for p in parts):
                    self.at_most.append({**{p: -1 for p in parts}, (scope, span, item): 1})
                continue
            relation = {(scope, span, item): -1.0}
            for part in parts:
                relation[part] = relation.get(part, 0) + 1
            if span not in self.listed:
                relation[("others", span, item)] = 1
            self.equal.append(relation)

    def _periods(self) -> None:
        spans = defaultdict(set)
        for scope, span, item in self.value:
            spans[(scope, item)].add(span)
        for (scope, item), published in spans.items():
            if item in ("outside", "other", "key_populations.n"):
                continue
            distinct = item == "clients" or item.startswith("key_populations.")
            for whole in published:
                inside = sorted(s for s in published if s != whole and whole[0] <= s[0] and s[1] <= whole[1])
                for part in inside:
                    self.at_most.append({(scope, part, item): 1, (scope, whole, item): -1})
                for size in range(2, len(inside) + 1):
                    for tiling in itertools.combinations(inside, size):
                        if self._tiles(tiling, whole):
                            terms = {(scope, part, item): (-1 if distinct else 1) for part in tiling}
                            terms[(scope, whole, item)] = 1 if distinct else -1
                            (self.at_most if distinct else self.equal).append(terms)

    @staticmethod
    def _tiles(parts, whole) -> bool:
        if whole == EVER:
            return False  # all dates: no published periods tile them
        day = dt.date.fromisoformat(whole[0])
        for start, end in parts:
            if dt.date.fromisoformat(start) != day:
                return False
            day = dt.date.fromisoformat(end) + dt.timedelta(days=1)
        return day == dt.date.fromisoformat(whole[1]) + dt.timedelta(days=1)

    def _drop_lonely_unknowns(self, rows):
        """An unknown count no report prints, held by one relation only, can take up any difference
        there: that equality says only "at most" (or "at least"), and that inequality perhaps nothing."""
        rows = [(equal, dict(free), rhs) for equal, free, rhs in rows]
        while True:
            seen = defaultdict(list)
            for n, (_, free, _) in enumerate(rows):
                for c in free:
                    if c not in self.value:
                        seen[c].append(n)
            lonely = {c: ns[0] for c, ns in seen.items() if len(ns) == 1}
            if not lonely:
                return [row for row in rows if row[1]]
            dropped = set()
            for c, n in lonely.items():
                if n in dropped:
                    continue
                equal, free, rhs = rows[n]
                a = free.pop(c)
                if equal:  # Σ + a·z = rhs, z ≥ 0: Σ ≤ rhs (a > 0) or Σ ≥ rhs (a < 0)
                    rows[n] = (False, free, rhs) if a > 0 else (False, {k: -v for k, v in free.items()}, -rhs)
                elif a < 0:
                    rows[n] = (False, {}, 0)  # z makes any Σ fit
                else:
                    rows[n] = (False, free, rhs)
                dropped.add(n)

    # Proving ---------------------------------------------------------------------------------------

    def intervals(self, enough: int | None = None) -> dict[tuple, tuple[int, float]]:
        """The proven interval of every suppressed count (a text in place of a number).

        With ``enough`` (the min_cell a test judges by), a count that some solution of every
        relation shows at its low end + ``enough`` or more is not solved further: its high end
        is then that solution's value, one it can take, at most its largest. `exposed` judges it
        as it would judge the largest (wide enough), so verdicts are those of the exact intervals.
        """
        self.relations()
        hidden = sorted(c for c, v in self.value.items() if not isinstance(v, int))
        unknown = sorted({c for r in self.equal + self.at_most for c in r if not isinstance(self.value.get(c), int)})
        index = {c: i for i, c in enumerate(unknown)}
        rows = []
        for equal, relations in ((True, self.equal), (False, self.at_most)):
            for relation in relations:
                free = {c: a for c, a in relation.items() if c in index}
                constant = sum(a * self.value[c] for c, a in relation.items() if c not in index)
                if free:
                    rows.append((equal, free, -constant))
                else:
                    assert (constant == 0) if equal else (constant <= 0), f"a relation fails: {relation}"
        rows = self._drop_lonely_unknowns(rows)
        alive = sorted({c for _, free, _ in rows for c in free})
        index = {c: i for i, c in enumerate(alive)}
        graph = coo_matrix(
            ([1] * sum(len(f) for _, f, _ in rows),
             ([r for r, (_, f, _) in enumerate(rows) for _ in f], [index[c] for _, f, _ in rows for c in f])),
            shape=(len(rows), len(alive)),
        ).tocsr()  # fmt: skip
        _, labels = connected_components((graph.T @ graph).tocsr(), directed=False)
        by_label = defaultdict(list)
        for c in alive:
            by_label[labels[index[c]]].append(c)
        rows_of = defaultdict(list)
        for row in rows:
            rows_of[labels[index[next(iter(row[1]))]]].append(row)
        found = {}
        components = []  # (program, its suppressed counts, their positions in it)
        for label, members in sorted(by_label.items()):
            if not any(c in self.value for c in members):
                continue
            local = {c: i for i, c in enumerate(members)}
            own = rows_of[label]

            def matrix(kind, own=own, local=local, members=members):
                chosen = [r for r in own if r[0] == kind]
                if not chosen:
                    return None, None
                data = [(n, local[c], a) for n, r in enumerate(chosen) for c, a in r[1].items()]
                shape = (len(chosen), len(members))
                built = coo_matrix(([d[2] for d in data], ([d[0] for d in data], [d[1] for d in data])), shape=shape)
                return built.tocsr(), [r[2] for r in chosen]

            program = Program(*matrix(True), *matrix(False), [1 if c in self.value else 0 for c in members])
            components.append(
                (program, [c for c in members if c in self.value], [local[c] for c in members if c in self.value])
            )
        lows = lowest([(program, targets) for program, _, targets in components])
        jobs = [(program, targets) for program, _, targets in components]
        highs = highest(jobs) if enough is None else reaching(jobs, lows, enough)
        for (_, counts, _), low_ends, high_ends in zip(components, lows, highs, strict=True):
            for c, low, high in zip(counts, low_ends, high_ends, strict=True):
                found[c] = (math.ceil(low - 1e-6), math.floor(high + 1e-6) if high != math.inf else math.inf)
        for c in hidden:
            found.setdefault(c, (1, math.inf))
        return found


#: Programs stacked into one are cut at about this many variables.
STACK = 2000


class Program:
    """One component's relations: ``A_eq x = b_eq``, ``A_ub x ≤ b_ub``, ``x ≥ lower``.

    Each end of each target's interval is one linear program. scipy's `linprog` costs a few
    milliseconds a call whatever the size, so the programs of every component are solved many
    at a time (`solve_stacked`): side by side in a block-diagonal matrix, each with its own
    objective. The blocks share no variable, so the stacked optimum is each block's own optimum.
    """

    def __init__(self, a_eq, b_eq, a_ub, b_ub, lower, upper=None) -> None:
        self.a_eq, self.b_eq, self.a_ub, self.b_ub = a_eq, b_eq or [], a_ub, b_ub or []
        self.lower = np.asarray(lower, dtype=float)
        self.upper = [None] * len(self.lower) if upper is None else list(upper)
        self.size = len(self.lower)

    def rows(self, kind):
        """The matrix of the equalities (kind True) or inequalities, with no row where there are none."""
        matrix = self.a_eq if kind else self.a_ub
        return csr_matrix((0, self.size)) if matrix is None else matrix


def solve_stacked(programs):
    """The optimum of each (program, objective), stacked a few thousand variables at a time; None when unbounded."""
    return [solution for batch in _batches(programs) for solution in _solve(batch)]


def _batches(programs):
    """``programs`` cut, in order, into lists of at most `STACK` variables (a larger program alone)."""
    batches, batch, size = [], [], 0
    for program, objective in programs:
        if batch and size + program.size > STACK:
            batches.append(batch)
            batch, size = [], 0
        batch.append((program, objective))
        size += program.size
    return [*batches, batch] if batch else batches


def _solve(programs):
    """linprog over ``programs`` side by side; the optimum of each, or None when unbounded."""
    problem = {"bounds": [bound for program, _ in programs for bound in zip(program.lower, program.upper, strict=True)]}
    for kind, a, b in ((True, "A_eq", "b_eq"), (False, "A_ub", "b_ub")):
        if any((program.a_eq if kind else program.a_ub) is not None for program, _ in programs):
            rights = [value for program, _ in programs for value in (program.b_eq if kind else program.b_ub)]
            problem |= {a: block_diag([program.rows(kind) for program, _ in programs], format="csr"), b: rights}
    objective = np.concatenate([objective for _, objective in programs])
    result = linprog(objective, **problem, method="highs-ds")
    if result.status == 2:  # HiGHS's presolve has called feasible programs infeasible
        result = linprog(objective, **problem, method="highs-ds", options={"presolve": False})
    if result.status == 0:
        ends = np.cumsum([program.size for program, _ in programs])[:-1]
        return np.split(result.x, ends)
    if len(programs) > 1:  # one program can grow without end: each half on its own
        half = len(programs) // 2
        return [*_solve(programs[:half]), *_solve(programs[half:])]
    assert result.status == 3, result.message
    return [None]


def _each(jobs, sense):
    """Each target's optimum (its value at the minimum, or at the maximum for sense −1), per (program, targets)."""
    programs = []
    for program, targets in jobs:
        for target in targets:
            objective = np.zeros(program.size)
            objective[target] = sense
            programs.append((program, objective))
    solutions = iter(solve_stacked(programs))
    return [[math.inf if (x := next(solutions)) is None else x[target] for target in targets] for _, targets in jobs]


def lowest(jobs):
    """Each target's smallest value, per (program, targets). One program per component makes every
    target as small as it gets at once: a target at its lower bound there needs no program of its own."""
    floors = solve_stacked(
        [(program, np.isin(np.arange(program.size), targets).astype(float)) for program, targets in jobs]
    )
    assert all(floor is not None for floor in floors), "a sum of counts of at least 0 has a minimum"
    at_bound = [
        {t for t in targets if math.ceil(floor[t] - 1e-6) == program.lower[t]}
        for (program, targets), floor in zip(jobs, floors, strict=True)
    ]
    rest = [
        (program, [t for t in targets if t not in bound])
        for (program, targets), bound in zip(jobs, at_bound, strict=True)
    ]
    found = _each(rest, 1.0)
    ends = []
    for (program, targets), bound, (_, others), values in zip(jobs, at_bound, rest, found, strict=True):
        of = dict(zip(others, values, strict=True))
        ends.append([program.lower[t] if t in bound else of[t] for t in targets])
    return ends


def highest(jobs):
    """Each target's largest value (math.inf when it can grow without end), per (program, targets)."""
    return _each(jobs, -1.0)


#: How many times `reaching` looks for one solution that takes many targets far enough.
REACHING_ROUNDS = 4


def reaching(jobs, lows, enough):
    """Each target's value in a solution where it is at least its low end + ``enough``, or its largest value.

    A program per target and end is most of the adversary's time, and most counts of a protected
    publication are far from pinned. So first, a few times, one program per component takes as
    many of its targets as it can to their low end + ``enough`` (it maximises Σ s with s ≤ x and
    s at most that end); a target that gets there needs no program of its own. The rest are
    solved as `highest` solves them.
    """
    goal = [[math.ceil(low - 1e-6) + enough for low in ends] for ends in lows]
    reached = [{} for _ in jobs]
    for _ in range(REACHING_ROUNDS):
        open_ = [
            [i for i in range(len(targets)) if i not in got] for (_, targets), got in zip(jobs, reached, strict=True)
        ]
        stretched = [(n, _stretched(program, [targets[i] for i in own], [goal[n][i] for i in own]))
                     for n, ((program, targets), own) in enumerate(zip(jobs, open_, strict=True)) if own]  # fmt: skip
        if not stretched:
            break
        found = solve_stacked([program for _, program in stretched])
        progress = False
        for (n, _), x in zip(stretched, found, strict=True):
            targets = jobs[n][1]
            for i in open_[n]:
                if math.floor(x[targets[i]] + 1e-6) >= goal[n][i]:
                    reached[n][i] = x[targets[i]]
                    progress = True
        if not progress:
            break
    rest = [
        (program, [t for i, t in enumerate(targets) if i not in got])
        for (program, targets), got in zip(jobs, reached, strict=True)
    ]
    exact = iter(value for ends in highest(rest) for value in ends)
    return [
        [got[i] if i in got else next(exact) for i in range(len(targets))]
        for (_, targets), got in zip(jobs, reached, strict=True)
    ]


def _stretched(program, targets, goals):
    """``program`` with one s per target, s ≤ x[target] and s ≤ its goal, and the objective −Σ s."""
    count = len(targets)
    link = [
        coo_matrix((-np.ones(count), (np.arange(count), targets)), shape=(count, program.size)),
        coo_matrix((np.ones(count), (np.arange(count), np.arange(count)))),
    ]
    a_ub = bmat([link] if program.a_ub is None else [[program.a_ub, None], link])
    a_eq = None if program.a_eq is None else bmat([[program.a_eq, csr_matrix((program.a_eq.shape[0], count))]]).tocsr()
    stretched = Program(a_eq, list(program.b_eq) or None, a_ub.tocsr(), [*program.b_ub, *[0.0] * count],
                        [*program.lower, *[0.0] * count], [*program.upper, *goals])  # fmt: skip
    return stretched, np.r_[np.zeros(program.size), -np.ones(count)]


def exposed(intervals: dict[tuple, tuple[int, float]], min_cell: int) -> dict[tuple, tuple[int, float]]:
    """Suppressed counts that could be below min_cell and are proven narrower than min_cell."""
    return {c: (low, high) for c, (low, high) in intervals.items() if low < min_cell and high - low < min_cell}


def small_shown(values: dict[tuple, object], min_cell: int) -> list[tuple]:
    return [c for c, v in values.items() if isinstance(v, int) and 0 < v < min_cell]
