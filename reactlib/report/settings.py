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

Each key a settings file gives replaces the default's; country names match the data's spelling
ignoring case.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from reactlib.contract.categories import REPORT_GROUPS
from reactlib.load.settings_file import SettingsError, load_yaml, quote

DEFAULT_SETTINGS_NAME = "report_settings.yaml"


@dataclass(frozen=True)
class CountrySettings:
    """One country's contact line (None: the general one) and notes by report group."""

    contact: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportSettings:
    """The general contact line and the settings of each country; reactlib's defaults if not given."""

    contact: str = field(default_factory=lambda: _default_contact())
    countries: dict[str, CountrySettings] = field(default_factory=lambda: _default_countries())

    def contact_for(self, scope: str) -> str:
        """The contact line of a report on ``scope``."""
        country = self._country(scope)
        return country.contact if country and country.contact is not None else self.contact

    def notes_for(self, scope: str) -> dict[str, str]:
        """The report-group notes of a report on ``scope`` (none for an unknown country)."""
        country = self._country(scope)
        return dict(country.notes) if country else {}

    def _country(self, scope: str) -> CountrySettings | None:
        by_lower = {name.lower(): settings for name, settings in self.countries.items()}
        return by_lower.get(scope.strip().lower())


def default_settings_path() -> Path:
    """The file of reactlib's default settings, shipped in the package."""
    return Path(str(files("reactlib") / "data" / DEFAULT_SETTINGS_NAME))


def _default_contact() -> str:
    return default_report_settings().contact


def _default_countries() -> dict[str, CountrySettings]:
    return dict(default_report_settings().countries)


@functools.cache
def default_report_settings() -> ReportSettings:
    """reactlib's default settings: the contact line and the country notes of every report.

    Read once per process; the file is part of the package, like the code.
    """
    path = default_settings_path()
    return settings_from_document(load_yaml(path), str(path), ReportSettings(contact="", countries={}))


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
    contact = _text(document.get("contact", base.contact), f"{where}: contact")
    if "countries" not in document:
        return ReportSettings(contact=contact, countries=dict(base.countries))
    countries = document["countries"] or {}
    _require_mapping(countries, f"{where}: countries", None)
    return ReportSettings(
        contact=contact,
        countries={
            _text(name, f"{where}: countries: {name!r}"): _country(value, f"{where}: countries: {name}")
            for name, value in countries.items()
        },
    )


def scope_texts(scope: str, contact: str | None, group_notes: dict[str, str] | None) -> tuple[str, dict[str, str]]:
    """The contact line and group notes of a report on ``scope`` run from the notebook.

    ``None`` (the notebook's default) takes reactlib's default settings for the scope, so the
    notebook run on its own makes the same report as `reactlib report`; any other value,
    ``""`` and ``{}`` included, is used as it is.
    """
    defaults = default_report_settings()
    return (
        defaults.contact_for(scope) if contact is None else contact,
        defaults.notes_for(scope) if group_notes is None else dict(group_notes),
    )


def _country(value: Any, where: str) -> CountrySettings:
    if value is None:
        return CountrySettings()
    _require_mapping(value, where, {"contact", "notes"})
    notes = value.get("notes") or {}
    _require_mapping(notes, f"{where}: notes", set(REPORT_GROUPS.codes))
    contact = value.get("contact")
    return CountrySettings(
        contact=None if contact is None else _text(contact, f"{where}: contact"),
        notes={code: _text(note, f"{where}: notes: {code}") for code, note in notes.items()},
    )


def _require_mapping(value: Any, where: str, known: set[str] | None) -> None:
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where}: must be a mapping (key: value lines)")
    if known is not None:
        unknown = [str(key) for key in value if key not in known]
        if unknown:
            raise SettingsError(f"{where}: unknown key {unknown[0]!r}; known: {', '.join(sorted(known))}")


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    raise SettingsError(f"{where}: must be text, not {quote(value)}; quote it in the YAML file")
