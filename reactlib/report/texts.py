"""The few fixed words of a report that code writes: table headers, labels and notes.

The report's own texts (the published factsheet's sentences, notes, headings and chart titles)
are markdown cells of ``notebooks/country_report.ipynb``, where analysts read and edit them.
Country-specific texts (the contact line, the notes of a report group) are settings, not
constants: their defaults are in ``reactlib/data/report_settings.yaml`` (see
`reactlib.report.settings`).

Each text is English and marked with `N_`, so that ``make messages`` extracts it into the
``reactlib`` catalog; it is translated where it is shown, in the report's language, with
`reactlib.report.language.package_text`.

>>> from reactlib.language.messages import text_in
>>> text_in(CONTENTS_HEADING, "ru"), text_in(DATA_TABLE_HEADERS[0], "uk")
('Содержание', 'Категорія')
"""

from __future__ import annotations

from typing import Final

from reactlib.language.messages import N_

#: Shown instead of a chart that has nothing to draw.
EMPTY_CHART: Final = N_("No values recorded for this chart in this report.")

#: Explains ``<5`` wherever small-cell suppression hides a count.
# TRANSLATORS: “hidden” is the word a report shows for such a count (the message "hidden").
SUPPRESSION_NOTE: Final = N_(
    "Counts from 1 to {below} are shown as “<{min_cell}”, and their percentages are hidden, so "
    "that small numbers cannot identify people. Where a hidden count could be worked out from "
    "the total and the other counts, one more count is shown as “hidden” to protect it."
)

DATA_TABLE_HEADERS: Final = (N_("Category"), N_("Count"), "%")
#: The header of a chart table's interval column; ``{percent_sign}`` is ``%`` (a ``% i`` in a
#: message would read as a printf placeholder to gettext's tools).
INTERVAL_HEADER: Final = N_("95 {percent_sign} interval")

#: Written after a change whose interval holds 0 (`reactlib.count.intervals.within_noise`).
NOISE_MARK: Final = "*"
#: Under a table with such a change: what the mark means.
NOISE_NOTE: Final = N_(
    "* Within the noise: the 95 {percent_sign} interval of this change includes 0, so these figures "
    "cannot tell it apart from no change at all."
)

#: The figures files a report may link, in the order its download line names them; the line,
#: and the word after the workbook's link.
FIGURES_FILES: Final = ("figures.xlsx", "figures.json")
DOWNLOAD_LINE: Final = N_("Download the figures: {links}")
SPREADSHEET: Final = N_("spreadsheet")

#: The label of the table of contents that opens the report.
CONTENTS_HEADING: Final = N_("Contents")

#: Rows of the data-quality appendix, by `reactlib.count.quality.RowAccounting` field.
ROW_ACCOUNTING_LABELS: Final = {
    "in_report": N_("In this report (scope and period)"),
    "outside_period": N_("Same scope, registered outside the period"),
    "other_country": N_("Other countries"),
    "blank": N_("Blank rows (every cell empty), skipped"),
    "invalid": N_("Invalid (refused)"),
    "total": N_("Rows in the data file"),
}
