"""Counts, percents and changes written the local way, with Babel's locale data.

English stays as reactlib has always written it (``1234``, ``52.2 %``); Russian and Ukrainian
group thousands with a no-break space and write a decimal comma, as their CLDR locales do, and
keep a no-break space before ``%`` so a percent never breaks across lines.

Examples
--------
>>> count_text(1234, "en"), count_text(1234, "ru"), count_text("suppressed", "uk")
('1234', '1\\xa0234', 'приховано')
>>> percent_text(52.2, "en"), percent_text(52.2, "ru"), percent_text(None, "uk")
('52.2 %', '52,2\\xa0%', '–')
>>> change_text(34, "en"), change_text(-5, "ru"), change_text(0, "uk")
('+34', '−5', '±0')
>>> points_text(2.1, "en"), points_text(-2.1, "ru"), points_text(2.1, "uk")
('+2.1 pp', '−2,1\\xa0п.\\xa0п.', '+2,1\\xa0в.\\xa0п.')
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from reactlib.language.catalogs import DEFAULT_LANGUAGE, check_language
from reactlib.language.messages import N_, text_in

#: Written where a percentage is hidden or undefined (n is 0, or its count is suppressed).
NO_PERCENT = "–"
#: How a report shows a suppressed count (figures.json's `reactlib.count.min_cell.SUPPRESSED`), and a
#: change that would reveal one, in its language: one word whatever the reason, never ``<5``.
# TRANSLATORS: a count withheld so that no one can be identified; it reads in a table cell, after
# a label ("Clients: …") and in a sentence ("Registered … cases"). Not "small": it may be large.
SUPPRESSED_WORD = N_("suppressed")
# TRANSLATORS: the abbreviation of "percentage points", after a change such as "+2.1".
PERCENTAGE_POINTS = N_("pp")
#: Between a number and its unit in Russian and Ukrainian: the two never part at a line end.
NO_BREAK_SPACE = "\xa0"
#: The signs of a change: a true minus (not a hyphen), and ``±`` for no change.
PLUS, MINUS, NO_CHANGE = "+", "−", "±"


def is_missing(value: Any) -> bool:
    """Whether ``value`` is None or a missing number (None, NaN, pandas' NA).

    >>> is_missing(None), is_missing(float("nan")), is_missing(0), is_missing("<5")
    (True, True, False, False)
    """
    if value is None or isinstance(value, str):
        return value is None
    try:
        return bool(value != value)  # NaN, and pandas' NA (whose comparison is NA: a TypeError)
    except TypeError:
        return True


def _number(value: float, decimals: int, language: str) -> str:
    """``value`` with ``decimals`` decimals; grouped and with a decimal comma outside English."""
    if check_language(language) == DEFAULT_LANGUAGE:
        return f"{value:.{decimals}f}"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Babel's own rounding is half-even; the value is already rounded to `decimals` by reactlib.
    return format_decimal(value, format=pattern, locale=language, decimal_quantization=True)


def count_text(value: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """A count in ``language``; a suppressed one (any text in place of a count) as `SUPPRESSED_WORD`.

    >>> count_text("suppressed", "ru"), count_text("<5", "en"), count_text(12, "uk")
    ('скрыто', 'suppressed', '12')
    """
    if isinstance(value, str):
        return text_in(SUPPRESSED_WORD, language)
    return _number(int(value), 0, language)


def percent_text(value: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """A percentage already rounded by reactlib: one decimal and a space before ``%``.

    >>> percent_text(9.0, "en"), percent_text(100.0, "uk")
    ('9.0 %', '100,0\\xa0%')
    """
    if is_missing(value):
        return NO_PERCENT
    space = " " if check_language(language) == DEFAULT_LANGUAGE else NO_BREAK_SPACE
    return f"{_number(float(value), 1, language)}{space}%"


def interval_text(interval: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """A share's interval already rounded by reactlib: ``49.4–57.9``; ``–`` where there is none.

    >>> interval_text((49.4, 57.9), "en"), interval_text((0.0, 10.2), "ru"), interval_text(None, "uk")
    ('49.4–57.9', '0,0–10,2', '–')
    """
    if interval is None or (not isinstance(interval, tuple | list)):
        return NO_PERCENT
    low, high = interval
    return f"{_number(float(low), 1, language)}–{_number(float(high), 1, language)}"


def _signed(delta: float, decimals: int, language: str) -> str:
    if delta == 0:
        return NO_CHANGE + _number(0, decimals, language)
    return (PLUS if delta > 0 else MINUS) + _number(abs(delta), decimals, language)


def change_text(delta: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """A change of a count between two periods: ``+34``, ``−5`` (a true minus), ``±0``.

    A change that cannot be shown (a suppressed count on either side: None or a text in place of
    a number) is written as a suppressed count is.

    >>> change_text(None, "en"), change_text("suppressed", "uk"), change_text(1500, "ru")
    ('suppressed', 'приховано', '+1\\xa0500')
    """
    if is_missing(delta) or isinstance(delta, str):
        return text_in(SUPPRESSED_WORD, language)
    return _signed(int(delta), 0, language)


def points_text(delta: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """A change of a percentage in percentage points: ``+2.1 pp``, ru ``+2,1 п. п.``, uk ``+2,1 в. п.``.

    >>> points_text(0.0, "en"), points_text(None, "ru")
    ('±0.0 pp', 'скрыто')
    """
    if is_missing(delta) or isinstance(delta, str):
        return text_in(SUPPRESSED_WORD, language)
    unit = text_in(PERCENTAGE_POINTS, language)
    space = " " if check_language(language) == DEFAULT_LANGUAGE else NO_BREAK_SPACE
    return f"{_signed(round(float(delta), 1), 1, language)}{space}{unit.replace(' ', NO_BREAK_SPACE)}"
