"""Everything a country report shows, computed once from its parameters.

The notebook calls `prepare_report` with its parameters and only arranges what comes back; the
`reactlib report` command calls it too, before any kernel starts, so that bad data or a bad scope
or period is reported at once with the usual problem table.

Examples
--------
>>> report = prepare_report(scope="Tajikistan", period="2023-H1")  # the bundled sample
>>> report.figures.title
'Tajikistan. 2023 | Half year: January–June'
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reactlib.count.diff import FiguresDiff
from reactlib.count.figures import ReportFigures, compute_figures
from reactlib.count.periods import Period
from reactlib.count.quality import RowAccounting, account_rows
from reactlib.count.suppression import Disclosure
from reactlib.load.options import ReadOptions
from reactlib.report.handover import FileState, file_state, inputs_key, take_handed_over
from reactlib.report.provenance import Provenance, collect
from reactlib.sample.location import data_file_or_sample


@functools.lru_cache(maxsize=2)
def _cached_cases(data: FileState, column_map: FileState, reading: ReadOptions, today: dt.date) -> pd.DataFrame:
    """Validated cases, kept while the file is unchanged.

    A batch renders many reports from one file in one warm kernel; loading it once saves most
    of a report's data time. The key is the file's path, size and modification time (and the
    column map's), so an edited file is read again; the table is never modified after loading.
    """
    from reactlib.load.cases import (
        load_cases,  # here: a kernel handed its report data never loads
    )
    from reactlib.load.column_map import load_column_map

    if data is None:
        raise ValueError("a data file is required")  # data_file_or_sample always names one
    mapping = load_column_map(Path(column_map[0])) if column_map else None
    return load_cases(Path(data[0]), mapping, today=today, **reading.keywords())


def validated_cases(data: str | Path, column_map: str | Path, reading: ReadOptions | None = None) -> pd.DataFrame:
    """The validated cases of ``data`` (empty: the bundled sample), read as ``reading`` says, kept while the files are unchanged."""
    path = data_file_or_sample(data)
    map_path = Path(column_map) if str(column_map) else None
    return _cached_cases(file_state(path), file_state(map_path), reading or ReadOptions(), dt.date.today())


@dataclass(frozen=True)
class ReportData:
    """The figures, the row accounting and the provenance of one report.

    ``changes`` are those since the report's last render, when it is rendered again into a
    folder that holds one and a figure moved (`reactlib.render.changes`); None otherwise, and
    always for a notebook run by hand.

    ``downloads`` are the figures files a render publishes beside the report's page, which the
    page links (`reactlib.report.phrases.download_links`); empty when the notebook runs on its own.
    """

    figures: ReportFigures
    accounting: RowAccounting
    provenance: Provenance
    changes: FiguresDiff | None = None
    downloads: tuple[str, ...] = ()


def prepare_report(
    data: str | Path = "",
    column_map: str | Path = "",
    encoding: str = "",
    sheet: str = "",
    header_row: int = 0,
    date_format: str = "",
    scope: str = "Tajikistan",
    period: str = "2023-H1",
    min_cell: int = 0,
    language: str = "en",
) -> ReportData:
    """Load and validate the data, then compute every figure of the report.

    When a batch has handed this kernel the report data for exactly these arguments and input
    files (see `reactlib.report.handover`), that is returned instead of being computed a second time.

    Parameters
    ----------
    data
        Case file (CSV, XLSX, Parquet); empty for the bundled sample.
    column_map
        YAML file mapping the file's headers to contract column names; empty for none.
    encoding
        Encoding of a CSV file that is not UTF-8; empty for UTF-8.
    sheet, header_row, date_format
        The workbook's sheet, the header's row (from 1) and how the dates are written; empty
        (0) for what the file shows (see `reactlib.load.cases.load_cases`).
    scope
        A country as written in the data, or ``"all"``.
    period
        A period name such as ``"2023-H1"``.
    min_cell
        Small-cell threshold; 0 switches suppression off.
    language
        The report's language (`reactlib.language.LANGUAGES`): its labels and titles.

    Raises
    ------
    reactlib.errors.InvalidDataError
        For a file that breaks the data contract.
    reactlib.count.periods.PeriodError
        For a scope not in the data, or a period that is malformed or has no data.
    """
    arguments = (
        str(data),
        str(column_map),
        encoding,
        sheet,
        header_row,
        date_format,
        scope,
        period,
        min_cell,
        language,
    )
    handed = take_handed_over(inputs_key(arguments))
    if handed is not None:
        return handed
    reading = ReadOptions(encoding, sheet, header_row, date_format)
    cases = validated_cases(data, column_map, reading)
    return report_data_from_cases(cases, str(data), str(column_map), reading, scope, period, min_cell, language)


def report_data_from_cases(
    cases: pd.DataFrame,
    data: str,
    column_map: str,
    reading: ReadOptions,
    scope: str,
    period: str | Period,
    min_cell: int,
    language: str = "en",
    disclosure: Disclosure | None = None,
) -> ReportData:
    """`prepare_report` on cases already loaded and validated from ``data``; ``period`` parsed or not.

    ``disclosure``: with min_cell, the suppression pattern of the publication the report is one
    of (a batch's); without it, the report with its previous period is the publication.
    """
    # checks scope, period, language
    figures = compute_figures(cases, scope, period, min_cell or None, language, disclosure=disclosure)
    resolved_scope, parsed_period = figures.scope, figures.period
    # With min_cell the figures carry the appendix as the publication shows it (and publish it).
    accounting = figures.accounting or account_rows(cases, resolved_scope, parsed_period)
    what = {"scope": resolved_scope, "period": parsed_period.name}
    return ReportData(figures, accounting, report_provenance(data, column_map, reading, what, min_cell, language))


def report_provenance(
    data: str, column_map: str, reading: ReadOptions, what: Mapping[str, str], min_cell: int, language: str
) -> Provenance:
    """The provenance of a report of any kind: its files and how they were read, ``what`` it shows, min_cell, language.

    ``what`` is the kind's own, in the order the block shows it: a report's scope and period, a
    trend's scope and range.
    """
    path = data_file_or_sample(data)
    shown = {
        "data": path.name if str(data) else f"{path.name} (the bundled sample)",
        "column_map": Path(column_map).name if str(column_map) else "none",
        **shown_reading(reading),
        **what,
        "min_cell": str(min_cell) if min_cell else "0 (off)",
        "language": language,
    }
    return collect(path, shown)


def shown_reading(reading: ReadOptions) -> dict[str, str]:
    """How the data file was read, as the provenance block shows it: the encoding, and each other option given."""
    given = {name: str(value) for name, value in reading.keywords().items() if value is not None and name != "encoding"}
    return {"encoding": reading.encoding or "utf-8", **given}
