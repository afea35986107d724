"""`reactlib batch`: every report of a batch file, of every kind, rendered in parallel.

The orchestrator: it plans the reports (`reactlib.batch.plan`), skips those whose inputs are
unchanged since their last render without loading the data (`reactlib.batch.incremental`), and
otherwise starts worker processes (`reactlib.batch.workers`) while the data is loaded and
validated, once (with min_cell, when every report was published from these same inputs, only
once the data shows that one needs rendering); each report is then planned and its figures
computed here (`reactlib.render.pipeline.plan`, as for `reactlib report` and `reactlib trend`),
the workers take the reports as they are ready, and a thread of this process prints and
publishes what they have staged. One failing report never stops the others. Every report is
published atomically with the fingerprint of its inputs, so an interrupted batch leaves each
report complete or absent, and the next run renders only what is missing.

One command at a time writes to an output folder (`reactlib.render.output.output_lock`, held
while the batch runs): two batches would remove each other's staging folders, and a `reactlib
report` would replace a report the batch is writing. Each report's outcome is logged
(`reactlib.batch.logs`) and the batch ends with its index page (`reactlib.batch.index`).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reactlib.batch.incremental import input_digests, job_is_current, known_countries, remember_countries, report_key
from reactlib.batch.logs import LOG_DIR, open_logs, write_log
from reactlib.batch.outcomes import BatchResult, Outcome, Progress
from reactlib.batch.plan import Job, plan
from reactlib.batch.publication import PatternMemory, audit_folders, batch_disclosure, forget_pattern, pattern_key
from reactlib.batch.spec import EVERY_COUNTRY, BatchSpec
from reactlib.count.periods import PeriodError
from reactlib.errors import describe_os_error
from reactlib.machine import cores
from reactlib.render.output import output_lock
from reactlib.render.publish import remove_stale_staging
from reactlib.render.request import FINGERPRINT_FILE
from reactlib.report.settings import warn_unmatched_countries
from reactlib.terminal import shown

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pandas as pd

    from reactlib.batch.interrupts import InterruptShield
    from reactlib.batch.workers import Staged, WorkerPool
    from reactlib.count.cells import CellKey
    from reactlib.count.suppression import Disclosure
    from reactlib.render.pdf import PdfPrinter, PrinterThread
    from reactlib.render.stages import PreparedReport
    from reactlib.report.parameters import NotebookParameter


#: How to see a failed report's whole error, which its log leaves out (it may quote the data);
#: ``command`` renders the report alone (`reactlib.render.kinds.ReportKind.command`).
SEE_ERROR = "`{command}` on this report shows the error"
#: The same with min_cell: the report alone is protected otherwise than within its batch, and
#: may render (as Moldova 2023-H1 did when a batch's protection hid a chart's n).
SEE_ERROR_PROTECTED = (
    "the batch run again with REACTLIB_DEBUG=1 prints the error, never into the logs "
    "(with min_cell, `{command}` protects this report alone, not with the batch, and may not fail)"
)


def see_error(job: Job, min_cell: int) -> str:
    """How to see the whole error of ``job``, a failed report of a batch with ``min_cell``: its log leaves it out.

    Examples
    --------
    >>> from reactlib.batch.plan import plan_job
    >>> from reactlib.render.request import TrendRequest
    >>> see_error(plan_job(TrendRequest("Georgia", "2022-H1", "2023-H2"), ["Georgia"]), min_cell=0)
    '`reactlib trend` on this report shows the error'
    """
    return (SEE_ERROR_PROTECTED if min_cell else SEE_ERROR).format(command=job.kind.command)


def default_workers() -> int:
    """One worker per core this process may run on, whether or not the batch prints PDFs.

    A worker cannot keep its core busy alone: its kernel waits for it between cells, and it for
    the kernel. Printing costs a fifth of a report, so the printer shares the cores with the
    workers rather than taking one: with a core of its own it idled most of the time while one
    worker's kernel was the critical path (the 12 reports of `bench/bench_batch.py`, 2 cores,
    other work on the machine at a lower priority: 1.2 cores used, 26.5 s; with two workers
    1.7 cores, 19.4 s).
    """
    return cores()


def run_batch(
    spec: BatchSpec,
    load: Callable[[], pd.DataFrame],
    out: Path,
    workers: int,
    force: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Render every report of ``spec`` into ``out``; ``load`` reads the validated cases.

    The cases are loaded only when some report needs rendering. ``out`` is locked meanwhile
    (see `output_lock`). A PDF batch without a browser is refused before anything is written.
    """
    from reactlib.render.pdf import check_browser

    check_browser(spec.formats)
    with output_lock(out):
        if force:  # every report renders: the workers' imports start now, beside this process's work
            from reactlib.batch.workers import start_forkserver

            start_forkserver()
        return _BatchRun(spec, out, force, progress).run(load, workers)


class _BatchRun:
    """One run of a batch into ``out``: what it found so far, and how each report is recorded."""

    def __init__(self, spec: BatchSpec, out: Path, force: bool, progress: Progress | None) -> None:
        self.spec, self.out, self.force, self.progress = spec, out, force, progress
        self.result = BatchResult()
        self.total = 0
        self.digests = input_digests(spec)
        #: Set once the workers have started or every report is planned, whichever comes first: the
        #: printer's browser launches then (see `run`).
        self.browser_wanted = threading.Event()
        #: Lets go of the figures counted once for every report (`render`), once all are planned.
        self.forget_counts: Callable[[], None] = lambda: None
        #: The counts the batch's published files show hidden (`audit_published`).
        self.published_hidden: frozenset[CellKey] = frozenset()

    def run(self, load: Callable[[], pd.DataFrame], workers: int) -> BatchResult:
        remove_stale_staging(self.out)
        open_logs(self.out)
        countries = known_countries(self.out, self.digests[0])
        jobs = plan(self.spec, self.out, countries or [])
        # With min_cell a report's fingerprint holds its published figures (its suppression pattern
        # is the whole publication's): only the data can say whether they changed.
        unchanged = not self.force and countries is not None and not self.spec.min_cell
        if unchanged and all(job_is_current(self.spec, self.digests, job, countries or []) for job in jobs):
            self.total = len(jobs)
            for job in jobs:
                self.record(Outcome(job, "unchanged", directory=job.target))
            from reactlib.batch.index import write_batch_index  # it imports pandas: not before the workers start

            write_batch_index(self.result, self.out, self.spec)
            return self.result
        reports = len(jobs)
        if countries is None and any(scope.lower() == EVERY_COUNTRY for scope in self.spec.scopes):
            reports = workers  # how many there are, only the data says
        browser = "pdf" in self.spec.formats
        if countries is not None and self.published_from_these_inputs(jobs, countries):
            # With min_cell, only the data can say that nothing changed (see above), and most likely
            # nothing did: the workers and the browser start only when a report is handed over.
            cases = load()
            with contextlib.ExitStack() as started:

                def start() -> tuple[WorkerPool, PrinterThread]:
                    pool = started.enter_context(self.workers(min(workers, reports)))
                    return pool, started.enter_context(self.printer(browser))

                return self.render(cases, start)
        # The workers start their kernels while the data loads and the reports are planned. The
        # browser, needed only once a report is staged, launches once the workers have started or
        # every report is planned, whichever comes first: launched beside the planning, it slowed
        # the imports the workers are forked after (no report runs before those are done), and the
        # core this process had used idled once it had planned every report. Data with errors
        # stops the workers before anything is written.
        with self.workers(min(workers, reports)) as pool:
            cases = load()
            with self.printer(browser) as printing:
                return self.render(cases, lambda: (pool, printing))

    def workers(self, count: int) -> WorkerPool:
        """``count`` workers, which say when they have started (`browser_wanted`)."""
        from reactlib.batch.workers import WorkerPool

        return WorkerPool(count, on_started=self.browser_wanted.set)

    def printer(self, browser: bool) -> PrinterThread:
        """The printer thread, whose browser (if any) launches once `browser_wanted` is set."""
        from reactlib.render.pdf import PrinterThread

        return PrinterThread(browser=browser, after=self.browser_wanted.wait)

    def published_from_these_inputs(self, jobs: list[Job], countries: list[str]) -> bool:
        """Whether every report of a min_cell batch was published from these inputs, with the figures it shows.

        Only a guess that nothing will render: the reports' suppression pattern is the whole
        publication's, and a batch file that adds or drops a report changes it without changing
        any input of the others. The data decides, as always; the guess only says when the
        workers start.
        """
        if self.force or not self.spec.min_cell:
            return False
        for job in jobs:
            try:
                published = (job.target / "figures.json").read_text(encoding="utf-8") if job.target else None
            except (OSError, UnicodeDecodeError):
                return False
            if published is None or not job_is_current(self.spec, self.digests, job, countries, published):
                return False
        return True

    def render(self, cases: pd.DataFrame, start: Callable[[], tuple[WorkerPool, PrinterThread]]) -> BatchResult:
        """Render what needs it; ``start`` gives the workers and the printer, started the first time it is called."""
        from reactlib.count.once import counting_once

        # The pattern counts every report and trend, then each report and its languages are
        # planned: each scope and period is counted once for all of them.
        with counting_once(cases) as forget:
            self.forget_counts = forget
            return self._render(cases, start)

    def _render(self, cases: pd.DataFrame, start: Callable[[], tuple[WorkerPool, PrinterThread]]) -> BatchResult:
        countries = sorted(cases["country"].unique())
        warn_unmatched_countries(self.spec.settings, countries)
        jobs = plan(self.spec, self.out, countries)
        self.total = len(jobs)
        # Before anything renders: the publication's one suppression pattern, audited (a pattern
        # whose audit fails is refused here, and nothing is written). The last run's, if it was
        # decided from the same inputs.
        memory = PatternMemory(self.out, pattern_key(self.spec, self.digests)) if self.spec.min_cell else None
        if memory is None:
            forget_pattern(self.out)  # its reports show every count: a kept pattern would call some hidden
        disclosure = batch_disclosure(self.spec, cases, countries, memory)
        todo = []
        for job in jobs:
            if not self.force and job_is_current(self.spec, self.digests, job, countries):
                self.record(Outcome(job, "unchanged", directory=job.target))
            else:
                todo.append(job)
        remember_countries(self.out, self.digests[0], countries)
        if todo:
            _Rendering(self, cases, countries, disclosure, start).render(todo)
        order = {job: i for i, job in enumerate(jobs)}
        self.result.outcomes.sort(key=lambda o: order[o.job])
        if self.spec.min_cell and not self.audit_published():
            return self.result  # no index page: the batch refuses to publish
        if memory is not None and disclosure is not None:
            # Only now, and only if the published files show every count of the pattern hidden: a
            # report that was not published (failed, interrupted, its folder gone) must not have
            # its hidden counts named anywhere else.
            if disclosure.suppressed <= self.published_hidden:
                memory.remember(disclosure.suppressed)
            else:
                memory.forget()
        from reactlib.batch.index import write_batch_index

        write_batch_index(self.result, self.out, self.spec)
        return self.result

    def record(self, outcome: Outcome) -> None:
        """Log ``outcome``, keep it, and tell the progress bar."""
        try:
            write_log(self.out, outcome)
        except OSError as error:
            self.result.note(
                f"some reports' logs in {self.out / LOG_DIR} were not written ({describe_os_error(error)})"
            )
        self.result.outcomes.append(outcome)
        if self.progress:
            self.progress(outcome, len(self.result.outcomes), self.total)

    def audit_published(self) -> bool:
        """Audit the batch's published reports from their files, as a reader would; False when protection fails."""
        result = self.result
        folders = [o.directory for o in result.outcomes if o.directory is not None and o.directory.is_dir()]
        if not folders:
            return True
        audit = audit_folders(folders, self.spec.min_cell, exact=False)  # its verdict is all it reads
        result.audit = audit.summary()
        self.published_hidden = frozenset(audit.intervals)  # an interval for each count shown hidden
        if result.audit.passed:
            return True
        exposed = [key.describe() for key in [*audit.shown_small, *audit.failures()][:5]] + audit.conflicts[:5]
        result.note(
            f"the published reports fail their protection audit ({result.audit.line()}): the index page was not "
            f"written; do not release them. Exposed: {'; '.join(shown(line) for line in exposed)}"
        )
        return False


class _Rendering:
    """The reports of a run that need rendering: planned here, staged by the workers, printed and published.

    Each report is planned here and handed to a worker at once; with min_cell each is planned
    with the publication's ``disclosure``, and skipped here when its published figures (and so
    its suppression pattern) are unchanged. Each report a worker has staged goes to the printer
    thread, which prints it (one browser) and publishes it, while this thread goes on planning
    and collecting. On Ctrl-C the report being printed is finished and published; the workers
    stop at once, and nothing else starts.
    """

    def __init__(
        self,
        run: _BatchRun,
        cases: pd.DataFrame,
        countries: list[str],
        disclosure: Disclosure | None,
        start: Callable[[], tuple[WorkerPool, PrinterThread]],
    ) -> None:
        from reactlib.batch.interrupts import InterruptShield

        self.run, self.cases, self.countries, self.disclosure = run, cases, countries, disclosure
        self.start = start
        #: The workers and the printer, once the first report is handed over (`start`).
        self.started: tuple[WorkerPool, PrinterThread] | None = None
        self.jobs: dict[str, Job] = {}
        self.prepared: dict[str, tuple[PreparedReport, dict[str, str]]] = {}
        self.folder_of: dict[Path, str] = {}  # each report's folder → the report published there
        self.finishing: collections.deque[Future[Outcome]] = collections.deque()
        self.shield: InterruptShield = InterruptShield()
        self.declarations: dict[Path, dict[str, NotebookParameter]] = {}

    def render(self, todo: list[Job]) -> None:
        self.jobs = {job.name: job for job in todo}
        printed = False
        try:
            with self.shield.installed():
                for job in todo:
                    self.submit(job)
                    for staged in self.staged_so_far():  # printing starts while reports are planned
                        self.collect(staged)
                self.run.forget_counts()
                self.run.browser_wanted.set()  # every report is planned: this core is free for it
                if self.started is not None:
                    pool = self.started[0]
                    for staged in pool.results():
                        self.collect(staged)
                    pool.close()  # the workers stop while the last reports print
                    self.record_finished(wait=True)
                printed = True
        except BaseException:
            if self.started is not None:
                # Closed first: stopping the workers waits for their start, which lets a printer
                # still waiting to launch its browser go on (`browser_wanted`); closed, it launches none.
                self.started[1].close(wait=False)
                self.started[0].terminate()  # now, before the staging folders are cleared: what they stage is dropped
            raise
        finally:
            if self.started is not None:
                # Interrupted, it lets the report being printed and published finish; with every
                # report printed, the browser closes while the index is written (its context waits).
                self.started[1].close(wait=not printed)
            for future in self.finishing:
                if future.done() and not future.cancelled():
                    self.run.record(future.result())
            remove_stale_staging(self.run.out)  # reports staged but not published when the batch was stopped

    def submit(self, job: Job) -> None:
        """Plan ``job`` and hand it to a worker, or record why not (failed, or unchanged)."""
        from reactlib.render.execute import RenderError
        from reactlib.render.pipeline import plan
        from reactlib.report.parameters import ParameterError

        run = self.run
        if job.problem:
            self.record(Outcome(job, "failed", message=job.problem))
            return
        try:
            report = plan(job.request, self.cases, run.spec.settings, self.declared(job), self.disclosure)
            if not run.force and job_is_current(run.spec, run.digests, job, self.countries, report.figures_json):
                self.record(Outcome(job, "unchanged", directory=job.target))
                return
            key = report_key(run.spec, run.digests, job, self.countries, report.figures_json)
        except (PeriodError, ParameterError, RenderError, ValueError) as error:
            self.record(Outcome(job, "failed", message=str(error)))
            return
        if (other := self.folder_of.setdefault(report.target, job.name)) != job.name:
            # Never one report published over another and both called rendered.
            self.record(Outcome(job, "failed", message=f"its folder {report.target} is that of {shown(other)}"))
            return
        self.prepared[job.name] = (report, {FINGERPRINT_FILE: key + "\n"})
        if self.started is None:
            self.started = self.start()
        self.started[0].submit(job.name, report)

    def staged_so_far(self) -> list[Staged]:
        return [] if self.started is None else self.started[0].staged_so_far()

    def declared(self, job: Job) -> dict[str, NotebookParameter]:
        """The parameters ``job``'s notebook declares: read once for all the reports of its kind."""
        from reactlib.render.pipeline import declared_parameters

        kind = job.kind
        if (notebook := kind.notebook_file()) not in self.declarations:
            self.declarations[notebook] = declared_parameters(kind, job.request.extra)
        return self.declarations[notebook]

    def collect(self, staged: Staged) -> None:
        job = self.jobs[staged.name]
        if staged.staging is None:
            message = staged.error
            if staged.detail:  # what the logs leave out, and where to see it
                message += f"; {see_error(job, self.run.spec.min_cell)}"
            self.record(Outcome(job, "failed", staged.seconds, message, detail=staged.detail))
        else:
            report, extra_files = self.prepared[job.name]
            assert self.started is not None  # a report was staged: the workers and the printer have started
            self.finishing.append(self.started[1].submit(functools.partial(_finish, job, staged, report, extra_files)))
        self.record_finished()

    def record(self, outcome: Outcome) -> None:
        with self.shield.holding():  # a log is written whole
            self.run.record(outcome)

    def record_finished(self, wait: bool = False) -> None:
        while self.finishing and (wait or self.finishing[0].done()):
            self.record(self.finishing.popleft().result())


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
