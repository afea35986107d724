"""Comparing a report with its previous period without revealing a hidden count (analysis.md §1, §6).

A change is worked out only from counts and shares the report shows anyway: where either side
is suppressed by disclosure control (the mark ``"suppressed"``, or any text), or missing (no
previous period, a share of an n of 0), the change is missing too. A change next to a hidden
count would otherwise give that count away by difference.

Examples
--------
>>> count_change(522, 488), count_change(522, "<5"), count_change("<5", 3), count_change(7, None)
(34, None, None, None)
>>> points_change(52.2, 50.0), points_change(12.3, None)
(2.2, None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from reactlib.count.cells import HEADLINES

if TYPE_CHECKING:
    from reactlib.count.aggregate import Chart


class HeadlineFigures(Protocol):
    """What `headline_changes` reads of a `reactlib.count.figures.ReportFigures`.

    A protocol, not that class: `reactlib.count.figures` writes its items' changes with this
    module, which must not import it back.
    """

    @property
    def clients(self) -> Any: ...
    @property
    def cases(self) -> Any: ...
    @property
    def qualified(self) -> Any: ...
    @property
    def previous(self) -> HeadlineFigures | None: ...


#: The columns `chart_comparison` adds to a chart's items.
COMPARISON_COLUMNS = ("previous_count", "previous_percent", "change_points")


def _shown_number(value: Any) -> bool:
    """Whether ``value`` is a count or share that the report shows as a number."""
    if value is None or isinstance(value, str | bool):
        return False
    return not bool(pd.isna(value))


def count_change(current: Any, previous: Any) -> int | None:
    """``current - previous``; None when either is hidden (a label) or missing.

    Works on figures.json values as well as on `ReportFigures` fields, so the index page can
    compare from the published documents alone.
    """
    if not (_shown_number(current) and _shown_number(previous)):
        return None
    return int(current) - int(previous)


def points_change(current: Any, previous: Any) -> float | None:
    """The change of a share in percentage points, to one decimal; None when either is missing.

    Shares are already rounded to one decimal; the difference is taken in whole tenths, so it is
    exact (``52.2 - 50.0`` in binary floats would not be 2.2).
    """
    if not (_shown_number(current) and _shown_number(previous)):
        return None
    return (round(float(current) * 10) - round(float(previous) * 10)) / 10


def headline_changes(figures: HeadlineFigures) -> dict[str, int | None]:
    """The change of each headline counter against the previous period (None where not shown).

    >>> from reactlib import load_cases, sample_data_path
    >>> from reactlib.count.figures import compute_figures
    >>> headline_changes(compute_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H1"))
    {'clients': 243, 'cases': 237, 'qualified': 219}
    """
    previous = figures.previous
    return {
        name: count_change(getattr(figures, name), None if previous is None else getattr(previous, name))
        for name in HEADLINES
    }


def chart_comparison(chart: Chart, previous: Chart | None) -> pd.DataFrame:
    """A chart's items with the previous period's count and share, and the change in points.

    Parameters
    ----------
    chart
        The report's chart (suppressed or not).
    previous
        The same chart of the previous period, or None when there is none: the added columns
        are then all missing, so a table built from the frame keeps its shape.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``label``, ``count``, ``percent`` as in ``chart.items``, then
        ``previous_count`` (a count or a suppression label; None without a previous period),
        ``previous_percent`` and ``change_points`` (Float64, NA where hidden or undefined).

    Examples
    --------
    >>> from reactlib.count.aggregate import Chart
    >>> now = Chart("gender", "cases", 10, pd.DataFrame(
    ...     {"code": ["f", "m"], "label": ["F", "M"], "count": [7, 3], "percent": [70.0, 30.0]}))
    >>> then = Chart("gender", "cases", 8, pd.DataFrame(
    ...     {"code": ["f", "m"], "label": ["F", "M"], "count": [6, "<5"], "percent": [75.0, None]}))
    >>> chart_comparison(now, then)[["code", "previous_count", "change_points"]].values.tolist()
    [['f', 6, -5.0], ['m', '<5', <NA>]]
    """
    items = chart.items.reset_index(drop=True).copy()
    if previous is None:
        earlier = pd.DataFrame({"previous_count": [None] * len(items), "previous_percent": [None] * len(items)})
    else:
        by_code = previous.items.set_index("code")
        earlier = pd.DataFrame(
            {
                "previous_count": [by_code["count"].get(code) for code in items["code"]],
                "previous_percent": [by_code["percent"].get(code) for code in items["code"]],
            }
        )
    items["previous_count"] = earlier["previous_count"].astype(object)
    items["previous_percent"] = pd.array(
        [float(p) if _shown_number(p) else None for p in earlier["previous_percent"]], dtype="Float64"
    )
    items["change_points"] = pd.array(
        [points_change(now, then) for now, then in zip(items["percent"], items["previous_percent"], strict=True)],
        dtype="Float64",
    )
    return items
