"""How a report words its comparison with the previous period (analysis.md §1).

The counting is `reactlib.count.comparison`'s; this module only writes it: the change next to
a headline counter (``522 (+34 vs 2022-H2)``), the one line a report shows when its previous
period is not in the data, and the headers of a chart table's comparison columns. Every word is
a template below, marked with `N_` so that the catalogs' extraction finds it, and translated
with `reactlib.language.messages.text_in` into the language it is given.

Examples
--------
>>> change_note(522, 488, "2022-H2"), change_note(522, "<5", "2022-H2")
('(+34 vs 2022-H2)', '(change hidden vs 2022-H2)')
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from markupsafe import Markup

from reactlib.count.cells import HEADLINES
from reactlib.count.comparison import chart_comparison, count_change
from reactlib.count.intervals import chart_change_intervals, within_noise
from reactlib.count.periods import PeriodError, previous_period
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import NO_PERCENT, change_text, count_text, is_missing, percent_text, points_text
from reactlib.language.messages import N_, text_in
from reactlib.report.fixed_words import NOISE_MARK, NOISE_NOTE
from reactlib.report.markup import part
from reactlib.report.tables import ChartTable, chart_styler, data_table, table_frame

if TYPE_CHECKING:
    from reactlib.count.aggregate import Chart
    from reactlib.count.figures import ReportFigures


#: The change alone, written after a headline counter shown on its own: ``(+34 vs 2022-H2)``.
CHANGE_NOTE: Final = N_("({change} vs {period})")
#: The change alone where it is not shown, as either count is hidden.
CHANGE_NOTE_HIDDEN: Final = N_("(change hidden vs {period})")
#: The one line of a report whose previous period is not in the data.
NO_PREVIOUS: Final = N_("The previous period ({period}) is not in the data: no changes are shown.")
NO_PREVIOUS_AT_ALL: Final = N_("There is no previous period in the data: no changes are shown.")
#: The headers of a chart table's comparison columns (`reactlib.count.comparison.COMPARISON_COLUMNS`).
COMPARISON_HEADERS: Final = (N_("Previous count"), N_("Previous %"), N_("Change (points)"))


def change_note(current: Any, previous: Any, period: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The change of a headline counter against ``period``, to write after the counter itself.

    Numbers are written ``language``'s way (`reactlib.language.formats.change_text`);
    the change is hidden when either count is.

    >>> change_note(522, 488, "2022-H2"), change_note("<5", 3, "2022-H2")
    ('(+34 vs 2022-H2)', '(change hidden vs 2022-H2)')
    """
    change = count_change(current, previous)
    if change is None:
        return text_in(CHANGE_NOTE_HIDDEN, language).format(period=period)
    return text_in(CHANGE_NOTE, language).format(change=change_text(change, language), period=period)


def change_notes(figures: ReportFigures, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Each headline counter's change note (`change_note`); empty texts without a previous period."""
    previous = figures.previous
    if previous is None:
        return dict.fromkeys(HEADLINES, "")
    return {
        name: change_note(getattr(figures, name), getattr(previous, name), previous.period.name, language)
        for name in HEADLINES
    }


def no_previous_line(figures: ReportFigures, language: str = DEFAULT_LANGUAGE) -> str:
    """The line saying that the previous period is not in the data; empty when it is, or not compared."""
    if figures.previous is not None or not figures.compared:
        return ""
    try:
        name = previous_period(figures.period).name
    except PeriodError:
        return text_in(NO_PREVIOUS_AT_ALL, language)
    return text_in(NO_PREVIOUS, language).format(period=name)


def comparison_headers(language: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The comparison columns' headers in ``language``."""
    return tuple(text_in(header, language) for header in COMPARISON_HEADERS)


def comparison_frame(chart: Chart, previous: Chart | None, language: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """A chart table's rows (`reactlib.report.tables.table_frame`, with the intervals) and the comparison columns.

    The previous count is a count or a suppression label (empty without a previous period); the
    previous share and the change in points are floats, NaN where hidden or undefined.
    """
    compared = chart_comparison(chart, previous)
    frame = table_frame(chart.items, chart.n, language=language)
    count_header, percent_header, points_header = comparison_headers(language)
    frame[count_header] = compared["previous_count"].to_numpy()
    frame[percent_header] = compared["previous_percent"].astype("float64").to_numpy()
    frame[points_header] = compared["change_points"].astype("float64").to_numpy()
    return frame


def comparison_table(
    chart: Chart, previous: Chart | None, table_id: str | None = None, *, language: str = DEFAULT_LANGUAGE
) -> ChartTable:
    """A chart's table with the previous period's count and share and the change in points.

    Written as `reactlib.report.tables.data_table` writes its table with the intervals (same
    class, escaping and stable id), with three more columns; ``–`` where a value is hidden or
    undefined. A change whose 95 % interval holds 0 (`reactlib.count.intervals.within_noise`)
    is marked ``*``, its cell of class ``within-noise`` (muted), and the table is followed by a
    note saying what that means.
    """
    frame = comparison_frame(chart, previous, language)
    previous_count, previous_percent, points = frame.columns[-3:]
    formats = {
        previous_count: functools.partial(_previous_count_text, language=language),
        previous_percent: functools.partial(percent_text, language=language),
        points: functools.partial(_points_cell, language=language),
    }
    styler = chart_styler(frame, table_id, language=language, formats=formats)
    noisy = [bool(within_noise(interval)) for interval in chart_change_intervals(chart, previous)]
    if any(noisy):
        rows = frame.index[noisy]
        styler.format(lambda value: _points_cell(value, language) + NOISE_MARK, escape="html", subset=(rows, [points]))
        classes = pd.DataFrame("", index=frame.index, columns=frame.columns)
        classes.loc[rows, points] = NOISE_CLASS
        styler.set_td_classes(classes)
        styler.footnote = noise_note(language)
    return styler


#: The class of a change's cell whose interval holds 0: the report's CSS mutes it.
NOISE_CLASS = "within-noise"


def noise_note(language: str = DEFAULT_LANGUAGE) -> Markup:
    """What the ``*`` of a change within the noise means, as the paragraph under its table."""
    return part("paragraph", text_in(NOISE_NOTE, language).format(percent_sign="%"), "noise-note")


def _previous_count_text(value: Any, language: str) -> str:
    return NO_PERCENT if is_missing(value) else count_text(value, language)


def _points_cell(value: Any, language: str) -> str:
    """A change in points ``language``'s way (``+2.2 pp``, ``+2,2 п. п.``); ``–`` where not shown."""
    return NO_PERCENT if is_missing(value) else points_text(value, language)


def previous_chart(figures: ReportFigures, name: str, group: str | None = None) -> Chart | None:
    """The previous period's chart ``name`` (of report group ``group``); None without a previous period.

    ``name`` is a key of ``figures.charts``, or ``"perpetrators"`` with a ``group``.
    """
    previous = figures.previous
    if previous is None:
        return None
    return previous.groups[group].perpetrators if group else previous.charts[name]


def chart_table(
    chart: Chart, previous: Chart | None, table_id: str | None = None, *, language: str = DEFAULT_LANGUAGE
) -> ChartTable:
    """A chart's table, with its shares' intervals, and the comparison columns when the previous period is in the data.

    Without a previous period it is `reactlib.report.tables.data_table`'s table with the
    intervals: three columns that would only say ``–`` are left out.
    """
    if previous is None:
        return data_table(chart.items, table_id=table_id, n=chart.n, language=language)
    return comparison_table(chart, previous, table_id=table_id, language=language)
