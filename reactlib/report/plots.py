"""The report's charts in seaborn: one house theme, thin chart functions, and the image they make.

`set_theme` sets the house style once (seaborn's "white" style, DejaVu Sans at 10 pt, text kept as
text in SVG). `bar_chart` draws one of the report's bar charts with `seaborn.barplot` from a
chart's tidy frame (`reactlib.count.aggregate.Chart.items`) and returns the matplotlib Axes, so an
analyst can restyle it or draw beside it with seaborn. `chart_image` turns a drawn Figure or Axes
into the report's image: SVG bytes that are the same on every run, its size, and alt text.

A bar chart is horizontal, in the categories' published order, with its value written at the end
of each bar, so it reads without a legend or an x axis. Categories with a count of zero are left
out; a category whose count small-cell suppression hides (``<5``) keeps its label and shows
``<5`` without a bar, since its length would give the count away.

How the alt text reaches the report: a `ChartImage` is shown in a notebook as ``text/html``,
an ``<img>`` whose ``src`` is the SVG as a base64 data URI and whose ``alt`` is the sentence
listing every value shown. nbconvert copies ``text/html`` outputs into the page as they are, so
the alt text survives into the HTML and the PDF printed from it; an ``image/svg+xml`` output
would lose it, as nbconvert writes such outputs without alt text.

Examples
--------
>>> import pandas as pd
>>> set_theme()
>>> items = pd.DataFrame({"code": ["a", "b"], "label": ["A", "B"], "count": [3, 0],
...                       "percent": [100.0, 0.0]})
>>> image = chart(items, "percent", title="Demo")
>>> image.svg[:5], image.alt
(b'<?xml', 'Demo, bar chart: A 100.0 %.')
"""

from __future__ import annotations

import base64
import functools
import importlib
import io
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation

from reactlib.count.crosstabs import CrossTab
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import count_text, is_missing, percent_text
from reactlib.language.messages import text_in
from reactlib.report.markup import part
from reactlib.report.tables import is_suppressed

#: What a chart's bars show: the share of n, or the count itself (key populations).
ValueKind = Literal["percent", "count"]

BAR_COLOR = "#2a6f97"
TEXT_COLOR = "#1b1b1b"
FONT_FAMILY = "DejaVu Sans"
FONT_SIZE = 10  # points
#: Element ids in the SVG are hashes salted with this, so they are the same on every run.
SVG_HASH_SALT = "reactlib"
#: seaborn's theme with the house settings on top. DejaVu Sans is bundled with matplotlib, so
#: text is measured alike on every machine; Debian's fonts-dejavu-core gives Chromium the same
#: font to draw with.
HOUSE_RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "text.color": TEXT_COLOR,
    "axes.labelcolor": TEXT_COLOR,
    "xtick.labelcolor": TEXT_COLOR,
    "ytick.labelcolor": TEXT_COLOR,
    "svg.fonttype": "none",  # text stays text: sharp, searchable, selectable
    "svg.hashsalt": SVG_HASH_SALT,
}

WIDTH_INCHES = 5.0
LINE_HEIGHT_INCHES = 0.17
BAR_GAP_INCHES = 0.08
MARGIN_INCHES = 0.12
LABEL_WRAP_CHARS = 34
#: The share of its slot a bar fills.
BAR_SHARE = 0.7
#: Room right of the longest bar for its value, as a share of the longest bar.
VALUE_HEADROOM = 0.22
#: Between a bar's end and its value, in points.
VALUE_PADDING = 3
#: How a value sits against its bar: as the category labels sit against the axis.
VALUE_ALIGNMENT: Final = "center_baseline"
#: Between a label's end and the category axis, in points.
LABEL_PADDING = 6
CSS_PIXELS_PER_INCH = 96
POINTS_PER_INCH = 72
#: An image does not inherit the page's CSS: without this, Chromium draws "ff" or "fi" as one
#: ligature glyph, which a PDF's text gives back as U+FB00 ("aﬀected").
_NO_LIGATURES = b"text { font-variant-ligatures: none }\n"


def set_theme(language: str = DEFAULT_LANGUAGE) -> None:
    """Set the house style for every chart drawn after it: seaborn's "white" theme, DejaVu Sans.

    Call it once, in the notebook's first code cell; calling it again changes nothing. A chart an
    analyst draws with plain seaborn afterwards looks like the report's own, its alt text in
    ``language`` (the report's).
    """
    sns.set_theme(context="notebook", style="white", font=FONT_FAMILY, rc=HOUSE_RC)
    _show_figures_as_report_images(language)


def _show_figures_as_report_images(language: str) -> None:
    """In IPython, show every matplotlib Figure as the report shows its charts.

    A chart an analyst draws with plain seaborn or pyplot is shown by matplotlib's inline backend
    as a PNG without alt text. A ``text/html`` formatter for Figures comes first in the
    reviewers' page (and in JupyterLab): the same figure as deterministic SVG with its text as
    text, in an ``<img>`` whose alt text `alt_text` reads from the chart's title, axis labels
    and written values. Outside IPython there is nothing to register.
    """
    shell = _ipython()
    if shell is None:
        return
    # The backend is loaded first: the inline backend, when it loads (at the first figure pyplot
    # draws), drops every format registered for Figures and sets its own (PNG).
    backend = matplotlib.get_backend()
    if backend.startswith("module://"):
        importlib.import_module(backend.removeprefix("module://"))
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Figure, functools.partial(figure_html, language=language))
    formatters["image/png"].pop(Figure, None)  # the figure once, as the report shows it


def _ipython() -> Any:
    """The running IPython shell, or None: IPython is imported only when it is running."""
    module = sys.modules.get("IPython")
    return module.get_ipython() if module is not None else None


def figure_html(figure: Figure, language: str = DEFAULT_LANGUAGE) -> str:
    """A drawn Figure as the report's ``<img>``: SVG, its size, and alt text from its Axes, in ``language``.

    The figure is left open, as a display formatter must leave what it shows.
    """
    alt = " ".join(alt_text(ax, language) for ax in figure.axes) or text_in("Chart: no description given.", language)
    width, height = (round(inches * CSS_PIXELS_PER_INCH) for inches in figure.get_size_inches())
    return ChartImage(svg=svg_bytes(figure), width=width, height=height, alt=alt).html()


# Bar charts --------------------------------------------------------------------------------------


def shown_bars(items: pd.DataFrame, value: ValueKind = "percent", language: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The categories a bar chart draws, in published order: zeros left out, hidden ones kept.

    Returns
    -------
    pandas.DataFrame
        Columns ``label``, ``length`` (the bar's length; NaN for a hidden count, which gets no
        bar) and ``text`` (what is written at the bar's end: ``52.2 %``, ``279`` or ``<5``).
    """
    rows = []
    for label, count, percent in zip(items["label"], items["count"], items["percent"], strict=True):
        if is_suppressed(count):
            rows.append((label, np.nan, count_text(count, language)))
        elif int(count) > 0:
            rows.append((label, *_length_and_text(int(count), percent, value, language)))
    return pd.DataFrame(rows, columns=["label", "length", "text"]).astype({"length": "float64"})


def _length_and_text(count: int, percent: Any, value: ValueKind, language: str) -> tuple[float, str]:
    if value == "count":
        return float(count), count_text(count, language)
    if is_missing(percent):  # a count shown whose n is hidden: its share would give n away
        return np.nan, percent_text(percent, language)
    return float(percent), percent_text(percent, language)


def wrapped(label: str) -> str:
    """A label broken into lines of at most 34 characters, so long labels leave the bars room."""
    return "\n".join(textwrap.wrap(label, LABEL_WRAP_CHARS, break_on_hyphens=False)) or label


def figure_height(labels: list[str]) -> float:
    """The height in inches of a bar chart with these (wrapped) labels: one slot per category."""
    lines = sum(label.count("\n") + 1 for label in labels)
    return lines * LINE_HEIGHT_INCHES + len(labels) * BAR_GAP_INCHES + 2 * MARGIN_INCHES


def bar_chart(
    items: pd.DataFrame,
    value: ValueKind = "percent",
    *,
    title: str = "",
    ax: Axes | None = None,
    color: str = BAR_COLOR,
    language: str = DEFAULT_LANGUAGE,
) -> Axes:
    """Draw a chart's categories as horizontal bars with their values at the bars' ends.

    Parameters
    ----------
    items
        The chart's tidy frame: ``code``, ``label``, ``count`` (an int, or a label such as
        ``"<5"`` where suppression hides it) and ``percent``, in published order.
    value
        ``"percent"`` draws the share of n, ``"count"`` the count (key populations).
    title
        The chart's name: not drawn (the report's heading names it) but kept as the Axes' label,
        and the first words of its alt text.
    ax
        Where to draw; by default a new Figure sized for the categories, made without pyplot so
        that no figure is left open in a notebook.
    color
        The bars' colour.
    language
        The report's language (`reactlib.language.LANGUAGES`): how the values are written.

    Returns
    -------
    matplotlib.axes.Axes
        The drawn Axes; the values are its texts (`matplotlib.axes.Axes.bar_label`).
    """
    return _draw_bars(shown_bars(items, value, language), title, ax, color)


def _draw_bars(bars: pd.DataFrame, title: str, ax: Axes | None, color: str) -> Axes:
    """`bar_chart` of the bars `shown_bars` chose."""
    bars["label"] = bars["label"].map(wrapped)
    if ax is None:
        height = figure_height(list(bars["label"]))
        ax = Figure(figsize=(WIDTH_INCHES, height)).add_subplot()
        new_figure = True
    else:
        new_figure = False
    ax.set_label(title)
    if bars.empty:
        return ax
    order = list(bars["label"])
    # seaborn labels only an Axes without axis labels, and first makes and formats every tick of
    # both axes to decide whether the labels show: a fifth of a report's bar charts drawn and
    # saved (bench/bench_charts.py), for labels `_strip` removes. Labelled beforehand, the Axes
    # is drawn and saved to the same bytes without that work.
    ax.set(xlabel=" ", ylabel=" ")
    # A hidden count's length is NaN: seaborn keeps its category on the axis and draws no bar.
    sns.barplot(
        bars, x="length", y="label", order=order, orient="h", color=color, width=BAR_SHARE,
        errorbar=None, saturation=1, ax=ax,
    )  # fmt: skip
    _write_values(ax, bars)
    _strip(ax, bars["length"].max())
    if new_figure:
        _fit(ax)
    return ax


def _write_values(ax: Axes, bars: pd.DataFrame) -> None:
    """Each bar's value at its end, and a hidden count's label where its bar would start."""
    drawn = bars["length"].notna()
    container = ax.containers[-1]
    assert isinstance(container, BarContainer)  # the one sns.barplot just drew
    # On the category labels' baseline (matplotlib's y tick labels are "center_baseline"), so a
    # value reads on one line with its label.
    values = ax.bar_label(container, labels=list(bars.loc[drawn, "text"]), padding=VALUE_PADDING)
    for text in values:  # bar_label sets its own alignment and takes none
        text.set_verticalalignment(VALUE_ALIGNMENT)
    for position in np.flatnonzero(~drawn.to_numpy()):
        ax.annotate(
            bars["text"].iat[position], xy=(0, position), xytext=(VALUE_PADDING, 0),
            textcoords="offset points", va=VALUE_ALIGNMENT, ha="left",
        )  # fmt: skip


def _strip(ax: Axes, longest: float) -> None:
    """No x axis, legend or frame but the category axis: the values are written on the bars."""
    longest = longest if longest > 0 else 1.0  # NaN (every count hidden) or all zero
    ax.set_xlim(0, longest * (1 + VALUE_HEADROOM))
    ax.set(xlabel="", ylabel="")
    ax.xaxis.set_visible(False)
    ax.tick_params(axis="y", length=0, pad=LABEL_PADDING)
    sns.despine(ax=ax, left=False, bottom=True)


def _fit(ax: Axes, bottom: float = 0.0) -> None:
    """Leave the labels room left of the axis and the chart a small margin all round.

    The labels are measured once, as matplotlib will draw them: a layout engine would find the
    same margins by drawing the figure twice, which made a chart twice as slow to save.
    ``bottom`` is extra room in inches under the Axes (a heatmap's column labels).
    """
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    width, height = figure.get_size_inches()
    widest = max(
        _text_size(line, label.get_fontproperties())[0]
        for label in ax.get_yticklabels()
        for line in label.get_text().split("\n")
    )
    left = MARGIN_INCHES + (widest + LABEL_PADDING) / POINTS_PER_INCH
    figure.subplots_adjust(
        left=left / width, right=1 - MARGIN_INCHES / width,
        bottom=(MARGIN_INCHES + bottom) / height, top=1 - MARGIN_INCHES / height,
    )  # fmt: skip


@functools.cache
def _measuring_renderer() -> RendererAgg:
    """One renderer for measuring labels."""
    return RendererAgg(1, 1, POINTS_PER_INCH)


def _text_size(text: str, font: FontProperties) -> tuple[float, float]:
    """Width and height in points of one line of ``text`` in ``font``, as matplotlib draws it."""
    return _measured(text, font.copy())  # a copy: the key must not change with the label's font


@functools.lru_cache(maxsize=4096)
def _measured(text: str, font: FontProperties) -> tuple[float, float]:
    # Measuring a text loads its glyphs again each time (0.4 ms a line here), and the report's
    # labels are the same fixed categories in every chart of every report of a batch.
    width, height, _ = _measuring_renderer().get_text_width_height_descent(text, font, ismath=False)
    return width, height


# Heatmaps ----------------------------------------------------------------------------------------

#: The heatmap's colours: from white (0) to the house colour (the table's largest shown count).
HEATMAP_CMAP = sns.light_palette(BAR_COLOR, as_cmap=True)
#: The group names under the cells are slanted: a chart narrow enough to read on a phone has
#: columns narrower than "Государственные службы".
HEATMAP_COLUMN_SLANT = 45


def heatmap(table: CrossTab, *, title: str = "", ax: Axes | None = None, language: str = DEFAULT_LANGUAGE) -> Axes:
    """Draw a cross-tabulation as a `seaborn.heatmap` annotated with its counts.

    Parameters
    ----------
    table
        A `reactlib.count.crosstabs.CrossTab`, suppressed or not: a cell hidden by small-cell
        suppression (``"<5"``) shows its mark and is left uncoloured, since its colour would give
        the hidden count away. Zeros are shown and coloured as zero.
    title
        The table's name: not drawn (the report's heading names it) but kept as the Axes' label.
    ax
        Where to draw; by default a new Figure sized for the rows, made without pyplot.
    language
        The report's language: how the counts are written.

    Returns
    -------
    matplotlib.axes.Axes
        The drawn Axes; each cell's count (or mark) is one of its texts, row by row.
    """
    hidden = table.counts.map(is_suppressed).astype(bool)
    values = table.counts.where(~hidden).apply(pd.to_numeric).astype("float64")
    rows = [wrapped(label) for label in table.row_labels]
    values.index, values.columns = rows, list(table.column_labels)
    below = _slanted_room(table.column_labels)
    if ax is None:
        height = figure_height(rows) + below
        ax = Figure(figsize=(WIDTH_INCHES, height)).add_subplot()
        new_figure = True
    else:
        new_figure = False
    ax.set_label(title)
    largest = values.max().max()
    # Each count written as the report writes counts (spaces between thousands in Russian).
    annotations = table.counts.map(lambda value: "" if is_suppressed(value) else count_text(value, language)).to_numpy()
    # A hidden cell is NaN, which seaborn masks: neither coloured nor annotated by seaborn.
    sns.heatmap(
        values, annot=annotations, fmt="", cmap=HEATMAP_CMAP, vmin=0,
        vmax=largest if largest > 0 else 1, cbar=False, linewidths=1, linecolor="white", ax=ax,
    )  # fmt: skip
    for row, column in zip(*np.nonzero(hidden.to_numpy()), strict=True):
        ax.text(
            column + 0.5, row + 0.5, count_text(table.counts.iat[row, column], language),
            ha="center", va="center", color=TEXT_COLOR,
        )  # fmt: skip
    ax.set(xlabel="", ylabel="")
    ax.tick_params(axis="both", length=0)
    ax.tick_params(axis="y", rotation=0)
    for label in ax.get_xticklabels():
        label.set(rotation=HEATMAP_COLUMN_SLANT, horizontalalignment="right", rotation_mode="anchor")
    if new_figure:
        _fit(ax, bottom=below)
    return ax


def _slanted_room(labels: Sequence[str]) -> float:
    """The height in inches that the longest of ``labels`` takes, slanted, under the cells."""
    font = FontProperties(family=FONT_FAMILY, size=FONT_SIZE)
    slant = np.radians(HEATMAP_COLUMN_SLANT)
    tallest = max(
        (width * np.sin(slant) + height * np.cos(slant)
         for width, height in (_text_size(label, font) for label in labels)),
        default=0.0,
    )  # fmt: skip
    return float(tallest + LABEL_PADDING) / POINTS_PER_INCH


def heatmap_alt(table: CrossTab, title: str = "", language: str = DEFAULT_LANGUAGE) -> str:
    """A sentence naming the table and every cell: ``"T, heatmap of cases: Row, Column 3; …"``.

    In ``language``; a cross-tabulation always counts cases (analysis.md).
    """
    cells = "; ".join(
        f"{row}, {column} {count_text(table.counts.iat[i, j], language)}"
        for i, row in enumerate(table.row_labels)
        for j, column in enumerate(table.column_labels)
    )
    if title:
        return text_in("{title}, heatmap of cases: {cells}.", language).format(title=title, cells=cells)
    return text_in("Heatmap of cases: {cells}.", language).format(cells=cells)


def heatmap_chart(table: CrossTab, *, title: str = "", language: str = DEFAULT_LANGUAGE) -> ChartImage | None:
    """`heatmap` saved as an image with `heatmap_alt`, in ``language``; ``None`` when every cell is 0."""
    shown = table.counts.map(lambda value: is_suppressed(value) or int(value) > 0)
    if not shown.to_numpy().any():
        return None
    return chart_image(heatmap(table, title=title, language=language), alt=heatmap_alt(table, title, language))


# Images ------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class ChartImage:
    """A rendered chart: SVG bytes, its size in CSS pixels, and a sentence listing its values.

    Shown in a notebook (and so in the report nbconvert makes of it) as an ``<img>`` carrying
    its alt text.
    """

    svg: bytes
    width: int
    height: int
    alt: str

    def html(self) -> str:
        """An ``<img>`` with the SVG inline as a data URI, its size and its alt text, escaped."""
        data = base64.b64encode(self.svg).decode("ascii")
        return str(part("chart_image", data, self.alt, self.width, self.height))

    def _repr_html_(self) -> str:
        return self.html()

    def __html__(self) -> Markup:
        """The ``<img>``, for a template (markupsafe's protocol): not escaped."""
        return Markup(self.html())  # a plain str would be escaped by Markup.format

    def __repr__(self) -> str:
        return f"ChartImage({self.alt!r})"


def chart_image(drawing: Figure | Axes, alt: str | None = None, language: str = DEFAULT_LANGUAGE) -> ChartImage:
    """Save a drawn chart as the report's image, and close its figure.

    Parameters
    ----------
    drawing
        A Figure, or an Axes of it: the whole Figure is saved.
    alt
        The image's alt text; by default `alt_text` of each of the figure's Axes, in ``language``.
    language
        The report's language, for the default alt text.
    """
    figure = drawing if isinstance(drawing, Figure) else drawing.get_figure(root=True)
    assert isinstance(figure, Figure)
    text = alt if alt is not None else " ".join(alt_text(ax, language) for ax in figure.axes)
    svg = svg_bytes(figure)
    width, height = (round(inches * CSS_PIXELS_PER_INCH) for inches in figure.get_size_inches())
    _close(figure)
    return ChartImage(svg=svg, width=width, height=height, alt=text)


def svg_bytes(figure: Figure) -> bytes:
    """The figure as SVG with its text as text and the same bytes on every run.

    The date is left out of the metadata and element ids are salted with a constant, whatever
    theme the caller set.
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": SVG_HASH_SALT}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    # matplotlib's SVG opens with one CSS rule; the house rule for text goes beside it.
    return buffer.getvalue().replace(b"</style>", _NO_LIGATURES + b"</style>", 1)


def _close(figure: Figure) -> None:
    """Let go of a figure pyplot may be keeping (an analyst's ``plt.subplots``): no leak."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)


def chart(
    items: pd.DataFrame,
    value: ValueKind = "percent",
    *,
    title: str = "",
    color: str = BAR_COLOR,
    language: str = DEFAULT_LANGUAGE,
) -> ChartImage | None:
    """`bar_chart` saved as an image, in ``language``; ``None`` when the chart has no category to show."""
    bars = shown_bars(items, value, language)  # once: what decides that there is a chart is what it draws
    if bars.empty:
        return None
    return chart_image(_draw_bars(bars, title, None, color), language=language)


# Alt text ----------------------------------------------------------------------------------------


def alt_text(ax: Axes, language: str = DEFAULT_LANGUAGE) -> str:
    """A sentence naming the chart (the Axes' label) and every value written on it.

    For an Axes `bar_chart` drew: ``"2 Gender, bar chart: Female 52.2 %; Male 46.8 %."``, read
    from the drawn tick labels and value texts, so it stays true when an analyst restyles the
    chart. Any other Axes is described by its title and axis labels. In ``language``.
    """
    name = str(ax.get_label() or "") or ax.get_title()
    values = "; ".join(_category_values(ax))
    if values and name:
        return text_in("{title}, bar chart: {values}.", language).format(title=name, values=values)
    if values:
        return text_in("Bar chart: {values}.", language).format(values=values)
    axis_labels = (
        text_in("x axis {label}", language).format(label=ax.get_xlabel()) if ax.get_xlabel() else "",
        text_in("y axis {label}", language).format(label=ax.get_ylabel()) if ax.get_ylabel() else "",
    )
    parts = "; ".join(part for part in (name, *axis_labels) if part)
    if not parts:
        return text_in("Chart: no description given.", language)
    return text_in("Chart: {parts}.", language).format(parts=parts)


def _category_values(ax: Axes) -> list[str]:
    """``"label value"`` for each category with a value written beside it, top to bottom."""
    written = {
        round(float(text.xy[1])): text.get_text()
        for text in ax.texts
        if isinstance(text, Annotation) and text.get_text()
    }
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    return [
        f"{label.get_text().replace(chr(10), ' ')} {written[round(position)]}"
        for position, label in sorted(ticks, key=lambda tick: tick[0])
        if round(position) in written
    ]
