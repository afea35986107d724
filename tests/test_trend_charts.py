"""A trend's charts as small multiples: at most six lines an axes, every line labelled inside its
panel, colours and markers that differ, one scale per chart, gaps for hidden counts and a point
for a period between two of them.

The charts are those of the bundled sample's trends in the three languages (their labels are the
longest the reports have); what is drawn is read back from the matplotlib Axes, and what the
charts should show is computed here from the tidy frames with plain pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from reactlib.count.trends import chart_over_time, compute_trend, headlines_over_time
from reactlib.report import lines, plots

#: Every chart of the trend report: (chart, report group, value drawn).
CHARTS = [
    ("key_populations", None, "percent"),
    ("perpetrators", "plhiv", "percent"),
    ("perpetrators", "pwid", "percent"),
    ("perpetrators", "sw", "percent"),
    ("perpetrators", "msm_trans", "percent"),
    ("reaction_status", None, "percent"),
]


def frames(trend, language):
    yield "headlines", headlines_over_time(trend, language), "count"
    for chart, group, value in CHARTS:
        yield f"{chart} {group or ''}", chart_over_time(trend, chart, group=group), value


@pytest.fixture(scope="module", params=["en", "ru", "uk"])
def trend_in(request, sample_cases):
    """The sample's regional trend with min_cell 5 (hidden counts make gaps), in one language."""
    return request.param, compute_trend(sample_cases, "all", "2022-H1", "2024-H2", 5, request.param)


@pytest.fixture
def sample_trend(trend_in):
    """`trend_in`, with the house style set."""
    plots.set_theme()
    return trend_in


@pytest.fixture(scope="module")
def drawn_panels(trend_in):
    """`trend_in`'s language and each of its charts' name, frame, value and panels, drawn once in the house style.

    Two tests read the same drawings (they only read them): one what each panel draws, the
    other where it lies in its image.
    """
    plots.set_theme()
    language, trend = trend_in
    return language, [
        (name, frame, value, lines.trend_panels(frame, value, title=name))
        for name, frame, value in frames(trend, language)
    ]


def drawn_lines(ax):
    """The lines the chart draws (seaborn's legend handles are lines without data)."""
    return [line for line in ax.get_lines() if len(line.get_xdata())]


@given(st.lists(st.text(min_size=1, max_size=3), max_size=40, unique=True))
def test_categories_are_split_in_order_into_nearly_equal_groups_of_at_most_six(labels):
    groups = lines.line_groups(labels)
    assert [label for group in groups for label in group] == labels
    assert all(1 <= len(group) <= 6 for group in groups)
    assert len(groups) == -(-len(labels) // 6)  # as few groups as can hold them
    sizes = [len(group) for group in groups]
    assert not sizes or max(sizes) - min(sizes) <= 1


def test_every_panel_has_at_most_six_lines_of_differing_colours_on_the_charts_one_scale(drawn_panels):
    _, charts = drawn_panels
    for name, frame, _, panels in charts:
        # Categories with a value to show: above zero (or hidden) in some period, counted with pandas.
        hidden = frame["count"].map(lambda count: isinstance(count, str))
        shown = frame[hidden | (pd.to_numeric(frame["count"].where(~hidden)).fillna(0) > 0)]
        expected = list(dict.fromkeys(shown["label"]))
        assert [label for labels, _ in panels for label in labels] == expected, name
        tops = set()
        for labels, ax in panels:
            assert len(labels) <= 6, name
            legend = (
                [text.get_text().replace("\n", " ") for text in ax.get_legend().get_texts()] if len(labels) > 1 else []
            )
            assert legend == ([" ".join(label.split()) for label in labels] if len(labels) > 1 else []), name
            if len(labels) > 1:  # each category's colour and marker, as its legend entry shows them
                handles = ax.get_legend().legend_handles
                colours = [to_hex(handle.get_color()) for handle in handles]
                assert len(set(colours)) == len(labels), f"{name}: two lines of one colour"
                assert len({handle.get_marker() for handle in handles}) == len(labels)
                assert {to_hex(line.get_color()) for line in drawn_lines(ax)} <= set(colours)
            tops.add(ax.get_ylim())
        assert len(tops) == 1, f"{name}: one scale for every panel of the chart"


def test_everything_a_panel_draws_lies_inside_its_image(drawn_panels):
    language, charts = drawn_panels
    for name, _, _, panels in charts:
        for _, ax in panels:
            figure = ax.get_figure(root=True)
            assert isinstance(figure, Figure)
            renderer = FigureCanvasAgg(figure).get_renderer()
            # Everything the Axes draws (periods' names, values, "%", the legend), as matplotlib measures it.
            drawn = ax.get_tightbbox(renderer)
            assert drawn is not None
            inside = drawn.x0 >= 0 and drawn.y0 >= 0 and drawn.x1 <= figure.bbox.x1 and drawn.y1 <= figure.bbox.y1
            assert inside, f"{language} {name}: {drawn} is cut off by {figure.bbox}"
            legend = ax.get_legend()
            if legend is not None:  # each name in full, wrapped, never shortened
                assert all("…" not in text.get_text() for text in legend.get_texts())


def test_a_hidden_count_is_a_gap_and_a_period_between_two_gaps_is_still_a_point():
    frame = pd.DataFrame(
        {
            "period": ["2020", "2021", "2022", "2023", "2024"],
            "code": "a",
            "label": "A",
            "count": pd.Series([5, "<5", 7, "hidden", 9], dtype=object),
            "percent": [50.0, None, 70.0, None, 90.0],
        }
    )
    ((_, ax),) = lines.trend_panels(frame, "percent")
    drawn = sorted((list(line.get_xdata()), list(line.get_ydata())) for line in drawn_lines(ax))
    assert drawn == [([0], [50.0]), ([2], [70.0]), ([4], [90.0])], "three runs of one point, nothing at 1 and 3"
    for line in drawn_lines(ax):
        assert line.get_marker() not in (None, "", "None") and line.get_markersize() >= 5, "a lone point is seen"


def test_panel_alt_texts_say_what_they_show_in_at_most_400_characters(sample_trend):
    language, trend = sample_trend
    for name, frame, value in frames(trend, language):
        chart = lines.trend_chart(frame, value, title=name, language=language)
        assert chart is not None
        for part, panel in enumerate(chart.panels, start=1):
            assert len(panel.alt) <= 400, panel.alt
            assert panel.alt.startswith(name)
            assert ("2022-H1" in panel.alt) and ("2024-H2" in panel.alt)
            if len(chart.panels) > 1:
                assert f" {part} " in panel.alt and f" {len(chart.panels)}:" in panel.alt


def test_an_alt_text_too_long_for_its_lines_names_how_many_there_are():
    labels = [f"A category whose name is long, number {i}, of a very long chart" for i in range(6)]
    alt = lines.panel_alt("Chart", "percent", labels, ["2022-H1", "2024-H2"])
    assert alt == "Chart: the share in % of 6 categories, 2022-H1 to 2024-H2. The table below gives every value."


def test_small_multiples_show_their_panels_as_images_side_by_side(sample_cases):
    plots.set_theme()
    trend = compute_trend(sample_cases, "Tajikistan", "2022-H1", "2024-H2")
    chart = lines.trend_chart(chart_over_time(trend, "key_populations"), "percent", title="Key populations")
    assert chart is not None and len(chart.panels) == 3  # 16 key populations with a value: 6, 5 and 5
    html = chart._repr_html_()
    assert html.startswith('<div class="small-multiples"><img ') and html.count("<img ") == 3
    # Each panel is drawn at a phone's width, so its text is read at its own size there.
    assert {panel.width for panel in chart.panels} == {round(lines.PANEL_WIDTH_INCHES * 96)}
    assert chart.panels[0].width <= 366
