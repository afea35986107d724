"""How numbers are written in a report: ``52.2 %``, counts, and ``<5`` for hidden counts.

>>> percent_text(52.2), percent_text(9.0), count_text(279), count_text("<5")
('52.2 %', '9.0 %', '279', '<5')
"""

from __future__ import annotations

from typing import Any

import pandas as pd

#: Written where a percentage is hidden or undefined (n is 0, or its count is suppressed).
NO_PERCENT = "–"


def is_missing(value: Any) -> bool:
    """Whether ``value`` is None or a pandas/numpy missing value."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def percent_text(value: Any) -> str:
    """A percentage already rounded by reactlib, with one decimal and a space before ``%``.

    >>> percent_text(None)
    '–'
    """
    if is_missing(value):
        return NO_PERCENT
    return f"{float(value):.1f} %"


def count_text(value: Any) -> str:
    """A count, or the suppression label (e.g. ``<5``) as it is."""
    if isinstance(value, str):
        return value
    return str(int(value))


def is_suppressed(value: Any) -> bool:
    """Whether a count is hidden by small-cell suppression (it is then a label such as ``<5``)."""
    return isinstance(value, str)
