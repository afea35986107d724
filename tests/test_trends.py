"""Trend reports' counting, charts and batch keys (analysis.md section 2): fast tests.

The figures of a trend are compared with `compute_figures` of each period, called on its own,
and with counts made here with plain pandas; period ranges with lists written by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reactlib.count.figures import compute_figures
from reactlib.count.suppression import protect_documents
from reactlib.count.trends import (
    MAX_PERIODS,
    chart_over_time,
    compute_trend,
    headlines_over_time,
    trend_periods,
)
from reactlib.errors import PeriodError

# Series equal single reports ---------------------------------------------------------------------


@pytest.mark.parametrize(("scope", "language"), [("Georgia", "en"), ("all", "en"), ("Georgia", "ru")])
@pytest.mark.parametrize("min_cell", [None, 5, 11])
def test_a_trends_series_equals_the_single_period_figures_of_each_period(sample_cases, scope, language, min_cell):
    trend = compute_trend(sample_cases, scope, "2022-H1", "2024-H2", min_cell, language)
    periods = ["2022-H1", "2022-H2", "2023-H1", "2023-H2", "2024-H1", "2024-H2"]  # by hand
    document = json.loads(trend.to_json())
    assert [figures["period"] for figures in document["series"]] == periods
    disclosure = None
    if min_cell:  # the trend alone is a publication: its periods share one suppression pattern
        unsuppressed = [compute_figures(sample_cases, scope, period, compare=False).to_dict() for period in periods]
        disclosure = protect_documents([{"series": unsuppressed}], min_cell)
    for period, figures in zip(periods, document["series"], strict=True):
        single = compute_figures(sample_cases, scope, period, min_cell, language, compare=False, disclosure=disclosure)
        single_document = json.loads(single.to_json())
        single_document.pop("data_quality", None)  # a trend prints no appendix ...
        single_document.pop("disclosure_control", None)  # ... and its audit once, for all periods
        assert figures == single_document


def test_a_trends_cases_are_the_rows_of_each_quarter_counted_with_pandas(sample_cases):
    trend = compute_trend(sample_cases, "Moldova", "2023-Q1", "2024-Q2")
    moldova = sample_cases[sample_cases["country"] == "Moldova"]
    quarters = moldova["registered_on"].dt.to_period("Q").astype(str).str.replace("Q", "-Q")
    expected = quarters.value_counts().reindex(["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"])
    assert [figures.cases for figures in trend.series] == expected.tolist()
    clients = moldova.groupby(quarters)["client_id"].nunique()
    assert [figures.clients for figures in trend.series] == clients.reindex(expected.index).tolist()


def test_trend_figures_json_has_its_shape_and_no_previous(sample_cases):
    document = json.loads(compute_trend(sample_cases, "tajikistan", "2023", "2024").to_json())
    assert list(document) == ["scope", "from", "to", "title", "series"]
    assert (document["scope"], document["from"], document["to"]) == ("Tajikistan", "2023", "2024")
    assert document["title"] == "Tajikistan. Trend by year, 2023 to 2024"
    assert all("previous" not in figures for figures in document["series"])
    assert [figures["title"] for figures in document["series"]] == [
        "Tajikistan. 2023 | Year",
        "Tajikistan. 2024 | Year",
    ]


def test_a_period_of_the_trend_outside_the_data_is_refused(sample_cases):
    with pytest.raises(PeriodError, match=r"trend 2021-H1\.\.2022-H2: period '2021-H1' .* the data covers 2022-01-01"):
        compute_trend(sample_cases, "Georgia", "2021-H1", "2022-H2")


# Period ranges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "names"),
    [
        ("2022", "2024", ["2022", "2023", "2024"]),
        ("2022-H2", "2023-H2", ["2022-H2", "2023-H1", "2023-H2"]),
        ("2023-Q4", "2024-Q2", ["2023-Q4", "2024-Q1", "2024-Q2"]),
        ("2023-11", "2024-02", ["2023-11", "2023-12", "2024-01", "2024-02"]),
        (" 2023-05 ", "2023-05", ["2023-05"]),
    ],
)
def test_trend_periods_run_from_first_to_last(first, last, names):
    assert [period.name for period in trend_periods(first, last)] == names


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        ("2022", "2023-H2", "--from '2022' is a year but --to '2023-H2' is a half year"),
        ("2023-Q1", "2023-03", "is a quarter but --to '2023-03' is a month"),
        ("2024-H1", "2023-H2", "--to '2023-H2' comes before --from '2024-H1'"),
        ("2020-01", "2023-05", "2020-01..2023-05 holds 41 periods; a trend holds at most 40"),
        ("2023-01-01..2023-03-31", "2023-Q2", "--from '2023-01-01..2023-03-31': a trend runs over years"),
        ("2023-H3", "2023-H2", "--from: period '2023-H3' is not one of the forms"),
        ("2023-H1", "soon", "--to: period 'soon' is not one of the forms"),
        ("2023-13", "2024-01", "--from: period '2023-13'"),
    ],
)
def test_bad_trend_ranges_are_refused_with_their_reason(first, last, words):
    with pytest.raises(PeriodError) as raised:
        trend_periods(first, last)
    assert words in str(raised.value)


def test_forty_periods_are_allowed():
    periods = trend_periods("2015-Q1", "2024-Q4")
    assert len(periods) == MAX_PERIODS == 40
    assert (periods[0].start, periods[-1].end) == (dt.date(2015, 1, 1), dt.date(2024, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["year", "half", "quarter", "month"]),
    year=st.integers(1990, 2090),
    part=st.integers(0, 11),
    length=st.integers(1, MAX_PERIODS),
)
def test_trend_periods_are_consecutive_and_cover_the_range(kind, year, part, length):
    per_year = {"year": 1, "half": 2, "quarter": 4, "month": 12}[kind]
    part %= per_year

    def name(index: int) -> str:
        y, p = divmod(index, per_year)
        return {"year": f"{y}", "half": f"{y}-H{p + 1}", "quarter": f"{y}-Q{p + 1}", "month": f"{y}-{p + 1:02d}"}[kind]

    start = year * per_year + part
    periods = trend_periods(name(start), name(start + length - 1))
    assert len(periods) == length
    assert periods[0].start == dt.date(year, 1 + part * 12 // per_year, 1)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + dt.timedelta(days=1)


# The series as frames, charts and tables ----------------------------------------------------------


def test_headlines_and_charts_over_time_keep_hidden_counts_hidden(sample_cases):
    trend = compute_trend(sample_cases, "Georgia", "2022-H1", "2024-H2", min_cell=5)
    headlines = headlines_over_time(trend)
    assert headlines["label"].unique().tolist() == ["Clients", "Cases", "Qualified as human rights violations"]
    assert headlines.query("code == 'cases'")["count"].tolist() == [f.cases for f in trend.series]
    sw = chart_over_time(trend, "perpetrators", group="sw")
    for figures in trend.series:
        items = figures.groups["sw"].perpetrators.items
        rows = sw[sw["period"] == figures.period.name]
        assert rows["count"].tolist() == items["count"].tolist()
        assert rows["label"].tolist() == items["label"].tolist()
    hidden = sw["count"].map(lambda count: isinstance(count, str))
    assert hidden.any() and sw.loc[hidden, "percent"].isna().all()


def _frame(counts: list[object], percents: list[float | None]) -> pd.DataFrame:
    periods = [f"202{i}" for i in range(len(counts))]
    return pd.DataFrame(
        {"period": periods, "code": "a", "label": "A", "count": pd.Series(counts, dtype=object), "percent": percents}
    )


def test_a_hidden_value_is_a_gap_in_its_line_never_a_point():
    from reactlib.report import lines

    frame = _frame([4, 6, "<5", 8, 9], [40.0, 60.0, None, 80.0, 90.0])
    ax = lines.line_chart(frame, "percent", title="Demo")
    drawn = [(list(line.get_xdata()), list(line.get_ydata())) for line in ax.get_lines() if len(line.get_xdata())]
    # Two runs, either side of the hidden 2022: no line or point at position 2.
    assert sorted(drawn) == [([0, 1], [40.0, 60.0]), ([3, 4], [80.0, 90.0])]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2020", "2021", "2022", "2023", "2024"]


def test_a_panels_alt_text_names_its_chart_lines_periods_and_gaps():
    from reactlib.report import lines

    frame = pd.concat(
        [_frame([4, "<5"], [40.0, None]), _frame([0, 0], [0.0, 0.0]).assign(code="b", label="B")], ignore_index=True
    )
    chart = lines.trend_chart(frame, "percent", title="T")
    assert chart is not None and len(chart.panels) == 1
    # B is zero throughout: no line for it, and not in the alt text; the values are in the table.
    assert chart.panels[0].alt == (
        "T: the share in % of A, 2020 to 2021; a hidden count is a gap in its line. The table below gives every value."
    )
    assert lines.trend_chart(_frame([0, 0], [0.0, 0.0]), "percent") is None


def test_trend_charts_are_the_same_bytes_every_time_with_text_as_text(sample_cases):
    from reactlib.report import lines, plots

    plots.set_theme()
    trend = compute_trend(sample_cases, "all", "2022-Q1", "2024-Q4")
    frame = chart_over_time(trend, "reaction_status")
    first, second = (lines.trend_chart(frame, "percent", title="Reaction status") for _ in range(2))
    assert first is not None and second is not None
    assert [panel.svg for panel in first.panels] == [panel.svg for panel in second.panels]
    assert all(b"<text" in panel.svg for panel in first.panels)
    assert first.panels[0].alt.startswith("Reaction status, part 1 of 2: the share in % of In Progress, ")


def test_trend_table_has_a_row_per_category_and_a_column_per_period():
    from reactlib.report import lines

    frame = _frame([4, "<5", 0], [40.0, None, 0.0])
    table = lines.trend_frame(frame, "percent")
    assert table.to_dict("list") == {
        "Category": ["A"], "2020": ["40.0 % (4)"], "2021": ["– (suppressed)"], "2022": ["0.0 % (0)"],
    }  # fmt: skip
    assert lines.trend_frame(frame, "count").iloc[0].tolist() == ["A", "4", "suppressed", "0"]
    # A count's table, like its chart, reads no percent.
    assert lines.trend_frame(frame.drop(columns="percent"), "count").iloc[0].tolist() == ["A", "4", "suppressed", "0"]
    html = lines.trend_table(_frame(["<5"], [None]).assign(label="<b>x</b>"), "count", table_id="t").to_html()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "suppressed" in html and 'id="T_t"' in html


# The notebook's parameters, the batch file and the index page ------------------------------------


def test_trend_notebook_declares_its_parameters_as_literals():
    from reactlib.render.kinds import TREND
    from reactlib.report.parameters import read_parameters

    declared = read_parameters(TREND.notebook_file())
    assert list(declared) == [*TREND.arguments, "contact"]
    defaults = {name: parameter.default for name, parameter in declared.items()}
    assert defaults["from_period"] == "2022-H1" and defaults["to_period"] == "2024-H2"
    assert (defaults["min_cell"], defaults["language"], defaults["contact"]) == (0, "en", None)


def test_trend_notebook_chooses_its_language_first_and_is_committed_without_outputs():
    import nbformat

    from reactlib.render.kinds import TREND

    notebook = nbformat.read(TREND.notebook_file(), as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    setup = next(cell for cell in notebook.cells if cell.id == "setup")
    statements = [line for line in setup.source.splitlines() if line and not line.startswith("#")]
    assert statements[:2] == [
        "from reactlib.report.language import use_language",
        '_ = use_language(language, notebook="trend_report")',
    ]


def _batch(tmp_path, trends: str):
    from reactlib.batch.spec import load_batch

    path = tmp_path / "batch.yaml"
    path.write_text(f"scopes: [Georgia]\nperiods: [2023-H1]\ntrends: {trends}\n", encoding="utf-8")
    return load_batch(path)


def test_batch_trends_are_read_and_checked(tmp_path):
    from reactlib.load.settings_file import SettingsError

    spec = _batch(tmp_path, "[{from: 2022-H1, to: 2024-H2}, {from: 2022, to: 2024}, {from: 2022-H1, to: 2024-H2}]")
    assert spec.trends == (("2022-H1", "2024-H2"), ("2022", "2024"))
    assert _batch(tmp_path, "[]").trends == ()
    with pytest.raises(SettingsError) as raised:
        _batch(tmp_path, "[{from: 2024-H1, to: 2022-H1}, {from: 2022}, 2023, {from: 2022, to: 2023, by: q}]")
    message = str(raised.value)
    assert "trends: --to '2022-H1' comes before --from '2024-H1'" in message
    assert message.count("must be {from: PERIOD, to: PERIOD}") == 3


def test_batch_plans_each_trend_for_each_scope_beside_its_periods(tmp_path):
    from reactlib.batch.plan import plan
    from reactlib.render.request import TrendRequest

    spec = _batch(tmp_path, "[{from: 2022-H1, to: 2023-H2}]")
    spec = type(spec)(**{**spec.__dict__, "scopes": ("Georgia", "all")})
    jobs = plan(spec, tmp_path / "out", ["Georgia", "Moldova"])
    assert [job.name for job in jobs] == [
        "Georgia 2023-H1", "Georgia trend-2022-H1_to_2023-H2", "all 2023-H1", "all trend-2022-H1_to_2023-H2",
    ]  # fmt: skip
    trend = jobs[1]
    assert isinstance(trend.request, TrendRequest)
    assert trend.target == tmp_path / "out" / "georgia" / "trend-2022-H1_to_2023-H2"


def test_index_lists_trends_in_their_own_section(tmp_path):
    from reactlib.batch.index_page import IndexEntry, TrendEntry, render_index

    folder = tmp_path / "georgia" / "trend-2022-H1_to_2024-H2"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<p>x</p>", encoding="utf-8")
    page = render_index(
        tmp_path, "REAct", [IndexEntry("Georgia", "2023-H1", None, "failed")],
        trends=[TrendEntry("Georgia", "2022-H1", "2024-H2", folder, "rendered"),
         TrendEntry("<i>x</i>", "2022", "2023", None, "failed")],
    )  # fmt: skip
    trends = page.split("<h2>Trends</h2>")[1]
    assert '<a href="georgia/trend-2022-H1_to_2024-H2/report.html">page<' in trends
    assert "2022-H1 to 2024-H2" in trends and "&lt;i&gt;x&lt;/i&gt;" in trends and "<i>x" not in trends
    assert "<h2>Trends</h2>" not in render_index(tmp_path, "REAct", [IndexEntry("Georgia", "2023-H1", None, "failed")])


def test_chart_over_time_percent_is_share_of_period_n(sample_cases):
    trend = compute_trend(sample_cases, "Kazakhstan", "2023-H1", "2023-H2")
    frame = chart_over_time(trend, "key_populations")
    for figures in trend.series:
        rows = frame[frame["period"] == figures.period.name]
        n = figures.charts["key_populations"].n
        for count, percent in zip(rows["count"], rows["percent"], strict=True):
            assert math.isclose(percent, round(100 * count / n, 1))


def test_a_trend_in_another_language_has_its_own_folder(tmp_path):
    from reactlib.render.kinds import TREND
    from reactlib.render.publish import report_dir
    from reactlib.render.request import TrendRequest

    base = tmp_path / "georgia" / "trend-2022-H1_to_2024-H2"
    folder = TREND.folder(TrendRequest("Georgia", "2022-H1", "2024-H2"))
    assert report_dir(tmp_path, "Georgia", folder, ["Georgia"]) == base
    assert report_dir(tmp_path, "Georgia", folder, ["Georgia"], "ru") == base / "ru"
    assert report_dir(tmp_path, "Georgia", folder, ["Georgia"], "en", ("en", "uk")) == base / "en"
