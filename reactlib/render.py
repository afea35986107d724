"""`reactlib report`: check everything, execute the notebook, write HTML, PDF, notebook and figures.

Order matters for the analyst: the data, scope, period, settings and parameters are checked
in-process first, so bad input is reported in a second with the usual problem table, before a
kernel or a browser starts. Only then is the notebook executed and exported, into a staging
folder that replaces the previous report at the end (`reactlib.publish`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from reactlib import pdf
from reactlib.execute import execute_notebook
from reactlib.export import to_html
from reactlib.figures import compute_figures
from reactlib.loading import load_cases
from reactlib.parameters import check_parameters, read_parameters
from reactlib.periods import check_period_has_data, parse_period, resolve_scope
from reactlib.provenance import render_date
from reactlib.publish import report_dir, staged_directory
from reactlib.kernels import WarmKernel
from reactlib.report_request import (
    ReportRequest,
    data_file,
    notebook_path,
    report_parameters,
    written_files,
)
from reactlib.report_settings import ReportSettings, load_report_settings

@dataclass(frozen=True)
class PreparedReport:
    """A report checked in-process and ready to render: where it goes and what it runs with."""

    target: Path
    title: str
    parameters: dict[str, Any]
    figures_json: str
    formats: tuple[str, ...]
    date: dt.date


def render_report(request: ReportRequest) -> list[Path]:
    """Render one report; return the files written, in the order a reader would open them."""
    from reactlib.cli import load_column_map  # the command's reader, so both read maps alike

    settings = load_report_settings(request.settings)
    cases = load_cases(data_file(request), load_column_map(request.column_map), request.encoding)
    return produce_report(prepare_report(request, cases, settings))


def prepare_report(request: ReportRequest, cases: pd.DataFrame, settings: ReportSettings) -> PreparedReport:
    """Check scope, period and parameters against validated ``cases``; compute the figures."""
    period = parse_period(request.period)
    scope = resolve_scope(request.scope, sorted(cases["country"].unique()))
    check_period_has_data(cases, period)
    parameters = check_parameters(
        report_parameters(request, scope, period.name, settings), read_parameters(notebook_path())
    )
    figures = compute_figures(cases, scope, period, request.min_cell or None)
    return PreparedReport(
        target=report_dir(request.out, scope, period),
        title=figures.title,
        parameters=parameters,
        figures_json=figures.to_json(),
        formats=request.formats,
        date=render_date(),
    )


def produce_report(
    report: PreparedReport,
    kernel: WarmKernel | None = None,
    printer: pdf.PdfPrinter | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> list[Path]:
    """Execute, export and print one prepared report, and publish its files all at once.

    ``kernel`` and ``printer`` let a batch reuse a warm kernel and one browser; ``extra_files``
    (name → text) are published with the report, e.g. the batch's input fingerprint.
    """
    with staged_directory(report.target) as staging:
        executed = execute_notebook(notebook_path(), report.parameters, staging / "report.ipynb", kernel)
        (staging / "figures.json").write_bytes(report.figures_json.encode("utf-8"))
        html_file = staging / "report.html"
        html_file.write_bytes(to_html(executed, report.title).encode("utf-8"))
        if "pdf" in report.formats:
            if printer is None:
                pdf.html_to_pdf(html_file, staging / "report.pdf", report.date)
            else:
                printer.print_pdf(html_file, staging / "report.pdf", report.date)
        if "html" not in report.formats:
            html_file.unlink()
        for name, text in (extra_files or {}).items():
            (staging / name).write_text(text, encoding="utf-8")
    return written_files(report.target, report.formats)
