"""Settings find a country by any of its names: as the data spells it, in English, Russian or Ukrainian, or its ISO code.

The names each language gives a country are written out here by hand, as an analyst in the
region writes them.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SEED_TAJIKISTAN_NOTE, case

from reactlib.errors import ReactlibWarning
from reactlib.load.settings_file import SettingsError
from reactlib.report.settings import (
    ReportSettings,
    default_report_settings,
    load_report_settings,
    warn_unmatched_countries,
)

REACTLIB = str(Path(sys.executable).parent / "reactlib")
NOTE = "Documented with the Tiberius project."


def settings_file(tmp_path: Path, countries: str) -> Path:
    path = tmp_path / "settings.yaml"
    path.write_text(f"countries:\n{countries}", encoding="utf-8")
    return path


def warnings_of(call) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [str(w.message) for w in caught if issubclass(w.category, ReactlibWarning)]


@pytest.mark.parametrize(
    "written",
    ["Tajikistan", "Таджикистан", "TAJIKISTAN", "tajikistan\u200b", "TJ", "tj", "\ufeffТаджикистан\u00a0"],
    ids=["English", "Russian and Ukrainian", "capitals", "zero-width space", "ISO code", "code in lower case", "BOM"],
)
def test_the_default_tajikistan_note_is_found_however_the_data_names_tajikistan(written):
    assert default_report_settings().notes_for(written) == {"msm_trans": SEED_TAJIKISTAN_NOTE}


@pytest.mark.parametrize("written", ["Georgia", "Таджикистан-2", "Atlantis"])
def test_other_countries_get_no_tajikistan_note(written):
    assert default_report_settings().notes_for(written) == {}


@pytest.mark.parametrize(
    ("in_settings", "in_data"),
    [("Кыргызстан", "КЫРГЫЗСТАН"), ("Киргизия", "Kyrgyzstan"), ("Киргизстан", "KG"), ("Україна", "Украина"),
     ("Грузія", "Georgia"), ("Côte d’Ivoire", "Côte d'Ivoire")],
    ids=["same spelling", "ru name", "uk name", "uk and ru names", "uk and en names", "CLDR's apostrophe"],
)  # fmt: skip
def test_a_settings_file_finds_a_country_by_any_of_its_names(tmp_path, in_settings, in_data):
    settings = load_report_settings(settings_file(tmp_path, f"  {in_settings}:\n    contact: Write to us.\n"))
    assert settings.contact_for(in_data) == "Write to us."
    assert settings.unmatched_countries([in_data, "Georgia"]) == []


def test_a_settings_file_naming_one_country_twice_is_refused(tmp_path):
    path = settings_file(tmp_path, "  Tajikistan:\n    contact: A.\n  Таджикистан:\n    contact: B.\n")
    with pytest.raises(SettingsError) as refused:
        load_report_settings(path)
    assert (
        str(refused.value)
        == f"{path}: countries: 'Tajikistan' and 'Таджикистан' name one country; give its settings once"
    )


def test_a_settings_country_the_data_lacks_is_a_warning_naming_file_and_country(tmp_path):
    path = settings_file(tmp_path, f"  Tadjikistan:\n    notes: {{msm_trans: {NOTE}}}\n  Georgia: {{}}\n")
    settings = load_report_settings(path)

    warned = warnings_of(lambda: warn_unmatched_countries(settings, ["Таджикистан", "Georgia"]))

    assert warned == [
        f"{path}: countries: 'Tadjikistan' names a country the data lacks, so no report shows its settings; "
        "the data's countries: Georgia, Таджикистан"
    ]


def test_settings_that_match_and_reactlib_s_defaults_give_no_warning(tmp_path):
    own = load_report_settings(settings_file(tmp_path, "  TJ: {}\n  Грузия: {}\n"))
    assert warnings_of(lambda: warn_unmatched_countries(own, ["Tajikistan", "Georgia", "Moldova"])) == []
    # The defaults' Tajikistan is not the analyst's to match: data of Moldova alone is fine.
    assert warnings_of(lambda: warn_unmatched_countries(ReportSettings(), ["Moldova"])) == []
    (tmp_path / "contact.yaml").write_text("contact: Write to us.\n", encoding="utf-8")
    defaults_kept = load_report_settings(tmp_path / "contact.yaml")
    assert warnings_of(lambda: warn_unmatched_countries(defaults_kept, ["Moldova"])) == []


def test_a_batch_file_s_countries_are_matched_and_named_in_the_warning(tmp_path):
    from reactlib.batch.spec import load_batch

    batch = tmp_path / "batch.yaml"
    batch.write_text("scopes: [every country]\nperiods: [2023-H1]\ncountries: {Atlantis: {}, TJ: {}}\n")
    spec = load_batch(batch)

    warned = warnings_of(lambda: warn_unmatched_countries(spec.settings, ["Таджикистан"]))

    assert warned == [
        f"{batch}: countries: 'Atlantis' names a country the data lacks, so no report shows its settings; "
        "the data's countries: Таджикистан"
    ]


def test_the_command_line_shows_the_warning_before_going_on(write_cases, tmp_path):
    data = write_cases([case(1, country="Таджикистан"), case(2, country="Таджикистан")])
    settings = settings_file(tmp_path, "  Атлантида: {}\n")

    result = subprocess.run(
        [REACTLIB, "report", "--data", str(data), "--scope", "Georgia", "--period", "2023-H1",
         "--out", str(tmp_path / "out"), "--format", "html", "--settings", str(settings)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip

    assert result.returncode == 1  # Georgia is not in the data: the warning came first
    assert result.stderr.splitlines() == [
        f"reactlib: warning: {settings}: countries: 'Атлантида' names a country the data lacks, so no report "
        "shows its settings; the data's countries: Таджикистан",
        "reactlib: error: scope 'Georgia' is not in the data; countries in the data: Таджикистан, or 'all'",
    ]


@pytest.mark.slow
def test_a_russian_export_s_tajikistan_report_shows_the_tiberius_note(write_cases, tmp_path):
    # Issue 22: the data writes «Таджикистан»; reactlib's default settings say "Tajikistan".
    rows = [case(n, country="Таджикистан", report_group="msm_trans", key_populations="lgbtiq") for n in range(1, 4)]
    data = write_cases(rows)
    out = tmp_path / "out"

    result = subprocess.run(
        [REACTLIB, "report", "--data", str(data), "--scope", "таджикистан", "--period", "2023-H1", "--out", str(out),
         "--format", "html"],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    page = BeautifulSoup((out / "tadzhikistan" / "2023-H1" / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert SEED_TAJIKISTAN_NOTE in " ".join(page.get_text().split())
