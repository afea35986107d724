"""``figures.xlsx``: a report's figures as a workbook, for analysts who want the numbers (analysis.md §5).

Built from the figures.json document alone (plus what the ``about`` sheet says of the inputs),
so it can hold nothing that the report does not publish, and it shows exactly figures.json's
counts, suppression included: ``"<5"`` and ``"hidden"`` are text.

Two promises beyond the spec's layout:

- every text cell is text: a country or region called ``=HYPERLINK(…)`` is written as a string
  (never a formula), and shown with a quote prefix, so a spreadsheet program never evaluates it
  nor turns it into one when the cell is edited;
- the bytes are the same on every run: the workbook's dates are the report's render date (which
  follows ``SOURCE_DATE_EPOCH``), and so are the dates of the zip entries.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

import reactlib
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.messages import N_, text_in
from reactlib.report.provenance import file_sha256
from reactlib.sample.location import data_file_or_sample

WORKBOOK_FILE = "figures.xlsx"
CHART_COLUMNS = ("code", "label", "count", "percent")
PREVIOUS_COLUMNS = ("previous_count", "previous_percent")
#: The workbook part whose dates openpyxl sets to the time of saving.
CORE_PROPERTIES = "docProps/core.xml"
#: The earliest date a zip entry can carry.
ZIP_EPOCH = dt.date(1980, 1, 1)
#: Characters that XML 1.0 (and so a workbook) cannot hold; written as escapes instead.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: A text beginning with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@")

#: The ``about`` sheet's explanation, in the report's language; sheet and field names stay the
#: figures.json keys they are.
COUNTING_RULES = (
    N_("Counting rules (data contract section 4; analysis section 4):"),
    N_("Clients: distinct client codes among the cases of the report. Cases: cases of the report."),
    N_("key_populations: distinct clients per key population; a client counts in each of theirs."),
    N_("gender, age_groups, reaction_status: cases with a recorded value (n leaves out empty cells)."),
    N_("refusal_reasons, violations, services_*, <group>_perpetrators: mentions; n is their sum."),
    N_("Cross-tabulations: cases recording the row's code and at least one perpetrator of the column's group."),
    N_("Percent: 100 × count / n, rounded half-up to one decimal; empty where n is 0 or the count is hidden."),
)
#: The rule's line with min_cell: one mark for every suppressed count (`reactlib.count.min_cell.SUPPRESSED`).
# TRANSLATORS: keep “suppressed” as written: the sheets show it so in every language.
SUPPRESSION_RULE = N_(
    "Suppressed counts are written “suppressed”, whatever the reason: a count from 1 to min_cell − 1, or "
    "one that would let such a count be worked out from the publication's other figures; their percent is empty."
)
#: The line a workbook without min_cell has always shown, kept so that it stays the same bytes
#: (nothing is suppressed in it).
# TRANSLATORS: keep “<min_cell” and “hidden” as written: the sheets show them so in every language.
UNSUPPRESSED_RULE = N_(
    "Counts from 1 to min_cell − 1 are written “<min_cell”; “hidden” is a larger count hidden so "
    "that a single small one cannot be worked out from n."
)


@dataclass(frozen=True)
class WorkbookInputs:
    """What the ``about`` sheet says of a report's inputs, besides its figures."""

    data_file: str  # the file's name only, as the provenance block shows it
    data_sha256: str
    min_cell: int
    package_version: str
    date: dt.date  # the render date: the workbook's dates
    language: str = DEFAULT_LANGUAGE  # the report's: the about sheet's explanation is written in it


def workbook_inputs(parameters: Mapping[str, Any], date: dt.date) -> WorkbookInputs:
    """The inputs of a report run with the notebook ``parameters`` (``data`` empty: the sample)."""
    data = str(parameters.get("data") or "")
    path = data_file_or_sample(data)
    return WorkbookInputs(
        data_file=path.name if data else f"{path.name} (the bundled sample)",
        data_sha256=file_sha256(path),
        min_cell=int(parameters.get("min_cell") or 0),
        package_version=reactlib.__version__,
        date=date,
        language=str(parameters.get("language") or DEFAULT_LANGUAGE),
    )


def write_workbook(path: Path, figures_json: str, parameters: Mapping[str, Any], date: dt.date) -> None:
    """Write ``figures.xlsx`` at ``path`` for a report's figures.json text and notebook parameters."""
    path.write_bytes(figures_workbook(json.loads(figures_json), workbook_inputs(parameters, date)))


def figures_workbook(figures: Mapping[str, Any], inputs: WorkbookInputs) -> bytes:
    """The bytes of ``figures.xlsx`` for a figures.json document."""
    workbook = Workbook()
    _about_sheet(workbook.active, figures, inputs)
    previous = figures.get("previous") or {}
    for name, chart in figures["charts"].items():
        _chart_sheet(workbook.create_sheet(name), chart, previous.get("charts", {}).get(name))
    for code, group in figures["groups"].items():
        earlier = previous.get("groups", {}).get(code, {}).get("perpetrators")
        _chart_sheet(workbook.create_sheet(f"{code}_perpetrators"), group["perpetrators"], earlier)
    for name, table in figures.get("crosstabs", {}).items():
        _crosstab_sheet(workbook.create_sheet(name), table)
    return _pinned(workbook, inputs.date)


# Sheets -------------------------------------------------------------------------------------------


def _about_sheet(sheet: Worksheet, figures: Mapping[str, Any], inputs: WorkbookInputs) -> None:
    sheet.title = "about"
    facts = [
        ("title", figures["title"]),
        ("scope", figures["scope"]),
        ("period", figures["period"]),
        ("data_file", inputs.data_file),
        ("data_sha256", inputs.data_sha256),
        ("min_cell", inputs.min_cell if inputs.min_cell else "0 (off)"),
        ("reactlib_version", inputs.package_version),
        ("clients", figures["clients"]),
        ("cases", figures["cases"]),
        ("qualified", figures["qualified"]),
    ]
    sheets: list[tuple[Any, ...]] = [("sheet", "unit", "n", "report_group_cases")]
    sheets += [(name, chart["unit"], chart["n"]) for name, chart in figures["charts"].items()]
    sheets += [
        (f"{code}_perpetrators", group["perpetrators"]["unit"], group["perpetrators"]["n"], group["cases"])
        for code, group in figures["groups"].items()
    ]
    sheets += [(name, table["unit"]) for name, table in figures.get("crosstabs", {}).items()]
    lines = [*COUNTING_RULES, SUPPRESSION_RULE if inputs.min_cell else UNSUPPRESSED_RULE]
    rules = [(text_in(line, inputs.language),) for line in lines]
    _write_rows(sheet, [("field", "value"), *facts, (), *rules, (), *sheets], (28, 70, 12, 20))


def _chart_sheet(sheet: Worksheet, chart: Mapping[str, Any], previous: Mapping[str, Any] | None) -> None:
    """code, label, count, percent; and the previous period's, when the figures carry one."""
    earlier = {item["code"]: item for item in previous["items"]} if previous else None
    rows: list[tuple[Any, ...]] = [CHART_COLUMNS + (PREVIOUS_COLUMNS if earlier is not None else ())]
    for item in chart["items"]:
        row: tuple[Any, ...] = (item["code"], item["label"], item["count"], item["percent"])
        if earlier is not None:
            before = earlier.get(item["code"], {})
            row += (before.get("count"), before.get("percent"))
        rows.append(row)
    _write_rows(sheet, rows, (24, 60, 10, 10, 16, 16))


def _crosstab_sheet(sheet: Worksheet, table: Mapping[str, Any]) -> None:
    """Rows labelled by code and label, one column per perpetrator group (by its label)."""
    rows: list[tuple[Any, ...]] = [("code", "label", *table["column_labels"])]
    rows += [
        (code, label, *counts)
        for code, label, counts in zip(table["rows"], table["row_labels"], table["counts"], strict=True)
    ]
    _write_rows(sheet, rows, (24, 40, *([16] * len(table["columns"]))))


# Cells --------------------------------------------------------------------------------------------


def _write_rows(sheet: Worksheet, rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> None:
    """Text always as text, numbers as numbers, None as an empty cell; ``()`` is an empty row."""
    for row_number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                _set_text(sheet.cell(row_number, column), value)
            elif value is not None:
                cell = sheet.cell(row_number, column)
                cell.value = value
                if isinstance(value, float):  # a percent: shown with its one decimal
                    cell.number_format = "0.0"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _set_text(cell: Cell, text: str) -> None:
    # openpyxl makes any text that begins with "=" a formula; the type is set back to string
    # after assigning, and the quote prefix keeps a spreadsheet program from re-reading it.
    cell.value = XML_ILLEGAL.sub(lambda match: repr(match.group())[1:-1], text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


# Bytes --------------------------------------------------------------------------------------------


def _pinned(workbook: Workbook, date: dt.date) -> bytes:
    """The workbook saved with ``date`` in place of every time openpyxl and zipfile would stamp."""
    stamp = dt.datetime.combine(max(date, ZIP_EPOCH), dt.time())
    saved = io.BytesIO()
    workbook.save(saved)  # stamps "modified" with the time of saving: rewritten below
    workbook.properties.created = workbook.properties.modified = stamp
    core = tostring(workbook.properties.to_tree())
    pinned = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(pinned, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, core if entry.filename == CORE_PROPERTIES else source.read(entry))
    return pinned.getvalue()
