"""What a report is asked to be: the request, its notebook parameters, its files.

Light on imports on purpose: an unchanged batch decides from these alone that nothing needs
rendering, without loading the data or starting anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from reactlib.count.periods import Period
from reactlib.errors import RenderError
from reactlib.load.options import ReadOptions
from reactlib.report.parameters import REPORT_PARAMETERS

#: The output formats a report can be asked for, in the order a reader opens them: the one list
#: `reactlib report --format` and a batch file's ``formats`` take.
FORMATS = ("html", "pdf")
#: Parameters that name a file: run with its full path, published with its name only.
PATH_PARAMETERS = tuple(p.name for p in REPORT_PARAMETERS if p.is_path)


@dataclass(frozen=True)
class ReportRequest:
    """What `reactlib report` was asked to make."""

    scope: str
    period: Period  # parsed once, where the request is made (the CLI, the batch file)
    out: Path = Path("outputs")
    data: Path | None = None  # None: the bundled sample
    formats: tuple[str, ...] = FORMATS
    min_cell: int = 0
    language: str = "en"
    #: The languages of the batch this report is one of (empty: a report alone); they decide
    #: whether an English report has a language folder (`reactlib.render.publish.language_folder`).
    batch_languages: tuple[str, ...] = ()
    column_map: Path | None = None
    reading: ReadOptions = field(
        default_factory=ReadOptions
    )  # how to read the data file (encoding, sheet, header row, dates)
    settings: Path | None = None
    notebook: Path | None = None  # None: the country report notebook of the package
    #: Parameters of ``notebook`` beyond the report's own (``-p NAME VALUE``, a batch's ``parameters:``).
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


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
    #: The languages of the batch the trend is one of (none for `reactlib trend`), as a report's.
    batch_languages: tuple[str, ...] = ()
    notebook: Path | None = None  # None: the trend notebook of the package
    #: Parameters of ``notebook`` beyond the trend's own.
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


def package_notebook(name: str) -> Path:
    """The notebook ``name`` of the package, data of ``reactlib.notebooks`` (the clone's ``notebooks/``)."""
    try:
        path = Path(str(files("reactlib.notebooks") / name))
    except ModuleNotFoundError:
        raise RenderError(f"the notebook {name} is missing: reactlib.notebooks is not installed") from None
    if not path.is_file():
        raise RenderError(f"the notebook {path} is missing")
    return path


def parse_formats(text: str) -> tuple[str, ...]:
    """``"html,pdf"`` → ``("html", "pdf")``; unknown or no formats are an error."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    if unknown_formats(wanted) or not wanted:
        raise RenderError(f"--format takes {', '.join(FORMATS)} (comma-separated), not {text!r}")
    return wanted


def unknown_formats(names: Sequence[str]) -> list[str]:
    """The names in ``names`` that are not an output format (`FORMATS`)."""
    return [name for name in names if name not in FORMATS]


def data_parameters(request: ReportRequest | TrendRequest) -> dict[str, Any]:
    """The parameters every kind of report takes first: the data file, its column map, how to read it."""
    # Paths go in absolute: the kernel runs in a private working directory.
    return {
        "data": str(request.data.resolve()) if request.data is not None else "",
        "column_map": str(request.column_map.resolve()) if request.column_map is not None else "",
        **request.reading.parameters(),
    }


def published_parameters(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as the published notebook shows them: files by name, as the provenance does.

    The kernel needs the full paths; a reader of ``report.ipynb`` must not learn the analyst's
    folders, which may name people or machines.
    """
    return {
        name: Path(value).name if name in PATH_PARAMETERS and value else value for name, value in parameters.items()
    }


#: What changed since the render a report replaced (`reactlib.render.changes`); only when a figure did.
CHANGES_FILE = "changes.json"
#: The executed notebook's metadata key of reactlib's record of a render.
RENDER_RECORD = "reactlib"


def render_record(date: dt.date) -> dict[str, Any]:
    """What reactlib records of a render in its executed notebook's metadata: the render's date."""
    return {RENDER_RECORD: {"rendered_on": date.isoformat()}}


def written_files(target: Path, formats: Sequence[str], workbook: bool = True) -> list[Path]:
    """The files of a finished report, in the order a reader would open them (figures.xlsx if ``workbook``)."""
    names = [f"report.{name}" for name in FORMATS if name in formats]
    names += ["report.ipynb", "figures.json", *(["figures.xlsx"] if workbook else [])]
    return [target / name for name in names]


#: The fingerprint of a batch's report inputs, published in the report's folder
#: (`reactlib.batch.incremental`).
FINGERPRINT_FILE = ".inputs.sha256"

#: Every file reactlib writes into a report's (or a trend's) folder: all that publishing it again
#: may replace (`reactlib.render.publish`). Anything else there is someone else's.
#: changes.json is written only when a figure moved, so a render may replace an earlier one's.
REPORT_FILE_NAMES = frozenset({path.name for path in written_files(Path(), FORMATS)} | {FINGERPRINT_FILE, CHANGES_FILE})
