"""Charts: what is drawn, in which order, with which values, and the same bytes every time."""

from __future__ import annotations

import pandas as pd
import pytest

from reactlib.aggregate import Chart
from reactlib.charts import WIDTH_INCHES, alt_text, bars, render_chart
from reactlib.figures import suppress_chart
from reactlib.formatting import count_text, percent_text


def chart_of(counts: dict[str, int], n: int | None = None) -> Chart:
    """A chart whose percentages are worked out here, by hand, from exact fractions."""
    n = sum(counts.values()) if n is None else n
    labels = [f"Label {code}" for code in counts]
    percents = [round_half_up(100 * count / n) if n else None for count in counts.values()]
    items = pd.DataFrame(
        {"code": list(counts), "label": labels, "count": list(counts.values()), "percent": percents}
    )
    items["percent"] = items["percent"].astype("Float64")
    return Chart("demo", "cases", n, items)


def round_half_up(value: float) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_values_are_written_as_the_report_writes_them():
    assert [percent_text(v) for v in (52.2, 9.0, 0.4, 100.0)] == ["52.2 %", "9.0 %", "0.4 %", "100.0 %"]
    assert percent_text(pd.NA) == "–" and percent_text(None) == "–"
    assert count_text(279) == "279" and count_text("<5") == "<5"


def test_bars_keep_published_order_and_leave_out_zeros():
    chart = chart_of({"b": 3, "zero": 0, "a": 1})
    drawn = bars(chart, "percent")
    assert [bar.label for bar in drawn] == ["Label b", "Label a"]
    assert [bar.text for bar in drawn] == ["75.0 %", "25.0 %"]
    assert [bar.length for bar in drawn] == [75.0, 25.0]


def test_count_charts_write_counts():
    drawn = bars(chart_of({"a": 279, "b": 56}, n=300), "count")
    assert [(bar.text, bar.length) for bar in drawn] == [("279", 279.0), ("56", 56.0)]


def test_suppressed_categories_show_their_label_without_a_bar():
    chart = suppress_chart(chart_of({"big": 40, "small": 3, "none": 0}), 5)
    drawn = bars(chart, "percent")
    assert [(bar.label, bar.text, bar.length) for bar in drawn] == [
        ("Label big", "93.0 %", 93.0),
        ("Label small", "<5", 0.0),
    ]
    image = render_chart(chart, "1 Demo", "percent")
    assert image.alt == "1 Demo, bar chart: Label big 93.0 %; Label small <5."


def test_alt_text_lists_every_shown_value():
    chart = chart_of({"f": 272, "m": 244, "tf": 2, "tm": 2, "u": 1})
    image = render_chart(chart, "2 Gender", "percent")
    assert image.alt == (
        "2 Gender, bar chart: Label f 52.2 %; Label m 46.8 %; Label tf 0.4 %; Label tm 0.4 %; "
        "Label u 0.2 %."
    )
    assert alt_text("T", []) == "T, bar chart: ."


def test_empty_chart_draws_nothing():
    assert render_chart(chart_of({"a": 0, "b": 0}, n=0), "Empty", "percent") is None


def test_image_is_deterministic_and_carries_no_date():
    chart = chart_of({code: index + 1 for index, code in enumerate("abcdefgh")})
    first = render_chart(chart, "Demo", "percent").svg
    second = render_chart(chart, "Demo", "percent").svg
    assert first == second
    assert b"<dc:date>" not in first


def test_image_text_shows_labels_and_values_in_published_order():
    chart = chart_of({"b": 3, "zero": 0, "a": 1})
    svg = render_chart(chart, "Demo", "percent").svg.decode("utf-8")
    positions = [svg.index(text) for text in ("Label b", "75.0 %", "Label a", "25.0 %")]
    assert positions[0] < positions[2] and "Label zero" not in svg


def test_suppressed_value_is_escaped_text_in_the_image():
    chart = suppress_chart(chart_of({"big": 40, "small": 3}), 5)
    svg = render_chart(chart, "Demo", "percent").svg
    assert b"&lt;5" in svg and b"<5" not in svg.replace(b"&lt;5", b"")


@pytest.mark.parametrize("categories", [1, 5, 16])
def test_image_has_the_fixed_width_and_grows_with_the_categories(categories):
    image = render_chart(chart_of({f"c{i}": i + 1 for i in range(categories)}), "Demo", "count")
    assert image.width == round(WIDTH_INCHES * 96)
    assert image.height > 20 * categories


def test_long_labels_are_wrapped_so_the_bars_keep_their_room():
    long_label = "The client does not want to waste time and effort, as the process is likely to be difficult"
    items = pd.DataFrame({"code": ["x"], "label": [long_label], "count": [3], "percent": [100.0]})
    one_line = render_chart(chart_of({"x": 3}), "Demo", "percent")
    wrapped = render_chart(Chart("demo", "cases", 3, items), "Demo", "percent")
    assert wrapped.height > one_line.height
