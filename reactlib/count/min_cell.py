"""The small-cell rule: which thresholds suppression takes, and the one mark of a suppressed count.

Its own light module (no pandas), so that the command line checks ``--min-cell`` and a batch
file's ``min_cell`` with the very rule `reactlib.count.protection` applies, at start-up cost
nil, and every stage that shows or reads a count knows the mark.
"""

from __future__ import annotations

import numbers
from typing import Any

#: How figures.json and figures.xlsx write every suppressed count, whatever the reason: a count
#: from 1 to min_cell − 1 and a count suppressed only to protect another look alike, so the mark
#: never tells which is small. A word rather than ``<5`` or a symbol: a reader's script that
#: meets it knows at once that it is no number, and one written for the old marks (``"<5"``
#: small, ``"hidden"`` at least min_cell) stops instead of misreading it. A report shows it in
#: its language (`reactlib.language.formats.SUPPRESSED_WORD`).
SUPPRESSED = "suppressed"


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


def is_suppressed(count: Any) -> bool:
    """Whether a count as published is suppressed: anything but a whole number.

    Every branch reads figures alike: today's mark, an older one (``"<5"``, ``"hidden"``) or any
    other text is a suppressed count, never printed, compared or computed with.

    >>> is_suppressed(SUPPRESSED), is_suppressed("<5"), is_suppressed(0), is_suppressed(12)
    (True, True, False, False)
    """
    return isinstance(count, bool) or not isinstance(count, numbers.Integral)
