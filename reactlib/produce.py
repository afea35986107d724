"""Producing a prepared report's files: execute the notebook, export HTML, print the PDF, publish.

Everything here works from a `PreparedReport`, which carries its figures already computed, so
this module needs neither pandas nor the data: a batch worker that only produces reports starts
in a fraction of the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.execute import execute_notebook
from reactlib.export import to_html
from reactlib.publish import staged_directory
from reactlib.report_request import notebook_path, written_files

if TYPE_CHECKING:
    from reactlib.kernels import WarmKernel
    from reactlib.pdf import PdfPrinter


@dataclass(frozen=True)
class PreparedReport:
    """A report checked in-process and ready to render: where it goes and what it runs with."""

    target: Path
    title: str
    parameters: dict[str, Any]
    figures_json: str
    formats: tuple[str, ...]
    date: dt.date


def produce_report(
    report: PreparedReport,
    kernel: WarmKernel | None = None,
    printer: PdfPrinter | None = None,
    extra_files: Mapping[str, str] | None = None,
) -> list[Path]:
    """Execute, export and print one prepared report, and publish its files all at once.

    ``kernel`` and ``printer`` let a batch reuse a warm kernel and one browser; ``extra_files``
    (name → text) are published with the report, e.g. the batch's input fingerprint.
    """
    from reactlib import pdf

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
