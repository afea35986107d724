"""The data-quality appendix: where every row of the input file went.

A report shows the cases of one scope and period; every other row is excluded on purpose and is
counted here, so that the rows in the report plus the excluded rows are the rows of the file.
Blank rows (every cell empty) are skipped by `reactlib.load_cases`, which says how many in the
table's ``attrs``; they are counted here too. Invalid rows are always 0 in a rendered report,
because `reactlib.load_cases` refuses a file with any invalid row before a report is made.

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
from reactlib.count.figures import COMPLEMENT_LABEL, Shown, complement_of, suppress_count
from reactlib.count.periods import Period, in_scope


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


def suppress_accounting(accounting: RowAccounting, min_cell: int) -> RowAccounting:
    """Hide small counts of the appendix as every other count of the report is hidden.

    The parts add up to the total, as a chart's counts add up to its n: when exactly one part is
    hidden and the total is shown, the smallest other non-zero part is hidden too, or the total
    less the shown parts would give it away (the same complementary rule as the charts').

    >>> suppress_accounting(RowAccounting(total=40, in_report=3, outside_period=30, other_country=7), 5)
    RowAccounting(total=40, in_report='<5', outside_period=30, other_country='hidden', blank=0, invalid=0)
    """
    shown = {f.name: suppress_count(getattr(accounting, f.name), min_cell) for f in fields(accounting)}
    parts = pd.Series({name: getattr(accounting, name) for name in accounting.parts()})
    hidden = pd.Series({name: isinstance(shown[name], str) for name in parts.index})
    if hidden.sum() == 1 and not isinstance(shown["total"], str):
        complement = complement_of(parts, hidden)
        shown.update({name: COMPLEMENT_LABEL for name in parts.index[complement.to_numpy()]})
    return RowAccounting(**shown)
