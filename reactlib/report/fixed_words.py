"""The few fixed words of a report that code writes: table headers, labels and notes.

The report's own texts (the published factsheet's sentences, notes, headings and chart titles)
are markdown cells of ``notebooks/country_report.ipynb``, where analysts read and edit them.
Country-specific texts (the contact line, the notes of a report group) are settings, not
constants: their defaults are in ``reactlib/data/report_settings.yaml`` (see
`reactlib.report.settings`).

Each text is English and marked with `N_`, so that ``make messages`` extracts it into the
``reactlib`` catalog; it is translated where it is shown, in the report's language, with
`reactlib.language.messages.text_in`.

>>> from reactlib.language.messages import text_in
>>> text_in(CONTENTS_HEADING, "ru"), text_in(DATA_TABLE_HEADERS[0], "uk")
('Содержание', 'Категорія')
"""

from __future__ import annotations

from typing import Final

from reactlib.language.messages import N_

#: Shown instead of a chart that has nothing to draw.
EMPTY_CHART: Final = N_("No values recorded for this chart in this report.")

#: Explains suppressed counts wherever min_cell is on (the report's note, beside its counters).
# TRANSLATORS: {mark} is the word the report shows for a suppressed count (the message "suppressed").
SUPPRESSION_NOTE: Final = N_(
    "Counts from 1 to {below}, and other counts that could reveal them, are shown as “{mark}”, "
    "without a percentage, so that no one can be identified. They are protected against every "
    "figure of the publication at once: its reports, their previous periods, trends and regional totals."
)
#: What the audit of the publication found (`reactlib.count.audit.AuditSummary`); in the note and on the index page.
# TRANSLATORS: {narrowest} is a number of values, e.g. "5": the width of an interval of counts.
AUDIT_NOTE: Final = N_(
    "An audit of {relations} relations between the published figures finds {suppressed} suppressed "
    "counts; the narrowest range a reader can prove for one of them that could be below {min_cell} "
    "is {narrowest} wide."
)
#: `AUDIT_NOTE` when no suppressed count that could be small has an upper bound at all.
AUDIT_NOTE_UNBOUNDED: Final = N_(
    "An audit of {relations} relations between the published figures finds {suppressed} suppressed "
    "counts, none of which a reader can bound above."
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

#: The headline counters, by `reactlib.count.figures.ReportFigures` field (also the names of
#: their changes since the last render).
HEADLINE_LABELS: Final = {
    "clients": N_("Clients"),
    "cases": N_("Cases"),
    "qualified": N_("Qualified as human rights violations"),
}

#: The provenance list's labels, by `reactlib.report.provenance.Provenance` field.
PROVENANCE_LABELS: Final = {
    "data_file": N_("Data file"),
    "data_sha256": N_("SHA-256 of the data file"),
    "parameters": N_("Parameters"),
    "package_version": N_("reactlib version"),
    "git_commit": N_("reactlib git commit"),
    "render_date": N_("Rendered on"),
}

#: Rows of the data-quality appendix, by `reactlib.count.quality.RowAccounting` field.
ROW_ACCOUNTING_LABELS: Final = {
    "in_report": N_("In this report (scope and period)"),
    "outside_period": N_("Same scope, registered outside the period"),
    "other_country": N_("Other countries"),
    "blank": N_("Blank rows (every cell empty), skipped"),
    "invalid": N_("Invalid (refused)"),
    "total": N_("Rows in the data file"),
}
