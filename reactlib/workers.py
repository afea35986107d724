"""The batch's worker processes: each keeps one warm kernel for all its reports.

A worker executes a prepared report's notebook and exports its HTML into a staging folder
(`reactlib.produce.stage_report`); the batch's own process prints the PDFs with one browser and
publishes each report, while the workers go on with the next ones. Workers start, and start their
kernel, as soon as the batch knows that something needs rendering, so that this start-up overlaps
with the figures being computed in the main process; reports are handed over one by one as they
are prepared.

Processes, not threads: papermill and nbconvert hold the GIL for much of a report, and threads
measured barely faster than one worker. Workers ignore Ctrl-C: on an interrupt no new report
starts, the reports in progress finish staging (the batch removes what it has not published), and
the workers close their kernels before the interrupt goes on.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reactlib.kernels import WarmKernel
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
class Staged:
    """What a worker reports back: the report, its staging folder, or why it failed."""

    name: str
    seconds: float
    staging: Path | None = None
    error: str = ""


class _Worker:
    """A worker's warm kernel, started before its first report and reused."""

    def __init__(self) -> None:
        self.kernel: WarmKernel | None = None

    def ready(self) -> WarmKernel:
        """The kernel, started (again, if the last report killed it) when it is not running."""
        from reactlib.kernels import WarmKernel

        if self.kernel is not None and not self.kernel.alive():
            self.kernel.close()
            self.kernel = None
        if self.kernel is None:
            self.kernel = WarmKernel().__enter__()
            self.kernel.send_silently(PRELOAD_CODE)
        return self.kernel

    def warm_up(self) -> None:
        """Start the kernel now; a failure is left to the first report to report."""
        from reactlib.kernels import KernelError

        try:
            self.ready()
            # What staging a report imports, imported while the kernel imports in its own process.
            import papermill  # noqa: F401

            import reactlib.export  # noqa: F401
        except (KernelError, OSError):
            pass

    def stage(self, name: str, prepared: PreparedReport) -> Staged:
        from reactlib.execute import RenderError
        from reactlib.kernels import KernelError
        from reactlib.produce import stage_report

        start = time.perf_counter()
        try:
            staging = stage_report(prepared, self.ready())
        except (RenderError, KernelError, OSError) as error:
            return Staged(name, time.perf_counter() - start, error=str(error))
        except Exception as error:  # noqa: BLE001 - one report's bug must not stop the batch
            # Only the exception's type: its text may quote the data, and logs are shared.
            message = f"internal error ({type(error).__name__}); `reactlib report` on this report shows it"
            return Staged(name, time.perf_counter() - start, error=message)
        return Staged(name, time.perf_counter() - start, staging)

    def close(self) -> None:
        if self.kernel is not None:
            self.kernel.close()


def _worker_main(tasks: Any, results: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch decides when to stop, see WorkerPool
    worker = _Worker()
    try:
        worker.warm_up()
        while (task := tasks.get()) is not None:
            results.put(worker.stage(*task))
    finally:
        worker.close()


class WorkerPool:
    """``count`` worker processes rendering prepared reports; use as a context manager.

    Examples
    --------
    >>> with WorkerPool(2) as pool:  # doctest: +SKIP
    ...     pool.submit("Georgia 2023-H1", prepared)
    ...     for staged in pool.results():
    ...         print(staged.name, staged.error or staged.staging)
    """

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process that may run threads
        self._tasks = context.Queue()
        self._results = context.Queue()
        self._pending: list[str] = []
        self._processes = [
            context.Process(target=_worker_main, args=(self._tasks, self._results), name=f"report-{i}", daemon=True)
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

    def submit(self, name: str, prepared: PreparedReport) -> None:
        """Queue one report; the first free worker stages it."""
        self._tasks.put((name, prepared))
        self._pending.append(name)

    def results(self) -> Iterator[Staged]:
        """Every submitted report's result, as each arrives; no more reports may be submitted.

        A report whose worker died (killed, or crashed outside any report's code) is failed.
        """
        for _ in self._processes:
            self._tasks.put(None)
        while self._pending:
            try:
                staged = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if any(process.is_alive() for process in self._processes):
                    continue
                try:  # what a worker sent just before it ended
                    staged = self._results.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    for name in self._pending:
                        yield Staged(name, 0.0, error="the worker process rendering it stopped unexpectedly")
                    return
            self._pending.remove(staged.name)
            yield staged

    def _drain(self) -> None:
        while True:
            try:
                self._tasks.get_nowait()
            except queue.Empty:
                return
