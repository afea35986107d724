"""Country settings of the report: its contact line and the notes of each report group.

reactlib's defaults live in one file, ``reactlib/data/report_settings.yaml`` (package data):
`reactlib report` without ``--settings``, a batch file without these keys and the notebook run
on its own all read them from there. A settings file (YAML, read the YAML 1.2 way by
`reactlib.load.settings_file.load_yaml`) looks like::

    contact: To request ... please contact: someone@example.org
    countries:
      Tajikistan:
        contact: ...            # optional, replaces the general contact line
        notes:
          msm_trans: In the second half of 2021 ...

Each key a settings file gives replaces the default's. A country is found by any of its names:
as the data spells it (read as people read it: case, Unicode form and invisible characters
aside), its English, Russian or Ukrainian name, or its ISO 3166 code (CLDR's names, through
`reactlib.language.country_names`), so settings written for ``Tajikistan`` apply to data that writes
«Таджикистан». A settings file naming one country twice (``Tajikistan`` and ``TJ``) is refused;
one naming a country the data lacks gets a warning (`warn_unmatched_countries`), as a misspelt
name would otherwise silently leave its notes out.

Each text (``contact``, a country's ``contact`` and ``notes``) is either one text for every
language, or a text per language code (`reactlib.language.LANGUAGES`)::

    contact:
      en: To request ... please contact: someone@example.org
      ru: Чтобы запросить ... обращайтесь: someone@example.org

A mapping must give ``en``, which a report in a language the mapping leaves out shows.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from reactlib.contract.categories import REPORT_GROUPS
from reactlib.errors import ReactlibWarning
from reactlib.language import DEFAULT_LANGUAGE, LANGUAGES
from reactlib.language.country_names import country_identity
from reactlib.load.settings_file import SettingsError, load_yaml, quote
from reactlib.terminal import shown

DEFAULT_SETTINGS_NAME = "report_settings.yaml"

#: A settings text: one text for every language, or the text in each language by code
#: (``"en"`` always among them, for the languages it leaves out).
Text = str | dict[str, str]


def in_language(text: Text, language: str = DEFAULT_LANGUAGE) -> str:
    """``text`` as a report in ``language`` shows it: its own text, else the English one.

    Examples
    --------
    >>> in_language("Write to us.", "ru")
    'Write to us.'
    >>> in_language({"en": "Write to us.", "ru": "Пишите нам."}, "ru")
    'Пишите нам.'
    >>> in_language({"en": "Write to us.", "ru": "Пишите нам."}, "uk")
    'Write to us.'
    """
    if isinstance(text, str):
        return text
    return text.get(language, text[DEFAULT_LANGUAGE])


@dataclass(frozen=True)
class CountrySettings:
    """One country's contact line (None: the general one) and notes by report group."""

    contact: Text | None = None
    notes: dict[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportSettings:
    """The general contact line and the settings of each country; reactlib's defaults if not given."""

    contact: Text = field(default_factory=lambda: _default_contact())
    countries: dict[str, CountrySettings] = field(default_factory=lambda: _default_countries())
    #: Where ``countries`` were written (a settings or batch file); None: reactlib's defaults.
    countries_source: str | None = None

    def contact_for(self, scope: str, language: str = DEFAULT_LANGUAGE) -> str:
        """The contact line of a report on ``scope`` in ``language``.

        Examples
        --------
        >>> settings = ReportSettings(contact={"en": "Write to us.", "ru": "Пишите нам."}, countries={})
        >>> settings.contact_for("Tajikistan", "ru")
        'Пишите нам.'
        """
        country = self._country(scope)
        contact = country.contact if country and country.contact is not None else self.contact
        return in_language(contact, language)

    def notes_for(self, scope: str, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
        """The report-group notes of a report on ``scope`` in ``language`` (none for an unknown country)."""
        country = self._country(scope)
        return {code: in_language(note, language) for code, note in country.notes.items()} if country else {}

    def unmatched_countries(self, countries: Iterable[str]) -> list[str]:
        """The settings' countries that name none of ``countries`` (those of the data), in their order.

        Examples
        --------
        >>> settings = ReportSettings(countries={"Tajikistan": CountrySettings(), "Tadjikistan": CountrySettings()})
        >>> settings.unmatched_countries(["Таджикистан", "Georgia"])
        ['Tadjikistan']
        """
        present = {country_identity(country) for country in countries}
        return [name for name in self.countries if country_identity(name) not in present]

    def _country(self, scope: str) -> CountrySettings | None:
        identity = country_identity(scope)
        return next((settings for name, settings in self.countries.items() if country_identity(name) == identity), None)


def warn_unmatched_countries(settings: ReportSettings, countries: Iterable[str]) -> None:
    """Warn when the countries of a settings file name countries the data (``countries``) lacks.

    reactlib's default settings are left out: their countries are not the analyst's to match.
    """
    countries = list(countries)
    if settings.countries_source is None or not (unmatched := settings.unmatched_countries(countries)):
        return
    names = ", ".join(f"'{shown(name)}'" for name in unmatched)
    known = ", ".join(shown(country) for country in sorted(countries)) or "none"
    verb = "names a country" if len(unmatched) == 1 else "name countries"
    warnings.warn(
        ReactlibWarning(
            f"{settings.countries_source}: countries: {names} {verb} the data lacks, so no report shows "
            f"{'its' if len(unmatched) == 1 else 'their'} settings; the data's countries: {known}"
        ),
        stacklevel=2,
    )


def default_settings_path() -> Path:
    """The file of reactlib's default settings, shipped in the package."""
    return Path(str(files("reactlib") / "data" / DEFAULT_SETTINGS_NAME))


def _default_contact() -> Text:
    return default_report_settings().contact


def _default_countries() -> dict[str, CountrySettings]:
    return dict(default_report_settings().countries)


@functools.cache
def default_report_settings() -> ReportSettings:
    """reactlib's default settings: the contact line and the country notes of every report.

    Read once per process; the file is part of the package, like the code.
    """
    path = default_settings_path()
    defaults = settings_from_document(load_yaml(path), str(path), ReportSettings(contact="", countries={}))
    return replace(defaults, countries_source=None)


def load_report_settings(path: Path | None) -> ReportSettings:
    """Read a settings file; ``None`` gives reactlib's defaults (`default_report_settings`)."""
    if path is None:
        return ReportSettings()
    return settings_from_document(load_yaml(path), str(path))


def settings_from_document(document: Any, where: str, base: ReportSettings | None = None) -> ReportSettings:
    """Settings from a parsed YAML document (a settings file, or the same keys in a batch file).

    A key the document lacks keeps its value in ``base``, by default reactlib's defaults; an
    empty ``countries:`` means no country settings at all.
    """
    base = ReportSettings() if base is None else base
    if document is None:
        return base
    _require_mapping(document, where, {"contact", "countries"})
    contact = _text_by_language(document.get("contact", base.contact), f"{where}: contact")
    if "countries" not in document:
        return ReportSettings(contact=contact, countries=dict(base.countries), countries_source=base.countries_source)
    countries = document["countries"] or {}
    _require_mapping(countries, f"{where}: countries", None)
    by_name = {
        _text(name, f"{where}: countries: {name!r}"): _country(value, f"{where}: countries: {name}")
        for name, value in countries.items()
    }
    _require_one_entry_per_country(list(by_name), f"{where}: countries")
    return ReportSettings(contact=contact, countries=by_name, countries_source=where)


def scope_texts(
    scope: str, contact: str | None, group_notes: dict[str, str] | None, language: str = DEFAULT_LANGUAGE
) -> tuple[str, dict[str, str]]:
    """The contact line and group notes of a report on ``scope`` in ``language``, run from the notebook.

    ``None`` (the notebook's default) takes reactlib's default settings for the scope in the
    report's language, so the notebook run on its own makes the same report as `reactlib
    report`; any other value, ``""`` and ``{}`` included, is used as it is (the caller's texts
    are already in the report's language).
    """
    defaults = default_report_settings()
    return (
        defaults.contact_for(scope, language) if contact is None else contact,
        defaults.notes_for(scope, language) if group_notes is None else dict(group_notes),
    )


def _country(value: Any, where: str) -> CountrySettings:
    if value is None:
        return CountrySettings()
    _require_mapping(value, where, {"contact", "notes"})
    notes = value.get("notes") or {}
    _require_mapping(notes, f"{where}: notes", set(REPORT_GROUPS.codes))
    contact = value.get("contact")
    return CountrySettings(
        contact=None if contact is None else _text_by_language(contact, f"{where}: contact"),
        notes={code: _text_by_language(note, f"{where}: notes: {code}") for code, note in notes.items()},
    )


def _require_one_entry_per_country(names: list[str], where: str) -> None:
    """Refuse two names of one country: which of their settings a report shows would be a matter of order."""
    seen: dict[str, str] = {}
    for name in names:
        if (first := seen.setdefault(country_identity(name), name)) != name:
            raise SettingsError(f"{where}: {quote(first)} and {quote(name)} name one country; give its settings once")


def _require_mapping(value: Any, where: str, known: set[str] | None) -> None:
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where}: must be a mapping (key: value lines)")
    if known is not None:
        unknown = [str(key) for key in value if key not in known]
        if unknown:
            raise SettingsError(f"{where}: unknown key {unknown[0]!r}; known: {', '.join(sorted(known))}")


def _text_by_language(value: Any, where: str) -> Text:
    """A settings text: one text, or a mapping of known language codes to texts that gives ``en``."""
    if not isinstance(value, Mapping):
        return _text(value, where)
    unknown = [key for key in value if key not in LANGUAGES]
    if unknown:
        raise SettingsError(
            f"{where}: {quote(unknown[0])} is not a report language; a text by language takes {', '.join(LANGUAGES)}"
        )
    if DEFAULT_LANGUAGE not in value:
        raise SettingsError(
            f"{where}: a text by language must give {DEFAULT_LANGUAGE!r}, shown in the languages it leaves out"
        )
    return {key: _text(text, f"{where}: {key}") for key, text in value.items()}


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    raise SettingsError(f"{where}: must be text, not {quote(value)}; quote it in the YAML file")
