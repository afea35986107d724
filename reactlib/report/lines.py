"""The trend report's charts and tables: seaborn line charts over periods, as small multiples.

`trend_chart` draws one chart of a trend as small multiples: its categories in published order,
split into groups of at most six (`line_groups`), each group a panel of its own with a line per
category (`line_chart`), all panels of a chart on one scale. Each panel is an image
(`reactlib.report.plots.ChartImage`: deterministic SVG, text as text) small enough to be read at
its own size on a phone, so the panels stand side by side on a wide screen and one under the
other on a narrow one (`SmallMultiples`). Its alt text says what it shows (`panel_alt`); every
value is in the table beside it, `trend_table`, in the house style (`reactlib.report.tables`).

Each takes a tidy frame of a chart over time (`reactlib.count.trends.chart_over_time` or
`reactlib.count.trends.headlines_over_time`): ``period``, ``code``, ``label``, ``count``,
``percent``. A suppressed count (the mark, or any text in place of a count) and its percent are
a gap in its line, never a point: a line is drawn only between periods whose values are shown,
and every shown value is a marker, so a period between two gaps is still seen.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"period": ["2023-H1", "2023-H2", "2024-H1"], "code": ["a"] * 3,
...                       "label": ["A"] * 3, "count": [4, "suppressed", 6], "percent": [40.0, None, 60.0]})
>>> line_values(frame, "percent")["value"].tolist()
[40.0, nan, 60.0]
>>> line_groups([f"c{i}" for i in range(16)])
[['c0', 'c1', 'c2', 'c3', 'c4', 'c5'], ['c6', 'c7', 'c8', 'c9', 'c10'], ['c11', 'c12', 'c13', 'c14', 'c15']]
>>> trend_chart(frame, "percent", title="Demo").panels[0].alt
'Demo: the share in % of A, 2023-H1 to 2024-H1; a hidden count is a gap in its line. The table below gives every value.'
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import seaborn as sns
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import count_text, percent_text
from reactlib.language.messages import N_, text_in
from reactlib.report.fixed_words import DATA_TABLE_HEADERS
from reactlib.report.markup import part as html_part
from reactlib.report.plots import (
    BAR_COLOR,
    MARGIN_INCHES,
    ChartImage,
    ValueKind,
    chart_image,
)
from reactlib.report.tables import ChartTable, house_table, is_suppressed

#: More lines in one axes cannot be told apart by colour: a chart's categories are split into
#: panels of at most this many.
MAX_LINES = 6
#: A panel is drawn at its own size on a phone (390 CSS pixels less the page's margins), so its
#: 10 pt text is 13 CSS pixels there too; two panels stand side by side in the report's column.
PANEL_WIDTH_INCHES = 3.6
PLOT_HEIGHT_INCHES = 2.0
#: Room left of the plot for the values' ticks ("1 500") and the axis's "%".
LEFT_INCHES = 0.6
#: Each line of the legend below the plot; labels are wrapped to fit the panel's width.
LEGEND_LINE_INCHES = 0.19
LEGEND_WRAP_CHARS = 30
#: Room under the plot for the periods' names: level, or slanted when they would touch.
AXIS_INCHES = 0.35
SLANTED_AXIS_INCHES = 0.75
#: Periods whose names fit level under a panel; more are slanted, and beyond `MOST_PERIOD_NAMES`
#: only every second (third, …) period is named: the table names them all.
LEVEL_PERIODS = 4
MOST_PERIOD_NAMES = 12
MARKER_SIZE = 6
#: One marker shape per line of a panel, so lines differ in shape as well as colour.
MARKERS = ("o", "s", "D", "^", "v", "P")
#: A panel's alt text is at most this long (a screen reader reads it whole; the table has the values).
ALT_MAX_CHARS = 400

#: A panel's alt text, in the report's language, by what its chart draws and whether it has other panels.
PANEL_ALTS = {
    ("percent", False): N_("{title}: the share in {percent_sign} of {lines}, {first} to {last}"),
    ("count", False): N_("{title}: the number of {lines}, {first} to {last}"),
    ("percent", True): N_("{title}, part {part} of {parts}: the share in {percent_sign} of {lines}, {first} to {last}"),
    ("count", True): N_("{title}, part {part} of {parts}: the number of {lines}, {first} to {last}"),
}
# TRANSLATORS: in place of the lines' names when they would make the alt text too long.
SOME_LINES = N_("{count} categories")
GAPS_ALT = N_("; a hidden count is a gap in its line")
TABLE_ALT = N_(". The table below gives every value.")


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


def line_groups(labels: Sequence[str], most: int = MAX_LINES) -> list[list[str]]:
    """``labels`` in order, split into as few groups of at most ``most`` as can be, of nearly equal size.

    Sixteen categories make panels of 6, 5 and 5 rather than 6, 6 and 4: no panel is much
    emptier than the others.
    """
    if not labels:
        return []
    count = math.ceil(len(labels) / most)
    size, larger = divmod(len(labels), count)
    groups, start = [], 0
    for index in range(count):
        end = start + size + (index < larger)
        groups.append(list(labels[start:end]))
        start = end
    return groups


def line_chart(
    frame: pd.DataFrame,
    value: ValueKind = "percent",
    *,
    title: str = "",
    ax: Axes | None = None,
    palette: str | list | None = None,
    top: float | None = None,
) -> Axes:
    """Draw a chart over time: one line per category, a marker per period where its value is shown.

    Parameters
    ----------
    frame
        The chart over time (``period``, ``code``, ``label``, ``count``, ``percent``), periods
        in order; at most six categories are shown (`trend_chart` splits a chart into panels).
    value
        ``"percent"`` draws each category's share, ``"count"`` its count.
    title
        The chart's name: not drawn (the report's heading names it) but kept as the Axes' label.
    ax
        Where to draw; by default a new panel-sized Figure, made without pyplot, with the legend
        below the plot.
    palette
        seaborn palette of the lines; by default the house colour for one line, seaborn's
        ``colorblind`` palette for more.
    top
        The top of the value axis, so that the panels of one chart share their scale; by default
        the largest value's.

    Returns
    -------
    matplotlib.axes.Axes
        The drawn Axes.
    """
    points = line_values(frame, value)
    periods = list(dict.fromkeys(frame["period"]))
    labels = list(dict.fromkeys(points["label"]))
    if len(labels) > MAX_LINES:
        raise ValueError(f"at most {MAX_LINES} lines in one axes, not {len(labels)}: draw them with trend_chart")
    names = {label: "\n".join(textwrap.wrap(label, LEGEND_WRAP_CHARS)) or label for label in labels}
    legend_lines = sum(name.count("\n") + 1 for name in names.values()) if len(labels) > 1 else 0
    axis = AXIS_INCHES if len(periods) <= LEVEL_PERIODS else SLANTED_AXIS_INCHES
    new_panel = ax is None
    if ax is None:
        ax = _panel(axis, legend_lines)
    ax.set_label(title)
    if points.empty:
        return ax
    points["label"] = points["label"].map(names)
    shown = [names[label] for label in labels]
    # One line per unbroken run (units): seaborn would otherwise join the points around a gap.
    sns.lineplot(
        points, x="position", y="value", hue="label", hue_order=shown, style="label", style_order=shown,
        markers=list(MARKERS[: len(shown)]), dashes=False, units="segment", estimator=None, sort=True,
        markersize=MARKER_SIZE, palette=palette or _palette(len(shown)), ax=ax, legend=len(shown) > 1,
    )  # fmt: skip
    _period_axis(ax, periods)
    ax.set_ylim(0, top if top is not None else _top(points["value"]))
    ax.set(xlabel="", ylabel="%" if value == "percent" else "")
    sns.despine(ax=ax)
    if new_panel and ax.get_legend() is not None:
        figure = ax.get_figure(root=True)
        assert isinstance(figure, Figure)
        width, height = figure.get_size_inches()
        # Below the periods' names, from the figure's left margin: the labels have the panel's width.
        sns.move_legend(
            ax, "upper left", bbox_to_anchor=(MARGIN_INCHES / width, 1 - (MARGIN_INCHES + PLOT_HEIGHT_INCHES + axis) / height),
            bbox_transform=figure.transFigure, ncols=1, title=None, frameon=False, borderaxespad=0,
            handletextpad=0.5, borderpad=0, labelspacing=0.25,
        )  # fmt: skip
    return ax


def _panel(axis: float, legend_lines: int) -> Axes:
    """A new panel-sized figure: the plot on top, the periods' names under it, then the legend."""
    legend = legend_lines * LEGEND_LINE_INCHES
    height = MARGIN_INCHES + PLOT_HEIGHT_INCHES + axis + legend + MARGIN_INCHES
    figure = Figure(figsize=(PANEL_WIDTH_INCHES, height))
    ax = figure.add_subplot()
    figure.subplots_adjust(
        left=LEFT_INCHES / PANEL_WIDTH_INCHES, right=1 - MARGIN_INCHES / PANEL_WIDTH_INCHES,
        bottom=(MARGIN_INCHES + legend + axis) / height, top=1 - MARGIN_INCHES / height,
    )  # fmt: skip
    return ax


def _period_axis(ax: Axes, periods: list[str]) -> None:
    """A tick per period; names level when few, slanted when more, every k-th when very many."""
    step = math.ceil(len(periods) / MOST_PERIOD_NAMES)
    ax.set_xticks(range(len(periods)), [name if index % step == 0 else "" for index, name in enumerate(periods)])
    ax.set_xlim(-0.3, len(periods) - 0.7)
    if len(periods) > LEVEL_PERIODS:
        for label in ax.get_xticklabels():
            label.set(rotation=45, horizontalalignment="right", rotation_mode="anchor")


def _top(values: pd.Series) -> float:
    """The top of a value axis: a little above the largest value, 1 when there is none."""
    largest = values.max()
    return float(largest) * 1.08 if pd.notna(largest) and largest > 0 else 1.0


def _palette(lines: int) -> list:
    """The house colour for one line; else the first colours of seaborn's colour-blind-safe palette."""
    if lines == 1:
        return [BAR_COLOR]
    return sns.color_palette("colorblind", lines)


@dataclass(frozen=True, repr=False)
class SmallMultiples:
    """A chart as panels, each an image with its alt text, shown side by side as room allows."""

    panels: tuple[ChartImage, ...]

    def html(self) -> str:
        """The panels' ``<img>`` elements in one ``<div class="small-multiples">``."""
        return str(html_part("small_multiples", self.panels))

    def _repr_html_(self) -> str:
        return self.html()

    def __html__(self) -> Markup:
        return Markup(self.html())

    def __repr__(self) -> str:
        return f"SmallMultiples({len(self.panels)} panels)"


def trend_chart(
    frame: pd.DataFrame,
    value: ValueKind = "percent",
    *,
    title: str = "",
    palette: str | list | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> SmallMultiples | None:
    """A chart over time as small multiples: a panel per group of at most six categories.

    Every panel of the chart has the same value axis, so lines of different panels compare as
    those of one. ``None`` when no category has a value to show.

    Parameters
    ----------
    frame, value, title, palette
        As for `line_chart`; ``title`` begins each panel's alt text.
    language
        The report's language: the panels' alt text.
    """
    periods = list(dict.fromkeys(frame["period"]))
    panels = trend_panels(frame, value, title=title, palette=palette)
    images = []
    for part, (labels, ax) in enumerate(panels, start=1):
        hidden = bool(frame.loc[frame["label"].isin(labels), "count"].map(is_suppressed).any())
        alt = panel_alt(title, value, labels, periods, hidden, (part, len(panels)), language)
        images.append(chart_image(ax, alt=alt))
    return SmallMultiples(tuple(images)) if images else None


def trend_panels(
    frame: pd.DataFrame, value: ValueKind = "percent", *, title: str = "", palette: str | list | None = None
) -> list[tuple[list[str], Axes]]:
    """`trend_chart`'s panels: each group's categories and its drawn Axes (a Figure of its own), on one scale."""
    points = line_values(frame, value)
    top = _top(points["value"])
    return [
        (group, line_chart(frame[frame["label"].isin(group)], value, title=title, palette=palette, top=top))
        for group in line_groups(list(dict.fromkeys(points["label"])))
    ]


def panel_alt(
    title: str,
    value: ValueKind,
    labels: Sequence[str],
    periods: Sequence[str],
    gaps: bool = False,
    part: tuple[int, int] = (1, 1),
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """What a panel shows, in at most 400 characters: its chart, lines and periods; not every value.

    >>> panel_alt("Cases", "count", ["Clients", "Cases"], ["2023-H1", "2023-H2"])
    'Cases: the number of Clients, Cases, 2023-H1 to 2023-H2. The table below gives every value.'
    """
    number, parts = part
    template = text_in(PANEL_ALTS[(value, parts > 1)], language)
    ending = (text_in(GAPS_ALT, language) if gaps else "") + text_in(TABLE_ALT, language)
    span = {"first": periods[0], "last": periods[-1], "part": number, "parts": parts, "percent_sign": "%"}
    for lines in (", ".join(labels), text_in(SOME_LINES, language).format(count=len(labels))):
        alt = template.format(title=title, lines=lines, **span) + ending
        if len(alt) <= ALT_MAX_CHARS:
            return alt
    return alt[: ALT_MAX_CHARS - 1] + "…"  # a title of hundreds of characters


def trend_frame(frame: pd.DataFrame, value: ValueKind = "percent", language: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The table of a chart over time: a row per category, a column per period, cells as text.

    A percent cell reads ``52.2 % (45)``: the share and its count; a hidden count shows its
    word and no share (``– (suppressed)``). A count cell is the count or that word. In ``language``.
    """
    category = text_in(DATA_TABLE_HEADERS[0], language)
    if value == "count":  # as its chart (`line_values`), a count table reads no percent
        cells = [count_text(count, language) for count in frame["count"]]
    else:
        cells = [
            f"{percent_text(percent, language)} ({count_text(count, language)})"
            for count, percent in zip(frame["count"], frame["percent"], strict=True)
        ]
    long = pd.DataFrame({category: frame["label"].astype(str), "period": frame["period"], "cell": cells})
    wide = long.pivot(index=category, columns="period", values="cell")
    wide = wide.loc[list(dict.fromkeys(long[category])), list(dict.fromkeys(long["period"]))]
    wide.columns.name = None
    return wide.reset_index()


def trend_table(
    frame: pd.DataFrame, value: ValueKind = "percent", table_id: str | None = None, *, language: str = DEFAULT_LANGUAGE
) -> ChartTable:
    """`trend_frame` as a Styler in the house style, in ``language``: every category and period, text escaped."""
    styler = house_table(trend_frame(frame, value, language), table_id)
    styler.format(escape="html")
    styler.format_index(escape="html", axis="columns")
    styler.hide(axis="index")
    return styler
