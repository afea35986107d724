"""The report's languages: gettext catalogs, and numbers and dates written the local way.

It may import only `reactlib.contract` and `reactlib.errors`; every stage above may use it. English is
the source language: its texts are the catalogs' message ids, so an English report needs no
catalog. The catalogs are ``reactlib/locale/<language>/LC_MESSAGES/<domain>.po``, one domain
for the package's own texts (``reactlib``) and one per report notebook (``country_report``,
``trend_report``).

Modules: `catalogs` (finding a catalog), `messages` (marking and translating the package's
texts), `labels` (the contract's category labels in a language), `formats` (counts, percents,
changes), `dates` (months, dates, country names), `countries` (country names compared as they
read, and a country's names in every language and its ISO code), `domains` (the catalog domains and the
``make messages`` / ``make catalogs`` tooling), `vocabulary_messages` (extracting the labels).
"""

from reactlib.language.catalogs import DEFAULT_LANGUAGE, LANGUAGES, check_language, translation

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "check_language", "translation"]
