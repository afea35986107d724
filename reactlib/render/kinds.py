"""The kinds of report reactlib renders, each declared once: its notebook, its parameters, its data.

A `ReportKind` says which notebook a report runs, which parameters that notebook takes after
the data's (and how its parameters cell is checked), how a request's data is prepared for it
(counted in-process and handed to the kernel), which folder beside the scope's other reports it
is published in and which files it publishes. One path serves every kind
(`reactlib.render.pipeline`: plan, execute, export, print, publish), for `reactlib report`,
`reactlib trend` and `reactlib batch` alike. The kinds:

- `COUNTRY_REPORT`: a country's (or the regional) report of one period, ``country_report.ipynb``;
- `TREND`: a scope's figures over a range of periods, ``trend_report.ipynb``;
- an analyst's own notebook (`own_notebook`): a country report's parameters and data, run
  through the analyst's notebook, which may declare parameters of its own.

Light on imports, as `reactlib.render.request`: a batch decides that a report is unchanged
from a kind's notebook, parameters and files alone; preparing the data imports the counting code.

Examples
--------
>>> from reactlib.count.periods import parse_period
>>> kind_of(ReportRequest("Georgia", parse_period("2023-H1"))).name
'country report'
>>> trend = TrendRequest("Georgia", "2022-H1", "2024-H2")
>>> kind_of(trend).name, kind_of(trend).folder(trend)
('trend', 'trend-2022-H1_to_2024-H2')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.load.options import READ_PARAMETERS
from reactlib.render.request import ReportRequest, TrendRequest, data_parameters, package_notebook, written_files
from reactlib.report.parameters import NotebookParameter, check_report_notebook

if TYPE_CHECKING:
    import pandas as pd

    from reactlib.count.suppression import Disclosure
    from reactlib.load.options import ReadOptions
    from reactlib.report.settings import ReportSettings

Request = ReportRequest | TrendRequest

#: A trend's folder beside its scope's period folders: ``trend-2022-H1_to_2024-H2``.
TREND_FOLDER = "trend-{first}_to_{last}"


@dataclass(frozen=True)
class Prepared:
    """A request's data, computed in-process: what a render publishes, and what its kernel is handed."""

    scope: str  # as the data spell it
    title: str
    figures_json: str
    #: What the notebook's prepare function returns (`reactlib.report.data.ReportData`,
    #: `reactlib.report.trend_data.TrendData`): handed to the kernel, which computes it no more.
    handed: Any


@dataclass(frozen=True)
class ReportKind:
    """One kind of report: its notebook, its parameters and how its data is prepared.

    Every callable takes the request first (a `ReportRequest` or `TrendRequest`, as the kind's).
    """

    name: str
    #: The package's notebook (in ``reactlib.notebooks``); `notebook`, when given, replaces it.
    notebook_name: str
    #: The parameters the notebook's prepare function takes, in its order: the key under which
    #: its data is handed to the kernel (`reactlib.report.handover`).
    arguments: tuple[str, ...]
    #: The kind's parameters after the data's (request, scope as the data spell it, settings).
    own_parameters: Callable[[Any, str, ReportSettings], dict[str, Any]]
    #: Checks the notebook's parameters cell (what it declares, the notebook's file).
    check_declared: Callable[[Mapping[str, NotebookParameter], Path], None]
    #: Counts a request's data from validated cases, with the publication's disclosure (or None).
    prepare: Callable[[Any, pd.DataFrame, Disclosure | None], Prepared]
    #: The report's folder name inside its scope's folder.
    folder: Callable[[Any], str]
    #: What a batch's index and logs call the report after its scope: its period, its range.
    label: Callable[[Any], str]
    #: Checks what can be checked of a request before its data is read (a trend's range).
    check_request: Callable[[Any], None] = lambda request: None
    #: Whether figures.xlsx is written (a trend's figures.json is a series, not one report's).
    workbook: bool = True
    #: Whether a render says what changed since the render it replaces (changes.json).
    compares_last_render: bool = False
    #: The figures files the report's page links, published beside it.
    downloads: tuple[str, ...] = ("figures.json",)
    #: An analyst's own notebook, run in place of the package's (`own_notebook`).
    notebook: Path | None = None
    #: The command that renders one report of this kind alone (a batch's hint for a failed one).
    command: str = "reactlib report"

    def notebook_file(self) -> Path:
        """The notebook this kind runs: the analyst's own, or the package's."""
        return self.notebook if self.notebook is not None else package_notebook(self.notebook_name)

    def check_language(self, language: str) -> None:
        """Refuse ``language`` when the notebook has no translation into it (an analyst's own notebook).

        A report's markdown is translated before its notebook is executed
        (`reactlib.render.execute.localized_notebook`), with the catalog named as the notebook's
        file (an analyst's copy of ``country_report.ipynb`` keeps the package's). Checked when the
        report is planned, it is refused with a message naming the notebook and the language
        before its notebook is executed (`reactlib report`: before its kernel starts).

        Raises
        ------
        reactlib.errors.ParameterError
            When the notebook has no catalog in ``language``.
        """
        from reactlib.language import LANGUAGES, notebook_translation

        notebook = self.notebook_file()
        # Not a language at all, or no notebook there: the parameters' and the notebook's own checks say so.
        if language in LANGUAGES and notebook.is_file():
            notebook_translation(notebook, language)

    def parameters(self, request: Request, scope: str, settings: ReportSettings) -> dict[str, Any]:
        """The notebook's parameters for ``request`` on ``scope`` as the data spell it.

        The data's, then the kind's own, then the request's extra parameters for its notebook.
        """
        return {**data_parameters(request), **self.own_parameters(request, scope, settings), **request.extra}

    def files(self, target: Path, formats: tuple[str, ...]) -> list[Path]:
        """The files of a finished report in ``target``, in the order a reader would open them."""
        return written_files(target, formats, self.workbook)


def _data_arguments(request: Request) -> tuple[str, str, ReadOptions]:
    """The data file and column map as the notebook's parameters give them, and how to read the file."""
    parameters = data_parameters(request)
    return parameters["data"], parameters["column_map"], request.reading


# The country (or regional) report --------------------------------------------------------------


def _report_parameters(request: ReportRequest, scope: str, settings: ReportSettings) -> dict[str, Any]:
    return {
        "scope": scope,
        "period": request.period.name,
        "min_cell": request.min_cell,
        "language": request.language,
        # The settings' texts in the report's language, as the notebook shows them.
        "contact": settings.contact_for(scope, request.language),
        "group_notes": settings.notes_for(scope, request.language),
    }


def _prepare_report(request: ReportRequest, cases: pd.DataFrame, disclosure: Disclosure | None) -> Prepared:
    from reactlib.report.data import report_data_from_cases

    data = report_data_from_cases(  # checks scope and period against the data, once
        cases, *_data_arguments(request), request.scope, request.period, request.min_cell, request.language,
        disclosure=disclosure,
    )  # fmt: skip
    return Prepared(data.figures.scope, data.figures.title, data.figures.to_json(), data)


COUNTRY_REPORT = ReportKind(
    name="country report",
    notebook_name="country_report.ipynb",
    arguments=("data", "column_map", *READ_PARAMETERS, "scope", "period", "min_cell", "language"),
    own_parameters=_report_parameters,
    check_declared=check_report_notebook,
    prepare=_prepare_report,
    folder=lambda request: request.period.slug,
    label=lambda request: request.period.name,
    compares_last_render=True,
    downloads=("figures.xlsx", "figures.json"),
)


def own_notebook(notebook: Path) -> ReportKind:
    """The kind of a country report run through an analyst's own ``notebook``.

    Its parameters cell must declare the country report's parameters (it may declare more), and
    it is given the same data.
    """
    return replace(COUNTRY_REPORT, name="own notebook", notebook=notebook.resolve())


# The trend ---------------------------------------------------------------------------------------


def _trend_parameters(request: TrendRequest, scope: str, settings: ReportSettings) -> dict[str, Any]:
    return {
        "scope": scope,
        "from_period": request.first,
        "to_period": request.last,
        "min_cell": request.min_cell,
        "language": request.language,
        "contact": settings.contact_for(scope, request.language),
    }


def _prepare_trend(request: TrendRequest, cases: pd.DataFrame, disclosure: Disclosure | None) -> Prepared:
    from reactlib.report.trend_data import trend_data_from_cases

    _check_range(request)  # the range first: its message, not the data's
    trend = trend_data_from_cases(
        cases, *_data_arguments(request), request.scope, request.first, request.last, request.min_cell,
        request.language, disclosure,
    )  # fmt: skip
    return Prepared(trend.figures.scope, trend.figures.title, trend.figures.to_json(), trend)


def _check_range(request: TrendRequest) -> None:
    from reactlib.count.trends import trend_periods

    trend_periods(request.first, request.last)


def _trend_folder(request: TrendRequest) -> str:
    return TREND_FOLDER.format(first=request.first, last=request.last)


def _any_declaration(declared: Mapping[str, NotebookParameter], notebook: Path) -> None:
    """The trend notebook's cell is checked value by value, when its parameters are."""


TREND = ReportKind(
    name="trend",
    notebook_name="trend_report.ipynb",
    arguments=("data", "column_map", *READ_PARAMETERS, "scope", "from_period", "to_period", "min_cell", "language"),
    own_parameters=_trend_parameters,
    check_declared=_any_declaration,
    prepare=_prepare_trend,
    folder=_trend_folder,
    label=_trend_folder,
    check_request=_check_range,
    workbook=False,
    command="reactlib trend",
)


def report_kind(notebook: Path | None) -> ReportKind:
    """The country report run with ``notebook``: the package's when None, else an analyst's own."""
    return COUNTRY_REPORT if notebook is None else own_notebook(notebook)


def kind_of(request: Request) -> ReportKind:
    """The kind of report ``request`` asks for."""
    if isinstance(request, TrendRequest):
        return TREND if request.notebook is None else replace(TREND, notebook=request.notebook.resolve())
    return report_kind(request.notebook)


__all__ = ["COUNTRY_REPORT", "TREND", "Prepared", "ReportKind", "kind_of", "own_notebook", "report_kind"]
