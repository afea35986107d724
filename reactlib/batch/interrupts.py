"""Ctrl-C that waits for the step in progress: a report is printed and published whole.

`kill PID` (SIGTERM) and a closed terminal (SIGHUP) stop a batch as Ctrl-C does, as `Stopped`,
a `KeyboardInterrupt`: the workers and their kernels are stopped and the staging folders removed
on the way out, instead of the process vanishing and leaving them running.

Playwright cannot be interrupted in the middle of a call (its connection to the browser is left
broken), and a report is published whole or not at all. `InterruptShield` lets a batch take
Ctrl-C at once while it waits, and only after the step in progress while it prints or publishes.

Examples
--------
>>> shield = InterruptShield()
>>> with shield.installed():  # doctest: +SKIP
...     for report in staged_reports:
...         with shield.holding():
...             publish(report)
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

#: The signals that stop a batch: Ctrl-C, `kill PID`, the terminal closed (not on Windows).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is; ``signum`` is the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop_exception(signum: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def _raise_stop(signum: int, _frame: object) -> None:
    raise _stop_exception(signum)


@contextlib.contextmanager
def _routed(handler: Callable[[int, object], None]) -> Iterator[None]:
    """Route every stop signal to ``handler`` (in the main thread, where signals arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler_before in previous.items():
            signal.signal(signum, handler_before)


def stop_signals_interrupt() -> contextlib.AbstractContextManager[None]:
    """SIGTERM and SIGHUP raise `Stopped`, as Ctrl-C raises `KeyboardInterrupt`, in the block."""
    return _routed(_raise_stop)


def forget_caught_interrupt() -> None:
    """Let a process that caught Ctrl-C end with its own exit status, not killed by SIGINT.

    CPython (3.11 here) marks a `KeyboardInterrupt` as never caught when it leaves code run from
    a string (``exec``, ``eval``: dataclasses, named tuples, fastjsonschema's compiled
    validators), even when a caller catches it; the interpreter then ends by killing itself with
    SIGINT, whatever status the command returned. Code run from a string that ends normally
    clears the mark, as the interpreter does each time: call this after Ctrl-C is handled.
    """
    exec("")  # nothing runs; running it clears the mark


class InterruptShield:
    """Routes Ctrl-C: raised at once, or, inside `holding`, when the block is done."""

    def __init__(self) -> None:
        self._holding = False
        self._pending: int | None = None  # the stop signal received while holding

    @contextlib.contextmanager
    def installed(self) -> Iterator[InterruptShield]:
        """Route Ctrl-C (and SIGTERM, SIGHUP) through the shield."""
        with _routed(self._on_interrupt):
            yield self

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Run the block to its end; a Ctrl-C received meanwhile is raised after it."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._pending is not None:
            signum, self._pending = self._pending, None
            raise _stop_exception(signum)

    def _on_interrupt(self, signum: int, _frame: object) -> None:
        if not self._holding:
            raise _stop_exception(signum)
        self._pending = signum
