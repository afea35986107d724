"""The language a report notebook is written in, chosen once at its top.

A notebook calls ``_ = use_language(language)`` once, as it calls `reactlib.report.plots.set_theme`:
``_`` translates the notebook's own texts (its catalog domain is the notebook's name), and
`say`, the charts and the tables of `reactlib.report` write their words, numbers and percents
in that language from then on.

Examples
--------
>>> _ = use_language("en")
>>> _("Clients"), active_language()
('Clients', 'en')
"""

from __future__ import annotations

from collections.abc import Callable

from reactlib.language import DEFAULT_LANGUAGE, check_language, translation

_active = DEFAULT_LANGUAGE


def use_language(language: str, notebook: str = "country_report") -> Callable[[str], str]:
    """Make ``language`` the report's; return the gettext function of ``notebook``'s texts."""
    global _active
    _active = check_language(language)
    return translation(language, notebook).gettext


def active_language() -> str:
    """The language `use_language` chose last (English before any)."""
    return _active


def package_text(message: str) -> str:
    """``message``, one of reactlib's own texts, in the active language."""
    return translation(_active).gettext(message)
