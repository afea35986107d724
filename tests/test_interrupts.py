"""Ctrl-C caught by a command ends it with the command's own exit status.

CPython (3.11 here) marks a `KeyboardInterrupt` as never caught when it leaves code run from a
string (``exec``, ``eval``), even when a caller catches it, and then ends the interpreter by
killing it with SIGINT. A render runs such code all the time (dataclasses, named tuples,
fastjsonschema's validators), so where Ctrl-C landed decided whether `reactlib report --watch`
ended with 0 or was killed by SIGINT (8 of 16 Ctrl-Cs sent 0.08-0.13 s into a render, measured).
The commands forget the mark once they have handled the interrupt; each test raises it inside
such code.

A render stopped by Ctrl-C leaves nbclient's tasks pending; closing the session cancels them and
waits for them, and must not raise the handled interrupt again (which ended a stopped watch with
"error: interrupted" once in a full test run; Python 3.11's `asyncio.wait_for` re-raises it).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import subprocess
import sys
import textwrap

import pytest
from jupyter_core.utils import ensure_event_loop

from reactlib import cli
from reactlib.batch import interrupts
from reactlib.count.periods import parse_period
from reactlib.render.request import ReportRequest
from reactlib.render.session import RenderSession

#: Ctrl-C raised inside code run from a string, and caught.
CAUGHT_IN_EXEC = """\
try:
    exec("raise KeyboardInterrupt")
except KeyboardInterrupt:
    {handled}
"""


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_a_caught_ctrl_c_ends_the_interpreter_with_its_own_status_once_forgotten():
    # Without it, the interpreter kills itself with SIGINT (what the helper exists for) ...
    assert python(CAUGHT_IN_EXEC.format(handled="pass")).returncode == -signal.SIGINT
    # ... and with it, the status is the process's own.
    forgotten = "from reactlib.batch.interrupts import forget_caught_interrupt; forget_caught_interrupt()"
    assert python(CAUGHT_IN_EXEC.format(handled=forgotten)).returncode == 0


def test_a_stopped_watch_forgets_the_ctrl_c_it_caught(monkeypatch, capsys):
    steps = []
    monkeypatch.setattr(interrupts, "forget_caught_interrupt", lambda: steps.append("forgotten"))

    def interrupted(*args, **kwargs):
        steps.append("interrupted")
        exec("raise KeyboardInterrupt")  # where a render's Ctrl-C may land

    monkeypatch.setattr("reactlib.render.watch.watch", interrupted)
    request = ReportRequest("Tajikistan", parse_period("2023-H1"))
    assert cli._watch(None, request, argparse.Namespace()) == cli.EXIT_OK  # type: ignore[arg-type]
    assert steps == ["interrupted", "forgotten"]
    assert capsys.readouterr().out.splitlines()[-1] == "stopped watching"


def test_a_command_stopped_by_ctrl_c_forgets_it_and_ends_with_130(monkeypatch, capsys):
    steps = []
    monkeypatch.setattr(interrupts, "forget_caught_interrupt", lambda: steps.append("forgotten"))

    def interrupted(args):
        steps.append("interrupted")
        exec("raise KeyboardInterrupt")

    monkeypatch.setattr(cli, "_run_figures", interrupted)
    assert cli.main(["figures", "--scope", "Tajikistan", "--period", "2023-H1"]) == 130
    assert steps == ["interrupted", "forgotten"]
    assert capsys.readouterr().err == "reactlib: error: interrupted\n"


def interrupt_a_cell_reading_its_outputs(loop: asyncio.AbstractEventLoop) -> None:
    """Run on ``loop`` what nbclient runs for a cell, until Ctrl-C lands in the task reading the cell's outputs."""

    async def reading_outputs() -> None:
        await asyncio.sleep(0)
        raise KeyboardInterrupt  # Ctrl-C, landing while this task runs

    async def polling_for_reply(outputs: asyncio.Future) -> None:
        await asyncio.wait_for(outputs, 60)  # as nbclient waits for the outputs once the kernel has replied

    async def executing() -> None:
        await polling_for_reply(asyncio.ensure_future(reading_outputs()))

    with pytest.raises(KeyboardInterrupt):
        loop.run_until_complete(executing())


def test_closing_a_session_stopped_by_ctrl_c_does_not_raise_it_again():
    loop = ensure_event_loop()
    interrupt_a_cell_reading_its_outputs(loop)
    assert asyncio.all_tasks(loop), "a stopped render leaves its tasks pending"
    try:
        RenderSession(browser=False).close()
    except KeyboardInterrupt:  # not raised on: pytest would stop the whole run
        pytest.fail("closing the session raised the handled Ctrl-C again")
    assert asyncio.all_tasks(loop) == set()


class Closed:
    """A stand-in for the session's kernel: whether it was closed."""

    closed = False

    def close(self) -> None:
        self.closed = True


def test_a_new_ctrl_c_while_the_session_waits_for_its_tasks_stops_the_wait_and_closes_the_kernel():
    loop = ensure_event_loop()
    assert asyncio.all_tasks(loop) == set()
    done = False
    gives_up_at = loop.time() + 10  # should the Ctrl-C be swallowed, the test fails rather than hangs

    async def ignoring_cancellation() -> None:
        while not done and loop.time() < gives_up_at:
            try:
                await asyncio.sleep(gives_up_at - loop.time())
            except asyncio.CancelledError:
                continue

    async def ending_when_cancelled() -> None:
        await asyncio.sleep(3600)

    def ctrl_c() -> None:
        raise KeyboardInterrupt

    stubborn = loop.create_task(ignoring_cancellation())
    loop.create_task(ending_when_cancelled())  # a task that ends in the same wait is not what was interrupted
    loop.run_until_complete(asyncio.sleep(0))
    loop.call_later(0.05, ctrl_c)
    session, kernel = RenderSession(browser=False), Closed()
    session._kernel = kernel  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            session.close()
    finally:
        done = True
        stubborn.cancel()
        loop.run_until_complete(asyncio.gather(stubborn, return_exceptions=True))
    assert kernel.closed
