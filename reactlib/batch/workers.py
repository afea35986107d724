"""The batch's worker processes: each keeps one warm kernel for all its reports.

A worker executes a prepared report's notebook and exports its HTML into a staging folder
(`reactlib.render.stages.stage_report`); the batch's own process prints the PDFs with one browser and
publishes each report, while the workers go on with the next ones. Workers start, and start their
kernel, as soon as the batch knows that something needs rendering, so that this start-up overlaps
with the data being loaded and the figures computed in the batch's process; reports are handed
over one by one as they are prepared.

Processes, not threads: papermill and nbconvert hold the GIL for much of a report, and threads
measured barely faster than one worker. They are forked from multiprocessing's forkserver, which
imports what they need once (`WORKER_MODULES`) instead of each worker importing it, and what
their kernels need too: each worker forks its kernel from itself (`reactlib.render.forked_kernel`)
instead of starting a new Python that imports it all again.

Workers ignore Ctrl-C: the batch decides. When it stops early (an interrupt, data with errors) it
terminates them; each then kills its kernel, removes the kernel's folder and ends (the batch
removes the staging folders). A worker whose batch ended without stopping it (SIGKILL) stops
itself the same way.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import multiprocessing.forkserver
import os
import queue
import select
import shutil
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reactlib.render.kernels import WarmKernel
    from reactlib.render.stages import PreparedReport

#: What the report notebook imports: a worker's kernel imports it before the first report.
KERNEL_MODULES = [
    "seaborn", "matplotlib.pyplot", "reactlib.report.changes_section", "reactlib.report.comparison_text",
    "reactlib.report.regional", "reactlib.report.data", "reactlib.report.figure", "reactlib.report.plots",
    "reactlib.report.style", "reactlib.report.tables", "reactlib.report.phrases", "reactlib.report.blocks",
]  # fmt: skip

#: Run in each new kernel before its first report. It imports `KERNEL_MODULES`: most of a first
#: report's time, spent while the batch prepares (nothing, in a kernel forked from a worker whose
#: forkserver imported them, see `reactlib.batch.kernel_image`). It then exempts everything they
#: hold from garbage collection: the reset before each report collects garbage, and walking the
#: objects of pandas and matplotlib made that 0.2 s of every report.
PRELOAD_CODE = f"""\
import gc, {", ".join(KERNEL_MODULES)}
gc.freeze()
"""

#: What every worker imports before its first report: imported once, by the process the workers
#: are forked from (multiprocessing's forkserver, itself a fresh process: no fork of the batch's
#: process, which runs threads), and not again by each worker. ``IPython.paths``: jupyter_client
#: imports it to find the kernel's spec as a worker starts its kernel. First, what the workers'
#: kernels import (`reactlib.batch.kernel_image`: first, so that it is imported as a kernel imports
#: it); last, the start-up the workers share (`reactlib.batch.worker_start`).
WORKER_MODULES = [
    "reactlib.batch.kernel_image",
    "papermill", "nbformat", "jupyter_client.manager", "jupyter_client.blocking", "IPython.paths",
    "reactlib.render.stages", "reactlib.render.execute", "reactlib.render.html", "reactlib.render.workbook",
    "reactlib.render.kernels", "reactlib.batch.worker_start",
]  # fmt: skip

#: How often the batch checks that its workers are still alive while it waits for a report, and
#: a worker (where the system cannot tell it at once) that its batch is.
POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Staged:
    """What a worker reports back: the report, its staging folder, or why it failed."""

    name: str
    seconds: float
    staging: Path | None = None
    error: str = ""
    #: The whole error when ``error`` leaves out what may quote the data: never logged (see `reactlib.batch.run`).
    detail: str = ""


class _Worker:
    """A worker's warm kernel, started before its first report and reused."""

    def __init__(self) -> None:
        self.kernel: WarmKernel | None = None

    def ready(self) -> WarmKernel:
        """The kernel, started (again, if the last report killed it) when it is not running."""
        from reactlib.render.kernels import KernelError, WarmKernel

        if self.kernel is not None and not self.kernel.alive():
            self.kernel.close()
            self.kernel = None
        if self.kernel is None:
            kernel = WarmKernel(forked=_kernel_image_ready())
            self.kernel = kernel  # before it starts: a worker terminated meanwhile still closes it
            try:
                kernel.__enter__()
            except KernelError:
                self.kernel = None
                raise
            kernel.send_silently(PRELOAD_CODE)
        return self.kernel

    def warm_up(self) -> None:
        """Start the kernel and do what a first report would wait for; a failure is left to it.

        The worker would otherwise be idle until the batch has loaded the data and prepared
        the first report.
        """
        import nbformat

        from reactlib.render.kernels import KernelError

        try:
            kernel = self.ready()
            # What staging a report imports, imported while the kernel imports in its own process.
            import papermill  # noqa: F401

            from reactlib.render.html import to_html

            to_html(nbformat.v4.new_notebook(), "")  # compiles the export's templates, once
            kernel.notebook_client()
        except (KernelError, OSError):
            pass

    def stage(self, name: str, prepared: PreparedReport) -> Staged:
        from reactlib.errors import CellError, KernelDied, KernelError, RenderError
        from reactlib.render.stages import stage_report

        start = time.perf_counter()
        try:
            try:
                staging = stage_report(prepared, self.ready())
            except KernelDied:  # before the report ran: `ready` puts a new kernel in its place
                staging = stage_report(prepared, self.ready())
        except CellError as error:  # the batch's logs are shared: the value may quote the data
            return Staged(name, time.perf_counter() - start, error=error.without_value, detail=str(error))
        except (RenderError, KernelError, OSError) as error:
            return Staged(name, time.perf_counter() - start, error=str(error))
        except Exception as error:  # noqa: BLE001 - one report's bug must not stop the batch
            # Only the exception's type: its text may quote the data, and logs are shared.
            message = f"internal error ({type(error).__name__})"
            return Staged(name, time.perf_counter() - start, error=message, detail=traceback.format_exc())
        return Staged(name, time.perf_counter() - start, staging)

    def close(self) -> None:
        if self.kernel is not None:
            self.kernel.close()


def _kernel_image_ready() -> bool:
    """Whether this worker's forkserver imported what a kernel needs, so that kernels fork from it.

    Not in a process that is no batch worker (the module is then not imported: importing it
    would do the forkserver's start-up here).
    """
    image = sys.modules.get("reactlib.batch.kernel_image")
    return bool(getattr(image, "KERNEL_IMAGE", False))


def _worker_main(tasks: Any, results: Any, batch: int) -> None:
    worker = _Worker()
    _take_signals(worker)
    _stop_with(batch, worker)
    try:
        worker.warm_up()
        # What the warm-up made (the forkserver froze what it imported) lives as long as the
        # worker: exempt from collection, the papermill client's collections no longer walk it.
        gc.freeze()
        while (task := tasks.get()) is not None:
            results.put(worker.stage(*task))
    finally:
        worker.close()
        gc.freeze()  # the process ends: see `reactlib.cli.console`


def _take_signals(worker: _Worker) -> None:
    """A worker's signal handlers: Ctrl-C and a closed terminal ignored, SIGTERM stops ``worker`` (`_exit`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch decides when to stop, see WorkerPool
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # a closed terminal: the batch stops us
    signal.signal(signal.SIGTERM, functools.partial(_exit, worker))  # WorkerPool.terminate


def _exit(worker: _Worker, *_: object) -> None:
    """Stop the worker now: kill its kernel, remove the kernel's folder, end.

    Not by raising `SystemExit`: raised where the signal lands, which may be a weakref callback
    or a ``__del__`` (asyncio's tasks have both), Python prints it and goes on, and the batch
    waits for the worker forever. The batch removes the staging folders.
    """
    if worker.kernel is not None:
        worker.kernel.abandon()
    os._exit(1)


def _stop_with(batch: int, worker: _Worker) -> None:
    """Stop ``worker`` (see `_exit`) as soon as the batch's process (pid ``batch``) ends.

    A batch killed with SIGKILL cannot stop its workers: they would wait for reports forever,
    with their kernels. Nor does their parent end with it: the forkserver they are forked from
    ends only once they have (each holds a pipe it watches). So a thread watches the batch: with
    a pid file descriptor, which the system marks readable when the process ends; elsewhere by
    asking every `POLL_SECONDS` whether it still runs.
    """
    try:
        handle: int | None = os.pidfd_open(batch)
    except ProcessLookupError:  # it ended before the worker started
        _exit(worker)
    except (AttributeError, OSError):  # no pid file descriptors here (not Linux 5.3 or later)
        handle = None

    from reactlib.render.kernels import process_running

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            # A batch's id taken, between two looks, by another process (another user's too)
            # passes for the batch: only a pid file descriptor tells them apart.
            while process_running(batch):
                time.sleep(POLL_SECONDS)
        _exit(worker)

    threading.Thread(target=watch, name="watch-batch", daemon=True).start()


def start_forkserver() -> None:
    """Start, now and without waiting, the process the workers are forked from (`WORKER_MODULES`).

    Its imports, the kernels' with them, take longer than anything the batch's own process
    does before its first report is planned; started as soon as the batch holds its output
    folder and knows that it renders (``--force``), they run beside the batch's own imports and
    checks instead of after them. A `WorkerPool` started later forks its workers from it.
    (``ensure_running`` is in `multiprocessing.forkserver`'s ``__all__``; the documented way,
    starting a process, would start a worker.)
    """
    _forkserver_context()
    multiprocessing.forkserver.ensure_running()


def _forkserver_context() -> multiprocessing.context.ForkServerContext:
    """multiprocessing's forkserver, told to import `WORKER_MODULES` when it starts."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)
    return context


class WorkerPool:
    """``count`` worker processes rendering prepared reports; use as a context manager.

    Examples
    --------
    >>> with WorkerPool(2) as pool:  # doctest: +SKIP
    ...     pool.submit("Georgia 2023-H1", prepared)
    ...     for staged in pool.results():
    ...         print(staged.name, staged.error or staged.staging)
    """

    def __init__(self, count: int, on_started: Callable[[], object] | None = None) -> None:
        context = _forkserver_context()
        self._tasks = context.Queue()
        self._results = context.Queue()
        self._pending: list[str] = []
        self._open = True
        self._processes = [
            context.Process(
                target=_worker_main, args=(self._tasks, self._results, os.getpid()), name=f"report-{i}", daemon=True
            )
            for i in range(max(1, count))
        ]
        self._starter: threading.Thread | None = None
        self._start_error: BaseException | None = None
        #: Called on the starting thread once the workers have started, or failed to (`_started` says which).
        self._on_started = on_started

    def __enter__(self) -> WorkerPool:
        # Started from a thread: the first start waits until the forkserver has imported
        # `WORKER_MODULES`, and the batch meanwhile goes on loading its data.
        self._starter = threading.Thread(target=self._start, name="start-workers", daemon=True)
        self._starter.start()
        return self

    def _start(self) -> None:
        try:
            for process in self._processes:
                process.start()
        except BaseException as error:  # noqa: BLE001 - raised again in the batch's thread, see `_started`
            self._start_error = error
        finally:
            if self._on_started is not None:
                self._on_started()

    def _started(self) -> list[multiprocessing.process.BaseProcess]:
        """The workers that started, once all have; a failure to start one is raised here."""
        if self._starter is not None:
            self._starter.join()
            self._starter = None
        if self._start_error is not None:
            error, self._start_error = self._start_error, None
            raise error
        return [process for process in self._processes if process.pid is not None]

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    def close(self) -> None:
        """Let the workers finish the reports submitted, then stop them; again, nothing."""
        if not self._open:
            return
        self._open = False
        for _ in self._processes:
            self._tasks.put(None)
        for process in self._started():
            process.join()
        self._abandon_tasks()
        _remove_kernel_folders_of_killed(self._processes)

    def terminate(self) -> None:
        """Stop the workers now, in the middle of a report or of starting up; again, nothing.

        Each closes its kernel on the way out and removes what it was staging.
        """
        if not self._open:
            return
        self._open = False
        self._drain()
        try:
            started = self._started()
        except Exception:  # noqa: BLE001 - stopping: those that did start are stopped all the same
            started = [process for process in self._processes if process.pid is not None]
        for process in started:
            if process.is_alive():
                process.terminate()
        for process in started:
            process.join()
        self._abandon_tasks()
        _remove_kernel_folders_of_killed(started)

    def _abandon_tasks(self) -> None:
        # Tasks a dead worker never read would otherwise keep this process from exiting: it
        # waits for the queue to hand them over, and nobody reads them any more.
        self._tasks.cancel_join_thread()

    def submit(self, name: str, prepared: PreparedReport) -> None:
        """Queue one report; the first free worker stages it."""
        self._tasks.put((name, prepared))
        self._pending.append(name)

    def staged_so_far(self) -> list[Staged]:
        """The results that have arrived, without waiting; more reports may still be submitted."""
        arrived: list[Staged] = []
        while True:
            try:
                staged = self._results.get_nowait()
            except queue.Empty:
                return arrived
            self._pending.remove(staged.name)
            arrived.append(staged)

    def results(self) -> Iterator[Staged]:
        """Every result not yet collected, as each arrives; no more reports may be submitted.

        A report whose worker died (killed, or crashed outside any report's code) is failed.
        """
        while self._pending:
            try:
                staged = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if any(process.is_alive() for process in self._started()):
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


def _remove_kernel_folders_of_killed(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Remove the kernel folders of workers killed by a signal, which could not remove them.

    Their kernels end by themselves once their worker has (they watch their parent).
    """
    from reactlib.render.kernels import folders_of_kernels_started_by

    for process in processes:
        if process.pid is not None and process.exitcode is not None and process.exitcode < 0:
            for folder in folders_of_kernels_started_by(process.pid):
                shutil.rmtree(folder, ignore_errors=True)
