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

import io
import textwrap
from dataclasses import dataclass
from typing import Literal

import seaborn as sns
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from reactlib.aggregate import Chart
from reactlib.formatting import count_text, is_suppressed, percent_text

#: What a chart's bars show: the share of n, or the count itself (key populations).
ValueKind = Literal["percent", "count"]

BAR_COLOR = "#2a6f97"
TEXT_COLOR = "#1b1b1b"
WIDTH_INCHES = 6.4
DPI = 100  # for measuring text; the SVG itself has no resolution
LINE_HEIGHT_INCHES = 0.17
BAR_GAP_INCHES = 0.08
MARGIN_INCHES = 0.12
#: Between a label and the axis line: the tick pad (6 pt) and a little air.
LABEL_PAD_INCHES = 0.16
LABEL_WRAP_CHARS = 34
#: Room to the right of the longest bar for its value, as a share of the longest value.
VALUE_HEADROOM = 0.22

CSS_PIXELS_PER_INCH = 96
SVG_SETTINGS = {
    "svg.fonttype": "none",  # text stays text
    "svg.hashsalt": "reactlib",  # element ids are hashes: salt them with a constant
    # The browser draws the text with the font matplotlib measured it with; Debian's
    # fonts-dejavu-core provides it to Chromium (the Makefile installs it).
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
}

THEME = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib, so the pixels do not vary by machine
    "font.size": 10,
    "axes.edgecolor": "#8a8a8a",
    "axes.labelcolor": TEXT_COLOR,
    "ytick.color": TEXT_COLOR,
    "ytick.labelsize": 10,
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
    with sns.axes_style("white"), sns.plotting_context("notebook", rc=THEME), rc_context(SVG_SETTINGS):
        figure = Figure(figsize=(WIDTH_INCHES, _height(labels)), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        # Plain bars in seaborn's theme: seaborn's barplot would aggregate one value per bar
        # and costs a third of a report's render time for nothing a fixed list needs.
        positions = range(len(drawn))
        axes.barh(positions, [bar.length for bar in drawn], height=0.7, color=BAR_COLOR)
        axes.set_yticks(positions, labels)
        axes.set_ylim(len(drawn) - 0.5, -0.5)  # first category on top, as published
        _annotate(axes, drawn)
        _fit_margins(figure, labels)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    width, height = figure.get_size_inches() * CSS_PIXELS_PER_INCH
    return buffer.getvalue(), (round(width), round(height))


def _fit_margins(figure: Figure, labels: list[str]) -> None:
    """Leave room on the left for the longest label line, measured with the figure's renderer.

    The same result as ``tight_layout`` without drawing the whole figure an extra time.
    """
    renderer = figure.canvas.get_renderer()
    font = FontProperties(family=THEME["font.family"], size=THEME["ytick.labelsize"])
    widest = max(
        renderer.get_text_width_height_descent(line, font, ismath=False)[0]
        for label in labels
        for line in label.split("\n")
    )
    width, height = figure.get_size_inches()
    left = (widest / DPI + LABEL_PAD_INCHES) / width
    figure.subplots_adjust(
        left=left, right=1 - MARGIN_INCHES / width,
        bottom=MARGIN_INCHES / height, top=1 - MARGIN_INCHES / height,
    )  # fmt: skip


def _annotate(axes, drawn: list[Bar]) -> None:
    longest = max((bar.length for bar in drawn), default=0.0) or 1.0
    offset = longest * 0.015
    for position, bar in enumerate(drawn):
        axes.text(
            bar.length + offset, position, bar.text, va="center", ha="left",
            color=TEXT_COLOR, fontsize=10,
        )  # fmt: skip
    axes.set_xlim(0, longest * (1 + VALUE_HEADROOM))
    axes.set_xlabel("")
    axes.set_ylabel("")
    axes.xaxis.set_visible(False)
    axes.tick_params(axis="y", length=0, pad=6)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
