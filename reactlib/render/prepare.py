"""`reactlib report`: check everything, execute the notebook, write HTML, PDF, notebook and figures.

Order matters for the analyst: the notebook's parameters, the data, scope, period and settings
are checked in-process first, so bad input is reported in a second with the usual problem table,
before a kernel or a browser starts. The data are loaded and validated here, once: the report's
figures are computed here and handed to the kernel, which computes nothing again (as in a batch).
Only then is the output folder locked (`reactlib.render.output.output_lock`: no batch or other
report writes to it meanwhile) and the notebook executed and exported, into a staging folder
that replaces the previous report at the end (`reactlib.render.stages`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from reactlib.count.periods import Period
from reactlib.count.suppression import Disclosure
from reactlib.load.cases import load_cases
from reactlib.load.column_map import load_column_map
from reactlib.load.options import ReadOptions
from reactlib.render.changes import changes_json, changes_since_last_render
from reactlib.render.output import output_lock
from reactlib.render.publish import check_replaceable, report_dir
from reactlib.render.request import ReportRequest, report_parameters
from reactlib.render.stages import PreparedReport, finish_report, stage_report
from reactlib.report.data import handover_code, report_data_from_cases
from reactlib.report.fixed_words import FIGURES_FILES
from reactlib.report.parameters import (
    NotebookParameter,
    check_notebook,
    check_parameters,
    check_report_notebook,
    read_parameters,
)
from reactlib.report.provenance import render_date
from reactlib.report.settings import ReportSettings, load_report_settings, warn_unmatched_countries
from reactlib.sample.location import data_file_or_sample


def render_report(request: ReportRequest) -> list[Path]:
    """Render one report; return the files written, in the order a reader would open them."""
    from reactlib.render.kernels import WarmKernel
    from reactlib.render.pdf import check_browser

    check_browser(request.formats)
    declared = check_notebook(request.notebook_file, request.extra)  # before the data is read
    settings = load_report_settings(request.settings)
    cases = load_cases(
        data_file_or_sample(request.data), load_column_map(request.column_map), **request.reading.keywords()
    )
    warn_unmatched_countries(settings, cases["country"].unique())
    report = plan_report(request, cases, settings, declared)
    # A warm kernel used once, as a batch's: it takes the report data handed over instead of
    # loading and validating the file again. No other command writes to --out meanwhile.
    with output_lock(request.out):
        with WarmKernel() as kernel:
            staging = stage_report(report, kernel)
        return finish_report(report, staging)


def plan_report(
    request: ReportRequest,
    cases: pd.DataFrame,
    settings: ReportSettings,
    declared: Mapping[str, NotebookParameter] | None = None,
    disclosure: Disclosure | None = None,
) -> PreparedReport:
    """Check scope, period and parameters against validated ``cases``; compute the report data.

    The report carries all of the notebook's report data, for the kernel to take instead of
    computing it again (see `reactlib.report.data.handover_code`). ``declared`` are the
    notebook's parameters, read from ``request``'s notebook when not given. ``disclosure`` is
    the suppression pattern of the publication (a batch's) with min_cell; without it, the report
    with its previous period is the publication, protected and audited here, before rendering.
    """
    if declared is None:
        declared = read_parameters(request.notebook_file)
        check_report_notebook(declared, request.notebook_file)
    report_data = report_data_from_cases(  # checks scope and period against the data, once
        cases, *_arguments(request), disclosure=disclosure
    )
    figures = report_data.figures
    parameters = check_parameters(report_parameters(request, figures.scope, settings), declared)
    countries = sorted(cases["country"].unique())
    target = report_dir(
        request.out, figures.scope, figures.period, countries, request.language, request.batch_languages
    )
    # Before a kernel runs; publishing checks again.
    check_replaceable(target, inputs=(request.data, request.column_map, request.settings, request.notebook))
    figures_json, date = figures.to_json(), render_date()
    # Against the render this one replaces, as it was published: figures.json with figures.json.
    changes = changes_since_last_render(target, json.loads(figures_json), request.language, date)
    # The page links the figures files published beside it (figures.json and figures.xlsx).
    report_data = replace(report_data, changes=changes, downloads=FIGURES_FILES)
    return PreparedReport(
        target=target,
        title=figures.title,
        parameters=parameters,
        figures_json=figures_json,
        formats=request.formats,
        date=date,
        kernel_setup=handover_code(report_data, parameters),
        notebook=request.notebook_file,
        changes_json="" if changes is None else changes_json(changes),
    )


def _arguments(request: ReportRequest) -> tuple[str, str, ReadOptions, str, Period, int, str]:
    """`report_data_from_cases`'s arguments after ``cases``, from ``request``."""
    return (
        str(request.data.resolve()) if request.data is not None else "",
        str(request.column_map.resolve()) if request.column_map is not None else "",
        request.reading,
        request.scope,
        request.period,
        request.min_cell,
        request.language,
    )


__all__ = ["plan_report", "render_report"]
