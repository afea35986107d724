"""A warm kernel that dies is replaced at once, and a kernel never writes to the user's terminal.

Each for a kernel started as a new Python (``reactlib report``'s) and one forked from its
process (a batch worker's, `reactlib.render.forked_kernel`).
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from helpers.kernels import kernel_pid
from jupyter_core.utils import run_sync

from reactlib.render import kernels
from reactlib.render.kernels import KernelDied, WarmKernel

pytestmark = pytest.mark.slow

#: Kills the kernel's own process when the reset clears the kernel's variables: the kernel dies
#: in the middle of a reset, after the worker has checked that it runs.
DIES_ON_RESET = """\
import os, signal
class _DiesWhenCleared:
    def __del__(self, kill=os.kill, pid=os.getpid(), how=signal.SIGKILL):  # the names go first
        kill(pid, how)
bomb = _DiesWhenCleared()
"""


@pytest.fixture
def short_reset_timeout(monkeypatch):
    """A reset that waits for a dead kernel gives up in seconds, not the two minutes of a start."""
    monkeypatch.setattr(kernels, "START_TIMEOUT_SECONDS", 15)


#: Both ways a kernel starts: as a new Python, or forked from this process.
KINDS = pytest.mark.parametrize("forked", [False, True], ids=["spawned", "forked"])


@KINDS
def test_resetting_a_killed_kernel_says_it_died(short_reset_timeout, forked):
    with WarmKernel(forked=forked) as kernel:
        kernel.reset()
        os.kill(kernel_pid(kernel), signal.SIGKILL)
        with pytest.raises(KernelDied, match="stopped while it was being reset"):
            kernel.reset()


@KINDS
def test_closing_a_kernel_that_died_closes_its_managers_socket_and_context(forked):
    # Left open, they were closed by whichever garbage collection found them: with a
    # ResourceWarning, or (a forked kernel's, collected at once) by a collection that hung in zmq.
    with WarmKernel(forked=forked) as kernel:
        kernel.reset()
        manager = kernel.manager
        assert manager is not None
        os.kill(kernel_pid(kernel), signal.SIGKILL)
        deadline = time.monotonic() + 30
        while run_sync(manager.is_alive)() and time.monotonic() < deadline:  # closed once found dead
            time.sleep(0.01)
    assert manager.context.closed


@KINDS
def test_a_kernel_that_dies_while_it_is_reset_is_replaced_and_the_report_renders(
    short_reset_timeout, sample_cases, tmp_path, monkeypatch, forked
):
    from reactlib.batch import workers
    from reactlib.batch.workers import _Worker

    monkeypatch.setattr(workers, "_kernel_image_ready", lambda: forked)  # as in a worker, or not
    from reactlib.count.periods import parse_period
    from reactlib.render.pipeline import plan
    from reactlib.render.request import ReportRequest
    from reactlib.report.settings import ReportSettings

    request = ReportRequest("Georgia", parse_period("2023-H1"), out=tmp_path, formats=("html",))
    prepared = plan(request, sample_cases, ReportSettings())
    worker = _Worker()
    try:
        first = worker.ready()
        assert first.alive() and first.forked == forked
        first.send_silently(DIES_ON_RESET)

        staged = worker.stage("Georgia 2023-H1", prepared)

        assert staged.error == "" and staged.staging is not None, staged.error
        assert {p.name for p in staged.staging.iterdir()} >= {"report.ipynb", "figures.json", "report.html"}
        assert worker.kernel is not first and not first.alive() and worker.kernel.alive()
        assert worker.kernel.forked == forked
    finally:
        worker.close()


@KINDS
def test_what_a_kernel_writes_to_its_own_stderr_and_stdout_never_reaches_the_terminal(capfd, forked):
    # The kernel's log ("KeyboardInterrupt caught in kernel", "Parent appears to have exited")
    # goes to the process's stderr, not to the notebook: it used to be the worker's, the terminal.
    with WarmKernel(forked=forked) as kernel:
        kernel.send_silently("import os; os.write(2, b'kernel stderr\\n'); os.write(1, b'kernel stdout\\n')")
        kernel.reset()  # answered after the code above has run
    captured = capfd.readouterr()
    assert "kernel stderr" not in captured.err and "kernel stdout" not in captured.out


SWALLOWED_STOP = """\
import functools, os, signal, time, weakref
from reactlib.batch import workers
worker = workers._Worker()
signal.signal(signal.SIGTERM, functools.partial(workers._exit, worker))

class Thing:
    pass

def callback(_):
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(100_000):  # the handler runs here: an exception raised is printed and dropped
        pass

thing = Thing()
ref = weakref.ref(thing, callback)
del thing
print("the stop was swallowed", flush=True)
while True:
    time.sleep(0.1)
"""


def test_a_worker_told_to_stop_ends_even_when_the_stop_lands_in_a_weakref_callback():
    # Seen in a batch stopped with Ctrl-C: the worker's SystemExit was raised in asyncio's
    # WeakSet callback, dropped, and the batch waited for the worker forever.
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", SWALLOWED_STOP], capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 1 and "the stop was swallowed" not in result.stdout
    assert result.stderr == ""  # not "Exception ignored in ...", nor its traceback
