"""Marking the package's texts for the catalogs, and reading one in a report's language.

A constant written once in English (a table header, a note) is marked with `N_`, so that
``pybabel extract`` finds it (``make messages``), and translated where it is used, with
`text_in`, in the language of the report being written.

Examples
--------
>>> REGIONAL = N_("All countries")
>>> REGIONAL, text_in(REGIONAL, "en"), text_in(REGIONAL, "ru")
('All countries', 'All countries', 'Все страны')
"""

from __future__ import annotations

from reactlib.language.catalogs import translation


def N_(message: str) -> str:  # gettext's conventional name, which extraction knows
    """``message`` unchanged: marks an English text for extraction into the ``reactlib`` catalog."""
    return message


def text_in(message: str, language: str) -> str:
    """``message``, one of reactlib's own English texts, in ``language``."""
    return translation(language).gettext(message)


def text_in_context(context: str, message: str, language: str) -> str:
    """``message`` in ``language``, where the same English words need different translations by ``context``.

    >>> text_in_context("services", "Social services", "ru"), text_in_context("perpetrators", "Social services", "ru")
    ('Социальные услуги', 'Социальные службы')
    """
    return translation(language).pgettext(context, message)
