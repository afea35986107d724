"""`reactlib report`: check everything, execute the notebook, write HTML, PDF, notebook and figures.

Order matters for the analyst: the data, scope, period, settings and parameters are checked
in-process first, so bad input is reported in a second with the usual problem table, before a
kernel or a browser starts. Only then is the notebook executed and exported, into a staging
folder that replaces the previous report at the end (`reactlib.render.stages`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reactlib.count.figures import compute_figures
from reactlib.count.periods import check_period_has_data, parse_period, resolve_scope
from reactlib.load.cases import load_cases
from reactlib.load.column_map import load_column_map
from reactlib.render.publish import report_dir
from reactlib.render.request import (
    ReportRequest,
    notebook_path,
    report_parameters,
)
from reactlib.render.stages import PreparedReport, produce_report
from reactlib.report.data import (
    handover_code,
    notebook_arguments,
    report_data_from_cases,
)
from reactlib.report.parameters import check_parameters, read_parameters
from reactlib.report.provenance import render_date
from reactlib.report.settings import ReportSettings, load_report_settings
from reactlib.sample.bundled import data_file_or_sample


def render_report(request: ReportRequest) -> list[Path]:
    """Render one report; return the files written, in the order a reader would open them."""
    settings = load_report_settings(request.settings)
    cases = load_cases(data_file_or_sample(request.data), load_column_map(request.column_map), request.encoding)
    return produce_report(prepare_report(request, cases, settings))


def prepare_report(
    request: ReportRequest, cases: pd.DataFrame, settings: ReportSettings, hand_over: bool = False
) -> PreparedReport:
    """Check scope, period and parameters against validated ``cases``; compute the figures.

    With ``hand_over`` the report carries all of the notebook's report data, for a warm kernel
    to take instead of computing it again (see `reactlib.report.data.handover_code`).
    """
    period = parse_period(request.period)
    countries = sorted(cases["country"].unique())
    scope = resolve_scope(request.scope, countries)
    check_period_has_data(cases, period)
    parameters = check_parameters(
        report_parameters(request, scope, period.name, settings), read_parameters(notebook_path())
    )
    kernel_setup = ""
    if hand_over:
        report_data = report_data_from_cases(cases, *notebook_arguments(parameters))
        figures, kernel_setup = report_data.figures, handover_code(report_data, parameters)
    else:
        figures = compute_figures(cases, scope, period, request.min_cell or None)
    return PreparedReport(
        target=report_dir(request.out, scope, period, countries),
        title=figures.title,
        parameters=parameters,
        figures_json=figures.to_json(),
        formats=request.formats,
        date=render_date(),
        kernel_setup=kernel_setup,
    )
