"""Kernels forked from the process that starts them, instead of a new Python each.

A new kernel process starts Python, imports ipykernel, and then imports what the report notebook
imports (pandas, seaborn, matplotlib, reactlib): about 1.4 core-seconds, paid by every batch
worker for its kernel. A batch's workers are forked from a process that has imported all of it
once (`reactlib.batch.kernel_image`); a kernel forked from its worker starts with it imported.

jupyter_client chooses how a kernel is started through a kernel provisioner named in the kernel
spec's metadata (``kernel_provisioner``); `ForkedKernelSpecManager` gives the ``python3`` spec
that name, `ForkedKernelProvisioner` (registered by entry point, see pyproject.toml) forks. The
child becomes what ``python -m ipykernel_launcher`` would be: a session of its own (interrupts
and kills reach its whole process group), none of its parent's files, stdin/stdout/stderr on
the null device, the environment jupyter_client prepared, its own event loop, and ipykernel's
own watch of its parent (``parent_handle``), so that it ends when its worker does. The parent
waits for it, signals it and reaps it; jupyter_client's kernel manager drives all of this
through the provisioner's public methods.

Linux only (the open files of the child are read from ``/proc/self/fd``); elsewhere, for a
kernel spec that is not ipykernel's own, and where reactlib's entry points are not installed,
the spec is left as it is and the kernel started as usual.

What differs from a kernel started as a new Python: modules imported before the fork are
already imported (their state too: a kernel forked from a batch worker imports them with the
MPLBACKEND ipykernel would set), ``sys.path`` is its parent's (less the parent's script folder,
as the launcher removes its own first entry), and the interpreter's ``-X`` options are its
parent's (the spec's ``-Xfrozen_modules=off`` serves only the debugger). Its warning filters are
a new Python kernel's where the parent recorded them while it imported (`start_with_warnings`),
else its parent's.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import os
import signal
import sys
import warnings
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NoReturn

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.provisioning import KernelProvisionerFactory, LocalProvisioner

from reactlib.render.kernel_warnings import KernelWarnings, set_filters

#: The provisioner's name, as registered under ``jupyter_client.kernel_provisioners``.
PROVISIONER_NAME = "reactlib-forked-kernel"
#: The module a kernel spec runs (``python -m ipykernel_launcher``) for a kernel that can be forked.
LAUNCHER = "ipykernel_launcher"
#: Interpreter options a kernel spec may give before ``-m`` and still be forked: ipykernel's
#: own spec turns frozen modules off for its debugger only (see the module's docstring).
HARMLESS_OPTIONS = frozenset({"-Xfrozen_modules=off"})
#: Where Linux lists a process's open files.
OPEN_FILES = Path("/proc/self/fd")


def can_fork() -> bool:
    """Whether kernels can be forked here (Linux: a fork, and a list of the open files)."""
    return hasattr(os, "fork") and hasattr(os, "setsid") and OPEN_FILES.is_dir()


@functools.cache
def registered() -> bool:
    """Whether jupyter_client can find the provisioner: reactlib installed with its entry points.

    A reactlib run from a checkout whose installation predates the provisioner would otherwise
    name one jupyter_client cannot find, and no kernel would start.
    """
    return bool(entry_points(group=KernelProvisionerFactory.GROUP_NAME, name=PROVISIONER_NAME))


class ForkedKernelSpecManager(KernelSpecManager):
    """Kernel specs as jupyter_client finds them, ipykernel's own made to be forked.

    Give it to a kernel manager (``KernelManager(kernel_spec_manager=...)``): only the kernels
    that manager starts are forked.
    """

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if can_fork() and registered() and _launcher_arguments(spec.argv) is not None:
            spec.metadata = {**spec.metadata, "kernel_provisioner": {"provisioner_name": PROVISIONER_NAME}}
        return spec


def _launcher_arguments(argv: list[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` in a command run by this Python; else None.

    Only interpreter options known to change nothing a fork would need (`HARMLESS_OPTIONS`) may
    come before ``-m``: a kernel forked from this process has this process's options.
    """
    if not argv or not _this_python(argv[0]):
        return None  # another Python: its kernel could not be this process's image
    at = 1
    while at < len(argv) and argv[at] in HARMLESS_OPTIONS:
        at += 1
    return argv[at + 2 :] if argv[at : at + 2] == ["-m", LAUNCHER] else None


def _this_python(executable: str) -> bool:
    # jupyter_client runs a spec's "python" or "python3" as this Python (format_kernel_cmd).
    if executable in {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}:
        return True
    # The same interpreter in the same folder: every virtual environment's python is a link to
    # its base interpreter, and Python finds its environment (its packages) from the folder of
    # the path it is run as, links not followed (python and python3 in one folder are alike).
    if not os.path.isabs(executable):
        return False
    try:
        return os.path.samefile(executable, sys.executable) and os.path.samefile(
            os.path.dirname(os.path.abspath(executable)), os.path.dirname(os.path.abspath(sys.executable))
        )
    except OSError:  # no such file: not this Python
        return False


class ForkedKernelProvisioner(LocalProvisioner):
    """A kernel forked from this process; see the module's docstring.

    jupyter_client's `LocalProvisioner` prepares the launch (connection file, command,
    environment), as for any local kernel; this class launches, watches, signals and reaps.
    """

    #: The kernel's exit status once it has been reaped (its process id then means nothing).
    exit_status: int | None = None

    @property
    def has_process(self) -> bool:
        return self.pid is not None and self.exit_status is None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        arguments = _launcher_arguments(cmd)
        if arguments is None:
            raise RuntimeError(f"not a command for ipykernel_launcher: {cmd}")
        environment = dict(kwargs.get("env") or os.environ)
        parent = os.getpid()
        environment["JPY_PARENT_PID"] = str(parent)  # as jupyter_client's launcher sets it
        cwd = str(kwargs.get("cwd") or Path.cwd())
        for stream in (sys.stdout, sys.stderr):  # else the child would write what is buffered
            with contextlib.suppress(Exception):
                stream.flush()
        # Until the child has reset them, the worker's signal handlers are its handlers too: a
        # SIGTERM then would run the worker's exit in the child, which removes the new kernel's
        # folder. Blocked, a signal to the child waits until its handlers are reset, then does
        # what it does to a new process; the parent's are blocked for the fork alone.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        try:
            pid = os.fork()
            if pid == 0:
                _run_kernel(arguments, environment, cwd, mask, parent)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        self.pid = self.pgid = pid  # its own session, hence process group, once it has called setsid
        self.exit_status = None
        self.cwd = cwd
        return self.connection_info

    async def poll(self) -> int | None:
        if self.pid is None:
            return 0
        if self.exit_status is None:
            self._reap()
        return self.exit_status

    async def wait(self) -> int | None:
        while await self.poll() is None:
            await self._ended()
        status = self.exit_status
        self.pid = None  # as LocalProvisioner: no process any more
        return status

    async def _ended(self) -> None:
        """Return once the kernel's process has ended (without reaping it), or within a second."""
        pid = self.pid
        try:
            handle = os.pidfd_open(pid) if pid is not None else None
        except (AttributeError, OSError):
            handle = None
        if handle is None:
            await asyncio.sleep(0.1)
            return
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[None] = loop.create_future()

        def readable() -> None:
            if not ended.done():
                ended.set_result(None)

        loop.add_reader(handle, readable)
        try:
            await asyncio.wait_for(ended, timeout=1)
        except TimeoutError:
            pass
        finally:
            loop.remove_reader(handle)
            os.close(handle)

    def _reap(self) -> None:
        """Reap the kernel if it has ended (then its process id means nothing any more)."""
        if self.pid is None:
            return
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # reaped by someone else: it has ended all the same
            self.exit_status = -1
            return
        if pid != 0:
            self.exit_status = os.waitstatus_to_exitcode(status)

    async def send_signal(self, signum: int) -> None:
        self.signal_now(signum)

    def signal_now(self, signum: int) -> None:
        """Send ``signum`` to the kernel's process group (to its process, before it has one).

        Nothing once the kernel has been reaped: its process group's id may be another's by then.
        Synchronous, so that it can be called from any thread, or a signal handler.
        """
        if self.pid is None or self.exit_status is not None:
            return
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:  # the child has not called setsid yet
            os.kill(self.pid, signum)

    async def kill(self, restart: bool = False) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.signal_now(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.signal_now(signal.SIGTERM)

    async def get_provisioner_info(self) -> dict[str, Any]:
        info = await super().get_provisioner_info()
        info["exit_status"] = self.exit_status
        return info


def _run_kernel(argv: list[str], environment: dict[str, str], cwd: str, mask: Iterable[int], parent: int) -> NoReturn:
    """In the forked child: become a kernel as ``python -m ipykernel_launcher argv`` would, then end.

    ``parent`` is the process the kernel watches, and ends with: ipykernel reads it from
    JPY_PARENT_PID when it is imported, which was before the fork, so it is given here.

    The child starts with every signal blocked; once its handlers are reset it takes the signal
    ``mask`` its parent had. Never returns into the parent's code: the child ends with
    `os._exit`, whatever happens.
    """
    status = 1
    try:
        # The child's garbage collections never walk what the parent made, so never finalize
        # the parent's objects caught in reference cycles (a finalizer could close a file number
        # the kernel has since reused). It does not stop the finalizer of an object whose last
        # reference the child drops: hence the parent's file numbers stay taken, on the null
        # device (`_leave_parents_files`).
        gc.freeze()
        os.setsid()
        _leave_parents_files()
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environment)
        for signum in signal.valid_signals():  # as after exec: handlers reset, ignored stays ignored
            with contextlib.suppress(OSError, ValueError, TypeError):
                if callable(signal.getsignal(signum)):
                    signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # what came meanwhile is delivered now
        _forget_multiprocessing_parent()
        # The parent's loop is the thread's current one: the kernel must have its own.
        asyncio.set_event_loop(asyncio.new_event_loop())
        _as_launched(argv)
        _launch(argv, parent)
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - the child must end here, never in its parent's code
        with contextlib.suppress(Exception):
            import traceback

            traceback.print_exc()  # to the null device, as a spawned kernel's is (see kernels.py)
    finally:
        os._exit(status)


def _launch(argv: list[str], parent: int) -> None:
    """Run ipykernel's app as traitlets' ``launch_instance`` does, with a launched kernel's warning filters.

    Where this process recorded them (`start_with_warnings`): the filters a launched kernel has
    before its app initialises, then, once it has, the notebook modules' filters on top, where
    importing them in its first cell would put them (see `reactlib.render.kernel_warnings`).
    """
    from ipykernel.kernelapp import IPKernelApp

    recorded = _image_warnings
    if recorded is not None:
        set_filters(recorded.launched)
    app = IPKernelApp.instance(parent_handle=parent)
    app.initialize(argv)
    if recorded is not None:
        set_filters(recorded.on_top_of(warnings.filters))
    app.start()


def start_with_warnings(recorded: KernelWarnings | None) -> None:
    """Have the kernels forked from this process start with ``recorded``'s warning filters.

    For a process that holds a kernel's image (`reactlib.batch.kernel_image`); else (None) a
    forked kernel keeps this process's filters.
    """
    global _image_warnings
    _image_warnings = recorded


#: The warning filters kernels forked from this process start with (`start_with_warnings`).
_image_warnings: KernelWarnings | None = None


def _as_launched(argv: list[str]) -> None:
    """``sys.argv`` as ``python -m ipykernel_launcher argv`` has it; ``sys.path`` less its first entry.

    Python puts one entry first on the path of a process it starts (none with ``-P``): the
    script's folder, the working folder for ``-m``, '' for ``-c``. The launcher removes its own
    (there, the working folder: it removes the first entry when it is '' or the working
    folder), and IPython then puts '' first. Here the first entry is the parent's, whatever it
    is (a batch's, run as the ``reactlib`` script: the script's folder), and it is removed
    whatever it is: the path is then a launched kernel's unless the parent changed its front.
    """
    import importlib.util

    launcher = importlib.util.find_spec(LAUNCHER)
    sys.argv = [launcher.origin if launcher is not None and launcher.origin else LAUNCHER, *argv]
    if sys.path and not sys.flags.safe_path:
        del sys.path[0]


def _leave_parents_files() -> None:
    """Point every file descriptor at the null device: stdin/stdout/stderr and all the others.

    The others are not closed: their numbers stay taken, so that an object of the parent that
    closes its file number (a finalizer) closes nothing of the kernel's. What they pointed to
    (the worker's pipes to its batch, which tell when the worker ends) is let go.
    """
    null = os.open(os.devnull, os.O_RDWR)
    for name in os.listdir(OPEN_FILES):
        descriptor = int(name)
        if descriptor != null:
            # The listing's own descriptor is listed too: closed by now, its number is taken
            # for the null device as well, which does no harm.
            with contextlib.suppress(OSError):
                os.dup2(null, descriptor, inheritable=descriptor <= 2)
    if null > 2:
        os.close(null)


def _forget_multiprocessing_parent() -> None:
    """A kernel is a main process: a notebook may start processes, as in a kernel of its own.

    Forked from a batch worker, a daemonic `multiprocessing` process, it would otherwise
    inherit that process's identity, and multiprocessing refuses children to daemonic ones.

    Not forgotten: the worker's connection to multiprocessing's resource tracker, whose file
    number now points at the null device (`_leave_parents_files`). Writing to it succeeds, so
    the kernel takes the tracker for alive and its registrations are lost: named semaphores or
    shared memory a notebook's processes leave behind are not removed for it, as a kernel
    started as a new Python (with a tracker of its own) would have them removed.
    """
    if "multiprocessing" not in sys.modules:
        return
    import multiprocessing

    process = multiprocessing.current_process()
    with contextlib.suppress(Exception):
        process.daemon = False
        process.name = "MainProcess"
        process.authkey = os.urandom(32)
