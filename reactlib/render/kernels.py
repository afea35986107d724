"""Notebook kernels: a fresh one per report, or a warm one reused across a batch's reports.

Starting a kernel and importing pandas and reactlib in it costs seconds; a batch keeps
one kernel per worker and, before each report, clears everything the previous report left in
it (its variables, its history, its execution counter), so that a report rendered in a warm
kernel is byte-identical to one rendered in a fresh kernel (a test proves it).

Kernels talk over IPC sockets in a private temporary directory, which is also their working
directory: TCP ports picked at random collide ("Address already in use") when several kernels
start at once (papermill issue #511).
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reactlib.errors import KernelDied, KernelError

if TYPE_CHECKING:
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import AsyncKernelManager

KERNEL_NAME = "python3"
#: A kernel's private folder, in the temporary directory: its sockets, and its working directory.
KERNEL_FOLDER_PREFIX = "reactlib-kernel-"
#: The file in it that names the process that started the kernel (not in the name: the
#: folder's path is part of its sockets' paths, which may not be longer than 107 characters).
OWNER_FILE = "owner"
START_TIMEOUT_SECONDS = 120
#: How often a reset that waits for its reply checks that the kernel is still running.
ALIVE_CHECK_SECONDS = 0.5
#: How long the notebook client waits, once the kernel has answered it, for the kernel's word
#: about that answer on IOPub before it asks again (as jupyter_client's ``wait_for_ready``).
IOPUB_CHECK_SECONDS = 0.2
#: How long a kernel killed on closing may take to end.
KILL_TIMEOUT_SECONDS = 5

#: No command history: a reset kernel numbers its cells from 1 again, which IPython's history
#: database would refuse ("Session/line number was not unique") with a message in the output.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]

#: Run silently before each report in a warm kernel: the state a fresh kernel starts with.
RESET_CODE = """\
get_ipython().run_line_magic("reset", "-f")
get_ipython().execution_count = 1
"""


def kernel_folders() -> Iterator[tuple[Path, int]]:
    """The private kernel folders in the temporary directory, each with the process id its owner file names.

    A folder without a readable owner (one being made this moment, or someone else's) is passed
    over, and so is everything when the temporary directory cannot be listed.
    """
    try:
        folders = list(Path(tempfile.gettempdir()).glob(f"{KERNEL_FOLDER_PREFIX}*"))
    except OSError:
        return
    for folder in folders:
        try:
            owner = int((folder / OWNER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        yield folder, owner


def folders_of_kernels_started_by(owner: int) -> list[Path]:
    """The private folders, in the temporary directory, of the kernels process ``owner`` started."""
    return [folder for folder, started_by in kernel_folders() if started_by == owner]


def process_running(pid: int) -> bool:
    """Whether a process with this id runs, whoever's it is.

    Another user's process answers as running: the safe answer for `reactlib.render.leftovers`,
    which would otherwise remove a kernel folder in use. A batch worker asks it of its batch
    only where no pid file descriptor can watch the batch; there, a process that took the id of
    an ended batch passes for the batch whoever's it is, another user's as one of ours.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        pass
    return True


def kernel_config(private: Path):
    """Traitlets config that puts a kernel's sockets in ``private``."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": str(private / "ipc")}})


class WarmKernel:
    """A kernel kept alive across reports; use as a context manager.

    Parameters
    ----------
    forked
        Fork the kernel from this process (`reactlib.render.forked_kernel`) instead of starting
        a new Python: only for a process that holds the kernel's image, that is, has imported
        what a kernel imports as a kernel would (a batch worker whose forkserver prepared it,
        see `reactlib.batch.kernel_image`). Elsewhere the kernel would start with this process's
        modules and their state. Where kernels cannot be forked, it starts as usual.

    Examples
    --------
    >>> with WarmKernel() as kernel:  # doctest: +SKIP
    ...     kernel.reset()
    ...     papermill.execute_notebook(..., km=kernel.manager)
    """

    def __init__(self, forked: bool = False) -> None:
        #: Whether the kernel is forked from this process (see the class's docstring).
        self.forked = forked
        self._private = Path(tempfile.mkdtemp(prefix=KERNEL_FOLDER_PREFIX))
        # Whoever sees this process die (a batch, its worker killed) can remove what it could not.
        (self._private / OWNER_FILE).write_text(str(os.getpid()), encoding="utf-8")
        self.manager: AsyncKernelManager | None = None
        self._client: BlockingKernelClient | None = None  # for resets, connected once: cheaper
        self._notebook_client: AsyncKernelClient | None = None

    def __enter__(self) -> WarmKernel:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        # The connection file goes in the private folder too: jupyter_client would otherwise make
        # it in TMPDIR, and a worker stopped while its kernel starts would leave it there.
        self.manager = AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            config=kernel_config(self._private),
            connection_file=str(self._private / "kernel.json"),
            **self._kernel_specs(),
        )
        try:
            # Not the worker's stdout and stderr, which are the user's terminal: the kernel logs
            # there ("KeyboardInterrupt caught in kernel" when it is stopped). A report's own
            # output reaches the notebook over the kernel's channels, not these.
            run_sync(self.manager.start_kernel)(
                cwd=str(self._private), extra_arguments=KERNEL_ARGUMENTS,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            self._client = BlockingKernelClient()
            self._client.load_connection_info(self.manager.get_connection_info())
            # The shell channel alone: a silent request is answered there, and IOPub's
            # subscription, which can miss a kernel's first messages, is not needed.
            self._client.start_channels(iopub=False, stdin=False, hb=False, control=False)
        except BaseException as error:
            self.close()  # also when the process is told to stop while the kernel starts
            if isinstance(error, Exception):
                raise KernelError(f"the notebook kernel did not start: {type(error).__name__}: {error}") from None
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _kernel_specs(self) -> dict:
        """The kernel manager's kernel spec manager, when it is not jupyter_client's usual one."""
        if not self.forked:
            return {}
        from reactlib.render.forked_kernel import ForkedKernelSpecManager

        return {"kernel_spec_manager": ForkedKernelSpecManager()}

    def _started(self) -> tuple[AsyncKernelManager, BlockingKernelClient]:
        """The kernel's manager and reset client; an error when the kernel was not started."""
        if self.manager is None or self._client is None:
            raise KernelError("the warm kernel is not running")
        return self.manager, self._client

    def reset(self, then: str = "") -> None:
        """Give the kernel the state of a fresh one (its imported modules stay loaded).

        ``then`` is code run silently right after, in the same request.
        """
        self.finish_reset(self.start_reset(then))

    def start_reset(self, then: str = "") -> str:
        """Ask for a `reset` without waiting for it; `finish_reset` with what this returns waits.

        The kernel resets (and, when it is still starting, imports) while its caller does
        other work.
        """
        # No wait_for_ready: without a manager of its own, this client judges a kernel by its
        # heartbeat, and a kernel still starting on a busy machine has not beaten yet. The
        # request simply waits in the socket until the kernel answers, or the kernel ends.
        return self._started()[1].execute(RESET_CODE + then, silent=True, store_history=False)

    def finish_reset(self, request: str) -> None:
        """Wait for the reset ``request`` (`start_reset`); `KernelDied` at once if the kernel's process ends."""
        client = self._started()[1]
        reply = self._answer(
            lambda timeout: client.get_shell_msg(timeout=timeout), request, START_TIMEOUT_SECONDS,
            died="the warm kernel stopped while it was being reset",
        )  # fmt: skip
        if reply is None:
            raise KernelError(f"the warm kernel could not be reset: no answer in {START_TIMEOUT_SECONDS} s")
        if reply["content"]["status"] != "ok":
            raise KernelError("the warm kernel could not be reset")

    def _answer(self, receive: Callable[[float], dict], request: str, seconds: float, died: str) -> dict | None:
        """The first message ``receive`` (given a timeout) gets about ``request`` in ``seconds``, else None.

        Messages about other requests are passed over. `KernelDied` (saying ``died``) at once if
        the kernel's process ends meanwhile.
        """
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = receive(min(left, ALIVE_CHECK_SECONDS))
            except queue.Empty:
                if not self.alive():
                    raise KernelDied(died) from None
                continue
            if message["parent_header"].get("msg_id") == request:
                return message
        return None

    def notebook_client(self) -> AsyncKernelClient:
        """The client notebooks run with (see `reactlib.render.papermill_engine`), connected once."""
        if self._notebook_client is None:
            client = self._started()[0].client()
            client.start_channels()
            try:
                self._until_connected(client)
            except BaseException:
                client.stop_channels()
                raise
            client.allow_stdin = False  # as nbclient's own client: a report never asks for input
            self._notebook_client = client
        return self._notebook_client

    def _until_connected(self, client: AsyncKernelClient) -> None:
        """Return once ``client`` hears the kernel on both its request and its output channels.

        What jupyter_client's ``wait_for_ready`` makes sure of, without its last step: that one
        waits until the output channel (IOPub) has been quiet for 0.2 s, to drop messages left
        from before; nbclient reads only the messages about its own requests, so none needs
        dropping, and a cold report's kernel would idle those 0.2 s. A subscriber to IOPub misses
        what the kernel says before the subscription is in place; once it has heard the kernel
        about a request of its own, it hears everything the kernel says after.
        """
        from jupyter_core.utils import run_sync

        died = "the warm kernel could not be reached: it stopped"
        shell, iopub = run_sync(client.get_shell_msg), run_sync(client.get_iopub_msg)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            request = client.kernel_info()  # the request only: its answer is read below
            if self._answer(lambda timeout: shell(timeout=timeout), request, left, died) is None:
                break
            # The kernel's busy and idle around its answer: heard, unless they came too early.
            if self._answer(lambda timeout: iopub(timeout=timeout), request, IOPUB_CHECK_SECONDS, died) is not None:
                return
        raise KernelError(f"the warm kernel could not be reached: no answer in {START_TIMEOUT_SECONDS} s")

    def send_silently(self, code: str) -> None:
        """Have the kernel run ``code`` silently, without waiting: the next reset waits for it."""
        self._started()[1].execute(code, silent=True, store_history=False)

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.manager is not None and bool(run_sync(self.manager.is_alive)())

    def abandon(self) -> None:
        """Kill the kernel's process and remove its directory, without a word to the kernel.

        For a worker that must end now, from any thread, whatever state its clients are in.
        """
        provisioner = self.manager.provisioner if self.manager is not None else None
        with contextlib.suppress(OSError):
            # Nothing imported here: this may run in a signal handler, in the middle of an import.
            if (signal_now := getattr(provisioner, "signal_now", None)) is not None:  # a forked kernel's
                signal_now(signal.SIGKILL)
            elif (process := getattr(provisioner, "process", None)) is not None:
                process.kill()
        shutil.rmtree(self._private, ignore_errors=True)

    def close(self) -> None:
        """Stop the kernel and remove its private directory, whatever stops the stopping."""
        from jupyter_core.utils import run_sync

        try:
            for client in (self._client, self._notebook_client):
                if client is not None:
                    client.stop_channels()
            self._client = self._notebook_client = None
            if self.manager is not None:
                try:
                    if run_sync(self.manager.is_alive)():
                        _kill(self.manager)
                        run_sync(self.manager.shutdown_kernel)(now=True)  # its group, connection file, sockets
                    else:
                        # A kernel that died (or never started) is not shut down, but its manager's
                        # control socket and zmq context are still open in this process. Left to
                        # the garbage collector, they were closed with a ResourceWarning, or (a
                        # forked kernel's, in a script that collected at once) the collection hung
                        # in zmq's term.
                        run_sync(self.manager.cleanup_resources)()
                finally:
                    self.manager = None
        finally:
            # Also when a worker told to stop (SIGTERM) mid-report finds its kernel's event loop
            # broken: the kernel ends by itself when the worker does (it watches its parent).
            shutil.rmtree(self._private, ignore_errors=True)


def _kill(manager: AsyncKernelManager) -> None:
    """Kill the kernel's process group and wait until its process has ended, without reaping it.

    jupyter_client's ``shutdown_kernel(now=True)`` kills it too, but then checks every 0.1 s
    whether it has ended: a tenth of a second at the end of every `reactlib report`. Killed and
    waited for here, the kernel is found ended at once there. It is not reaped here: until
    ``shutdown_kernel`` reaps it, the ended process keeps its process group's id, which
    ``shutdown_kernel`` signals, so that id cannot have passed to another session meanwhile.
    Without ``os.pidfd_open`` (not Linux), ``shutdown_kernel`` does the waiting, as before.
    """
    from jupyter_core.utils import run_sync

    if manager.provisioner is None:
        return
    pid = run_sync(manager.provisioner.get_provisioner_info)().get("pid")
    with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: no kernel running any more
        run_sync(manager.signal_kernel)(signal.SIGKILL)  # its process group, as the shutdown's own kill
        if isinstance(pid, int) and hasattr(os, "pidfd_open"):
            ended = os.pidfd_open(pid)  # readable once the process has ended; it stays unreaped
            try:
                select.select([ended], [], [], KILL_TIMEOUT_SECONDS)
            finally:
                os.close(ended)
