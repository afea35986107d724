"""`reactlib trend`: a trend report rendered the way a country report is.

A trend is planned here in-process (range, scope, data and parameters checked; every period's
figures computed, `reactlib.count.trends`) into the same `reactlib.render.stages.PreparedReport`
a country report becomes, so it is executed in a warm kernel, exported, printed and published
by the same code: into ``OUT/<scope-folder>/trend-<from>_to_<to>/`` beside the scope's period
folders, with report.html, report.pdf, report.ipynb and figures.json (no workbook: its sheets
are a single period's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.errors import PublishError, RenderError
from reactlib.load.options import ReadOptions
from reactlib.render.output import inside_out
from reactlib.render.publish import check_replaceable, language_folder, scope_folder
from reactlib.render.request import FORMATS
from reactlib.render.stages import PreparedReport
from reactlib.report.parameters import NotebookParameter, check_parameters, read_parameters
from reactlib.report.provenance import render_date

if TYPE_CHECKING:  # a batch decides that a trend is unchanged without pandas or the counting code
    import pandas as pd

    from reactlib.count.suppression import Disclosure
    from reactlib.report.settings import ReportSettings

#: The trend's folder name, as `reactlib.count.trends.trend_slug` writes it (kept light here).
TREND_FOLDER = "trend-{first}_to_{last}"

TREND_NOTEBOOK_NAME = "trend_report.ipynb"


@dataclass(frozen=True)
class TrendRequest:
    """What `reactlib trend` (or a batch file's ``trends``) was asked to make."""

    scope: str
    first: str  # the first period's name, e.g. "2022-H1"
    last: str
    out: Path = Path("outputs")
    data: Path | None = None  # None: the bundled sample
    formats: tuple[str, ...] = FORMATS
    min_cell: int = 0
    language: str = "en"
    column_map: Path | None = None
    reading: ReadOptions = field(
        default_factory=ReadOptions
    )  # how to read the data file (encoding, sheet, header row, dates)
    settings: Path | None = None  # the contact line's settings file; None: reactlib's default
    #: The languages of the batch the trend is one of (none for `reactlib trend`): see `trend_dir`.
    batch_languages: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The trend's folder name: ``trend-2022-H1_to_2024-H2``."""
        return TREND_FOLDER.format(first=self.first, last=self.last)

    @property
    def notebook_file(self) -> Path:
        return trend_notebook_path()


def trend_notebook_path() -> Path:
    """The trend notebook, package data of ``reactlib.notebooks`` (the clone's ``notebooks/``)."""
    try:
        path = Path(str(files("reactlib.notebooks") / TREND_NOTEBOOK_NAME))
    except ModuleNotFoundError:
        raise RenderError("the trend notebook is missing: reactlib.notebooks is not installed") from None
    if not path.is_file():
        raise RenderError(f"the trend notebook {path} is missing")
    return path


def trend_dir(
    out: Path,
    scope: str,
    first: str,
    last: str,
    countries: Iterable[str],
    language: str = "en",
    languages: Sequence[str] = (),
) -> Path:
    """``out/<scope-folder>/trend-<first>_to_<last>[/<language>]``, checked to lie inside ``out``.

    As a period's report: an English trend alone (``languages``, a batch's, all English or none)
    has no language folder, so that trends in other languages never replace it.
    """
    target = Path(out) / scope_folder(scope, countries) / TREND_FOLDER.format(first=first, last=last)
    if (folder := language_folder(language, languages)) is not None:
        target /= folder
    if not inside_out(out, target):
        raise PublishError(f"the trend folder for {scope!r} would lie outside {out}")
    return target


def trend_parameters(request: TrendRequest, scope: str, settings: Any) -> dict[str, Any]:
    """The trend notebook's parameters for ``request`` on ``scope`` as the data spell it.

    ``settings`` (`reactlib.report.settings.ReportSettings`) give the scope's contact line.
    """
    return {
        "data": str(request.data.resolve()) if request.data is not None else "",
        "column_map": str(request.column_map.resolve()) if request.column_map is not None else "",
        **request.reading.parameters(),
        "scope": scope,
        "from_period": request.first,
        "to_period": request.last,
        "min_cell": request.min_cell,
        "language": request.language,
        "contact": settings.contact_for(scope, request.language),
    }


def trend_files(target: Path, formats: Iterable[str]) -> list[Path]:
    """The files of a finished trend, in the order a reader would open them."""
    names = [f"report.{name}" for name in FORMATS if name in formats]
    return [target / name for name in [*names, "report.ipynb", "figures.json"]]


def plan_trend(
    request: TrendRequest,
    cases: pd.DataFrame,
    settings: ReportSettings,
    declared: Mapping[str, NotebookParameter] | None = None,
    disclosure: Disclosure | None = None,
) -> PreparedReport:
    """Check the range, scope and parameters against validated ``cases``; compute the trend's figures.

    ``disclosure``: with min_cell, the suppression pattern of the publication (a batch's); without
    it, the trend alone is the publication.
    """
    from reactlib.count.trends import trend_periods
    from reactlib.report.trend_data import trend_data_from_cases, trend_handover_code

    trend_periods(request.first, request.last)  # the range first: its message, not the data's
    declared = declared if declared is not None else read_parameters(request.notebook_file)
    trend = trend_data_from_cases(
        cases,
        str(request.data.resolve()) if request.data is not None else "",
        str(request.column_map.resolve()) if request.column_map is not None else "",
        request.reading,
        request.scope,
        request.first,
        request.last,
        request.min_cell,
        request.language,
        disclosure,
    )
    figures = trend.figures
    parameters = check_parameters(trend_parameters(request, figures.scope, settings), declared)
    countries = sorted(cases["country"].unique())
    target = trend_dir(
        request.out, figures.scope, figures.first, figures.last, countries, request.language, request.batch_languages
    )
    # Before a kernel runs; publishing checks again.
    check_replaceable(target, inputs=(request.data, request.column_map, request.settings))
    return PreparedReport(
        target=target,
        title=figures.title,
        parameters=parameters,
        figures_json=figures.to_json(),
        formats=request.formats,
        date=render_date(),
        # The page links the figures file published beside it (a trend has no workbook).
        kernel_setup=trend_handover_code(replace(trend, downloads=("figures.json",)), parameters),
        notebook=request.notebook_file,
        workbook=False,
    )


def render_trend(request: TrendRequest) -> list[Path]:
    """Render one trend report; return the files written, in the order a reader would open them."""
    from reactlib.count.trends import trend_periods
    from reactlib.load.cases import load_cases
    from reactlib.load.column_map import load_column_map
    from reactlib.render.kernels import WarmKernel
    from reactlib.render.output import output_lock
    from reactlib.render.pdf import check_browser
    from reactlib.render.stages import finish_report, stage_report
    from reactlib.report.settings import load_report_settings, warn_unmatched_countries
    from reactlib.sample.location import data_file_or_sample

    check_browser(request.formats)
    trend_periods(request.first, request.last)  # a bad range is reported before the data is read
    declared = read_parameters(request.notebook_file)
    settings = load_report_settings(request.settings)
    cases = load_cases(
        data_file_or_sample(request.data), load_column_map(request.column_map), **request.reading.keywords()
    )
    warn_unmatched_countries(settings, cases["country"].unique())
    report = plan_trend(request, cases, settings, declared)
    with output_lock(request.out):
        with WarmKernel() as kernel:
            staging = stage_report(report, kernel)
        finish_report(report, staging)
    return trend_files(report.target, report.formats)


__all__ = ["TrendRequest", "plan_trend", "render_trend", "trend_dir", "trend_files", "trend_notebook_path"]
