"""Stacked programs solved on every core give what solving them one after the other gives.

`reactlib.count.linear._optimize` hands its stacks to as many threads as the process has cores
(HiGHS lets go of Python's lock while it solves). Each stack's optimum must not depend on which
thread solved it, nor on what ran beside it: the intervals, the optimum behind each end (its
values and duals, which choose the complements) and so the suppression pattern are the same as
with one core. Checked on the sample's publication of every country and the regional report,
both halves of 2023, min_cell 5. Ctrl-C while they are solved stops the solving: the stacks
begun are finished (HiGHS cannot be stopped), the others are dropped.
"""

from __future__ import annotations

import _thread
import threading
import time

import numpy as np
import pytest

import reactlib.count.linear as linear
from reactlib.count.cells import PublishedCells
from reactlib.count.figures import unsuppressed_document
from reactlib.count.protection import protect
from reactlib.count.relations import publication_relations


@pytest.fixture(scope="module")
def publication(sample_cases):
    cells = PublishedCells()
    for scope in [*sorted(sample_cases["country"].unique()), "all"]:
        for period in ("2023-H1", "2023-H2"):
            cells.add_document(unsuppressed_document(sample_cases, scope, period))
    return cells.values, publication_relations(cells)


def solved_with(cores: int, monkeypatch, values, relations):
    """The pattern, and every suppressed count's interval and optima, with ``cores`` cores; the threads that solved."""
    monkeypatch.setattr(linear, "cores", lambda: cores)
    solvers: set[str] = set()
    one_stack = linear._optimize_stack

    def recorded(programs):
        solvers.add(threading.current_thread().name)
        return one_stack(programs)

    monkeypatch.setattr(linear, "_optimize_stack", recorded)
    pattern = protect(values, relations, 5)
    system = linear.LinearSystem(relations)
    shown = {key: "suppressed" if key in pattern else value for key, value in values.items()}
    suppressed = sorted(key for key in pattern if key in system.index)
    intervals, solutions = linear.solve_intervals(
        system.components(shown, suppressed), {system.index[key] for key in suppressed}
    )
    return pattern, intervals, solutions, solvers


def test_the_stacks_solved_on_several_threads_give_the_same_optima_and_pattern(publication, monkeypatch):
    values, relations = publication
    pattern, intervals, solutions, solvers = solved_with(1, monkeypatch, values, relations)
    assert solvers == {threading.current_thread().name}
    threaded_pattern, threaded_intervals, threaded_solutions, threads = solved_with(4, monkeypatch, values, relations)
    assert len(threads - {threading.current_thread().name}) > 1, "the stacks of a round went to several threads"
    assert threaded_pattern == pattern
    assert threaded_intervals == intervals
    assert threaded_solutions.keys() == solutions.keys()
    for end, solution in solutions.items():
        assert np.array_equal(threaded_solutions[end].x, solution.x), end
        assert np.array_equal(threaded_solutions[end].duals, solution.duals), end
        assert threaded_solutions[end].value == solution.value, end


def test_ctrl_c_while_the_stacks_are_solved_drops_those_not_begun(publication, monkeypatch):
    values, relations = publication
    system = linear.LinearSystem(relations)
    small = sorted(key for key, value in values.items() if 0 < value < 5 and key in system.index)
    components = system.components(
        {key: "suppressed" if key in small else value for key, value in values.items()}, small
    )
    monkeypatch.setattr(linear, "STACK_SIZE", 1)  # a stack per component
    monkeypatch.setattr(linear, "cores", lambda: 2)
    begun = []
    one_stack = linear._optimize_stack

    def slow(programs):
        begun.append(programs)
        if len(begun) == 3:  # Ctrl-C once every stack is handed out and two are solved
            _thread.interrupt_main()
        time.sleep(0.1)
        return one_stack(programs)

    monkeypatch.setattr(linear, "_optimize_stack", slow)
    assert len(components) >= 10
    with pytest.raises(KeyboardInterrupt):
        linear._optimize([(c, None, 1.0) for c in components])
    assert len(begun) < len(components) / 2
