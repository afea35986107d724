"""Each scope × period of a table counted once while a batch counts it again and again.

A batch counts the same periods many times over: every report and trend for its suppression
pattern (`reactlib.batch.publication.batch_documents`), then each report again, in each of its
languages, as it is planned; a report's ``previous`` is the period before it, which is often a
report of the batch itself, and a trend's periods are the reports' periods and their previous
ones. The counts are the same each time (the same function of the same cases), so inside
`counting_once` they are counted the first time and kept until the block ends or lets them go.

Only the table the block was opened with is shared, and only for as long as the block runs: a
caller outside it (a single report, a notebook, a test) counts as before. The table must not
change while the block runs (a batch's validated cases never do). What is kept is never changed
by its readers: the figures are frozen dataclasses, and what is made from them (a language, a
pattern, a comparison) is a copy.

Examples
--------
>>> import pandas as pd
>>> table, counted = pd.DataFrame({"x": [1]}), []
>>> def count():
...     counted.append(1)
...     return len(table)
>>> with counting_once(table):
...     once(table, ("rows",), count), once(table, ("rows",), count)
(1, 1)
>>> len(counted), once(table, ("rows",), count), len(counted)  # outside the block: counted each time
(1, 1, 2)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

#: The table being counted once, and what was counted of it so far (by key).
_COUNTING: ContextVar[tuple[pd.DataFrame, dict[Hashable, Any]] | None] = ContextVar("reactlib_counting", default=None)


@contextlib.contextmanager
def counting_once(cases: pd.DataFrame) -> Iterator[Callable[[], None]]:
    """Within the block, `once` counts each key of ``cases`` the first time only.

    The block is given a function that lets go of what was kept (what is counted after it is
    kept anew): a batch calls it once every report is planned, as nothing is counted after that
    and the figures of a large publication take memory.
    """
    counted: dict[Hashable, Any] = {}
    token = _COUNTING.set((cases, counted))
    try:
        yield counted.clear
    finally:
        _COUNTING.reset(token)


def once(cases: pd.DataFrame, key: Hashable, count: Callable[[], T]) -> T:
    """``count()``, or what it gave the last time for ``key`` of ``cases`` inside `counting_once`."""
    counting = _COUNTING.get()
    if counting is None or counting[0] is not cases:
        return count()
    counted = counting[1]
    if key not in counted:
        counted[key] = count()
    return counted[key]
