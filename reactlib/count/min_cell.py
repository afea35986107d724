"""The small-cell rule: which thresholds suppression takes.

Its own light module (no pandas), so that the command line checks ``--min-cell`` and a batch
file's ``min_cell`` with the very rule `reactlib.count.figures.suppress` applies, at start-up cost
nil.
"""

from __future__ import annotations


def min_cell_problem(min_cell: int) -> str | None:
    """What is wrong with a small-cell threshold, or None: 0 (off) or at least 2.

    A threshold of 1 would hide nothing (no count is between 1 and 0), and a negative one is
    meaningless; every way of giving min_cell (CLI, batch file, notebook) is checked with this.

    >>> min_cell_problem(5) is None, min_cell_problem(0) is None, min_cell_problem(1)
    (True, True, 'must be 0 (off) or at least 2, not 1')
    """
    if min_cell < 0 or min_cell == 1:
        return f"must be 0 (off) or at least 2, not {min_cell}"
    return None
