"""The language a report notebook is written in, chosen once at its top and passed on.

A notebook calls ``_ = use_language(language)`` once: ``_`` translates the notebook's own texts
(its catalog domain is the notebook's name). The report's helpers (`reactlib.report.phrases`,
the charts and the tables) are given the language as an argument, ``language=language``: no
helper reads a language it was not given, so what it writes depends on its arguments alone.

Examples
--------
>>> _ = use_language("ru")
>>> _("Countries"), _.code
('Страны', 'ru')
"""

from __future__ import annotations

from dataclasses import dataclass

from reactlib.language import DEFAULT_LANGUAGE, check_language, translation


@dataclass(frozen=True)
class ReportLanguage:
    """A report's language and the notebook whose texts it translates; called, it translates one."""

    code: str = DEFAULT_LANGUAGE
    notebook: str = "country_report"

    def __call__(self, message: str) -> str:
        """``message``, one of the notebook's English texts, in this language."""
        return translation(self.code, self.notebook).gettext(message)


def use_language(language: str, notebook: str = "country_report") -> ReportLanguage:
    """The gettext function of ``notebook``'s texts in ``language`` (checked), as a `ReportLanguage`."""
    return ReportLanguage(check_language(language), notebook)
