"""A render session: one warm kernel and, for PDFs, one warm browser, started at once and reused.

`reactlib report` opens a session before it reads anything, so that the kernel starts (and
imports what the notebook imports) while this process imports pandas, loads the data and
computes the figures: the two take about as long, and run on two cores. `reactlib report
--watch` keeps the session open and renders through it again and again (`reactlib.render.watch`).
Starting early is speculative: input refused (a bad period, bad data) is reported as fast as
before, and the kernel started meanwhile is stopped unused.

`reactlib.render.pipeline.render` renders through a session, taking the same steps as a batch's
report (`reactlib.render.pipeline.plan`, then `reactlib.render.stages`), in a kernel reset to a
fresh one's state and printed by the batch's printer (`reactlib.render.pdf.PrinterThread`): a
warm render is byte-identical to a cold one.

Examples
--------
>>> with RenderSession(browser=False) as session:  # doctest: +SKIP
...     render(request, session)  # the first render waits for the kernel
...     render(request, session, data_version="…")  # later ones find it warm
"""

from __future__ import annotations

import contextlib
import threading
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


class KernelStarter:
    """A warm kernel started on a thread of its own; `kernel` waits for it.

    ``preload`` gives the code the kernel runs silently first (the batch's ``PRELOAD_CODE``:
    the notebook's imports); it is called on the thread, once the kernel's process has started. Meanwhile the thread imports what executing and exporting a report
    imports in this process and connects the notebook's client, as a batch worker does before
    its first report, so that the main thread finds all that done.
    """

    def __init__(self, preload: Callable[[], str] | None = None) -> None:
        self._preload = preload
        self._kernel: WarmKernel | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._start, name="reactlib-kernel-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            from reactlib.render.kernels import WarmKernel

            kernel = WarmKernel()
            self._kernel = kernel  # before it starts: `close` stops a kernel half started, too
            kernel.__enter__()
            if self._preload is not None:
                kernel.send_silently(self._preload())
        except BaseException as error:  # noqa: BLE001 - handed to whoever asks for the kernel
            self._error = error
            return
        # A failure here is met again by the main thread, which says what it is.
        with contextlib.suppress(Exception):
            _import_render_steps()
            _compile_export()

    def kernel(self) -> WarmKernel:
        """The started kernel; the error its start raised, raised here."""
        from reactlib.errors import KernelError

        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            if isinstance(error, KernelError):
                raise error
            raise KernelError(f"the notebook kernel did not start: {type(error).__name__}: {error}") from None
        if self._kernel is None:
            raise KernelError("the notebook kernel did not start")
        return self._kernel

    def close(self) -> None:
        """Wait for the thread, then stop the kernel (started or not)."""
        self._thread.join()
        if self._kernel is not None:
            self._kernel.close()
            self._kernel = None


def _cancel_interrupted_tasks() -> None:
    """Cancel what a render stopped by Ctrl-C left in this thread's event loop, and wait for it.

    A notebook interrupted mid-cell leaves nbclient's cell task pending in the loop jupyter_core
    runs coroutines in; when the kernel is then stopped, the task fails and asyncio prints its
    traceback ("Task exception was never retrieved") as the command ends.
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
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _import_render_steps() -> None:
    """Import what executing and exporting a report imports: a second of imports, off the main thread."""
    import papermill  # noqa: F401

    import reactlib.render.execute
    import reactlib.render.workbook  # noqa: F401


def _compile_export() -> None:
    """Compile the HTML export's templates once, as a batch worker does before its first report."""
    import nbformat

    from reactlib.render.html import to_html

    to_html(nbformat.v4.new_notebook(), "")


class RenderSession:
    """Renders reports with one kernel and (``browser``) one browser, both started at once.

    Use as a context manager: leaving it stops the kernel and closes the browser, after the
    print in progress, if any, is published. ``preload`` gives code the kernel runs first.
    """

    def __init__(self, browser: bool, preload: Callable[[], str] | None = None) -> None:
        self._browser = browser
        self._preload = preload
        self._starter: KernelStarter | None = None
        self._kernel: WarmKernel | None = None
        self._printing: PrinterThread | None = None
        #: The data of the last render and what it was read from: reused while that is unchanged.
        self._cases: tuple[Hashable, pd.DataFrame] | None = None

    def __enter__(self) -> RenderSession:
        self._starter = KernelStarter(self._preload)
        if self._browser:
            from reactlib.render.pdf import PrinterThread

            self._printing = PrinterThread(browser=True)  # its browser starts on its own thread
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        _cancel_interrupted_tasks()
        try:
            if self._printing is not None:
                self._printing.close()
                self._printing = None
        finally:
            if self._starter is not None:
                self._starter.close()  # stops the kernel it started, unless replaced
                self._starter = None
            if self._kernel is not None:
                self._kernel.close()
                self._kernel = None

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
        """The kernel, started again (with its preload) if the last report killed it."""
        from reactlib.render.kernels import WarmKernel

        if self._kernel is None:
            if self._starter is None:
                raise RuntimeError("the render session is not open")
            self._kernel = self._starter.kernel()
        if not self._kernel.alive():
            self._kernel.close()
            self._kernel = None
            if self._starter is not None:
                self._starter.close()  # its kernel, now closed: forgotten
                self._starter = None
            kernel = WarmKernel()
            self._kernel = kernel  # before it starts: `close` stops a kernel half started, too
            kernel.__enter__()
            if self._preload is not None:
                kernel.send_silently(self._preload())
        return self._kernel

    def stage(self, report: PreparedReport) -> Path:
        """Execute and export ``report`` in the warm kernel, into a staging folder (`stage_report`)."""
        from reactlib.errors import KernelDied
        from reactlib.render.stages import stage_report

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


__all__ = ["KernelStarter", "RenderSession"]
