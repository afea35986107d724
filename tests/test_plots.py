"""Charts by seaborn: which bars are drawn, how long, what is written on them, the same bytes."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from html import unescape

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from reactlib.count.aggregate import Chart
from reactlib.count.crosstabs import CrossTab
from reactlib.count.min_cell import SUPPRESSED
from reactlib.report import plots

LONG_LABEL = "The client does not want to waste time and effort, as the process is likely to be difficult"


@pytest.fixture(autouse=True)
def house_theme():
    """The house theme for each test, and matplotlib's settings given back afterwards."""
    with matplotlib.rc_context():
        plots.set_theme()
        yield


def items_of(counts: dict[str, int | str], percents: dict[str, float | None]) -> pd.DataFrame:
    """A chart's tidy frame with counts and percents written out by hand."""
    return pd.DataFrame(
        {
            "code": list(counts),
            "label": [f"Label {code}" for code in counts],
            "count": pd.Series(list(counts.values()), dtype=object),
            "percent": pd.array([percents[code] for code in counts], dtype="Float64"),
        }
    )


def gender_items() -> pd.DataFrame:
    # 272, 244, 2, 2, 1 of 521 cases: 52.2 %, 46.8 %, 0.4 %, 0.4 %, 0.2 %; nobody "x".
    return items_of(
        {"f": 272, "m": 244, "x": 0, "tf": 2, "tm": 2, "u": 1},
        {"f": 52.2, "m": 46.8, "x": 0.0, "tf": 0.4, "tm": 0.4, "u": 0.2},
    )


def bar_table(ax) -> list[tuple[str, float]]:
    """(tick label, bar width) of each drawn bar, top to bottom, read off the Axes."""
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    labels = {round(tick): label.get_text() for tick, label in ticks}
    bars = sorted(ax.patches, key=lambda patch: patch.get_y())
    return [(labels[round(bar.get_y() + bar.get_height() / 2)], bar.get_width()) for bar in bars]


def test_bars_are_the_non_zero_categories_in_published_order_as_long_as_their_percent():
    ax = plots.bar_chart(gender_items(), "percent", title="2 Gender")
    assert bar_table(ax) == [
        ("Label f", 52.2), ("Label m", 46.8), ("Label tf", 0.4), ("Label tm", 0.4), ("Label u", 0.2),
    ]  # fmt: skip
    assert [label.get_text() for label in ax.get_yticklabels()] == [
        "Label f", "Label m", "Label tf", "Label tm", "Label u",
    ]  # fmt: skip
    assert [text.get_text() for text in ax.texts] == ["52.2 %", "46.8 %", "0.4 %", "0.4 %", "0.2 %"]


def test_count_charts_draw_and_write_counts():
    # Key populations: 279 and 56 clients of 300; percentages are not what is drawn.
    items = items_of({"plhiv": 279, "pwid": 56, "msm": 0}, {"plhiv": 93.0, "pwid": 18.7, "msm": 0.0})
    ax = plots.bar_chart(items, "count")
    assert bar_table(ax) == [("Label plhiv", 279.0), ("Label pwid", 56.0)]
    assert [text.get_text() for text in ax.texts] == ["279", "56"]


def test_values_sit_at_the_end_of_their_bars():
    ax = plots.bar_chart(gender_items(), "percent")
    ends = {(round(bar.get_y() + bar.get_height() / 2), bar.get_width()) for bar in ax.patches}
    assert {(round(text.xy[1]), text.xy[0]) for text in ax.texts} == ends


def test_a_suppressed_category_keeps_its_label_and_shows_its_mark_without_a_bar():
    # 40 and 3 of 43 cases: 93.0 % and 7.0 %, then the 3 is suppressed; the zero is left out.
    items = items_of({"big": 40, "small": SUPPRESSED, "none": 0}, {"big": 93.0, "small": None, "none": 0.0})
    ax = plots.bar_chart(Chart("demo", "cases", 43, items).items, "percent", title="1 Demo")
    assert bar_table(ax) == [("Label big", 93.0)]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Label big", "Label small"]
    marks = {round(text.xy[1]): text.get_text() for text in ax.texts}
    assert marks == {0: "93.0 %", 1: "suppressed"}
    assert plots.alt_text(ax) == "1 Demo, bar chart: Label big 93.0 %; Label small suppressed."


def test_a_chart_of_hidden_counts_only_keeps_every_label():
    items = items_of({"a": "<5", "b": "<5"}, {"a": None, "b": None})
    ax = plots.bar_chart(items, "percent", title="T")
    assert len(ax.patches) == 0
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Label a", "Label b"]
    assert plots.alt_text(ax) == "T, bar chart: Label a suppressed; Label b suppressed."


def test_a_shown_count_whose_n_is_hidden_gets_no_bar_and_no_percent():
    # A batch's protection can hide a chart's n (so that a small count cannot be worked out from
    # it) and keep a count of 7: 7 of a hidden n has no percentage to draw or write.
    items = items_of({"seven": 7, "small": SUPPRESSED, "none": 0}, {"seven": None, "small": None, "none": None})
    image = plots.chart(Chart("demo", "mentions", SUPPRESSED, items).items, "percent", title="2 Why")
    assert image is not None
    assert image.alt == "2 Why, bar chart: Label seven –; Label small suppressed."
    ax = plots.bar_chart(items, "percent", title="2 Why")
    assert len(ax.patches) == 0
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Label seven", "Label small"]


def test_alt_text_lists_every_shown_value():
    image = plots.chart(gender_items(), "percent", title="2 Gender")
    assert image.alt == (
        "2 Gender, bar chart: Label f 52.2 %; Label m 46.8 %; Label tf 0.4 %; Label tm 0.4 %; Label u 0.2 %."
    )


def test_alt_text_follows_a_restyled_chart_and_names_any_other_chart():
    ax = plots.bar_chart(gender_items(), "percent", title="2 Gender")
    ax.patches[0].set_facecolor("#ff0000")
    assert plots.alt_text(ax).startswith("2 Gender, bar chart: Label f 52.2 %;")
    other = Figure().add_subplot()
    other.plot([1, 2], [3, 4])
    other.set(title="Cases by month", xlabel="Month", ylabel="Cases")
    assert plots.alt_text(other) == "Chart: Cases by month; x axis Month; y axis Cases."
    assert plots.alt_text(Figure().add_subplot()) == "Chart: no description given."
    unnamed = Figure().add_subplot()
    unnamed.set(xlabel="Month")
    assert plots.alt_text(unnamed) == "Chart: x axis Month."
    untitled = plots.bar_chart(gender_items(), "percent")
    assert plots.alt_text(untitled).startswith("Bar chart: Label f 52.2 %; Label m 46.8 %;")


def test_empty_chart_draws_nothing():
    items = items_of({"a": 0, "b": 0}, {"a": None, "b": None})
    assert plots.chart(items, "percent", title="Empty") is None


def test_long_labels_are_wrapped_and_the_chart_grows_for_them():
    items = pd.DataFrame({"code": ["x"], "label": [LONG_LABEL], "count": [3], "percent": [100.0]})
    ax = plots.bar_chart(items, "percent", title="T")
    lines = ax.get_yticklabels()[0].get_text().split("\n")
    assert len(lines) == 3 and all(len(line) <= 34 for line in lines)
    assert " ".join(lines) == LONG_LABEL
    short = plots.chart(items.assign(label="Short"), "percent", title="T")
    wrapped = plots.chart_image(ax)
    assert wrapped.height > short.height and wrapped.width == short.width == round(5.0 * 96)
    assert wrapped.alt == f"T, bar chart: {LONG_LABEL} 100.0 %."


def test_the_house_theme_draws_in_dejavu_sans_and_the_house_colour():
    ax = plots.bar_chart(gender_items(), "percent")
    assert {matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches} == {"#2a6f97"}
    fonts = {text.get_fontname() for text in [*ax.texts, *ax.get_yticklabels()]}
    assert fonts == {"DejaVu Sans"}
    assert not ax.xaxis.get_visible() and ax.get_legend() is None


def test_svg_keeps_text_as_text_and_is_the_same_bytes_on_every_run():
    first = plots.chart(gender_items(), "percent", title="2 Gender")
    second = plots.chart(gender_items(), "percent", title="2 Gender")
    assert first.svg == second.svg
    svg = first.svg.decode("utf-8")
    root = ET.fromstring(first.svg)
    texts = ["".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == [
        "Label f", "Label m", "Label tf", "Label tm", "Label u",
        "52.2 %", "46.8 %", "0.4 %", "0.4 %", "0.2 %",
    ]  # fmt: skip
    assert "<dc:date>" not in svg and "DejaVu Sans" in svg
    assert "font-variant-ligatures: none" in svg


def test_svg_ids_do_not_depend_on_the_theme_a_caller_set():
    with matplotlib.rc_context({"svg.hashsalt": None}):
        salted_elsewhere = plots.chart(gender_items(), "percent").svg
    assert salted_elsewhere == plots.chart(gender_items(), "percent").svg
    assert re.findall(rb'id="(p[0-9a-f]{10})"', salted_elsewhere)  # the clip path's hashed id


def test_suppressed_mark_is_text_in_the_svg_in_the_reports_language():
    items = items_of({"big": 40, "small": SUPPRESSED}, {"big": 93.0, "small": None})
    assert b"suppressed" in plots.chart(items, "percent").svg


def test_the_notebook_shows_an_img_with_the_svg_and_escaped_alt_text():
    items = pd.DataFrame({"code": ["a"], "label": ['<b>"A"</b>'], "count": [2], "percent": [100.0]})
    image = plots.chart(items, "count", title="T")
    html = image._repr_html_()
    img = r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)" width="480" height="(\d+)">'
    source = re.fullmatch(img, html)
    assert source is not None
    assert base64.b64decode(source.group(1)) == image.svg
    # markupsafe's entities (through the report's template), as everywhere else in the report.
    assert source.group(2) == "T, bar chart: &lt;b&gt;&#34;A&#34;&lt;/b&gt; 2."
    assert unescape(source.group(2)) == 'T, bar chart: <b>"A"</b> 2.'
    assert int(source.group(3)) == image.height


def test_an_analysts_pyplot_chart_is_closed_after_rendering_and_ours_never_open():
    before = plt.get_fignums()
    for _ in range(13):
        plots.chart(gender_items(), "percent")
    assert plt.get_fignums() == before
    figure, ax = plt.subplots()
    plots.bar_chart(gender_items(), "percent", title="Mine", ax=ax)
    image = plots.chart_image(figure)
    assert plt.get_fignums() == before
    assert image.alt.startswith("Mine, bar chart: Label f 52.2 %")


@pytest.mark.slow
def test_a_notebook_cell_ending_with_a_chart_puts_it_with_its_alt_text_in_the_report_html():
    import nbformat
    from nbclient import NotebookClient

    from reactlib.render.html import to_html

    source = (
        "import pandas as pd\n"
        "from reactlib.report import plots, tables\n"
        "plots.set_theme()\n"
        "items = pd.DataFrame({'code': ['a', 'b', 'c'], 'label': ['A', 'B', 'C'],\n"
        "                      'count': [3, 0, 'suppressed'], 'percent': [100.0, 0.0, None]})\n"
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(source),
            nbformat.v4.new_code_cell("plots.chart(items, 'percent', title='1 Demo')"),
            nbformat.v4.new_code_cell("tables.data_table(items, table_id='demo')"),
        ]
    )
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    outputs = notebook.cells[1].outputs
    assert [output.output_type for output in outputs] == ["execute_result"]
    assert set(outputs[0].data) == {"text/html", "text/plain"}
    page = to_html(notebook, "Demo")
    assert 'alt="1 Demo, bar chart: A 100.0 %; C suppressed."' in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert '<table id="T_demo" class="chart-data" tabindex="0">' in page


@pytest.mark.slow
def test_a_plain_seaborn_chart_in_a_notebook_comes_out_in_the_house_style_with_alt_text():
    import nbformat
    from bs4 import BeautifulSoup
    from nbclient import NotebookClient

    from reactlib.render.html import to_html

    setup = (
        "import pandas as pd\n"
        "import seaborn as sns\n"
        "from reactlib.report import plots\n"
        "plots.set_theme()\n"
        "frame = pd.DataFrame({'month': ['Jan', 'Feb'], 'cases': [3, 5]})\n"
    )
    analysts_chart = "ax = sns.barplot(frame, x='month', y='cases')\nax.set_title('Cases by month')"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(setup), nbformat.v4.new_code_cell(analysts_chart)]
    )
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    images = BeautifulSoup(to_html(notebook, "Demo"), "html.parser").find_all("img")
    assert len(images) == 1, "the figure once, as the report's image (not also as a PNG)"
    assert images[0]["alt"] == "Chart: Cases by month; x axis month; y axis cases."
    source = images[0]["src"]
    assert source.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(source.split(",", 1)[1]).decode("utf-8")
    assert "DejaVu Sans" in svg and "Cases by month" in svg, "house font; text kept as text"
    assert "font-variant-ligatures: none" in svg


def test_a_figure_shown_in_ipython_is_the_report_image_with_its_alt_text():
    figure = Figure(figsize=(2, 1))
    ax = figure.add_subplot()
    ax.plot([1, 2], [3, 4])
    ax.set(xlabel="year", ylabel="<cases>")
    html = plots.figure_html(figure)
    assert re.fullmatch(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]*)" width="192" height="96">', html)
    assert 'alt="Chart: x axis year; y axis &lt;cases&gt;."' in html
    assert plots.figure_html(figure) == html, "the same bytes every time"


def test_values_stand_on_the_baseline_of_their_category_labels():
    items = items_of({"a": 3, "b": "<5"}, {"a": 100.0, "b": None})
    ax = plots.bar_chart(items, "percent")
    (label_alignment,) = {label.get_verticalalignment() for label in ax.get_yticklabels()}
    assert [text.get_verticalalignment() for text in ax.texts] == [label_alignment, label_alignment]
    assert label_alignment == "center_baseline"


# Heatmaps of cross-tabulations --------------------------------------------------------------------


def small_crosstab() -> CrossTab:
    """Two violations by two perpetrator groups, one cell hidden and one zero, written by hand."""
    counts = pd.DataFrame(
        [[7, "<5"], [0, 12]], index=["beating", "denial"], columns=["police", "healthcare"], dtype=object
    )
    return CrossTab("violations_by_perpetrator", "cases", ("Beating", "Denial of treatment"),
                    ("Police", "Healthcare"), counts)  # fmt: skip


def test_heatmap_writes_each_count_in_its_cell_and_a_hidden_cell_as_its_mark():
    ax = plots.heatmap(small_crosstab(), title="Demo")
    cells = {(round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t.get_text() for t in ax.texts}
    assert cells == {(0, 0): "7", (0, 1): "suppressed", (1, 0): "0", (1, 1): "12"}
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Beating", "Denial of treatment"]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["Police", "Healthcare"]


def test_heatmap_leaves_a_hidden_cell_uncoloured_and_colours_a_zero():
    mesh = plots.heatmap(small_crosstab()).collections[0]
    values = mesh.get_array()
    assert values.mask.tolist() == [[False, True], [False, False]]  # only the hidden cell
    assert values.compressed().tolist() == [7.0, 0.0, 12.0]


def test_heatmap_alt_text_lists_every_cell():
    image = plots.heatmap_chart(small_crosstab(), title="Demo")
    assert image.alt == (
        "Demo, heatmap of cases: Beating, Police 7; Beating, Healthcare suppressed; "
        "Denial of treatment, Police 0; Denial of treatment, Healthcare 12."
    )
    assert 'alt="Demo, heatmap of cases: Beating, Police 7; Beating, Healthcare suppressed;' in image.html()


def test_heatmap_svg_is_the_same_bytes_on_every_run_and_keeps_the_mark_as_text():
    first = plots.heatmap_chart(small_crosstab(), title="Demo")
    second = plots.heatmap_chart(small_crosstab(), title="Demo")
    assert first.svg == second.svg
    assert b"suppressed" in first.svg


def test_a_heatmap_of_zeros_only_is_no_image():
    table = small_crosstab()
    zeros = CrossTab(table.name, table.unit, table.row_labels, table.column_labels, table.counts.map(lambda _: 0))
    assert plots.heatmap_chart(zeros) is None
