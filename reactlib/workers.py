"""The batch's worker processes: each keeps one warm kernel and one browser for all its reports.

Workers start, and start their kernel and browser, as soon as the batch knows that something
needs rendering, so that this start-up overlaps with the figures being computed in the main
process; reports are handed over one by one as they are prepared.

Processes, not threads: papermill, nbconvert and Playwright all hold the GIL for much of a
report, and threads measured barely faster than one worker. Workers ignore Ctrl-C: on an
interrupt no new report starts, the reports in progress finish (each is published whole or not
at all), and the workers close their kernels and browsers before the interrupt goes on.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reactlib.kernels import WarmKernel
    from reactlib.pdf import PdfPrinter
    from reactlib.produce import PreparedReport

#: Run in each new kernel before its first report. It imports the modules the report notebook
#: imports: most of a first report's time, spent while the batch prepares. It then exempts
#: everything they hold from garbage collection: the reset before each report collects garbage,
#: and walking the objects of pandas and matplotlib made that 0.2 s of every report.
PRELOAD_CODE = """\
import gc, reactlib.report_data, reactlib.sections
gc.freeze()
"""

#: How often the batch checks that its workers are still alive while it waits for a report.
POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Rendered:
    """What a worker reports back: the report's name, and an error message if it failed."""

    name: str
    seconds: float
    error: str = ""


class _Worker:
    """A worker's warm kernel and browser, started before its first report and reused."""

    def __init__(self, needs_pdf: bool) -> None:
        self._stack = ExitStack()
        self._needs_pdf = needs_pdf
        self.kernel: WarmKernel | None = None
        self.printer: PdfPrinter | None = None

    def ready(self) -> _Worker:
        """Start whatever is not running: a kernel (again, if the last report killed it), a browser."""
        from reactlib.kernels import WarmKernel

        if self.kernel is not None and not self.kernel.alive():
            self.kernel.close()
            self.kernel = None
        if self.kernel is None:
            self.kernel = self._stack.enter_context(WarmKernel())
            # The kernel imports in its own process while the browser starts in this one.
            self.kernel.send_silently(PRELOAD_CODE)
        if self._needs_pdf and self.printer is None:
            from reactlib.pdf import PdfPrinter

            self.printer = self._stack.enter_context(PdfPrinter())
        return self

    def warm_up(self) -> None:
        """Start the kernel and browser now; a failure is left to the first report to report."""
        from reactlib.execute import RenderError
        from reactlib.kernels import KernelError

        try:
            self.ready()
        except (RenderError, KernelError, OSError):
            pass

    def render(self, name: str, prepared: PreparedReport, extra_files: dict[str, str]) -> Rendered:
        from reactlib.execute import RenderError
        from reactlib.kernels import KernelError
        from reactlib.produce import produce_report

        start = time.perf_counter()
        try:
            self.ready()
            produce_report(prepared, self.kernel, self.printer, extra_files)
        except (RenderError, KernelError, OSError) as error:
            return Rendered(name, time.perf_counter() - start, str(error))
        except Exception as error:  # noqa: BLE001 - one report's bug must not stop the batch
            # Only the exception's type: its text may quote the data, and logs are shared.
            message = f"internal error ({type(error).__name__}); `reactlib report` on this report shows it"
            return Rendered(name, time.perf_counter() - start, message)
        return Rendered(name, time.perf_counter() - start)

    def close(self) -> None:
        self._stack.close()


def _worker_main(tasks: Any, results: Any, needs_pdf: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch decides when to stop, see WorkerPool
    worker = _Worker(needs_pdf)
    try:
        worker.warm_up()
        while (task := tasks.get()) is not None:
            results.put(worker.render(*task))
    finally:
        worker.close()


class WorkerPool:
    """``count`` worker processes rendering prepared reports; use as a context manager.

    Examples
    --------
    >>> with WorkerPool(2, needs_pdf=True) as pool:  # doctest: +SKIP
    ...     pool.submit("Georgia 2023-H1", prepared, {".fingerprint": key})
    ...     for rendered in pool.results():
    ...         print(rendered.name, rendered.error or "ok")
    """

    def __init__(self, count: int, needs_pdf: bool) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process that may run threads
        self._tasks = context.Queue()
        self._results = context.Queue()
        self._pending: list[str] = []
        self._processes = [
            context.Process(
                target=_worker_main, args=(self._tasks, self._results, needs_pdf), name=f"report-{i}", daemon=True
            )
            for i in range(max(1, count))
        ]

    def __enter__(self) -> WorkerPool:
        for process in self._processes:
            process.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._drain()
        for _ in self._processes:
            self._tasks.put(None)
        for process in self._processes:
            process.join()

    def submit(self, name: str, prepared: PreparedReport, extra_files: dict[str, str]) -> None:
        """Queue one report; the first free worker renders it."""
        self._tasks.put((name, prepared, extra_files))
        self._pending.append(name)

    def results(self) -> Iterator[Rendered]:
        """Every submitted report's result, as each arrives; no more reports may be submitted.

        A report whose worker died (killed, or crashed outside any report's code) is failed.
        """
        for _ in self._processes:
            self._tasks.put(None)
        while self._pending:
            try:
                rendered = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if any(process.is_alive() for process in self._processes):
                    continue
                try:  # what a worker sent just before it ended
                    rendered = self._results.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    for name in self._pending:
                        yield Rendered(name, 0.0, "the worker process rendering it stopped unexpectedly")
                    return
            self._pending.remove(rendered.name)
            yield rendered

    def _drain(self) -> None:
        while True:
            try:
                self._tasks.get_nowait()
            except queue.Empty:
                return
