"""One path for every kind of report: a country report, a trend and an analyst's own notebook.

Each kind is planned by the same `reactlib.render.pipeline.plan` and rendered by the same
`render`; the expectations below are counted with plain pandas from the bundled sample.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import spoil_once_planned
from helpers.notebooks import REPORT_PARAMETERS, write_notebook

from reactlib.count.periods import parse_period
from reactlib.render.kinds import COUNTRY_REPORT, TREND, kind_of, own_notebook
from reactlib.render.request import ReportRequest, TrendRequest
from reactlib.report.settings import ReportSettings

#: The report's parameters, written out by hand, and one of the analyst's own.
OWN_PARAMETERS_CELL = f"""\
{REPORT_PARAMETERS}greeting: str = "hello"  # the analyst's own
"""

#: The analyst's notebook shows the number of cases the report data gives, and its greeting.
OWN_CODE_CELL = """\
from IPython.display import HTML
from reactlib.report.data import prepare_report
report = prepare_report(data, column_map, encoding, sheet, header_row, date_format, scope, period, min_cell, language)
HTML(f"<p id='count'>{greeting}: {report.figures.cases} cases in {report.figures.scope}</p>")
"""


def own_notebook_file(path):
    return write_notebook(path, OWN_PARAMETERS_CELL, OWN_CODE_CELL)


def cases_in(cases: pd.DataFrame, country: str, first: str, last: str) -> int:
    """Cases of ``country`` registered from ``first`` to ``last`` (ISO dates, both included), with plain pandas."""
    registered = cases["registered_on"]
    return int(((cases["country"] == country) & (registered >= first) & (registered <= last)).sum())


def test_each_request_has_its_kind():
    h1 = parse_period("2023-H1")
    assert kind_of(ReportRequest("Georgia", h1)) is COUNTRY_REPORT
    assert kind_of(TrendRequest("Georgia", "2022-H1", "2023-H2")) is TREND
    own = kind_of(ReportRequest("Georgia", h1, notebook=Path("mine.ipynb")))
    assert own.name == "own notebook" and own.notebook_file() == Path("mine.ipynb").resolve()
    assert own.arguments == COUNTRY_REPORT.arguments and own.workbook


def test_one_plan_serves_a_report_a_trend_and_an_analysts_notebook(tmp_path, sample_cases):
    from reactlib.render.pipeline import plan

    h1 = parse_period("2023-H1")
    notebook = own_notebook_file(tmp_path / "mine.ipynb")
    out = tmp_path / "out"
    report = plan(ReportRequest("Georgia", h1, out=out), sample_cases, ReportSettings())
    trend = plan(TrendRequest("Georgia", "2023-H1", "2023-H2", out=out), sample_cases, ReportSettings())
    own = plan(
        ReportRequest("Georgia", h1, out=out, notebook=notebook, extra={"greeting": "hi"}),
        sample_cases,
        ReportSettings(),
    )

    georgia_h1 = cases_in(sample_cases, "Georgia", "2023-01-01", "2023-06-30")
    georgia_h2 = cases_in(sample_cases, "Georgia", "2023-07-01", "2023-12-31")
    assert georgia_h1 > 0 and georgia_h2 > 0
    assert json.loads(report.figures_json)["cases"] == georgia_h1
    assert [period["cases"] for period in json.loads(trend.figures_json)["series"]] == [georgia_h1, georgia_h2]
    assert json.loads(own.figures_json) == json.loads(report.figures_json)  # the same data, another notebook

    assert report.target == own.target == out / "georgia" / "2023-H1"
    assert trend.target == out / "georgia" / "trend-2023-H1_to_2023-H2"
    assert (report.notebook.name, trend.notebook.name, own.notebook) == (
        "country_report.ipynb",
        "trend_report.ipynb",
        notebook.resolve(),
    )
    assert (report.workbook, trend.workbook, own.workbook) == (True, False, True)
    assert trend.parameters["from_period"] == "2023-H1" and trend.parameters["to_period"] == "2023-H2"
    assert own.parameters["greeting"] == "hi" and own.parameters["period"] == report.parameters["period"] == "2023-H1"
    # Each kernel is handed its kind's data: the hand-over names the module that receives it.
    for prepared in (report, trend, own):
        assert "reactlib.report.handover" in prepared.kernel_setup


def test_an_analysts_notebook_lacking_a_report_parameter_is_refused_by_its_kind(tmp_path):
    from reactlib.errors import ParameterError
    from reactlib.render.pipeline import declared_parameters

    path = tmp_path / "short.ipynb"
    own_notebook_file(path)
    notebook = nbformat.read(str(path), as_version=4)
    notebook.cells[1].source = OWN_PARAMETERS_CELL.replace('language: str = "en"  # the report\'s language\n', "")
    nbformat.write(notebook, str(path))

    with pytest.raises(ParameterError, match="language: not declared"):
        declared_parameters(own_notebook(path))
    # The trend's notebook declares a range, not a period: the country report's check is not the trend's.
    assert {"from_period", "to_period"} <= set(declared_parameters(TREND)) and "period" not in declared_parameters(
        TREND
    )
    assert list(declared_parameters(COUNTRY_REPORT))[:2] == ["data", "column_map"]


@pytest.mark.slow
def test_an_analysts_notebook_renders_through_the_same_path_and_is_handed_its_data(tmp_path, monkeypatch, sample_cases):
    """The kernel of an analyst's notebook takes the data planned in-process: the file is spoiled once planned."""
    from reactlib import sample_data_path
    from reactlib.render import pipeline

    data = tmp_path / "cases.csv"
    shutil.copy(sample_data_path(), data)
    spoil_once_planned(monkeypatch, pipeline, "plan", data)
    notebook = own_notebook_file(tmp_path / "mine.ipynb")
    out = tmp_path / "out"
    request = ReportRequest(
        "Georgia",
        parse_period("2023-H1"),
        out=out,
        data=data,
        formats=("html",),
        notebook=notebook,
        extra={"greeting": "hi"},
    )

    written = pipeline.render(request)

    folder = out / "georgia" / "2023-H1"
    assert [path.name for path in written] == ["report.html", "report.ipynb", "figures.json", "figures.xlsx"]
    assert all(path.parent == folder and path.is_file() for path in written)
    expected = cases_in(sample_cases, "Georgia", "2023-01-01", "2023-06-30")
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert f"hi: {expected} cases in Georgia" in html
