"""The few fixed words of a report that code writes: table headers, labels and notes.

The report's own texts (the published factsheet's sentences, notes, headings and chart titles)
are markdown cells of ``notebooks/country_report.ipynb``, where analysts read and edit them.
Country-specific texts (the contact line, the notes of a report group) are settings, not
constants: their defaults are in ``reactlib/data/report_settings.yaml`` (see
`reactlib.report.settings`).
"""

from __future__ import annotations

from typing import Final

#: Shown instead of a chart that has nothing to draw.
EMPTY_CHART: Final = "No values recorded for this chart in this report."

#: Explains ``<5`` wherever small-cell suppression hides a count.
SUPPRESSION_NOTE: Final = (
    "Counts from 1 to {below} are shown as “<{min_cell}”, and their percentages are hidden, so "
    "that small numbers cannot identify people. Where a hidden count could be worked out from "
    "the total and the other counts, one more count is shown as “hidden” to protect it."
)

DATA_TABLE_HEADERS: Final = ("Category", "Count", "%")

#: The label of the table of contents that opens the report.
CONTENTS_HEADING: Final = "Contents"

#: Rows of the data-quality appendix, by `reactlib.count.quality.RowAccounting` field.
ROW_ACCOUNTING_LABELS: Final = {
    "in_report": "In this report (scope and period)",
    "outside_period": "Same scope, registered outside the period",
    "other_country": "Other countries",
    "invalid": "Invalid (refused)",
    "total": "Rows in the data file",
}
