"""`reactlib batch`: every scope × period of a batch file, rendered in parallel.

Reports whose inputs are unchanged since their last render are skipped without loading the
data. Otherwise worker processes start (see `reactlib.batch.workers`) while the data is loaded and
validated, once; each report is then checked and its figures computed here, the workers take
the reports as they are ready, and a thread of this process prints and publishes what they have
staged. One failing report never stops the others. Every report is published atomically with
the fingerprint of its inputs, so an interrupted batch leaves each report complete or absent,
and the next run renders only what is missing.

One command at a time writes to an output folder (`reactlib.render.output.output_lock`, held
while the batch runs): two batches would remove each other's staging folders, and a `reactlib
report` would replace a report the batch is writing. Logs are written only inside the output
folder: a ``logs`` folder that leads out of it (a link) is refused before anything runs. A log or
an index page that cannot be written (a full disk) does not stop the batch: it says so at the
end, beside the summary.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reactlib.batch.incremental import FINGERPRINT_FILE, fingerprint, is_current, notebook_digest
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
from reactlib.batch.publication import audit_folders, batch_disclosure
from reactlib.batch.spec import EVERY_COUNTRY, BatchSpec
from reactlib.count.periods import Period, PeriodError, resolve_scope
from reactlib.errors import OutputError, describe_os_error
from reactlib.render.output import inside_out, output_lock, write_atomically
from reactlib.render.publish import (
    PREVIOUS_MARK,
    STAGING_MARK,
    language_folder,
    report_dir,
    scope_folder,
)
from reactlib.render.request import (
    ReportRequest,
    notebook_path,
    report_parameters,
    written_files,
)
from reactlib.render.trend import TrendRequest, trend_dir, trend_files, trend_notebook_path, trend_parameters
from reactlib.report.provenance import file_sha256
from reactlib.report.settings import warn_unmatched_countries
from reactlib.terminal import shown

if TYPE_CHECKING:
    from collections.abc import Mapping
    from concurrent.futures import Future

    import pandas as pd

    from reactlib.batch.workers import Staged, WorkerPool
    from reactlib.count.audit import AuditSummary
    from reactlib.count.suppression import Disclosure
    from reactlib.render.pdf import PdfPrinter, PrinterThread
    from reactlib.render.stages import PreparedReport
    from reactlib.report.parameters import NotebookParameter

# Which countries each data file (by content) holds: lets an unchanged batch see that nothing
# needs rendering without loading the data.
COUNTRIES_FILE = ".countries.json"

LOG_DIR = "logs"


@dataclass(frozen=True)
class Job:
    """One report of the batch."""

    scope: str
    period: str  # a trend's: its folder name, e.g. "trend-2022-H1_to_2024-H2"
    request: ReportRequest | TrendRequest
    folder: str = ""  # the scope's report folder, which also names the report's log
    target: Path | None = None  # the report's folder; None when it could not be planned
    problem: str = ""  # why it could not be planned: the report fails with this message

    @property
    def language(self) -> str:
        return self.request.language

    @property
    def name(self) -> str:
        """``Tajikistan 2023-H1``, and its language when the batch has several: ``… ru``."""
        if len(self.request.batch_languages) > 1:
            return f"{self.scope} {self.period} {self.language}"
        return f"{self.scope} {self.period}"


@dataclass
class Outcome:
    """What became of one report."""

    job: Job
    status: str  # "rendered", "unchanged" or "failed"
    seconds: float = 0.0
    message: str = ""
    directory: Path | None = None


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    index: Path | None = None
    problems: list[str] = field(default_factory=list)  # what the batch could not write, besides reports
    #: With min_cell: what the audit of the published reports found (before the index page).
    audit: AuditSummary | None = None

    def note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def default_workers(printing: bool) -> int:
    """One process per core, the batch's printer (``printing`` PDFs) taking one of them.

    Printing a report costs about as much as staging it; a worker more than the cores left
    measured slower, not faster (the 12 reports of `bench/`, 2 cores: 13.9 s with one worker,
    15.5 s with two).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores - 1 if printing else cores)


def plan(spec: BatchSpec, out: Path, countries: list[str]) -> list[Job]:
    """Every scope × period × language of the batch, scopes first, in the batch file's order; then its trends.

    Folders are chosen among ``countries`` as `reactlib report` chooses them for the same data.
    A report that cannot be planned is kept with its problem, to fail alone.
    """
    jobs = []
    for scope in spec.expand_scopes(countries):
        for period in spec.periods:
            for language in spec.languages:
                request = ReportRequest(
                    scope=scope, period=period, out=out, data=spec.data, formats=spec.formats,
                    min_cell=spec.min_cell, language=language, batch_languages=spec.languages,
                    column_map=spec.column_map, reading=spec.reading, notebook=spec.notebook,
                    extra=spec.parameters,
                )  # fmt: skip
                jobs.append(_plan_job(Job(scope, period.name, request), period, countries))
        for first, last in spec.trends:
            for language in spec.languages:
                trend = TrendRequest(
                    scope=scope, first=first, last=last, out=out, data=spec.data, formats=spec.formats,
                    min_cell=spec.min_cell, language=language, batch_languages=spec.languages,
                    column_map=spec.column_map, reading=spec.reading,
                )  # fmt: skip
                jobs.append(_plan_job(Job(scope, trend.slug, trend), None, countries))
    return jobs


def _plan_job(job: Job, period: Period | None, countries: list[str]) -> Job:
    """``job`` with its folder, or with the problem that keeps it from having one (``period``: None for a trend)."""
    # A log needs a name even when the scope's folder cannot be had.
    folder = f"unplanned--{hashlib.sha256(job.scope.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
    try:
        folder = scope_folder(job.scope, countries)
        request = job.request
        if isinstance(request, TrendRequest):
            target = trend_dir(
                request.out, job.scope, request.first, request.last, countries, request.language,
                request.batch_languages,
            )  # fmt: skip
        else:
            assert period is not None
            target = report_dir(request.out, job.scope, period, countries, request.language, request.batch_languages)
    except Exception as error:  # noqa: BLE001 - whatever it is, it is this report's: the others still render
        return dataclasses.replace(job, folder=folder, problem=f"cannot plan the report: {error}")
    return dataclasses.replace(job, folder=folder, target=target)


def remove_stale_staging(out: Path) -> None:
    """Remove staging and replaced folders left by a batch killed before it could clean up."""
    if out.is_dir():
        # <scope>/.<period>.staging-… and, a language's report, <scope>/<period>/.<language>.staging-…
        for depth in ("*/", "*/*/"):
            for pattern in (f"{depth}.*{STAGING_MARK}*", f"{depth}.*{PREVIOUS_MARK}*"):
                for leftover in out.glob(pattern):
                    if not inside_out(out, leftover.parent):  # a link out of --out: not ours to clean
                        continue
                    shutil.rmtree(leftover, ignore_errors=True)
                    for parent in leftover.parents[: depth.count("/")]:
                        with contextlib.suppress(OSError):  # a folder that never got a report
                            parent.rmdir()


def run_batch(
    spec: BatchSpec,
    load: Callable[[], pd.DataFrame],
    out: Path,
    workers: int,
    force: bool = False,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> BatchResult:
    """Render every report of ``spec`` into ``out``; ``load`` reads the validated cases.

    The cases are loaded only when some report needs rendering. ``out`` is locked meanwhile
    (see `output_lock`). A PDF batch without a browser is refused before anything is written.
    """
    from reactlib.render.pdf import check_browser

    check_browser(spec.formats)
    with output_lock(out):
        return _run_batch(spec, load, out, workers, force, progress)


def _run_batch(
    spec: BatchSpec,
    load: Callable[[], pd.DataFrame],
    out: Path,
    workers: int,
    force: bool,
    progress: Callable[[Outcome, int, int], None] | None,
) -> BatchResult:
    remove_stale_staging(out)
    logs = out / LOG_DIR
    if not inside_out(out, logs):
        raise OutputError(f"{logs} leads out of the output folder (a link); remove it, or give another --out")
    with contextlib.suppress(OSError):  # a full disk: the logs are not written, and the end says so
        logs.mkdir(exist_ok=True)
    digests = _input_digests(spec)
    countries = _known_countries(out, digests[0])
    jobs = plan(spec, out, countries or [])
    # With min_cell a report's fingerprint holds its published figures (its suppression pattern
    # is the whole publication's): only the data can say whether they changed.
    unchanged = not force and countries is not None and not spec.min_cell
    if unchanged and all(_is_current(spec, out, digests, job, countries or []) for job in jobs):
        return _unchanged(spec, out, jobs, progress)
    reports = len(jobs)
    if countries is None and any(scope.lower() == EVERY_COUNTRY for scope in spec.scopes):
        reports = workers  # how many there are, only the data says
    from reactlib.batch.workers import WorkerPool
    from reactlib.render.pdf import PrinterThread

    # The workers start their kernels while the data loads; the browser, needed only once a
    # report is staged, starts after: all at once, they slowed the load and one another. Data
    # with errors stops the workers before anything is written.
    with WorkerPool(min(workers, reports)) as pool:
        cases = load()
        with PrinterThread(browser="pdf" in spec.formats) as printing:
            return _render_batch(spec, cases, out, digests, force, progress, pool, printing)


def _unchanged(
    spec: BatchSpec, out: Path, jobs: list[Job], progress: Callable[[Outcome, int, int], None] | None
) -> BatchResult:
    result = BatchResult()
    for job in jobs:
        _record(result, out, _unchanged_outcome(out, job), len(jobs), progress)
    _write_index(result, out, spec)
    return result


def _unchanged_outcome(out: Path, job: Job) -> Outcome:
    return Outcome(job, "unchanged", directory=job.target)


def _report_key(
    spec: BatchSpec, digests: list[str | None], job: Job, countries: list[str], published: str | None = None
) -> str:
    """The fingerprint of a report's inputs (see `reactlib.batch.incremental`).

    The parameters include the notebook's extra ones; ``digests`` the notebook's content. With
    min_cell, ``published`` is the report's figures.json: its suppression pattern, appendix and
    audit summary depend on the whole publication, so a report whose pattern changed is
    rendered again even when its own inputs did not change.
    """
    scope = resolve_scope(job.scope, countries)
    suppression = (
        {"published_figures": hashlib.sha256(published.encode()).hexdigest()} if spec.min_cell and published else {}
    )
    if isinstance(job.request, TrendRequest):  # the trend notebook's content, not the report's
        trend_digests = [*digests[:2], _trend_notebook_digest()]
        parameters = trend_parameters(job.request, scope, spec.settings)
        return fingerprint(trend_digests, {**parameters, "formats": list(job.request.formats), **suppression})
    parameters = report_parameters(job.request, scope, spec.settings)
    return fingerprint(digests, {**parameters, "formats": list(job.request.formats), **suppression})


@functools.cache
def _trend_notebook_digest() -> str:
    return notebook_digest(trend_notebook_path())


def _is_current(
    spec: BatchSpec, out: Path, digests: list[str | None], job: Job, countries: list[str], published: str | None = None
) -> bool:
    """Whether ``job``'s report was published from exactly these inputs (and, with min_cell, ``published`` figures)."""
    if job.target is None or (spec.min_cell and published is None):
        return False  # a report that could not be planned, or not yet: rendering it decides
    try:
        key = _report_key(spec, digests, job, countries, published)
    except PeriodError:
        return False  # a scope the data lacks: rendering it reports the error
    files = (trend_files if isinstance(job.request, TrendRequest) else written_files)(job.target, job.request.formats)
    return is_current(job.target, [p.name for p in files], key)


def _known_countries(out: Path, data_digest: str | None) -> list[str] | None:
    try:
        known = json.loads((out / COUNTRIES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    countries = known.get(data_digest) if isinstance(known, dict) else None
    return list(countries) if isinstance(countries, list) else None


def _remember_countries(out: Path, data_digest: str | None, countries: list[str]) -> None:
    """Only a shortcut for the next run: not written (a full disk), the next run loads the data."""
    with contextlib.suppress(OSError):
        write_atomically(out / COUNTRIES_FILE, json.dumps({data_digest: countries}))


def _write_index(result: BatchResult, out: Path, spec: BatchSpec) -> None:
    reports = [_index_entry(o) for o in result.outcomes if not isinstance(o.job.request, TrendRequest)]
    trends = [_trend_entry(o) for o in result.outcomes if isinstance(o.job.request, TrendRequest)]
    try:
        language = spec.languages[0]
        link_names = {name: language_name(name) for name in spec.languages} if len(spec.languages) > 1 else None
        extras = IndexExtras(
            summary=() if result.audit is None else (disclosure_summary(result.audit, language),),
            marks=change_mark_extras(out, reports, language, link_names),
        )
        result.index = write_index(out, _index_title(spec), reports, language, trends=trends, extras=extras)
    except OSError as error:
        # The previous index stays: it links only reports that are complete on disk (each is
        # published whole), but not what this batch did.
        result.note(f"the index page was not updated ({describe_os_error(error)}); it shows an earlier batch")


def _render_batch(
    spec: BatchSpec,
    cases: pd.DataFrame,
    out: Path,
    digests: list[str | None],
    force: bool,
    progress: Callable[[Outcome, int, int], None] | None,
    pool: WorkerPool,
    printing: PrinterThread,
) -> BatchResult:
    countries = sorted(cases["country"].unique())
    warn_unmatched_countries(spec.settings, countries)
    jobs = plan(spec, out, countries)
    # Before anything renders: the publication's one suppression pattern, audited (a pattern
    # whose audit fails is refused here, and nothing is written).
    disclosure = batch_disclosure(spec, cases, countries)
    result = BatchResult()
    todo = []
    for job in jobs:
        if not force and _is_current(spec, out, digests, job, countries):
            _record(result, out, _unchanged_outcome(out, job), len(jobs), progress)
        else:
            todo.append(job)
    _remember_countries(out, digests[0], countries)
    if todo:
        _render_jobs(
            spec, cases, out, digests, countries, todo, result, len(jobs), progress, pool, printing, force, disclosure
        )
    order = {job: i for i, job in enumerate(jobs)}
    result.outcomes.sort(key=lambda o: order[o.job])
    if spec.min_cell and not _audit_published(result, spec):
        return result  # no index page: the batch refuses to publish
    _write_index(result, out, spec)
    return result


def _audit_published(result: BatchResult, spec: BatchSpec) -> bool:
    """Audit the batch's published reports from their files, as a reader would; False when protection fails."""
    folders = [o.directory for o in result.outcomes if o.directory is not None and o.directory.is_dir()]
    if not folders:
        return True
    audit = audit_folders(folders, spec.min_cell)
    result.audit = audit.summary()
    if result.audit.passed:
        return True
    exposed = [key.describe() for key in [*audit.shown_small, *audit.failures()][:5]] + audit.conflicts[:5]
    result.note(
        f"the published reports fail their protection audit ({result.audit.line()}): the index page was not "
        f"written; do not release them. Exposed: {'; '.join(shown(line) for line in exposed)}"
    )
    return False


def _render_jobs(
    spec: BatchSpec,
    cases: pd.DataFrame,
    out: Path,
    digests: list[str | None],
    countries: list[str],
    todo: list[Job],
    result: BatchResult,
    total: int,
    progress: Callable[[Outcome, int, int], None] | None,
    pool: WorkerPool,
    printing: PrinterThread,
    force: bool = False,
    disclosure: Disclosure | None = None,
) -> None:
    """Prepare each report here and hand it to a worker at once.

    With min_cell each report is planned with the publication's ``disclosure``, and skipped
    here when its published figures (and so its suppression pattern) are unchanged.

    Each report a worker has staged goes to the printer thread, which prints it (one browser)
    and publishes it, while this thread goes on preparing and collecting. On Ctrl-C the report
    being printed is finished and published; the workers stop at once, and nothing else starts.
    """
    from reactlib.batch.interrupts import InterruptShield
    from reactlib.render.execute import RenderError
    from reactlib.render.prepare import plan_report
    from reactlib.render.trend import plan_trend
    from reactlib.report.parameters import ParameterError, check_report_notebook, read_parameters

    by_name = {job.name: job for job in todo}
    prepared: dict[str, tuple[PreparedReport, dict[str, str]]] = {}
    folder_of: dict[Path, str] = {}  # each report's folder → the report published there
    finishing: collections.deque[Future[Outcome]] = collections.deque()
    shield = InterruptShield()

    def record(outcome: Outcome) -> None:
        with shield.holding():  # a log is written whole
            _record(result, out, outcome, total, progress)

    def record_finished(wait: bool = False) -> None:
        while finishing and (wait or finishing[0].done()):
            record(finishing.popleft().result())

    def collect(staged: Staged) -> None:
        job = by_name[staged.name]
        if staged.staging is None:
            record(Outcome(job, "failed", staged.seconds, staged.error))
        else:
            finishing.append(printing.submit(functools.partial(_finish, job, staged, *prepared[job.name])))
        record_finished()

    @functools.cache
    def declared_of(notebook: Path) -> Mapping[str, NotebookParameter]:
        # Every report of a batch runs the same notebook: its parameters cell is read once.
        declared = read_parameters(notebook)
        check_report_notebook(declared, notebook)
        return declared

    def declared_parameters(job: Job) -> Mapping[str, NotebookParameter]:
        return declared_of(job.request.notebook_file)

    @functools.cache
    def trend_declared() -> Mapping[str, NotebookParameter]:
        return read_parameters(trend_notebook_path())

    def planned(job: Job) -> PreparedReport:
        if isinstance(job.request, TrendRequest):
            return plan_trend(job.request, cases, spec.settings, trend_declared(), disclosure)
        return plan_report(job.request, cases, spec.settings, declared_parameters(job), disclosure)

    try:
        with shield.installed():
            for job in todo:
                if job.problem:
                    record(Outcome(job, "failed", message=job.problem))
                    continue
                try:
                    report = planned(job)
                    if not force and _is_current(spec, out, digests, job, countries, report.figures_json):
                        record(_unchanged_outcome(out, job))
                        continue
                    key = _report_key(spec, digests, job, countries, report.figures_json)
                except (PeriodError, ParameterError, RenderError, ValueError) as error:
                    record(Outcome(job, "failed", message=str(error)))
                    continue
                if (other := folder_of.setdefault(report.target, job.name)) != job.name:
                    # Never one report published over another and both called rendered.
                    record(Outcome(job, "failed", message=f"its folder {report.target} is that of {shown(other)}"))
                    continue
                prepared[job.name] = (report, {FINGERPRINT_FILE: key + "\n"})
                pool.submit(job.name, report)
                for staged in pool.staged_so_far():  # printing starts while reports are prepared
                    collect(staged)
            for staged in pool.results():
                collect(staged)
            pool.close()  # the workers stop while the last reports print
            record_finished(wait=True)
    except BaseException:
        pool.terminate()  # now, before the staging folders are cleared: what they stage is dropped
        raise
    finally:
        printing.close()  # lets the report being printed and published finish, if interrupted
        for future in finishing:
            if future.done() and not future.cancelled():
                _record(result, out, future.result(), total, progress)
        remove_stale_staging(out)  # reports staged but not published when the batch was stopped


def _finish(
    job: Job, staged: Staged, report: PreparedReport, extra_files: dict[str, str], printer: PdfPrinter | str | None
) -> Outcome:
    """Print and publish a report a worker has staged (on the printer thread)."""
    from reactlib.render.execute import RenderError
    from reactlib.render.publish import discard_staging
    from reactlib.render.stages import finish_report

    start = time.perf_counter()
    staging = staged.staging
    try:
        if staging is None:  # never: failed reports are recorded before they reach the printer
            raise RenderError(staged.error)
        if isinstance(printer, str):
            discard_staging(staging)
            raise RenderError(printer)
        finish_report(report, staging, printer, extra_files)
    except (RenderError, OSError) as error:
        return Outcome(job, "failed", staged.seconds + time.perf_counter() - start, str(error))
    return Outcome(job, "rendered", staged.seconds + time.perf_counter() - start, directory=report.target)


def _record(
    result: BatchResult,
    out: Path,
    outcome: Outcome,
    total: int,
    progress: Callable[[Outcome, int, int], None] | None,
) -> None:
    try:
        _log(out, outcome)
    except OSError as error:
        result.note(f"some reports' logs in {out / LOG_DIR} were not written ({describe_os_error(error)})")
    result.outcomes.append(outcome)
    if progress:
        progress(outcome, len(result.outcomes), total)


def _input_digests(spec: BatchSpec) -> list[str | None]:
    """Digests of the data file (first), the column map and the notebook (the batch's own, if any)."""
    from reactlib.sample.location import data_file_or_sample

    data = data_file_or_sample(spec.data)
    notebook = spec.notebook or notebook_path()
    return [
        file_sha256(data),
        file_sha256(spec.column_map) if spec.column_map is not None else None,
        notebook_digest(notebook),
    ]


def _index_title(spec: BatchSpec) -> str:
    return index_title(spec.source.stem, spec.languages[0])


def _index_entry(outcome: Outcome) -> IndexEntry:
    return IndexEntry(
        scope=outcome.job.scope,
        period=outcome.job.period,
        language=outcome.job.language,
        directory=outcome.directory if outcome.directory and outcome.directory.is_dir() else None,
        status=outcome.status,
    )


def _trend_entry(outcome: Outcome) -> TrendEntry:
    request = outcome.job.request
    assert isinstance(request, TrendRequest)
    directory = outcome.directory if outcome.directory and outcome.directory.is_dir() else None
    return TrendEntry(outcome.job.scope, request.first, request.last, directory, outcome.status, request.language)


def _log(out: Path, outcome: Outcome) -> None:
    """Write the report's log file: its status, time and error (no data values)."""
    # A report not in English alone has its language in its log's name, as in its folder's.
    language = language_folder(outcome.job.language, outcome.job.request.batch_languages)
    name = f"{outcome.job.folder}_{outcome.job.period.replace('..', '_to_')}{f'_{language}' if language else ''}.log"
    lines = [f"report: {shown(outcome.job.name)}", f"status: {outcome.status}", f"seconds: {outcome.seconds:.1f}"]
    if outcome.message:
        lines.append(f"error: {shown(outcome.message)}")
    write_atomically(out / LOG_DIR / name, "\n".join(lines) + "\n")


def summary_table(result: BatchResult) -> str:
    """The closing table: report, status, seconds."""
    rows = [(shown(o.job.name), o.status, f"{o.seconds:.1f}") for o in result.outcomes]
    width = max([len("report"), *(len(r[0]) for r in rows)])
    lines = [f"{'report':<{width}}  {'status':<9}  seconds", "-" * (width + 20)]
    lines += [f"{name:<{width}}  {status:<9}  {seconds:>7}" for name, status, seconds in rows]
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("rendered", "unchanged", "failed")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    for outcome in result.failed:
        lines.append(f"failed: {shown(outcome.job.name)}: {shown(outcome.message)}")
    return "\n".join(lines)
