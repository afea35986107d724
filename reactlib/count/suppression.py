"""A publication's suppression pattern, decided once and written into each of its figures.

`protect_documents` decides the pattern of a publication from its figures.json documents with
their true counts (`reactlib.count.protection`) and audits it as a reader of the published
figures would (`reactlib.count.audit`): a pattern that fails the audit is refused here, before
anything is written. The functions below then write one mark, `SUPPRESSED`, for every
suppressed count of a chart, a cross-tabulation or a table, and leave out the percentage of
every suppressed count and every percentage of a suppressed n (a share of a known count would
give its n away).

Examples
--------
>>> from reactlib.count.aggregate import Chart
>>> items = pd.DataFrame({"code": ["f", "m"], "label": ["F", "M"], "count": [3, 9], "percent": [25.0, 75.0]})
>>> disclosure = Disclosure(5, frozenset({CellKey("X", "2023-01-01", "2023-06-30", "charts/gender/f")}))
>>> key = lambda item: CellKey("X", "2023-01-01", "2023-06-30", item)
>>> suppress_chart(Chart("gender", "cases", 12, items), disclosure, key, "gender").items["count"].tolist()
['suppressed', 9]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from reactlib.count.aggregate import Chart
from reactlib.count.audit import Audit, AuditSummary, audit_verdict
from reactlib.count.cells import CLIENT_CHART, CellKey, PublishedCells
from reactlib.count.crosstabs import CrossTab
from reactlib.count.min_cell import SUPPRESSED, min_cell_problem
from reactlib.count.protection import protect
from reactlib.count.relations import Relation, publication_relations
from reactlib.errors import ProtectionError

#: How many exposed counts a refusal names before it says how many more there are.
NAMED_FAILURES = 5


@dataclass(frozen=True)
class Disclosure:
    """The suppressed cells of a publication and what its audit found."""

    min_cell: int
    suppressed: frozenset[CellKey]
    summary: AuditSummary | None = None

    def hides(self, key: CellKey) -> bool:
        return key in self.suppressed

    def shown(self, key: CellKey, count: Any) -> Any:
        """``count``, or the mark when its cell is suppressed."""
        return SUPPRESSED if key in self.suppressed else count


def protect_documents(
    documents: Iterable[Mapping[str, Any]], min_cell: int, recalled: Iterable[CellKey] | None = None
) -> Disclosure:
    """The suppression pattern of the publication of ``documents`` (figures.json with true counts).

    ``recalled`` is a pattern decided before for the same publication (a batch run again on the
    same data remembers its own, `reactlib.batch.publication`): it is audited as a pattern decided
    here is, and used if the audit passes and it names only non-zero counts of this publication;
    else the pattern is decided again. Protection's linear programs are most of the time of a
    publication's pattern, its audit a fifth of it.

    Raises
    ------
    ProtectionError
        When the audit of the pattern finds a count exposed (a defect: the protection always
        suppresses until it holds); nothing has been written then.
    """
    if min_cell_problem(min_cell) or min_cell == 0:
        raise ValueError(f"min_cell must be at least 2, not {min_cell}")
    cells = PublishedCells()
    for document in documents:
        cells.add_document(document)
    relations = publication_relations(cells)
    if recalled is not None:
        kept = frozenset(recalled)
        # Protection hides counts of this publication and never a zero: a pattern naming anything
        # else was not decided for it (a damaged or edited file).
        if all(cells.values.get(key, 0) > 0 for key in kept):
            summary = _audit_pattern(cells, relations, kept, min_cell).summary()
            if summary.passed:
                return Disclosure(min_cell, kept, summary)
    pattern = protect(cells.values, relations, min_cell)
    audit = _audit_pattern(cells, relations, pattern, min_cell)
    summary = audit.summary()
    if not summary.passed:
        named = [key.describe() for key in [*audit.shown_small, *audit.failures()][:NAMED_FAILURES]]
        raise ProtectionError(
            "the publication's disclosure control does not hold: nothing was published\n"
            f"{summary.line()}\nexposed: {'; '.join(named)}"
        )
    return Disclosure(min_cell, pattern, summary)


def _audit_pattern(
    cells: PublishedCells, relations: Sequence[Relation], pattern: frozenset[CellKey], min_cell: int
) -> Audit:
    """The audit's verdict on the publication of ``cells`` with ``pattern`` suppressed."""
    published = PublishedCells(
        {key: SUPPRESSED if key in pattern else value for key, value in cells.values.items()}, cells.country_lists
    )
    return audit_verdict(published, min_cell, relations)


def suppress_chart(chart: Chart, disclosure: Disclosure, key: Callable[[str], CellKey], path: str) -> Chart:
    """``chart`` as published: suppressed counts marked, their percentages (all, if n is) left out.

    ``path`` is the chart's item path before its codes (``"gender"``, ``"groups/plhiv/perpetrators"``
    without the ``charts/`` of a report chart); `key` makes a cell of an item path.
    """
    prefix = path if path.startswith("groups/") else f"charts/{path}"
    n_key = key("clients") if path == CLIENT_CHART else key(f"{prefix}/n")
    hidden = np.array([disclosure.hides(key(f"{prefix}/{code}")) for code in chart.items["code"]], dtype=bool)
    any_hidden, n_hidden = bool(hidden.any()), disclosure.hides(n_key)
    count, percent = chart.items["count"].astype(object), chart.items["percent"]
    # Only a chart with something hidden is changed: a publication marks thousands of charts,
    # most of them whole.
    if any_hidden:
        count = count.where(~hidden, SUPPRESSED)
    if any_hidden or n_hidden:
        percent = percent.where(~hidden & (not n_hidden), pd.NA)
    return replace(chart, n=disclosure.shown(n_key, chart.n), items=chart.items.assign(count=count, percent=percent))


def suppress_crosstab(table: CrossTab, disclosure: Disclosure, key: Callable[[str], CellKey]) -> CrossTab:
    """``table`` as published: its suppressed cells marked."""
    counts = table.counts.astype(object)
    for i, row in enumerate(counts.index):
        for j, column in enumerate(counts.columns):
            if disclosure.hides(key(f"crosstabs/{table.name}/{row}/{column}")):
                counts.iloc[i, j] = SUPPRESSED  # a shown cell keeps its count: only the hidden are set
    return replace(table, counts=counts)
