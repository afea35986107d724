"""Ctrl-C that waits for the step in progress: a report is printed and published whole.

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
from collections.abc import Iterator


class InterruptShield:
    """Routes Ctrl-C: raised at once, or, inside `holding`, when the block is done."""

    def __init__(self) -> None:
        self._holding = False
        self._pending = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[InterruptShield]:
        """Route Ctrl-C through the shield (in the main thread, where signals arrive)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = signal.signal(signal.SIGINT, self._on_interrupt)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Run the block to its end; a Ctrl-C received meanwhile is raised after it."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt

    def _on_interrupt(self, *_: object) -> None:
        if not self._holding:
            raise KeyboardInterrupt
        self._pending = True
