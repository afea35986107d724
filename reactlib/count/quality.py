"""The data-quality appendix: where every row of the input file went.

A report shows the cases of one scope and period; every other row is excluded on purpose and is
counted here, so that the rows in the report plus the excluded rows are the rows of the file.
Blank rows (every cell empty) are skipped when the file is read and counted here, so that the
file's rows are accounted for too; they are no cases, and no person's. Invalid rows are always 0
in a rendered report, because `reactlib.load_cases` refuses a file with any invalid row before a
report is made.

Examples
--------
>>> import pandas as pd
>>> from reactlib.count.periods import parse_period
>>> cases = pd.DataFrame({
...     "country": ["Tajikistan", "Tajikistan", "Kyrgyzstan"],
...     "registered_on": pd.to_datetime(["2023-02-01", "2023-08-01", "2023-02-01"]),
... })
>>> account_rows(cases, "Tajikistan", parse_period("2023-H1"))
RowAccounting(total=3, in_report=1, outside_period=1, other_country=1, blank=0, invalid=0)
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from reactlib.contract.schema import BLANK_ROWS_ATTR
from reactlib.count.cells import ALL_TIME, OTHER_COUNTRY, OUTSIDE_PERIOD, CellKey, file_cases
from reactlib.count.periods import ALL_COUNTRIES, Period, in_scope
from reactlib.count.suppression import Disclosure

#: A count as it may be shown: the number, or the suppression mark.
Shown = int | str


@dataclass(frozen=True)
class RowAccounting:
    """Rows of the input file by what happened to them; the parts add up to ``total``."""

    total: Shown
    in_report: Shown
    outside_period: Shown
    other_country: Shown
    blank: Shown = 0
    invalid: Shown = 0

    def parts(self) -> dict[str, Shown]:
        """Every field but ``total``, in report order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "total"}

    def to_dict(self) -> dict[str, Shown]:
        """As figures.json's ``data_quality`` writes it (a report with min_cell only)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def account_rows(cases: pd.DataFrame, scope: str, period: Period) -> RowAccounting:
    """Count the validated rows of a file by scope and period.

    Parameters
    ----------
    cases
        Every case row of the file, as `reactlib.load_cases` returns it (its ``attrs`` count the blank rows).
    scope
        The resolved scope: a country as the data spells it, or ``"all"``.
    period
        The report's period.
    """
    scoped = in_scope(cases, scope)
    in_period = period.contains(cases["registered_on"])
    blank = int(cases.attrs.get(BLANK_ROWS_ATTR, 0))
    return RowAccounting(
        total=len(cases) + blank,
        in_report=int((scoped & in_period).sum()),
        outside_period=int((scoped & ~in_period).sum()),
        other_country=int((~scoped).sum()),
        blank=blank,
    )


def suppress_accounting(
    accounting: RowAccounting, disclosure: Disclosure, scope: str, span: tuple[str, str]
) -> RowAccounting:
    """The appendix of a report of ``scope`` over ``span`` as its publication shows it.

    Its rows are cells of the publication (`reactlib.count.cells.PublishedCells.add_accounting`):
    the report's cases, the scope's cases outside the period, the other countries' cases and the
    file's rows; the relations between them are in `reactlib.count.relations`.

    >>> shown = suppress_accounting(RowAccounting(40, 3, 30, 7), Disclosure(5, frozenset({CellKey("X", "2023-01-01", "2023-06-30", "cases")})), "X", ("2023-01-01", "2023-06-30"))
    >>> shown.in_report, shown.total
    ('suppressed', 40)
    """
    # The file's rows are its cases (a cell of the publication) and its blank rows, which are
    # no one's and always shown.
    cases = disclosure.shown(CellKey(ALL_COUNTRIES, *ALL_TIME, "cases"), file_cases(accounting.total, accounting.blank))
    return RowAccounting(
        total=cases + accounting.blank if isinstance(cases, int) and isinstance(accounting.blank, int) else cases,
        in_report=disclosure.shown(CellKey(scope, *span, "cases"), accounting.in_report),
        outside_period=disclosure.shown(CellKey(scope, *span, OUTSIDE_PERIOD), accounting.outside_period),
        other_country=disclosure.shown(CellKey(scope, *ALL_TIME, OTHER_COUNTRY), accounting.other_country),
        blank=accounting.blank,
        invalid=accounting.invalid,
    )
