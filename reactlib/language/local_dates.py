"""Months, dates and country names in a report's language, from Babel's CLDR data.

A title names months on their own ("January–June", ru "январь–июнь": the stand-alone,
nominative form), and a date declines its month ("1 января 2023 г."). English keeps
reactlib's own forms ("1 January 2023").

Examples
--------
>>> import datetime as dt
>>> month_range(1, 6, "en"), month_range(1, 6, "ru"), month_range(7, 12, "uk")
('January–June', 'январь–июнь', 'липень–грудень')
>>> long_date(dt.date(2023, 1, 1), "en"), long_date(dt.date(2023, 1, 1), "uk")
('1 January 2023', '1 січня 2023\\u202fр.')
>>> country_name("Tajikistan", "ru"), country_name("Kyrgyzstan", "uk"), country_name("Atlantis", "ru")
('Таджикистан', 'Киргизстан', 'Atlantis')
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, get_month_names

from reactlib.language.catalogs import DEFAULT_LANGUAGE, check_language
from reactlib.language.country_names import reading_key, territory_names


def month_name(month: int, language: str = DEFAULT_LANGUAGE) -> str:
    """The month on its own (stand-alone, nominative): ``June``, ``июнь``, ``червень``."""
    return str(get_month_names("wide", "stand-alone", locale=check_language(language))[month])


def month_range(first: int, last: int, language: str = DEFAULT_LANGUAGE) -> str:
    """``January–June``: the first and last month joined by an en dash."""
    return f"{month_name(first, language)}–{month_name(last, language)}"


def month_of_year(day: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """A month and its year: ``May 2023``, ``май 2023``, ``травень 2023``."""
    return f"{month_name(day.month, language)} {day.year}"


def long_date(day: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """A day written out, its month declined where the language declines it: ``1 января 2023 г.``."""
    if check_language(language) == DEFAULT_LANGUAGE:
        return f"{day.day} {month_name(day.month)} {day.year}"
    return format_date(day, "long", locale=language)


def country_name(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """An English country name Babel knows, in ``language``; any other name as it is written.

    The data's ``country`` is printed in titles; a name in another script, or one CLDR does not
    know, is the documenters' own and stays theirs.
    """
    code = territory_names(DEFAULT_LANGUAGE).get(reading_key(name))
    if check_language(language) == DEFAULT_LANGUAGE or code is None:
        return name
    return str(Locale(language).territories.get(code, name))
