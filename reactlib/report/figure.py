"""A chart as the report shows it: its image, its caption and its table, as one displayable object.

A report notebook's chart cell ends with `figure`, so it writes no HTML of its own: the chart (a
`reactlib.report.plots.ChartImage`, a trend's `reactlib.report.lines.SmallMultiples`, or None
when the chart has nothing to draw) in a ``<figure>`` with its caption, and the chart's table
after it. The table is named by the caption (``aria-labelledby``), so a reader who reaches it on
its own, as a screen reader does when the table scrolls sideways on a phone, hears what it holds.
The HTML is the report's template's (`reactlib.report.markup`).

Examples
--------
>>> from reactlib.report.tables import data_table
>>> import pandas as pd
>>> items = pd.DataFrame({"code": ["a"], "label": ["A"], "count": [3], "percent": [100.0]})
>>> shown = figure(None, "% of 3 cases", data_table(items, table_id="demo")).html()
>>> shown.split("<style")[0]
'<figure class="chart"><p class="empty-chart">No values recorded for this chart in this report.</p><figcaption id="caption-demo">% of 3 cases</figcaption></figure>'
>>> 'aria-labelledby="caption-demo"' in shown
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from reactlib.language import DEFAULT_LANGUAGE
from reactlib.report.markup import part
from reactlib.report.phrases import no_values
from reactlib.report.tables import ChartTable

if TYPE_CHECKING:
    from reactlib.report.lines import SmallMultiples
    from reactlib.report.plots import ChartImage


@dataclass(frozen=True, repr=False)
class ReportFigure:
    """A chart, its caption and its table, shown in a notebook (and so in the report) as HTML."""

    chart: ChartImage | SmallMultiples | None
    caption: str
    table: ChartTable | None = None
    language: str = DEFAULT_LANGUAGE

    def html(self) -> str:
        """The ``<figure>`` with the chart (or the line saying it has no values) and caption, then the table."""
        caption_id = f"caption-{self.table.uuid}" if self.table is not None else ""
        chart = self.chart if self.chart is not None else no_values(self.language)
        table = self.table.labelled_by(caption_id) if self.table is not None else None
        return str(part("figure", chart, self.caption, caption_id, table))

    def _repr_html_(self) -> str:
        return self.html()

    def __html__(self) -> Markup:
        return Markup(self.html())

    def __repr__(self) -> str:
        return f"<figure: {self.caption}>"


def figure(
    chart: ChartImage | SmallMultiples | None,
    caption: str,
    table: ChartTable | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
) -> ReportFigure:
    """A chart with its caption and, after it, its table: what a report's chart cell shows.

    Parameters
    ----------
    chart
        The drawn chart (`reactlib.report.plots.chart`, `reactlib.report.plots.heatmap_chart`,
        `reactlib.report.lines.trend_chart`); None, when it has nothing to draw, shows a line
        saying so.
    caption
        What the chart counts: text, escaped, or `reactlib.report.phrases.phrase`'s Markup.
    table
        The chart's numbers (`reactlib.report.comparison_text.chart_table`, …); named by the caption.
    language
        The report's language: the line of a chart with nothing to draw.
    """
    return ReportFigure(chart, caption, table, language)
