"""Primary suppression alone: the small counts of a figures.json document hidden, nothing else."""

from __future__ import annotations

#: The keys under which figures.json prints a count (``counts`` holds a cross-tabulation's rows).
COUNT_KEYS = {"clients", "cases", "qualified", "n", "count", "counts", "in_report", "outside_period",
              "other_country", "total"}  # fmt: skip


def primary_suppression(value, min_cell: int, key: str | None = None):
    """``value`` (a figures.json document) with every count from 1 to min_cell − 1 hidden, and no other.

    Only the small counts themselves are hidden: sums and differences give many of them away,
    which is what the adversary must find.
    """
    if isinstance(value, dict):
        return {name: primary_suppression(item, min_cell, name) for name, item in value.items()}
    if isinstance(value, list):
        return [primary_suppression(item, min_cell, key) for item in value]
    small = isinstance(value, int) and not isinstance(value, bool) and 0 < value < min_cell
    return "suppressed" if key in COUNT_KEYS and small else value
