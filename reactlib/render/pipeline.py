"""One path for every kind of report: plan, execute, export, print, publish.

`render` is `reactlib report` and `reactlib trend`; `plan` is also a batch's, report by report.
Order matters for the analyst: the notebook's parameters, the data, scope, period and settings
are checked in-process first, so bad input is reported in a second with the usual problem
table, before a kernel runs anything (`render` starts one meanwhile, and stops it unused).
The data are loaded and validated here, once: the report's figures are computed here and
handed to the kernel (`reactlib.report.handover`), which computes nothing again. Only then is
the output folder locked (`reactlib.render.output.output_lock`: no batch or other report writes
to it meanwhile; a folder already held was refused at the start, before the kernel started:
`reactlib.render.output.refuse_if_locked`) and the notebook executed and exported into a
staging folder, which is printed and replaces the previous report at the end
(`reactlib.render.stages`).

What differs between a country report, a trend and an analyst's own notebook is declared by
their `reactlib.render.kinds.ReportKind`, never decided here.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reactlib.render.kinds import ReportKind, Request, kind_of
from reactlib.render.publish import check_replaceable, report_dir
from reactlib.render.stages import PreparedReport
from reactlib.report.parameters import NotebookParameter, check_extra_parameters, check_parameters, read_parameters

if TYPE_CHECKING:
    import pandas as pd

    from reactlib.count.suppression import Disclosure
    from reactlib.render.session import RenderSession
    from reactlib.report.settings import ReportSettings


def declared_parameters(kind: ReportKind, extra: Mapping[str, object] | None = None) -> dict[str, NotebookParameter]:
    """The parameters ``kind``'s notebook declares, checked as the kind says and to take ``extra``.

    Raises
    ------
    reactlib.errors.ParameterError
        When the notebook's cell lacks what the kind needs, or ``extra`` names a parameter the
        notebook does not declare (or one of the kind's own), or gives a value of the wrong type.
    """
    notebook = kind.notebook_file()
    declared = read_parameters(notebook)
    kind.check_declared(declared, notebook)
    check_extra_parameters(extra or {}, declared)
    return declared


def plan(
    request: Request,
    cases: pd.DataFrame,
    settings: ReportSettings,
    declared: Mapping[str, NotebookParameter] | None = None,
    disclosure: Disclosure | None = None,
) -> PreparedReport:
    """Check ``request`` against validated ``cases``, compute its data; where it goes and what it runs with.

    The report carries all of its notebook's data, for the kernel to take instead of computing
    it again. ``declared`` are the notebook's parameters (`declared_parameters`), read when not
    given. ``disclosure`` is the suppression pattern of the publication (a batch's) with
    min_cell; without it, the report alone (a country report with its previous period) is the
    publication, protected and audited here, before rendering.
    """
    from reactlib.render.changes import changes_json, changes_since_last_render
    from reactlib.report.handover import handover_code
    from reactlib.report.provenance import render_date

    kind = kind_of(request)
    kind.check_language(request.language)  # in a batch, before its worker translates the notebook
    if declared is None:
        declared = declared_parameters(kind, request.extra)
    prepared = kind.prepare(request, cases, disclosure)  # checks scope and period against the data, once
    parameters = check_parameters(kind.parameters(request, prepared.scope, settings), declared)
    countries = sorted(cases["country"].unique())
    target = report_dir(
        request.out, prepared.scope, kind.folder(request), countries, request.language, request.batch_languages
    )
    # Before a kernel runs; publishing checks again.
    check_replaceable(target, inputs=(request.data, request.column_map, request.settings, request.notebook))
    date = render_date()
    # Against the render this one replaces, as it was published: figures.json with figures.json.
    changes = (
        changes_since_last_render(target, json.loads(prepared.figures_json), request.language, date)
        if kind.compares_last_render
        else None
    )
    # The page links the figures files published beside it.
    handed = replace(prepared.handed, downloads=kind.downloads)
    if kind.compares_last_render:
        handed = replace(handed, changes=changes)
    return PreparedReport(
        target=target,
        title=prepared.title,
        parameters=parameters,
        figures_json=prepared.figures_json,
        formats=request.formats,
        date=date,
        kernel_setup=handover_code(handed, parameters, kind.arguments),
        notebook=kind.notebook_file(),
        workbook=kind.workbook,
        changes_json="" if changes is None else changes_json(changes),
    )


def render(request: Request, session: RenderSession | None = None, data_version: Hashable | None = None) -> list[Path]:
    """Render one report of any kind; return the files written, in the order a reader would open them.

    Through ``session``'s warm kernel and browser (`reactlib.render.session`), or a session of
    its own, whose kernel starts at once, while the request is checked, the data read and the
    figures computed. ``data_version``: see `RenderSession.cases`.
    """
    from reactlib.render.output import output_lock, refuse_if_locked
    from reactlib.render.pdf import check_browser
    from reactlib.render.session import RenderSession
    from reactlib.report.settings import load_report_settings, warn_unmatched_countries

    if session is None:
        kind_of(request).check_language(request.language)  # before its kernel starts, as the lock
        refuse_if_locked(request.out)  # before its kernel starts
        with RenderSession(browser="pdf" in request.formats) as own:
            return render(request, own)
    check_browser(request.formats)
    kind = kind_of(request)
    kind.check_request(request)  # e.g. a trend's range: before the data is read
    declared = declared_parameters(kind, request.extra)
    settings = load_report_settings(request.settings)
    cases = session.cases(request, data_version)
    warn_unmatched_countries(settings, cases["country"].unique())
    report = plan(request, cases, settings, declared)
    # A warm kernel, as a batch's: it takes the report data handed over instead of loading and
    # validating the file again. No other command writes to --out meanwhile.
    with output_lock(request.out):
        staging = session.stage(report)
        return session.finish(report, staging)


__all__ = ["declared_parameters", "plan", "render"]
