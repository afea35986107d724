"""Producing a prepared report's files: execute the notebook, export HTML, print the PDF, publish.

In two steps, so that a batch can run them in different processes: `stage_report` executes and
exports into a staging folder (in a worker, with its warm kernel), `finish_report` prints the
PDF and publishes the folder (in the batch's own process, with its one browser).

Everything here works from a `PreparedReport`, which carries its figures already computed, so
this module needs neither pandas nor the data: a batch worker starts in a fraction of the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.language import DEFAULT_LANGUAGE
from reactlib.render.publish import create_staging, discard_staging, publish_staging
from reactlib.render.request import CHANGES_FILE, published_parameters, render_record, written_files

if TYPE_CHECKING:
    from reactlib.render.kernels import WarmKernel
    from reactlib.render.pdf import PdfPrinter

HTML_FILE = "report.html"


@dataclass(frozen=True)
class PreparedReport:
    """A report checked in-process and ready to render: where it goes and what it runs with."""

    target: Path
    title: str
    parameters: dict[str, Any]
    figures_json: str
    formats: tuple[str, ...]
    date: dt.date
    #: The notebook to execute (`reactlib.render.kinds.ReportKind.notebook_file`).
    notebook: Path
    #: Run silently in a warm kernel before the notebook (the report data, handed over).
    kernel_setup: str = ""
    #: Whether figures.xlsx is written (a trend's figures.json is a series, not one report's).
    workbook: bool = True
    #: changes.json: what changed since the render this one replaces; empty when nothing did.
    changes_json: str = ""


def stage_report(report: PreparedReport, kernel: WarmKernel | None = None) -> Path:
    """Execute and export ``report`` into a new staging folder beside its target; return it.

    The folder holds the executed notebook, figures.json, figures.xlsx, the HTML and, when a
    figure moved since the render it replaces, changes.json; `finish_report` prints the PDF
    and publishes it. On failure nothing is left behind.
    """
    from reactlib.render.execute import execute_notebook
    from reactlib.render.html import (
        prepare_exporter,
        to_html,  # here: the batch process, which only publishes, needs no nbconvert
    )
    from reactlib.render.workbook import WORKBOOK_FILE, write_workbook

    # A notebook that declares no language (an analyst's own) is written in English.
    language = str(report.parameters.get("language", DEFAULT_LANGUAGE))
    staging = create_staging(report.target)

    def meanwhile() -> None:
        """What needs no executed notebook: done while the kernel resets, not after it has run."""
        (staging / "figures.json").write_bytes(report.figures_json.encode("utf-8"))
        if report.changes_json:
            (staging / CHANGES_FILE).write_bytes(report.changes_json.encode("utf-8"))
        if report.workbook:
            write_workbook(staging / WORKBOOK_FILE, report.figures_json, report.parameters, report.date)
        prepare_exporter()

    try:
        executed = execute_notebook(
            report.notebook,
            report.parameters,
            staging / "report.ipynb",
            kernel,
            report.kernel_setup,
            published_parameters(report.parameters),
            language,
            render_record(report.date),
            meanwhile,
        )
        (staging / HTML_FILE).write_bytes(to_html(executed, report.title, language).encode("utf-8"))
    except BaseException:
        discard_staging(staging)
        raise
    return staging


def finish_report(
    report: PreparedReport,
    staging: Path,
    printer: PdfPrinter | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> list[Path]:
    """Print the PDF of a staged report, add ``extra_files`` and publish it; return its files.

    Without ``printer`` a browser is started for this one PDF. The staging folder is published
    or, on failure, removed.
    """
    from reactlib.render import pdf

    try:
        html_file = staging / HTML_FILE
        if "pdf" in report.formats:
            if printer is None:
                pdf.html_to_pdf(html_file, staging / "report.pdf", report.date)
            else:
                printer.print_pdf(html_file, staging / "report.pdf", report.date)
        if "html" not in report.formats:
            html_file.unlink()
        for name, text in (extra_files or {}).items():
            (staging / name).write_text(text, encoding="utf-8")
        publish_staging(staging, report.target)
    finally:
        discard_staging(staging)
    changes = [report.target / CHANGES_FILE] if report.changes_json else []
    return written_files(report.target, report.formats, report.workbook) + changes
