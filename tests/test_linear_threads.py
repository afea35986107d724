"""Stacked programs solved on every core give what solving them one after the other gives.

`reactlib.count.linear._optimize` hands its stacks to as many threads as the process has cores
(HiGHS lets go of Python's lock while it solves). Each stack's optimum must not depend on which
thread solved it, nor on what ran beside it: the intervals, the optimum behind each end (its
values and duals, which choose the complements) and so the suppression pattern are the same as
with one core. Checked on the sample's publication of every country and the regional report,
both halves of 2023, min_cell 5. Ctrl-C while they are solved stops the solving: the stacks not
begun are dropped (those begun end in their threads: HiGHS cannot be stopped).
"""

from __future__ import annotations

import _thread
import itertools
import signal
import threading
import time

import numpy as np
import pytest

import reactlib.count.linear as linear
from reactlib.count.protection import protect

#: How one stack is solved, before any test wraps it.
SOLVE_ONE_STACK = linear._optimize_stack


def solved_with(cores: int, monkeypatch, values, relations):
    """The pattern, and every suppressed count's interval and optima, with ``cores`` cores; the threads that solved."""
    monkeypatch.setattr(linear, "cores", lambda: cores)
    solvers: set[str] = set()

    def recorded(programs):
        solvers.add(threading.current_thread().name)
        return SOLVE_ONE_STACK(programs)

    monkeypatch.setattr(linear, "_optimize_stack", recorded)
    pattern = protect(values, relations, 5)
    system = linear.LinearSystem(relations)
    shown = {key: "suppressed" if key in pattern else value for key, value in values.items()}
    suppressed = sorted(key for key in pattern if key in system.index)
    intervals, solutions = linear.solve_intervals(
        system.components(shown, suppressed), {system.index[key] for key in suppressed}
    )
    return pattern, intervals, solutions, solvers


def test_the_stacks_solved_on_several_threads_give_the_same_optima_and_pattern(sample_publication, monkeypatch):
    values, relations = sample_publication
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


def test_ctrl_c_while_the_stacks_are_solved_drops_those_not_begun(sample_publication, monkeypatch):
    values, relations = sample_publication
    system = linear.LinearSystem(relations)
    small = sorted(key for key, value in values.items() if 0 < value < 5 and key in system.index)
    components = system.components(
        {key: "suppressed" if key in small else value for key, value in values.items()}, small
    )
    monkeypatch.setattr(linear, "STACK_SIZE", 1)  # a stack per component
    monkeypatch.setattr(linear, "cores", lambda: 2)
    begun, numbers = [], itertools.count(1)

    def slow(programs):
        begun.append(programs)
        if next(numbers) == 3:  # Ctrl-C once every stack is handed out and one is solved
            _thread.interrupt_main()
        time.sleep(0.1)
        return SOLVE_ONE_STACK(programs)

    monkeypatch.setattr(linear, "_optimize_stack", slow)
    assert len(components) >= 10
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # where SIGINT is ignored, as in a job
    try:
        with pytest.raises(KeyboardInterrupt):
            linear._optimize([(c, None, 1.0) for c in components])
    finally:
        signal.signal(signal.SIGINT, handler)
    linear._solver_pool().submit(lambda: None).result()  # after every stack still handed out
    assert len(begun) < len(components) / 2
