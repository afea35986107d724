"""A batch's reports: every scope × period × language of its file, then its trends, each with its folder.

Planning reads no data: folders are chosen among the countries the data holds (known from an
earlier run, or from the data once loaded), as `reactlib report` chooses them for the same
data. A report that cannot be planned is kept with its problem, to fail alone.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reactlib.batch.spec import BatchSpec
from reactlib.render.kinds import ReportKind, Request, kind_of
from reactlib.render.publish import report_dir, scope_folder
from reactlib.render.request import ReportRequest, TrendRequest


@dataclass(frozen=True)
class Job:
    """One report of the batch, of any kind."""

    scope: str
    request: Request
    folder: str = ""  # the scope's report folder, which also names the report's log
    target: Path | None = None  # the report's folder; None when it could not be planned
    problem: str = ""  # why it could not be planned: the report fails with this message

    @property
    def kind(self) -> ReportKind:
        return kind_of(self.request)

    @property
    def period(self) -> str:
        """What the report is of, after its scope: ``2023-H1``, a trend's ``trend-2022-H1_to_2024-H2``."""
        return self.kind.label(self.request)

    @property
    def language(self) -> str:
        return self.request.language

    @property
    def name(self) -> str:
        """``Tajikistan 2023-H1``, and its language when the batch has several: ``… ru``."""
        if len(self.request.batch_languages) > 1:
            return f"{self.scope} {self.period} {self.language}"
        return f"{self.scope} {self.period}"


def requests(spec: BatchSpec, out: Path, countries: list[str]) -> list[Request]:
    """What ``spec`` asks for, scope by scope in the batch file's order: its periods, then its trends, in each language."""
    requests: list[Request] = []
    common: dict[str, Any] = dict(
        out=out, data=spec.data, formats=spec.formats, min_cell=spec.min_cell, batch_languages=spec.languages,
        column_map=spec.column_map, reading=spec.reading,
    )  # fmt: skip
    for scope in spec.expand_scopes(countries):
        for period in spec.periods:
            requests += [
                ReportRequest(scope, period, language=language, notebook=spec.notebook, extra=spec.parameters, **common)
                for language in spec.languages
            ]
        for first, last in spec.trends:
            requests += [TrendRequest(scope, first, last, language=language, **common) for language in spec.languages]
    return requests


def plan(spec: BatchSpec, out: Path, countries: list[str]) -> list[Job]:
    """Every report of ``spec`` (`requests`) as a job with its folder among ``countries``, or its problem."""
    return [plan_job(request, countries) for request in requests(spec, out, countries)]


def plan_job(request: Request, countries: list[str]) -> Job:
    """``request`` as a job with its folder, or with the problem that keeps it from having one."""
    # A log needs a name even when the scope's folder cannot be had.
    folder = f"unplanned--{hashlib.sha256(request.scope.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
    job = Job(request.scope, request)
    try:
        folder = scope_folder(request.scope, countries)
        target = report_dir(
            request.out, request.scope, job.kind.folder(request), countries, request.language,
            request.batch_languages,
        )  # fmt: skip
    except Exception as error:  # noqa: BLE001 - whatever it is, it is this report's: the others still render
        return dataclasses.replace(job, folder=folder, problem=f"cannot plan the report: {error}")
    return dataclasses.replace(job, folder=folder, target=target)
