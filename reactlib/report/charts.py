"""The report's bar charts, written as SVG: the same bytes on every run.

Each chart is a horizontal bar chart in the categories' published order with its value written
at the end of each bar, so it reads without a legend or an axis. Categories with a count of zero
are left out; a category whose count small-cell suppression hides (``<5``) keeps its label and
shows ``<5`` without a bar, since its length would give the count away.

A chart is a fixed list of rectangles, texts and one axis line, so the SVG is written here
directly rather than drawn by a plotting library: drawing it with matplotlib cost half of a
report's kernel time, and importing seaborn and matplotlib's figure machinery a second more
in every kernel. The text stays text, in DejaVu Sans: sharp on a phone and in print, and
searchable in the PDF. Only label widths must be measured, to know where the bars start; they
are measured with FreeType (through matplotlib's ``ft2font``) in the DejaVu Sans that matplotlib
bundles, so the layout does not vary by machine; Debian's fonts-dejavu-core gives Chromium the
same font to draw with (the Makefile installs it).

Examples
--------
>>> import pandas as pd
>>> from reactlib.count.aggregate import Chart
>>> items = pd.DataFrame({"code": ["a", "b"], "label": ["A", "B"], "count": [3, 0],
...                       "percent": [100.0, 0.0]})
>>> image = render_chart(Chart("demo", "cases", 3, items), "Demo", "percent")
>>> image.svg[:4], image.alt
(b'<svg', 'Demo, bar chart: A 100.0 %.')
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.ft2font import FT2Font, LoadFlags

from reactlib.report.formatting import count_text, is_suppressed, percent_text

if TYPE_CHECKING:
    from reactlib.count.aggregate import Chart

#: What a chart's bars show: the share of n, or the count itself (key populations).
ValueKind = Literal["percent", "count"]

BAR_COLOR = "#2a6f97"
TEXT_COLOR = "#1b1b1b"
#: The axis line as seaborn's "white" style draws it in its "notebook" context.
AXIS_COLOR = "#262626"
AXIS_WIDTH_POINTS = 1.25
FONT_FAMILY = "DejaVu Sans"
FONT_FILE = "DejaVuSans.ttf"
FONT_SIZE = 10  # points
#: Between the baselines of a wrapped label's lines, in font sizes.
LINE_SPACING = 1.2
WIDTH_INCHES = 6.4
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

POINTS_PER_INCH = 72
CSS_PIXELS_PER_INCH = 96
#: Text is measured at 100 pt and scaled down, as matplotlib does: FreeType rounds a string's
#: box to whole pixels, a large error at 10 pt. It measures in 64ths of a pixel; at 72 dpi a
#: pixel is a point.
_MEASURING_SIZE = 100
_POINTS_PER_UNIT = FONT_SIZE / _MEASURING_SIZE / 64


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
    """The chart's SVG and its size in CSS pixels.

    Each category gets a slot of equal height, as on a categorical axis; the bar fills 70 % of
    it. Lengths are in points, with y growing downwards.
    """
    labels = [_wrapped(bar.label) for bar in drawn]
    height_inches = _height(labels)
    width, height = WIDTH_INCHES * POINTS_PER_INCH, height_inches * POINTS_PER_INCH
    margin = MARGIN_INCHES * POINTS_PER_INCH
    left = (_widest_line(labels) + LABEL_PAD_INCHES) * POINTS_PER_INCH
    label_end = left - TICK_PAD_INCHES * POINTS_PER_INCH
    right, top, bottom = width - margin, margin, height - margin
    slot = (bottom - top) / len(drawn)
    longest = max((bar.length for bar in drawn), default=0.0) or 1.0
    points_per_unit = (right - left) / (longest * (1 + VALUE_HEADROOM))
    value_offset = longest * VALUE_OFFSET * points_per_unit
    rectangles, texts = [], []
    for position, (bar, label) in enumerate(zip(drawn, labels, strict=True)):
        middle = top + (position + 0.5) * slot
        bar_end = left + bar.length * points_per_unit
        if bar.length > 0:
            rectangles.append(
                f'<rect x="{_n(left)}" y="{_n(middle - BAR_SHARE * slot / 2)}" '
                f'width="{_n(bar_end - left)}" height="{_n(BAR_SHARE * slot)}"/>'
            )
        texts.append(_text(label.split("\n"), label_end, middle, "end"))
        texts.append(_text([bar.text], bar_end + value_offset, middle, "start"))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}">'
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>'
        f'<g fill="{BAR_COLOR}">{"".join(rectangles)}</g>'
        f'<path d="M {_n(left)} {_n(bottom)} V {_n(top)}" fill="none" stroke="{AXIS_COLOR}" '
        f'stroke-width="{_n(AXIS_WIDTH_POINTS)}" stroke-linecap="round"/>'
        f"<g font-family=\"'{FONT_FAMILY}', sans-serif\" font-size=\"{FONT_SIZE}\" fill=\"{TEXT_COLOR}\" "
        # An image does not inherit the page's CSS: without this, Chromium draws "ff" or "fi" as
        # one ligature glyph, which a PDF's text gives back as U+FB00 ("aﬀected").
        f'style="font-variant-ligatures: none">'
        f'{"".join(texts)}</g></svg>\n'
    )
    size = (round(WIDTH_INCHES * CSS_PIXELS_PER_INCH), round(height_inches * CSS_PIXELS_PER_INCH))
    return svg.encode("utf-8"), size


def _text(lines: list[str], x: float, middle: float, anchor: str) -> str:
    """Lines of text anchored at ``x``, their block centred vertically on ``middle``.

    The block reaches from the first line's ascent to the last line's descent, both measured on
    "lp" (a tall and a descending letter) so that every label sits alike, whatever its letters.
    """
    ascent, descent = _line_metrics()
    step = LINE_SPACING * FONT_SIZE
    first = middle - ((len(lines) - 1) * step - ascent + descent) / 2
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(first + number * step)}">{escape(line)}</tspan>'
        for number, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}">{spans}</text>'


def _n(value: float) -> str:
    """A length in points, to a hundredth: the same text for the same figures on every run."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _widest_line(labels: list[str]) -> float:
    """The width in inches of the longest label line."""
    return max(_line_width(line) for label in labels for line in label.split("\n"))


@functools.cache
def _line_width(line: str) -> float:
    """The width in inches of one line of label text, unhinted, as the SVG draws it.

    Cached: the labels are the categories' fixed labels, measured once per process rather than
    in every chart of every report.
    """
    font = _font()
    font.set_text(line, 0.0, flags=LoadFlags.NO_HINTING)
    width, _ = font.get_width_height()
    return width * _POINTS_PER_UNIT / POINTS_PER_INCH


@functools.cache
def _line_metrics() -> tuple[float, float]:
    """The ascent and descent in points of a line of text, measured on "lp" as matplotlib does."""
    font = _font()
    font.set_text("lp", 0.0, flags=LoadFlags.NO_HINTING)
    _, height = font.get_width_height()
    descent = font.get_descent()
    return (height - descent) * _POINTS_PER_UNIT, descent * _POINTS_PER_UNIT


@functools.cache
def _font() -> FT2Font:
    font = FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILE))
    font.set_size(_MEASURING_SIZE, POINTS_PER_INCH)
    return font

