"""The report's languages: gettext catalogs, and numbers and dates written the local way.

Every stage above the contract may use it. English is the source language: its texts are the
catalogs' message ids, so an English report needs no catalog. The catalogs are
``reactlib/locale/<language>/LC_MESSAGES/<domain>.po``, one domain for the package's own texts
(``reactlib``) and one per report notebook (``country_report``, ``trend_report``).

Modules: `catalogs` (finding a catalog), `messages` (marking and translating the package's
texts), `notebook_messages` (a notebook's texts as messages), `category_labels` (the contract's
category labels in a language), `formats` (counts, percents, changes), `local_dates` (months,
dates, country names), `country_names` (country names compared as they read, and a country's
names in every language and its ISO code), `domains` (the catalog domains and the
``make messages`` / ``make catalogs`` tooling), `vocabulary_messages` (extracting the labels).

It may import `reactlib.contract` and `reactlib.errors` only.
"""

from reactlib.language.catalogs import DEFAULT_LANGUAGE, LANGUAGES, check_language, notebook_translation, translation

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "check_language", "notebook_translation", "translation"]
