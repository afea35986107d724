"""A render session: one warm kernel and, for PDFs, one warm browser, reused by every render.

`reactlib report` opens a session before it reads anything: its kernel's process starts at
once and imports what the notebook imports while this process imports pandas, loads the data
and computes the figures (the two take about as long, on two cores). `reactlib report --watch`
keeps the session open and renders through it again and again (`reactlib.render.watch`).
Starting early is speculative: input refused (a bad period, bad data) is reported as before,
and the kernel is stopped unused; a kernel that failed to start is reported when a render
needs it, after the input's checks, as before.

The kernel is started on the main thread, not a thread of its own: only its process runs in
parallel, and two threads importing at once can each find a package another is still
initialising ("cannot import name … from partially initialized module"). The browser starts
on the batch's printer thread (`reactlib.render.pdf.PrinterThread`) when the first report is
handed to its kernel, once this process has imported what it needs (Playwright is imported by
no one else), so it launches while the notebook runs.

`reactlib.render.pipeline.render` renders through a session, taking the same steps as a
batch's report (`reactlib.render.pipeline.plan`, then `reactlib.render.stages`), in a kernel
reset to a fresh one's state, printed by the batch's printer: a warm render is byte-identical to
a cold one.

Examples
--------
>>> with RenderSession(browser=False) as session:  # doctest: +SKIP
...     render(request, session)  # the first render waits for the kernel's imports
...     render(request, session, data_version="…")  # later ones find it warm
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future
from concurrent.futures import wait as wait_for
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from reactlib.render.kernels import WarmKernel
    from reactlib.render.kinds import Request
    from reactlib.render.pdf import PdfPrinter, PrinterThread
    from reactlib.render.stages import PreparedReport


class RenderSession:
    """Renders reports with one kernel and (``browser``) one browser; use as a context manager.

    ``preload`` gives code the kernel runs silently before its first report (a batch's
    ``PRELOAD_CODE``: the notebook's imports); it is called once the kernel's process has
    started. Leaving the session stops the kernel and closes the browser, after the print in
    progress, if any, is published.
    """

    def __init__(self, browser: bool, preload: Callable[[], str] | None = None) -> None:
        self._browser = browser
        self._preload = preload
        self._kernel: WarmKernel | None = None
        self._start_error: Exception | None = None
        self._printing: PrinterThread | None = None
        #: The data of the last render and what it was read from: reused while that is unchanged.
        self._cases: tuple[Hashable, pd.DataFrame] | None = None

    def __enter__(self) -> RenderSession:
        try:
            self._start_kernel()
        except Exception as error:  # noqa: BLE001 - said when a render needs the kernel, after the input's checks
            self._start_error = error
        except BaseException:  # Ctrl-C as it starts: no kernel left behind
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            _cancel_interrupted_tasks()
        finally:  # a new Ctrl-C during that wait still stops the browser and the kernel
            try:
                if self._printing is not None:
                    self._printing.close()
                    self._printing = None
            finally:
                if self._kernel is not None:
                    self._kernel.close()
                    self._kernel = None

    def _start_kernel(self) -> None:
        from reactlib.render.kernels import WarmKernel

        kernel = WarmKernel()
        self._kernel = kernel  # before it starts: `close` stops a kernel half started, too
        kernel.__enter__()
        if self._preload is not None:
            kernel.send_silently(self._preload())

    def cases(self, request: Request, data_version: Hashable | None = None) -> pd.DataFrame:
        """The validated cases ``request`` reads: those of the last call if its ``data_version`` was the same.

        ``data_version`` says what the data file and column map held (the caller fingerprints
        them, `reactlib.render.watch`); ``None``: read them again.
        """
        from reactlib.load.cases import load_cases
        from reactlib.load.column_map import load_column_map
        from reactlib.sample.location import data_file_or_sample

        key = (request.data, request.column_map, request.reading, data_version)
        if data_version is not None and self._cases is not None and self._cases[0] == key:
            return self._cases[1]
        self._cases = None  # the old data are not kept while the new ones are read
        cases = load_cases(
            data_file_or_sample(request.data), load_column_map(request.column_map), **request.reading.keywords()
        )
        self._cases = (key, cases)
        return cases

    def _ready_kernel(self) -> WarmKernel:
        """The kernel, started again (with its preload) if it did not start or the last report killed it."""
        from reactlib.errors import KernelError

        if self._start_error is not None:
            error, self._start_error = self._start_error, None
            if isinstance(error, KernelError):
                raise error
            raise KernelError(f"the notebook kernel did not start: {type(error).__name__}: {error}")
        if self._kernel is None or not self._kernel.alive():
            if self._kernel is not None:
                self._kernel.close()
                self._kernel = None
            self._start_kernel()
        assert self._kernel is not None
        return self._kernel

    def stage(self, report: PreparedReport) -> Path:
        """Execute and export ``report`` in the warm kernel, into a staging folder (`stage_report`)."""
        from reactlib.errors import KernelDied
        from reactlib.render.stages import stage_report

        if self._browser and self._printing is None and "pdf" in report.formats:
            from reactlib.render.pdf import PrinterThread

            self._printing = PrinterThread(browser=True)  # launches while the notebook runs
        try:
            return stage_report(report, self._ready_kernel())
        except KernelDied:  # found dead as it was reset, before the report ran: once more, anew
            return stage_report(report, self._ready_kernel())

    def finish(self, report: PreparedReport, staging: Path) -> list[Path]:
        """Print the PDF (on the printer's thread) and publish, whole or not at all (`finish_report`)."""
        from reactlib.render.publish import discard_staging
        from reactlib.render.stages import finish_report

        if self._printing is None or "pdf" not in report.formats:
            return finish_report(report, staging)
        future: Future[list[Path]] = self._printing.submit(lambda printer: _print(report, staging, printer))
        try:
            return future.result()
        except CancelledError:
            discard_staging(staging)
            raise
        except BaseException:
            # Ctrl-C while the printer prints: the report is published whole or not at all, and
            # this render's --out stays locked until then.
            if future.cancel():
                discard_staging(staging)
            else:
                wait_for([future])
            raise


def _print(report: PreparedReport, staging: Path, printer: PdfPrinter | str | None) -> list[Path]:
    """Print and publish ``report`` on the printer's thread: its printer, or why it did not start."""
    from reactlib.errors import RenderError
    from reactlib.render.pdf import PdfPrinter
    from reactlib.render.publish import discard_staging
    from reactlib.render.stages import finish_report

    if not isinstance(printer, PdfPrinter):
        discard_staging(staging)
        raise RenderError(printer or "the browser for PDFs is not running")
    return finish_report(report, staging, printer)


def _cancel_interrupted_tasks() -> None:
    """Cancel what a render stopped by Ctrl-C left in this thread's event loop, and wait for it.

    A notebook interrupted mid-cell leaves nbclient's cell task pending in the loop jupyter_core
    runs coroutines in; when the kernel is then stopped, the task fails and asyncio prints its
    traceback ("Task exception was never retrieved") as the command ends.

    On Python 3.11, a task cancelled inside `asyncio.wait_for` returns what it waited for if
    that is done (3.12 raises the cancellation instead), and nbclient waits so for a cell's
    outputs: where Ctrl-C landed in the task reading them, the cancelled task raises that
    interrupt again. It was handled already (a stopped watch said so and ends with 0), so the
    tasks are waited for until all are done. Any other interrupt, one no task ended with, is a
    new Ctrl-C, and stops the clean-up.
    """
    import asyncio
    import sys

    if "jupyter_core.utils" not in sys.modules:
        return  # nothing ran a coroutine
    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    if loop.is_running():
        return
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    while pending:
        try:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        except KeyboardInterrupt as interrupt:
            if not any(task.done() and not task.cancelled() and task.exception() is interrupt for task in pending):
                raise
        pending = {task for task in pending if not task.done()}


__all__ = ["RenderSession"]
