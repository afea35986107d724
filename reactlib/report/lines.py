"""The trend report's charts and tables: seaborn line charts over periods, and their numbers.

`line_chart` draws one chart of a trend, a line per category across the periods, with
`seaborn.lineplot` in the house style (`reactlib.report.plots.set_theme`) and returns the Axes;
`line_image` saves it as the report's image (`reactlib.report.plots.ChartImage`: deterministic
SVG with its text as text, and alt text listing every value); `trend_table` is its numbers as a
table in the house style (`reactlib.report.tables`).

Each takes a tidy frame of a chart over time (`reactlib.count.trends.chart_over_time` or
`reactlib.count.trends.headlines_over_time`): ``period``, ``code``, ``label``, ``count``,
``percent``. A suppressed count (the mark, or any text in place of a count) and its percent are
a gap in its line, never a point: a line is drawn only between periods whose values are shown.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"period": ["2023-H1", "2023-H2", "2024-H1"], "code": ["a"] * 3,
...                       "label": ["A"] * 3, "count": [4, "suppressed", 6], "percent": [40.0, None, 60.0]})
>>> line_values(frame, "percent")["value"].tolist()
[40.0, nan, 60.0]
>>> line_alt(frame, "percent", "Demo")
'Demo, line chart over 2023-H1 to 2024-H1: A: 2023-H1 40.0 %, 2023-H2 suppressed, 2024-H1 60.0 %.'
"""

from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from pandas.io.formats.style import Styler

from reactlib.language.messages import N_
from reactlib.report.formatting import count_text, is_suppressed, percent_text
from reactlib.report.language import package_text
from reactlib.report.plots import (
    BAR_COLOR,
    MARGIN_INCHES,
    WIDTH_INCHES,
    ChartImage,
    ValueKind,
    chart_image,
)
from reactlib.report.tables import TABLE_CLASS, ChartTable, _content_id
from reactlib.report.texts import DATA_TABLE_HEADERS

PLOT_HEIGHT_INCHES = 2.6
#: Each line of the legend below the chart.
LEGEND_LINE_INCHES = 0.27
#: Two legend columns while the longest label fits in half the width, else one.
LEGEND_COLUMN_CHARS = 36
#: The end of a line chart's alt text when no line has a value to show.
NO_LINE_VALUES = N_("no values")
#: Room under the plot for the periods' names: level, or slanted when there are many.
AXIS_INCHES = 0.4
SLANTED_AXIS_INCHES = 0.75
SLANT_FROM_PERIODS = 9
MARKER_SIZE = 5
COLORBLIND_COLOURS = 10


def line_values(frame: pd.DataFrame, value: ValueKind = "percent") -> pd.DataFrame:
    """The points of a line chart: ``position``, ``period``, ``label``, ``value``, ``segment``.

    Categories never above zero in any period (and never hidden) are left out. ``value`` is NaN
    where the count is hidden (and, for percents, where the percent is undefined); ``segment``
    numbers the unbroken runs of a category's line, so a hidden value splits it in two.
    """
    periods = list(dict.fromkeys(frame["period"]))
    labels = list(dict.fromkeys(frame["label"]))
    hidden = frame["count"].map(is_suppressed).astype(bool)
    counts = pd.to_numeric(frame["count"].where(~hidden), errors="coerce")
    raw = counts if value == "count" else pd.to_numeric(frame["percent"], errors="coerce").where(~hidden)
    points = pd.DataFrame(
        {
            "position": frame["period"].map(periods.index).astype("int64"),
            "period": frame["period"],
            "label": frame["label"],
            "value": raw.astype("float64"),
        }
    )
    shown = hidden | (counts.fillna(0) > 0)
    kept = [label for label in labels if shown[frame["label"] == label].any()]
    points = points[points["label"].isin(kept)].sort_values(["label", "position"], key=_order(kept), kind="stable")
    points["segment"] = points.groupby("label", sort=False)["value"].transform(lambda v: v.isna().cumsum())
    return points.reset_index(drop=True)


def _order(labels: list[str]):
    """A sort key keeping categories in published order (and positions in period order)."""

    def key(column: pd.Series) -> pd.Series:
        return column.map(labels.index) if column.name == "label" else column

    return key


def line_chart(
    frame: pd.DataFrame,
    value: ValueKind = "percent",
    *,
    title: str = "",
    ax: Axes | None = None,
    palette: str | list[str] | None = None,
) -> Axes:
    """Draw a chart over time: one line per category, a point per period where its value is shown.

    Parameters
    ----------
    frame
        The chart over time (``period``, ``code``, ``label``, ``count``, ``percent``), periods
        in order.
    value
        ``"percent"`` draws each category's share, ``"count"`` its count.
    title
        The chart's name: not drawn (the report's heading names it) but kept as the Axes' label.
    ax
        Where to draw; by default a new Figure, made without pyplot.
    palette
        seaborn palette of the lines; by default the house colour for one line, seaborn's
        ``colorblind`` palette for more.

    Returns
    -------
    matplotlib.axes.Axes
        The drawn Axes, with the legend below the plot.
    """
    points = line_values(frame, value)
    periods = list(dict.fromkeys(frame["period"]))
    labels = list(dict.fromkeys(points["label"]))
    columns = 2 if max(map(len, labels), default=0) <= LEGEND_COLUMN_CHARS else 1
    legend_lines = -(-len(labels) // columns) if len(labels) > 1 else 0
    slanted = len(periods) >= SLANT_FROM_PERIODS
    axis = SLANTED_AXIS_INCHES if slanted else AXIS_INCHES
    if ax is None:
        height = PLOT_HEIGHT_INCHES + axis + legend_lines * LEGEND_LINE_INCHES + 2 * MARGIN_INCHES
        ax = Figure(figsize=(WIDTH_INCHES, height)).add_subplot()
        _place(ax, height, axis + legend_lines * LEGEND_LINE_INCHES)
    ax.set_label(title)
    if points.empty:
        return ax
    colours = palette or _palette(len(labels))
    # One line per unbroken run (units): seaborn would otherwise join the points around a gap.
    sns.lineplot(
        points, x="position", y="value", hue="label", hue_order=labels, units="segment",
        estimator=None, sort=True, marker="o", markersize=MARKER_SIZE, palette=colours, ax=ax,
        legend=len(labels) > 1,
    )  # fmt: skip
    ax.set_xticks(range(len(periods)), periods)
    ax.set_xlim(-0.3, len(periods) - 0.7)
    ax.set_ylim(bottom=0)
    ax.set(xlabel="", ylabel="%" if value == "percent" else "")
    if slanted:
        for label in ax.get_xticklabels():
            label.set(rotation=45, horizontalalignment="right", rotation_mode="anchor")
    sns.despine(ax=ax)
    if ax.get_legend() is not None:
        sns.move_legend(
            ax, "upper left", bbox_to_anchor=(0, -axis / PLOT_HEIGHT_INCHES), ncols=columns,
            title=None, frameon=False,
        )  # fmt: skip
    return ax


def _palette(lines: int) -> list:
    """The house colour for one line; seaborn's colour-blind-safe palette for up to its 10
    colours; beyond, evenly spaced hues, so that no two lines share a colour."""
    if lines == 1:
        return [BAR_COLOR]
    return sns.color_palette("colorblind" if lines <= COLORBLIND_COLOURS else "husl", lines)


def _place(ax: Axes, height: float, below: float) -> None:
    """Margins for a new figure: room for the y labels, and ``below`` inches for the periods and legend."""
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    bottom = MARGIN_INCHES + below
    figure.subplots_adjust(
        left=0.09, right=1 - MARGIN_INCHES / WIDTH_INCHES, bottom=bottom / height, top=1 - MARGIN_INCHES / height
    )


def line_alt(frame: pd.DataFrame, value: ValueKind = "percent", title: str = "") -> str:
    """A sentence naming the chart and every value of every line, period by period."""
    points = line_values(frame, value)
    periods = list(dict.fromkeys(frame["period"]))
    texts = {
        (row.label, row.period): _value_text(row.count, row.percent, value) for row in frame.itertuples(index=False)
    }
    lines = [
        f"{label}: " + ", ".join(f"{period} {texts[(label, period)]}" for period in periods)
        for label in dict.fromkeys(points["label"])
    ]
    span = {"first": periods[0], "last": periods[-1]} if periods else {"first": "", "last": ""}
    if title:
        head = package_text("{title}, line chart over {first} to {last}").format(title=title, **span)
    else:
        head = package_text("Line chart over {first} to {last}").format(**span)
    return f"{head}: {'; '.join(lines)}." if lines else f"{head}: {package_text(NO_LINE_VALUES)}."


def _value_text(count: object, percent: object, value: ValueKind) -> str:
    if is_suppressed(count) or value == "count":
        return count_text(count)
    return percent_text(percent)


def line_image(
    frame: pd.DataFrame, value: ValueKind = "percent", *, title: str = "", palette: str | list[str] | None = None
) -> ChartImage | None:
    """`line_chart` saved as the report's image with `line_alt`; ``None`` when nothing is shown."""
    if line_values(frame, value).empty:
        return None
    return chart_image(line_chart(frame, value, title=title, palette=palette), alt=line_alt(frame, value, title))


def trend_frame(frame: pd.DataFrame, value: ValueKind = "percent") -> pd.DataFrame:
    """The table of a chart over time: a row per category, a column per period, cells as text.

    A percent cell reads ``52.2 % (45)``: the share and its count; a hidden count shows its
    word and no share (``– (suppressed)``). A count cell is the count or that word.
    """
    category = package_text(DATA_TABLE_HEADERS[0])
    cells = [
        count_text(row.count) if value == "count" else f"{percent_text(row.percent)} ({count_text(row.count)})"
        for row in frame.itertuples(index=False)
    ]
    long = pd.DataFrame({category: frame["label"].astype(str), "period": frame["period"], "cell": cells})
    wide = long.pivot(index=category, columns="period", values="cell")
    wide = wide.loc[list(dict.fromkeys(long[category])), list(dict.fromkeys(long["period"]))]
    wide.columns.name = None
    return wide.reset_index()


def trend_table(frame: pd.DataFrame, value: ValueKind = "percent", table_id: str | None = None) -> Styler:
    """`trend_frame` as a Styler in the house style: every category and period, text escaped."""
    table = trend_frame(frame, value)
    styler = ChartTable(
        table, uuid=table_id or _content_id(table), cell_ids=False, table_attributes=f'class="{TABLE_CLASS}"'
    )
    styler.format(escape="html")
    styler.format_index(escape="html", axis="columns")
    styler.hide(axis="index")
    return styler
