"""How numbers are written in a report: ``52.2 %``, counts, and the word for a suppressed count.

In the report's language (`reactlib.report.language.active_language`, chosen once at the
notebook's top): `reactlib.language.formats` writes ``52,2 %`` and ``1 234`` in Russian and
Ukrainian, and English as it always was.

>>> percent_text(52.2), percent_text(9.0), count_text(279), count_text("suppressed")
('52.2 %', '9.0 %', '279', 'suppressed')
>>> percent_text(52.2, "ru"), count_text(1234, "uk")
('52,2\xa0%', '1\xa0234')
"""

from __future__ import annotations

from typing import Any

from reactlib.language import formats
from reactlib.language.formats import NO_PERCENT, is_missing
from reactlib.report.language import active_language

__all__ = [
    "NO_PERCENT",
    "change_text",
    "count_text",
    "interval_text",
    "is_missing",
    "is_suppressed",
    "percent_text",
    "points_text",
]


def percent_text(value: Any, language: str | None = None) -> str:
    """A percentage already rounded by reactlib, with one decimal and a space before ``%``.

    ``language`` defaults to the report's (`active_language`).

    >>> percent_text(None)
    '–'
    """
    return formats.percent_text(value, language or active_language())


def count_text(value: Any, language: str | None = None) -> str:
    """A count, or the word for a suppressed count, in the report's language."""
    return formats.count_text(value, language or active_language())


def interval_text(interval: Any, language: str | None = None) -> str:
    """A share's 95 % interval: ``49.4–57.9`` (ru ``49,4–57,9``); ``–`` where there is none."""
    return formats.interval_text(interval, language or active_language())


def change_text(delta: Any, language: str | None = None) -> str:
    """A change of a count: ``+34``, ``−5``, ``±0``; the suppressed word when it cannot be shown."""
    return formats.change_text(delta, language or active_language())


def points_text(delta: Any, language: str | None = None) -> str:
    """A change of a percentage in percentage points: ``+2.1 pp``, ru ``+2,1 п. п.``."""
    return formats.points_text(delta, language or active_language())


def is_suppressed(value: Any) -> bool:
    """Whether a count is suppressed: a text (the mark) in place of a number.

    Missing values (a percentage of an n of 0) are not counts and not suppressed.
    """
    return isinstance(value, str)
