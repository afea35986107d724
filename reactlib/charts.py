"""The report's bar charts: one seaborn theme, PNG bytes that are the same on every run.

Each chart is a horizontal bar chart in the categories' published order with its value written
at the end of each bar, so it reads without a legend or an axis. Categories with a count of zero
are left out; a category whose count small-cell suppression hides (``<5``) keeps its label and
shows ``<5`` without a bar, since its length would give the count away.

Figures are drawn on matplotlib's Agg canvas directly (no pyplot), which keeps the notebook's own
backend untouched and makes the PNG bytes a function of the figures alone; PNG metadata is
cleared so the matplotlib version string is not written into the image.

Examples
--------
>>> import pandas as pd
>>> from reactlib.aggregate import Chart
>>> items = pd.DataFrame({"code": ["a", "b"], "label": ["A", "B"], "count": [3, 0],
...                       "percent": [100.0, 0.0]})
>>> image = render_chart(Chart("demo", "cases", 3, items), "Demo", "percent")
>>> image.png[:4], image.alt
(b'\\x89PNG', 'Demo, bar chart: A 100.0 %.')
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reactlib.aggregate import Chart
from reactlib.formatting import count_text, is_suppressed, percent_text

#: What a chart's bars show: the share of n, or the count itself (key populations).
ValueKind = Literal["percent", "count"]

BAR_COLOR = "#2a6f97"
TEXT_COLOR = "#1b1b1b"
WIDTH_INCHES = 6.4
DPI = 150
LINE_HEIGHT_INCHES = 0.17
BAR_GAP_INCHES = 0.08
MARGIN_INCHES = 0.12
LABEL_WRAP_CHARS = 34
#: Room to the right of the longest bar for its value, as a share of the longest value.
VALUE_HEADROOM = 0.22

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
    """A rendered chart: PNG bytes and a sentence that lists its values for screen readers."""

    png: bytes
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
    """Draw ``chart`` as a PNG; ``None`` when it has no category to show."""
    drawn = bars(chart, kind)
    if not drawn:
        return None
    return ChartImage(png=_png(drawn), alt=alt_text(title, drawn))


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WRAP_CHARS, break_on_hyphens=False)) or label


def _height(labels: list[str]) -> float:
    lines = sum(label.count("\n") + 1 for label in labels)
    return lines * LINE_HEIGHT_INCHES + len(labels) * BAR_GAP_INCHES + 2 * MARGIN_INCHES


def _png(drawn: list[Bar]) -> bytes:
    labels = [_wrapped(bar.label) for bar in drawn]
    frame = pd.DataFrame({"label": labels, "length": [bar.length for bar in drawn]})
    with sns.axes_style("white"), sns.plotting_context("notebook", rc=THEME):
        figure = Figure(figsize=(WIDTH_INCHES, _height(labels)), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        sns.barplot(
            data=frame, x="length", y="label", order=labels, color=BAR_COLOR,
            errorbar=None, orient="h", ax=axes, width=0.7, saturation=1,
        )  # fmt: skip
        _annotate(axes, drawn)
        figure.tight_layout(pad=0.4)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


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
