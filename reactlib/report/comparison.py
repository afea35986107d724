"""How a report words its comparison with the previous period (analysis.md §1).

The counting is `reactlib.count.comparison`'s; this module only writes it: the change next to
a headline counter (``522 (+34 vs 2022-H2)``), the one line a report shows when its previous
period is not in the data, and the headers of a chart table's comparison columns. Every word is
a template below, marked with `N_` so that the catalogs' extraction finds it, and translated
with `reactlib.report.language.package_text` when the text is written.

Examples
--------
>>> headline_text(522, 488, "2022-H2"), headline_text(522, "<5", "2022-H2")
('522 (+34 vs 2022-H2)', '522 (change hidden vs 2022-H2)')
>>> signed_points(-2.0), signed_points(None)
('-2.0', '–')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from pandas.io.formats.style import Styler

from reactlib.count.comparison import HEADLINE_COUNTS, chart_comparison, count_change
from reactlib.count.periods import PeriodError, previous_period
from reactlib.report.formatting import NO_PERCENT, count_text, is_missing, percent_text
from reactlib.report.language import package_text
from reactlib.report.tables import TABLE_CLASS, ChartTable, _content_id, table_frame

if TYPE_CHECKING:
    from reactlib.count.aggregate import Chart
    from reactlib.count.figures import ReportFigures


def N_(message: str) -> str:  # gettext's name for "mark now, translate later"
    """Mark ``message`` for the catalogs without translating it (gettext's ``N_``)."""
    return message


#: A headline counter with its change, e.g. ``522 (+34 vs 2022-H2)``.
CHANGE: Final = N_("{count} ({change} vs {period})")
#: A headline counter whose change is not shown, as either count is hidden.
CHANGE_HIDDEN: Final = N_("{count} (change hidden vs {period})")
#: The one line of a report whose previous period is not in the data.
NO_PREVIOUS: Final = N_("The previous period ({period}) is not in the data: no changes are shown.")
NO_PREVIOUS_AT_ALL: Final = N_("There is no previous period in the data: no changes are shown.")
#: The headers of a chart table's comparison columns (`reactlib.count.comparison.COMPARISON_COLUMNS`).
COMPARISON_HEADERS: Final = (N_("Previous count"), N_("Previous %"), N_("Change (points)"))


def signed(change: int) -> str:
    """A change of a count with its sign: ``+34``, ``-5``, ``±0``."""
    return "±0" if change == 0 else f"{change:+d}"


def signed_points(change: Any) -> str:
    """A change in percentage points with its sign and one decimal; ``–`` where not shown."""
    if is_missing(change):
        return NO_PERCENT
    value = float(change)
    return "±0.0" if value == 0 else f"{value:+.1f}"


def headline_text(current: Any, previous: Any, period: str) -> str:
    """A headline counter followed by its change against ``period``, the previous period's name.

    The change is hidden when either count is (`reactlib.count.comparison.count_change`).
    """
    change = count_change(current, previous)
    if change is None:
        return package_text(CHANGE_HIDDEN).format(count=count_text(current), period=period)
    return package_text(CHANGE).format(count=count_text(current), change=signed(change), period=period)


def headline_texts(figures: ReportFigures) -> dict[str, str]:
    """Each headline counter (clients, cases, qualified) as the report writes it.

    With its change when the previous period is in the data, the count alone otherwise.
    """
    previous = figures.previous
    if previous is None:
        return {name: count_text(getattr(figures, name)) for name in HEADLINE_COUNTS}
    return {
        name: headline_text(getattr(figures, name), getattr(previous, name), previous.period.name)
        for name in HEADLINE_COUNTS
    }


def no_previous_line(figures: ReportFigures) -> str:
    """The line saying that the previous period is not in the data; empty when it is."""
    if figures.previous is not None:
        return ""
    try:
        name = previous_period(figures.period).name
    except PeriodError:
        return package_text(NO_PREVIOUS_AT_ALL)
    return package_text(NO_PREVIOUS).format(period=name)


def comparison_headers() -> tuple[str, ...]:
    """The comparison columns' headers in the report's language."""
    return tuple(package_text(header) for header in COMPARISON_HEADERS)


def comparison_frame(chart: Chart, previous: Chart | None) -> pd.DataFrame:
    """A chart table's rows (`reactlib.report.tables.table_frame`) and the comparison columns.

    The previous count is a count or a suppression label (empty without a previous period); the
    previous share and the change in points are floats, NaN where hidden or undefined.
    """
    compared = chart_comparison(chart, previous)
    frame = table_frame(chart.items)
    count_header, percent_header, points_header = comparison_headers()
    frame[count_header] = compared["previous_count"].to_numpy()
    frame[percent_header] = compared["previous_percent"].astype("float64").to_numpy()
    frame[points_header] = compared["change_points"].astype("float64").to_numpy()
    return frame


def comparison_table(chart: Chart, previous: Chart | None, table_id: str | None = None) -> Styler:
    """A chart's table with the previous period's count and share and the change in points.

    Written as `reactlib.report.tables.data_table` writes its table (same class, escaping and
    stable id), with three more columns; ``–`` where a value is hidden or undefined.
    """
    frame = comparison_frame(chart, previous)
    category, count, percent, previous_count, previous_percent, points = frame.columns
    styler = ChartTable(
        frame, uuid=table_id or _content_id(frame), cell_ids=False, table_attributes=f'class="{TABLE_CLASS}"'
    )
    styler.format(escape="html", subset=[category])
    styler.format(count_text, escape="html", subset=[count])
    styler.format(_previous_count_text, escape="html", subset=[previous_count])
    styler.format(percent_text, escape="html", subset=[percent, previous_percent])
    styler.format(signed_points, escape="html", subset=[points])
    styler.format_index(escape="html", axis="columns")
    styler.hide(axis="index")
    return styler


def _previous_count_text(value: Any) -> str:
    return NO_PERCENT if is_missing(value) else count_text(value)
