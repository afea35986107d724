"""The audit of a publication: what an adversary can prove about each suppressed count.

Given the cells a publication prints (`reactlib.count.cells`) and the relations between them
(`reactlib.count.relations`), the proven interval of a suppressed count is the smallest and the
largest value it takes in any solution of every relation in which the shown counts are what the
publication shows, a suppressed count is at least 1 (zeros are shown) and a count that no report
prints is at least 0 (`reactlib.count.linear`, with scipy's HiGHS), rounded inwards as counts are
whole numbers. Protection holds when no count from 1 to min_cell − 1 is shown and every
suppressed one has an interval at least min_cell wide.

Examples
--------
>>> cells = PublishedCells()
>>> cells.add_document({"scope": "X", "period": "2023-H1", "clients": 9, "cases": 9, "qualified": 9, "groups": {},
...     "charts": {"gender": {"n": 9, "items": [{"code": "f", "count": "suppressed"}, {"code": "m", "count": "suppressed"}]}}})
>>> audit_cells(cells, 5).summary().line()
'2 suppressed counts, narrowest proven interval 7 wide (min_cell 5), 9 relations checked: protection holds'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reactlib.count.cells import CellKey, PublishedCells
from reactlib.count.linear import LinearSystem, ProvenInterval
from reactlib.count.min_cell import is_suppressed
from reactlib.count.relations import Relation, publication_relations


@dataclass(frozen=True)
class AuditSummary:
    """What an audit found, as a report's note and the index page say it."""

    min_cell: int
    suppressed: int
    #: The narrowest proven interval of a suppressed count that could be below min_cell; inf when none is.
    narrowest: float
    relations: int
    #: Counts exposed: shown from 1 to min_cell − 1, proven narrower than min_cell while possibly
    #: below it, or printed as two different numbers.
    exposed: int

    @property
    def passed(self) -> bool:
        return self.exposed == 0

    def to_dict(self) -> dict[str, Any]:
        """As figures.json's ``disclosure_control`` writes it."""
        return {
            "min_cell": self.min_cell,
            "suppressed_counts": self.suppressed,
            "narrowest_interval": None if math.isinf(self.narrowest) else int(self.narrowest),
            "relations_checked": self.relations,
            "exposed_counts": self.exposed,
        }

    def line(self) -> str:
        """One line for a terminal."""
        narrowest = "none bounded" if math.isinf(self.narrowest) else f"{int(self.narrowest)} wide"
        verdict = "protection holds" if self.passed else f"PROTECTION FAILS: {self.exposed} counts exposed"
        return (
            f"{self.suppressed} suppressed counts, narrowest proven interval {narrowest} "
            f"(min_cell {self.min_cell}), {self.relations} relations checked: {verdict}"
        )


@dataclass
class Audit:
    """The proven interval of every suppressed cell of a publication, and the counts exposed."""

    min_cell: int
    intervals: dict[CellKey, ProvenInterval]
    relations: int
    #: Counts from 1 to min_cell − 1 printed as numbers.
    shown_small: list[CellKey] = field(default_factory=list)
    #: Cells printed as two different numbers, described.
    conflicts: list[str] = field(default_factory=list)

    def at_risk(self, key: CellKey) -> bool:
        """Whether a suppressed count could be below min_cell for all a reader can prove."""
        return self.intervals[key].low < self.min_cell

    def failures(self) -> list[CellKey]:
        """Suppressed counts that could be below min_cell and are proven narrower than min_cell.

        A reader cannot tell a small suppressed count from one suppressed to protect another, so
        every suppressed count must pass: one proven to be at least min_cell is no small count.
        """
        return [
            key for key in sorted(self.intervals) if self.at_risk(key) and self.intervals[key].width < self.min_cell
        ]

    def summary(self) -> AuditSummary:
        widths = [interval.width for key, interval in self.intervals.items() if self.at_risk(key)]
        exposed = len(self.failures()) + len(self.shown_small) + len(self.conflicts)
        return AuditSummary(self.min_cell, len(self.intervals), min(widths, default=math.inf), self.relations, exposed)


def audit_cells(cells: PublishedCells, min_cell: int, relations: Sequence[Relation] | None = None) -> Audit:
    """Audit a publication's cells (as published: counts and marks) against every relation of the threat.

    ``relations`` are `reactlib.count.relations.publication_relations` of the cells, when known.
    """
    relations = publication_relations(cells) if relations is None else relations
    system = LinearSystem(relations)
    suppressed = sorted(key for key, value in cells.values.items() if is_suppressed(value))
    return _audit(cells, min_cell, system.intervals(cells.values, suppressed), relations)


def audit_verdict(cells: PublishedCells, min_cell: int, relations: Sequence[Relation]) -> Audit:
    """`audit_cells`' summary and failures, the same, for fewer linear programs: its intervals are not all exact.

    Only the summary, the failures, the small counts shown and the conflicts may be read from the
    audit returned. A count that a solution shows at least min_cell + 1 above its low end has a
    wider interval than min_cell: it is no failure, and its high end is solved only when that
    solution's value leaves its interval possibly narrower than the narrowest exact one of a
    count at risk.
    """
    system = LinearSystem(relations)
    suppressed = sorted(key for key, value in cells.values.items() if is_suppressed(value))
    intervals, taken = system.wide_intervals(cells.values, suppressed, min_cell + 1)
    at_risk = {key for key, interval in intervals.items() if interval.low < min_cell}
    narrowest = min((intervals[key].width for key in at_risk - taken), default=math.inf)
    # A taken interval is at least as wide as it says: only one that says less than the
    # narrowest exact one may be the narrowest.
    unsure = sorted(key for key in at_risk & taken if intervals[key].width < narrowest)
    if unsure:
        intervals |= system.intervals(cells.values, suppressed, unsure)
    return _audit(cells, min_cell, intervals, relations)


def _audit(
    cells: PublishedCells, min_cell: int, intervals: dict[CellKey, ProvenInterval], relations: Sequence[Relation]
) -> Audit:
    shown_small = sorted(
        key for key, value in cells.values.items() if not is_suppressed(value) and 0 < int(value) < min_cell
    )
    return Audit(min_cell, intervals, len(relations), shown_small, list(cells.conflicts))
