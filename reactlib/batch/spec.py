"""A batch definition (``params/*.yaml``): which data, scopes, periods, formats and settings.

Example::

    data: ""                     # case file, relative to this file; empty: the bundled sample
    column_map: ""               # YAML header map, relative to this file; empty: none
    encoding: ""                 # CSV encoding when not UTF-8, e.g. cp1251
    sheet: ""                    # XLSX sheet; empty: the one whose header names the contract's columns
    header_row: 0                # row of the header (from 1); 0: the row below any title rows that names them
    date_format: ""              # how dates are written, e.g. DD.MM.YYYY; empty: the format they fit
    scopes: [every country, all] # countries, "all" (regional), "every country" (in the data)
    periods: [2023-H1, 2023-H2]
    formats: [html, pdf]
    languages: [en, ru, uk]      # optional (default [en]): each scope × period in each language
    min_cell: 0                  # 0: off; 5: counts 1-4 shown as "<5"
    contact: To request ...      # optional: the report's contact line (or {en: ..., ru: ..., uk: ...})
    countries:                   # optional: per-country text settings (see reactlib.report.settings)
      Tajikistan:
        notes: {msm_trans: In the second half of 2021 ...}
    notebook: my_report.ipynb    # optional: an analyst's notebook, relative to this file
    parameters: {note: hello}    # optional: extra parameters that notebook declares
    trends: [{from: 2022-H1, to: 2024-H2}]  # optional: trend reports, for each scope

The keys that give the report's parameters are derived from their one declaration
(`reactlib.report.parameters.REPORT_PARAMETERS`: ``scope`` comes from ``scopes``, ``period``
from ``periods``, ``language`` from ``languages``, ``contact`` and ``group_notes`` from ``contact`` and ``countries``).

Without ``contact`` or ``countries`` a report takes reactlib's default for it
(``reactlib/data/report_settings.yaml``), as `reactlib report` without ``--settings`` does.

The file is read the YAML 1.2 way (``NO`` stays the text "NO") and checked completely before any
report starts; every problem is named with the file and the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reactlib.count.min_cell import min_cell_problem
from reactlib.count.periods import (
    ALL_COUNTRIES,
    Period,
    PeriodError,
    parse_period,
    resolve_scope,
)
from reactlib.errors import ParameterError
from reactlib.language import DEFAULT_LANGUAGE, LANGUAGES
from reactlib.load.options import ReadOptions
from reactlib.load.settings_file import SettingsError, load_yaml, quote
from reactlib.render.request import FORMATS, unknown_formats
from reactlib.report.parameters import REPORT_PARAMETERS, report_value_problems, type_problem
from reactlib.report.settings import ReportSettings, settings_from_document

#: The scope entry that stands for every country found in the data.
EVERY_COUNTRY = "every country"
#: The batch's own keys, beside those of the report's parameters.
BATCH_KEYS = ("formats", "notebook", "parameters", "trends")
KEYS = {p.batch for p in REPORT_PARAMETERS} | set(BATCH_KEYS)


@dataclass(frozen=True)
class BatchSpec:
    """A checked batch definition."""

    source: Path
    data: Path | None
    column_map: Path | None
    reading: ReadOptions  # encoding, sheet, header_row, date_format
    scopes: tuple[str, ...]
    periods: tuple[Period, ...]
    formats: tuple[str, ...]
    min_cell: int
    settings: ReportSettings
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)  # the third axis, after scopes and periods
    notebook: Path | None = None  # None: the package's country report
    parameters: dict[str, Any] = field(default_factory=dict)  # extra parameters of ``notebook``
    #: Trend reports (first and last period), each rendered for every scope.
    trends: tuple[tuple[str, str], ...] = ()

    def expand_scopes(self, countries: Sequence[str]) -> list[str]:
        """The batch's scopes as the data spells them, ``every country`` expanded, in order.

        A country the data lacks is kept as written: its report fails on its own, with a
        message naming the countries there are, and the others still render.
        """
        expanded: list[str] = []
        for scope in self.scopes:
            if scope.lower() == EVERY_COUNTRY:
                names = sorted(countries)
            else:
                try:
                    names = [resolve_scope(scope, countries)]
                except PeriodError:
                    names = [scope]
            expanded.extend(name for name in names if name not in expanded)
        return expanded


def load_batch(path: Path) -> BatchSpec:
    """Read and check a batch file; raise `SettingsError` listing every problem."""
    path = Path(path)
    document = load_yaml(path)
    problems: list[str] = []
    if not isinstance(document, dict):
        raise SettingsError(f"{path}: a batch file is a mapping of settings (data, scopes, periods, …)")
    problems += [f"unknown key {key!r} (known: {', '.join(sorted(KEYS))})" for key in document if key not in KEYS]
    base = path.parent
    notebook = _optional_path(document, "notebook", base, problems)
    parameters = _parameters(document, problems)
    spec = {
        "data": _optional_path(document, "data", base, problems),
        "column_map": _optional_path(document, "column_map", base, problems),
        "reading": _reading(document, problems),
        "scopes": tuple(_texts(document, "scopes", problems)),
        "periods": tuple(_periods(document, problems)),
        "formats": tuple(_formats(document, problems)),
        "min_cell": _min_cell(document, problems),
        "languages": tuple(_languages(document, problems)),
        "notebook": notebook,
        "parameters": parameters,
        "trends": tuple(_trends(document, problems)),
    }
    try:
        settings = settings_from_document(
            {key: document[key] for key in ("contact", "countries") if key in document}, str(path)
        )
    except SettingsError as error:
        problems.append(str(error).removeprefix(f"{path}: "))
        settings = ReportSettings()
    if not problems and (notebook is not None or parameters):
        problems += _notebook_problems(notebook, parameters)
    if problems:
        raise SettingsError("\n".join(f"{path}: {problem}" for problem in problems))
    return BatchSpec(source=path, settings=settings, **spec)  # type: ignore[arg-type]  # each key's type is its field's


def _optional_text(document: dict[str, Any], key: str, problems: list[str]) -> str | None:
    value = document.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        problems.append(f"{key}: must be text, not {quote(value)}")
        return None
    return value


def _reading(document: dict[str, Any], problems: list[str]) -> ReadOptions:
    """The keys that say how to read the data file, checked as `reactlib validate` checks its options."""
    values: dict[str, Any] = {
        key: _optional_text(document, key, problems) for key in ("encoding", "sheet", "date_format")
    }
    header_row = document.get("header_row")
    if header_row is not None and (problem := type_problem(header_row, "int")):
        problems.append(f"header_row: {problem}")
        header_row = None
    values["header_row"] = header_row
    problems += report_value_problems(values)
    return ReadOptions.from_parameters(values)


def _optional_path(document: dict[str, Any], key: str, base: Path, problems: list[str]) -> Path | None:
    text = _optional_text(document, key, problems)
    if text is None:
        return None
    path = (base / text).resolve()
    if not path.is_file():
        problems.append(f"{key}: no file {text!r} (paths are relative to the batch file)")
    return path


def _texts(document: dict[str, Any], key: str, problems: list[str], numbers: bool = False) -> list[str]:
    value = document.get(key)
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not value:
        problems.append(f"{key}: must be a non-empty list")
        return []
    texts = []
    for item in value:
        if numbers and isinstance(item, int) and not isinstance(item, bool):
            texts.append(str(item))  # a year: 2023
        elif isinstance(item, str) and item.strip():
            texts.append(item.strip())
        else:
            # A bare NO or 2023 in YAML 1.1 would arrive as False or 2023: write it in quotes.
            problems.append(f"{key}: {quote(item)} is not text; write it in quotes")
    return texts


def _periods(document: dict[str, Any], problems: list[str]) -> list[Period]:
    periods = []
    for text in _texts(document, "periods", problems, numbers=True):
        try:
            periods.append(parse_period(text))
        except PeriodError as error:
            problems.append(f"periods: {error}")
    return periods


def _trends(document: dict[str, Any], problems: list[str]) -> list[tuple[str, str]]:
    """``trends: [{from: 2022-H1, to: 2024-H2}, …]``: each range checked as `reactlib trend` checks it."""
    value = document.get("trends")
    if value is None:
        return []
    from reactlib.count.trends import trend_periods  # only a batch with trends needs the counting code

    if not isinstance(value, list):
        problems.append(f"trends: must be a list of {{from: …, to: …}}, not {quote(value)}")
        return []
    trends = []
    for item in value:
        ends = item if isinstance(item, dict) else {}
        first, last = (ends.get(key) for key in ("from", "to"))
        if set(ends) != {"from", "to"} or not all(_is_period_text(end) for end in (first, last)):
            problems.append(f"trends: {quote(item)} must be {{from: PERIOD, to: PERIOD}}, periods in quotes or years")
            continue
        first, last = str(first).strip(), str(last).strip()
        try:
            trend_periods(first, last)
        except PeriodError as error:
            problems.append(f"trends: {error}")
            continue
        if (first, last) not in trends:
            trends.append((first, last))
    return trends


def _is_period_text(value: Any) -> bool:
    return (isinstance(value, str) and bool(value.strip())) or (isinstance(value, int) and not isinstance(value, bool))


def _formats(document: dict[str, Any], problems: list[str]) -> list[str]:
    if "formats" not in document:
        return list(FORMATS)
    formats = [text.lower() for text in _texts(document, "formats", problems)]
    known = ", ".join(FORMATS)
    problems += [f"formats: unknown format {name!r} (known: {known})" for name in unknown_formats(formats)]
    return [name for name in FORMATS if name in formats]


def _languages(document: dict[str, Any], problems: list[str]) -> list[str]:
    """The batch's languages in the file's order, each once; English alone when not given."""
    if "languages" not in document:
        return [DEFAULT_LANGUAGE]
    languages = []
    for text in _texts(document, "languages", problems):
        # A code is what the reports' folders and the CLI's --language use: written as is, any case.
        code = text.lower()
        if code not in LANGUAGES:
            problems.append(f"languages: unknown language {text!r} (known: {', '.join(LANGUAGES)})")
        elif code not in languages:
            languages.append(code)
    return languages


def _min_cell(document: dict[str, Any], problems: list[str]) -> int:
    value = document.get("min_cell", 0)
    if value is None:
        return 0
    problem = type_problem(value, "int") or min_cell_problem(value)
    if problem:
        problems.append(f"min_cell: {problem}")
        return 0
    return value


def _parameters(document: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    value = document.get("parameters") or {}
    if not isinstance(value, dict) or not all(isinstance(name, str) for name in value):
        problems.append(f"parameters: must be a mapping of parameter names to values, not {quote(value)}")
        return {}
    return value


def _notebook_problems(notebook: Path | None, parameters: dict[str, Any]) -> list[str]:
    """What keeps ``notebook`` (the package's when None) from taking the batch's ``parameters``."""
    from reactlib.render.kinds import report_kind
    from reactlib.render.pipeline import declared_parameters

    try:
        declared_parameters(report_kind(notebook), parameters)
    except ParameterError as error:
        return [str(error)]
    return []


__all__ = ["ALL_COUNTRIES", "EVERY_COUNTRY", "BatchSpec", "load_batch"]
