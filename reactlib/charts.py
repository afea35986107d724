"""The report's bar charts: one seaborn theme, SVG bytes that are the same on every run.

Each chart is a horizontal bar chart in the categories' published order with its value written
at the end of each bar, so it reads without a legend or an axis. Categories with a count of zero
are left out; a category whose count small-cell suppression hides (``<5``) keeps its label and
shows ``<5`` without a bar, since its length would give the count away.

Figures are drawn without pyplot, which keeps the notebook's own backend untouched. They are
written as SVG with their text kept as text (in DejaVu Sans, which matplotlib measures with and
the browser draws with): sharp on a phone and in print, searchable in the PDF, a fifth of the
size of a PNG and less than half its drawing time. The SVG's date is left out and its element
ids are salted with a constant, so its bytes are a function of the figures alone.

Examples
--------
>>> import pandas as pd
>>> from reactlib.aggregate import Chart
>>> items = pd.DataFrame({"code": ["a", "b"], "label": ["A", "B"], "count": [3, 0],
...                       "percent": [100.0, 0.0]})
>>> image = render_chart(Chart("demo", "cases", 3, items), "Demo", "percent")
>>> image.svg[:5], image.alt
(b'<?xml', 'Demo, bar chart: A 100.0 %.')
"""

from __future__ import annotations

import functools
import io
import textwrap
from dataclasses import dataclass
from typing import Literal

import seaborn as sns
from matplotlib import rc_context, rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from reactlib.aggregate import Chart
from reactlib.formatting import count_text, is_suppressed, percent_text

#: What a chart's bars show: the share of n, or the count itself (key populations).
ValueKind = Literal["percent", "count"]

BAR_COLOR = "#2a6f97"
TEXT_COLOR = "#1b1b1b"
#: Bundled with matplotlib, so the measurements do not vary by machine; Debian's
#: fonts-dejavu-core gives Chromium the same font to draw with (the Makefile installs it).
FONT_FAMILY = "DejaVu Sans"
FONT_SIZE = 10
WIDTH_INCHES = 6.4
DPI = 100  # for measuring text; the SVG itself has no resolution
LINE_HEIGHT_INCHES = 0.17
BAR_GAP_INCHES = 0.08
MARGIN_INCHES = 0.12
#: Between a label's end and the axis line, as between a tick label and its axis: 6 pt.
TICK_PAD_INCHES = 6 / 72
#: Left of the axis line, beside the longest label: the tick pad and a little air.
LABEL_PAD_INCHES = 0.16
LABEL_WRAP_CHARS = 34
#: The share of its slot a bar fills.
BAR_SHARE = 0.7
#: The gap between a bar's end and its value, and the room right of the longest bar for its
#: value, as shares of the longest bar.
VALUE_OFFSET = 0.015
VALUE_HEADROOM = 0.22

CSS_PIXELS_PER_INCH = 96
#: seaborn's "white" style gives the axis line its colour and width; these settings go on top.
SVG_SETTINGS = {
    "svg.fonttype": "none",  # text stays text
    "svg.hashsalt": "reactlib",  # element ids are hashes: salt them with a constant
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": FONT_SIZE,
}


@dataclass(frozen=True)
class Bar:
    """One drawn category: its label, bar length (0 when hidden) and the text at its end."""

    label: str
    length: float
    text: str


@dataclass(frozen=True)
class ChartImage:
    """A rendered chart: SVG bytes, its size in CSS pixels, and a sentence listing its values."""

    svg: bytes
    width: int
    height: int
    alt: str


def bars(chart: Chart, kind: ValueKind) -> list[Bar]:
    """The categories a chart draws, in published order: zeros left out, hidden counts kept."""
    drawn = []
    for row in chart.items.itertuples(index=False):
        if is_suppressed(row.count):
            drawn.append(Bar(row.label, 0.0, count_text(row.count)))
        elif int(row.count) > 0:
            drawn.append(_bar(row.label, int(row.count), row.percent, kind))
    return drawn


def _bar(label: str, count: int, percent: float, kind: ValueKind) -> Bar:
    if kind == "count":
        return Bar(label, float(count), count_text(count))
    return Bar(label, float(percent), percent_text(percent))


def alt_text(title: str, drawn: list[Bar]) -> str:
    """A sentence naming the chart and every value it shows."""
    values = "; ".join(f"{bar.label} {bar.text}" for bar in drawn)
    return f"{title}, bar chart: {values}."


def render_chart(chart: Chart, title: str, kind: ValueKind) -> ChartImage | None:
    """Draw ``chart`` as an SVG image; ``None`` when it has no category to show."""
    drawn = bars(chart, kind)
    if not drawn:
        return None
    svg, (width, height) = _svg(drawn)
    return ChartImage(svg=svg, width=width, height=height, alt=alt_text(title, drawn))


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WRAP_CHARS, break_on_hyphens=False)) or label


def _height(labels: list[str]) -> float:
    lines = sum(label.count("\n") + 1 for label in labels)
    return lines * LINE_HEIGHT_INCHES + len(labels) * BAR_GAP_INCHES + 2 * MARGIN_INCHES


def _svg(drawn: list[Bar]) -> tuple[bytes, tuple[int, int]]:
    labels = [_wrapped(bar.label) for bar in drawn]
    with sns.axes_style("white"), sns.plotting_context("notebook"), rc_context(SVG_SETTINGS):
        figure = Figure(figsize=(WIDTH_INCHES, _height(labels)), dpi=DPI)
        FigureCanvasAgg(figure)
        _draw_bars(figure, drawn, labels)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    width, height = figure.get_size_inches() * CSS_PIXELS_PER_INCH
    return buffer.getvalue(), (round(width), round(height))


def _draw_bars(figure: Figure, drawn: list[Bar], labels: list[str]) -> None:
    """Bars, labels, values and the axis line, placed in inches on the bare figure.

    No axes: a matplotlib Axes builds ticks, spines and scales that a fixed list of bars never
    uses, and doing without them makes a chart three times faster to draw. Each category gets a
    slot of equal height, as on a categorical axis; the bar fills 70 % of it.
    """
    width, height = figure.get_size_inches()
    left = _widest_line(labels) + LABEL_PAD_INCHES
    right, top, bottom = width - MARGIN_INCHES, height - MARGIN_INCHES, MARGIN_INCHES
    slot = (top - bottom) / len(drawn)
    longest = max((bar.length for bar in drawn), default=0.0) or 1.0
    inches_per_unit = (right - left) / (longest * (1 + VALUE_HEADROOM))
    value_offset = longest * VALUE_OFFSET * inches_per_unit
    inches = figure.dpi_scale_trans
    text_style = {"transform": inches, "va": "center", "color": TEXT_COLOR, "fontsize": FONT_SIZE}
    for position, (bar, label) in enumerate(zip(drawn, labels, strict=True)):
        middle = top - (position + 0.5) * slot
        bar_end = left + bar.length * inches_per_unit
        if bar.length > 0:
            figure.add_artist(Rectangle(
                (left, middle - BAR_SHARE * slot / 2), bar_end - left, BAR_SHARE * slot,
                transform=inches, facecolor=BAR_COLOR, linewidth=0,
            ))  # fmt: skip
        figure.text(left - TICK_PAD_INCHES, middle, label, ha="right", **text_style)
        figure.text(bar_end + value_offset, middle, bar.text, ha="left", **text_style)
    figure.add_artist(Line2D(
        [left, left], [bottom, top], transform=inches,
        color=rcParams["axes.edgecolor"], linewidth=rcParams["axes.linewidth"],
    ))  # fmt: skip


def _widest_line(labels: list[str]) -> float:
    """The width in inches of the longest label line."""
    return max(_line_width(line) for label in labels for line in label.split("\n"))


@functools.cache
def _line_width(line: str) -> float:
    """The width in inches of one line of label text, as matplotlib's Agg renderer measures it.

    Cached: the labels are the categories' fixed labels, measured once per process rather than
    in every chart of every report.
    """
    font = FontProperties(family=FONT_FAMILY, size=FONT_SIZE)
    width, _, _ = _measuring_renderer().get_text_width_height_descent(line, font, ismath=False)
    return width / DPI


@functools.cache
def _measuring_renderer() -> RendererAgg:
    return RendererAgg(1, 1, DPI)
