"""A batch's index page from its outcomes: a row per report and per trend (`reactlib.batch.index_page`).

An index page that cannot be written (a full disk) does not stop the batch: the previous one
stays, and the end of the batch says so.
"""

from __future__ import annotations

from pathlib import Path

from reactlib.batch.index_changes import change_mark_extras
from reactlib.batch.index_page import (
    IndexEntry,
    IndexExtras,
    TrendEntry,
    disclosure_summary,
    index_title,
    language_name,
    write_index,
)
from reactlib.batch.outcomes import BatchResult, Outcome
from reactlib.batch.spec import BatchSpec
from reactlib.errors import describe_os_error
from reactlib.render.request import TrendRequest


def write_batch_index(result: BatchResult, out: Path, spec: BatchSpec) -> None:
    """Write ``out/index.html`` for ``result``, or note in it why it could not be."""
    reports = [_report_entry(o) for o in result.outcomes if not isinstance(o.job.request, TrendRequest)]
    trends = [_trend_entry(o) for o in result.outcomes if isinstance(o.job.request, TrendRequest)]
    try:
        language = spec.languages[0]
        link_names = {name: language_name(name) for name in spec.languages} if len(spec.languages) > 1 else None
        extras = IndexExtras(
            summary=() if result.audit is None else (disclosure_summary(result.audit, language),),
            marks=change_mark_extras(out, reports, language, link_names),
        )
        title = index_title(spec.source.stem, language)
        result.index = write_index(out, title, reports, language, trends=trends, extras=extras)
    except OSError as error:
        # The previous index stays: it links only reports that are complete on disk (each is
        # published whole), but not what this batch did.
        result.note(f"the index page was not updated ({describe_os_error(error)}); it shows an earlier batch")


def _published(outcome: Outcome) -> Path | None:
    return outcome.directory if outcome.directory and outcome.directory.is_dir() else None


def _report_entry(outcome: Outcome) -> IndexEntry:
    job = outcome.job
    return IndexEntry(
        scope=job.scope, period=job.period, language=job.language, directory=_published(outcome), status=outcome.status
    )


def _trend_entry(outcome: Outcome) -> TrendEntry:
    request = outcome.job.request
    assert isinstance(request, TrendRequest)
    return TrendEntry(
        outcome.job.scope, request.first, request.last, _published(outcome), outcome.status, request.language
    )
