"""What changed between two renders of the same report: every figure of their figures.json.

Two documents are compared figure by figure: the headline counts first (clients, cases,
qualified, each report group's cases), then each country of a regional report, every chart's n
and each item's count and percent, the cross-tabulations' cells, and the same figures of the
previous period. What is worked out from these (intervals, changes against the previous period)
is not compared: it moves with them.

A suppressed count (any value that is not a whole number: ``"<5"``, ``"hidden"`` or whatever
mark a publication uses) is only ever *suppressed*: two suppressed counts compare equal,
whatever their marks, and no difference is worked out with one. So a diff never tells what a
suppressed count was or became, nor that it moved. A count shown on one side and suppressed on
the other is listed by its note alone, ``now suppressed`` or ``no longer suppressed``, its
shown side withheld (None) too: the value a count had before it was suppressed would say what
it still is wherever nothing else moved, and a render made without suppression (``min_cell``
0) must not pass its small counts on to one made with it. The percent of a suppressed count is
suppressed with it.

Examples
--------
>>> old = {"scope": "Georgia", "period": "2023-H1", "clients": 40, "cases": 42, "qualified": "<5"}
>>> new = {"scope": "Georgia", "period": "2023-H1", "clients": 40, "cases": 45, "qualified": "hidden"}
>>> [(c.path, c.old, c.new, c.change) for c in diff_figures(old, new).changes]
[(('cases',), 42, 45, 3)]
>>> new["qualified"] = 7
>>> diff_figures(old, new).changes[-1].to_dict()
{'figure': ['qualified'], 'label': 'qualified', 'old': 'suppressed', 'new': None, 'change': None, 'note': 'no longer suppressed'}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from reactlib.count.cells import HEADLINES
from reactlib.count.comparison import count_change, points_change
from reactlib.count.intervals import is_shown_count
from reactlib.count.min_cell import SUPPRESSED  # how a diff writes any mark of figures.json

#: The note of a count shown on one side and suppressed on the other.
NOW_SUPPRESSED, NO_LONGER_SUPPRESSED = "now suppressed", "no longer suppressed"

#: A figure's value as a diff shows it: a count, a percent, `SUPPRESSED`, or None (undefined:
#: a percent of an n of 0, or a figure one render does not have).
Value = int | float | str | None


@dataclass(frozen=True)
class FigureChange:
    """One figure that differs between two renders.

    Parameters
    ----------
    path
        Where it is in figures.json, by key and item code: ``("cases",)``,
        ``("charts", "gender", "n")``, ``("charts", "gender", "female", "percent")``,
        ``("groups", "plhiv", "perpetrators", "police", "count")``,
        ``("crosstabs", "violations_by_perpetrator", "beating", "police")``,
        ``("countries", "Moldova", "cases")``; the previous period's begin with ``"previous"``.
    label
        The category's label as the newer render writes it (the older one's for a category it
        lacks; ``row × column`` for a cross-tabulation's cell), else the last key of ``path``.
    old, new
        The values (`Value`); beside a suppressed one, the shown one is withheld (None).
    change
        ``new - old``: in points for a percent; None unless both are shown numbers.
    note
        `NOW_SUPPRESSED`, `NO_LONGER_SUPPRESSED`, or None.
    """

    path: tuple[str, ...]
    label: str
    old: Value
    new: Value
    change: int | float | None
    note: str | None = None

    @property
    def field(self) -> str:
        """What the figure is: ``count``, ``percent``, ``n``, ``cases``, …: the last key of its path."""
        return self.path[-1]

    def to_dict(self) -> dict[str, Any]:
        """The change as ``--json`` and changes.json write it."""
        return {
            "figure": list(self.path),
            "label": self.label,
            "old": self.old,
            "new": self.new,
            "change": self.change,
            "note": self.note,
        }


@dataclass(frozen=True)
class FiguresDiff:
    """Every figure that differs between two renders of one report, headline counts first.

    ``language`` is the report's, and ``since`` and ``rendered_on`` the dates of the older and
    the newer render, where the renders' folders tell them (`reactlib.render.changes`).
    """

    scope: str
    period: str
    changes: tuple[FigureChange, ...]
    language: str | None = None
    since: dt.date | None = None
    rendered_on: dt.date | None = None
    #: The name of the report's previous period, whose figures' paths begin with ``previous``.
    previous_period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The diff as changes.json and ``reactlib diff --json`` write it."""
        return {
            "scope": self.scope,
            "period": self.period,
            "language": self.language,
            "since": None if self.since is None else self.since.isoformat(),
            "rendered_on": None if self.rendered_on is None else self.rendered_on.isoformat(),
            "previous_period": self.previous_period,
            "changes": [change.to_dict() for change in self.changes],
        }


def report_problem(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Why two figures.json documents are not renders of the same report, or None when they are.

    The same report has the same scope and period (its language is the folder's business, see
    `reactlib.render.changes`); a trend's figures (a ``series``) are not a report's.
    """
    for name, document in (("the first", old), ("the second", new)):
        if problem := not_a_report(document):
            return f"{name} {problem}"
    if (old["scope"], old["period"]) != (new["scope"], new["period"]):
        return f"they are not the same report: {old['scope']} {old['period']} and {new['scope']} {new['period']}"
    return None


def not_a_report(document: Mapping[str, Any]) -> str | None:
    """Why a figures.json document is not one period's report (a trend's, or none at all), or None."""
    if "series" in document:
        return "is a trend report: diff compares the renders of one period's report"
    if not isinstance(document.get("scope"), str) or not isinstance(document.get("period"), str):
        return "has no scope and period: it is not a report's figures.json"
    return None


def diff_figures(old: Mapping[str, Any], new: Mapping[str, Any]) -> FiguresDiff:
    """Every figure that differs between ``old`` and ``new``, two figures.json documents of one report.

    In ``new``'s order (headline counts first); a figure only ``old`` has comes after. Check
    `report_problem` first: this compares whatever it is given.
    """
    before, after = dict(_figures(old)), dict(_figures(new))
    changes = []
    for path in [*after, *(path for path in before if path not in after)]:
        old_value, old_label = before.get(path, (None, None))
        new_value, new_label = after.get(path, (None, None))
        if old_value == new_value:
            continue
        label = new_label or old_label or path[-1]
        changes.append(_change(path, label, old_value, new_value))
    previous = new.get("previous") or old.get("previous") or {}
    return FiguresDiff(
        str(new.get("scope", "")), str(new.get("period", "")), tuple(changes), previous_period=previous.get("period")
    )


def _change(path: tuple[str, ...], label: str, old: Value, new: Value) -> FigureChange:
    if old == SUPPRESSED and new is not None:
        return FigureChange(path, label, SUPPRESSED, None, None, NO_LONGER_SUPPRESSED)
    if new == SUPPRESSED and old is not None:
        return FigureChange(path, label, None, SUPPRESSED, None, NOW_SUPPRESSED)
    change = points_change(new, old) if path[-1] == "percent" else count_change(new, old)
    return FigureChange(path, label, old, new, change)


def _count(value: Any) -> Value:
    """A count as a diff sees it: the number, `SUPPRESSED` for any mark, None when absent."""
    if value is None:
        return None
    return int(value) if is_shown_count(value) else SUPPRESSED


def _percent(value: Any, count: Value, n: Value) -> Value:
    """A percent as a diff sees it: suppressed with its count or its chart's n; None where undefined.

    A percent of a suppressed n is suppressed even where its count is shown: count ÷ percent would
    give the n back, and an old percent beside a now suppressed n would give the old n.
    """
    if SUPPRESSED in (count, n):
        return SUPPRESSED
    return None if value is None else float(value)


Figure = tuple[tuple[str, ...], tuple[Value, str | None]]


def _figures(document: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[Figure]:
    """Every figure of a figures.json document: ``(path, (value, label))``, headline counts first."""
    for name in HEADLINES:
        if name in document:
            yield (*prefix, name), (_count(document[name]), None)
    for code, group in (document.get("groups") or {}).items():
        yield (*prefix, "groups", code, "cases"), (_count(group.get("cases")), None)
    for country in document.get("countries") or ():
        for name in HEADLINES:
            yield (*prefix, "countries", str(country["country"]), name), (_count(country.get(name)), None)
    for name, chart in (document.get("charts") or {}).items():
        yield from _chart_figures((*prefix, "charts", name), chart)
    for code, group in (document.get("groups") or {}).items():
        yield from _chart_figures((*prefix, "groups", code, "perpetrators"), group.get("perpetrators") or {})
    for name, table in (document.get("crosstabs") or {}).items():
        for row, row_label, counts in zip(table["rows"], table["row_labels"], table["counts"], strict=True):
            for column, column_label, count in zip(table["columns"], table["column_labels"], counts, strict=True):
                yield (*prefix, "crosstabs", name, row, column), (_count(count), f"{row_label} × {column_label}")
    previous = document.get("previous")
    if previous and not prefix:
        yield from _figures(previous, ("previous",))


def _chart_figures(path: tuple[str, ...], chart: Mapping[str, Any]) -> Iterator[Figure]:
    n = _count(chart.get("n"))
    if "n" in chart:
        yield (*path, "n"), (n, None)
    for item in chart.get("items") or ():
        count = _count(item.get("count"))
        yield (*path, item["code"], "count"), (count, item.get("label"))
        yield (*path, item["code"], "percent"), (_percent(item.get("percent"), count, n), item.get("label"))
