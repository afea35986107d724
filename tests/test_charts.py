"""Charts: what is drawn, in which order, with which values, and the same bytes every time."""

from __future__ import annotations

import pandas as pd
import pytest

from reactlib.count.aggregate import Chart
from reactlib.count.figures import suppress_chart
from reactlib.report.charts import WIDTH_INCHES, alt_text, bars, render_chart
from reactlib.report.formatting import count_text, percent_text


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


SVG = "{http://www.w3.org/2000/svg}"


def test_bars_start_at_one_axis_and_are_as_long_as_their_values():
    import xml.etree.ElementTree as ET

    long_label = "The client does not want to waste time and effort, as the process is likely to be difficult"
    items = pd.DataFrame(
        {"code": ["a", "b", "c"], "label": ["Short", long_label, "Mid"], "count": [6, 3, 1],
         "percent": [60.0, 30.0, 10.0]}
    )  # fmt: skip
    image = render_chart(Chart("demo", "cases", 10, items), "Demo", "percent")
    root = ET.fromstring(image.svg)

    # The SVG is drawn in points: 72 a CSS inch of 96 pixels.
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(image.width * 72 / 96, abs=0.5)
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(image.height * 72 / 96, abs=0.5)
    bars_drawn = root.findall(f"{SVG}g/{SVG}rect")
    assert len({bar.get("x") for bar in bars_drawn}) == 1
    widths = [float(bar.get("width")) for bar in bars_drawn]
    assert widths[1] / widths[0] == pytest.approx(30 / 60, abs=0.001)
    assert widths[2] / widths[0] == pytest.approx(10 / 60, abs=0.001)

    texts = root.findall(f"{SVG}g/{SVG}text")
    labels, values = texts[0::2], texts[1::2]
    assert {text.get("text-anchor") for text in labels} == {"end"}
    assert [" ".join(span.text for span in text) for text in labels] == ["Short", long_label, "Mid"]
    assert [text[0].text for text in values] == ["60.0 %", "30.0 %", "10.0 %"]
    # Each label is centred on its bar, a wrapped one line above line, 1.2 em apart.
    for label, bar in zip(labels, bars_drawn, strict=True):
        baselines = [float(span.get("y")) for span in label]
        assert all(later - earlier == pytest.approx(12, abs=0.02) for earlier, later in zip(baselines, baselines[1:], strict=False))
        bar_middle = float(bar.get("y")) + float(bar.get("height")) / 2
        # a line's visual middle lies a third of the font size (about half the x-height) above its baseline
        assert (baselines[0] + baselines[-1]) / 2 - 10 / 3 == pytest.approx(bar_middle, abs=1.0)
    assert len(labels[1]) == 3
