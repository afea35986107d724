"""Country settings of the report: its contact line and the notes of each report group.

A settings file (YAML, read the YAML 1.2 way by `reactlib.settings.load_yaml`) looks like::

    contact: To request ... please contact: someone@example.org
    countries:
      Tajikistan:
        contact: ...            # optional, replaces the general contact line
        notes:
          msm_trans: In the second half of 2021 ...

Country names match the data's spelling ignoring case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reactlib.categories import REPORT_GROUPS
from reactlib.settings import SettingsError, load_yaml, quote
from reactlib.texts import DEFAULT_CONTACT


@dataclass(frozen=True)
class CountrySettings:
    """One country's contact line (None: the general one) and notes by report group."""

    contact: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportSettings:
    """The general contact line and the settings of each country."""

    contact: str = DEFAULT_CONTACT
    countries: dict[str, CountrySettings] = field(default_factory=dict)

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


def load_report_settings(path: Path | None) -> ReportSettings:
    """Read a settings file; ``None`` gives the defaults (the seed's contact line, no notes)."""
    if path is None:
        return ReportSettings()
    return settings_from_document(load_yaml(path), str(path))


def settings_from_document(document: Any, where: str) -> ReportSettings:
    """Settings from a parsed YAML document (a settings file, or the same keys in a batch file)."""
    if document is None:
        return ReportSettings()
    _require_mapping(document, where, {"contact", "countries"})
    countries = document.get("countries") or {}
    _require_mapping(countries, f"{where}: countries", None)
    return ReportSettings(
        contact=_text(document.get("contact", DEFAULT_CONTACT), f"{where}: contact"),
        countries={
            _text(name, f"{where}: countries: {name!r}"): _country(value, f"{where}: countries: {name}")
            for name, value in countries.items()
        },
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
