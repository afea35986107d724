"""Settings texts by language: the contact line and the country notes in the report's language."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_CONTACT, SEED_TAJIKISTAN_NOTE

from reactlib.batch.spec import load_batch
from reactlib.count.periods import parse_period
from reactlib.load.settings_file import SettingsError
from reactlib.render.kinds import COUNTRY_REPORT
from reactlib.render.request import ReportRequest
from reactlib.report.settings import load_report_settings, scope_texts

#: Written out, not imported: a new report language should make these tests think again.
LANGUAGES = ("en", "ru", "uk")
EMAIL = "kalyniuk@aph.org.ua"
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ’-]+")
LATIN_WORD = re.compile(r"[A-Za-z]+")


def settings_file(tmp_path, text: str):
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_text_is_used_in_every_language(tmp_path):
    path = settings_file(
        tmp_path, "contact: Write to us.\ncountries:\n  Georgia:\n    notes:\n      sw: One note for all.\n"
    )
    settings = load_report_settings(path)
    for language in LANGUAGES:
        assert settings.contact_for("Georgia", language) == "Write to us."
        assert settings.notes_for("georgia", language) == {"sw": "One note for all."}


def test_a_text_by_language_gives_each_language_its_own(tmp_path):
    path = settings_file(
        tmp_path,
        "contact: {en: Write to us., ru: Пишите нам., uk: Пишіть нам.}\n"
        "countries:\n"
        "  Georgia:\n"
        "    contact: {en: Call us., ru: Звоните нам.}\n"
        "    notes:\n"
        "      sw: {en: A note., uk: Примітка.}\n"
        "      pwid: Same everywhere.\n",
    )
    settings = load_report_settings(path)
    assert [settings.contact_for("Armenia", language) for language in LANGUAGES] == [
        "Write to us.",
        "Пишите нам.",
        "Пишіть нам.",
    ]
    # Georgia's own contact line replaces the general one in every language; where it has no
    # Ukrainian text, its English one is shown, not the general Ukrainian line.
    assert [settings.contact_for("Georgia", language) for language in LANGUAGES] == [
        "Call us.",
        "Звоните нам.",
        "Call us.",
    ]
    assert settings.notes_for("Georgia", "en") == {"sw": "A note.", "pwid": "Same everywhere."}
    assert settings.notes_for("Georgia", "ru") == {"sw": "A note.", "pwid": "Same everywhere."}
    assert settings.notes_for("Georgia", "uk") == {"sw": "Примітка.", "pwid": "Same everywhere."}


def test_without_a_language_the_texts_are_english(tmp_path):
    path = settings_file(tmp_path, "contact: {en: Write to us., ru: Пишите нам.}\n")
    assert load_report_settings(path).contact_for("Georgia") == "Write to us."


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("contact: {en: a, de: b}\n", "contact", "'de' is not a report language; a text by language takes en, ru, uk"),
        ("contact: {EN: a}\n", "contact", "'EN' is not a report language"),
        ("contact: {ru: a, uk: b}\n", "contact", "a text by language must give 'en'"),
        ("contact: {}\n", "contact", "a text by language must give 'en'"),
        ("contact: {en: 5}\n", "contact: en", "must be text, not 5"),
        ("countries:\n  Tajikistan:\n    contact: {en: a, kk: b}\n", "countries: Tajikistan: contact", "'kk'"),
        (
            "countries:\n  Tajikistan:\n    notes:\n      msm_trans: {ru: только по-русски}\n",
            "countries: Tajikistan: notes: msm_trans",
            "must give 'en'",
        ),
    ],
)
def test_a_bad_text_by_language_is_refused_naming_file_and_key(tmp_path, text, where, words):
    path = settings_file(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_report_settings(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: ") and words in message


def test_a_batch_file_takes_texts_by_language_and_names_itself_for_a_bad_one(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("scopes: [Tajikistan]\nperiods: [2023-H1]\ncontact: {en: Write., ru: Пишите.}\n", encoding="utf-8")
    spec = load_batch(good)
    assert spec.settings.contact_for("Tajikistan", "ru") == "Пишите."
    bad = tmp_path / "bad.yaml"
    bad.write_text("scopes: [Tajikistan]\nperiods: [2023-H1]\ncontact: {en: Write., fr: Écrivez.}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=rf"^{re.escape(str(bad))}: contact: 'fr' is not a report language"):
        load_batch(bad)


# reactlib's default settings ----------------------------------------------------------------------


def test_the_default_english_texts_are_the_seeds():
    settings = load_report_settings(None)
    assert settings.contact_for("Tajikistan", "en") == SEED_CONTACT
    assert settings.notes_for("Tajikistan", "en") == {"msm_trans": SEED_TAJIKISTAN_NOTE}


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_the_default_contact_line_and_tajikistan_note_are_translated(language):
    settings = load_report_settings(None)
    contact = settings.contact_for("Tajikistan", language)
    note = settings.notes_for("Tajikistan", language)["msm_trans"]
    # The address is kept as it is; apart from it, and the name REAct, every word is Cyrillic.
    assert contact.endswith(f": {EMAIL}") and contact.count(EMAIL) == 1
    assert set(LATIN_WORD.findall(contact.replace(EMAIL, ""))) == set()
    assert set(LATIN_WORD.findall(note)) == {"REAct"}
    assert len(CYRILLIC_WORD.findall(contact)) >= 10 and len(CYRILLIC_WORD.findall(note)) >= 40
    # The community's own term, as the glossary writes it in each language; four sentences, as in English.
    assert {"ru": "ЛГБТИК", "uk": "ЛГБТІК"}[language] in note
    assert note.count(". ") + 1 == SEED_TAJIKISTAN_NOTE.count(". ") + 1 == 4
    assert "2021" in note
    # Other countries have no note in any language.
    assert settings.notes_for("Kyrgyzstan", language) == {}


def test_the_notebook_takes_the_defaults_in_its_language():
    ru = load_report_settings(None)
    assert scope_texts("tajikistan", None, None, "ru") == (
        ru.contact_for("Tajikistan", "ru"),
        ru.notes_for("Tajikistan", "ru"),
    )
    assert scope_texts("tajikistan", None, None, "ru")[0] != SEED_CONTACT
    assert scope_texts("tajikistan", None, None) == (SEED_CONTACT, {"msm_trans": SEED_TAJIKISTAN_NOTE})
    # Texts the analyst gives are already in the report's language: used as they are.
    assert scope_texts("Tajikistan", "Пишите нам.", {"sw": "Примечание."}, "uk") == (
        "Пишите нам.",
        {"sw": "Примечание."},
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_parameters_carry_the_texts_of_the_request_language(tmp_path, language):
    path = settings_file(
        tmp_path,
        "contact: {en: Write., ru: Пишите., uk: Пишіть.}\n"
        "countries:\n  Tajikistan:\n    notes:\n      sw: {en: Note., ru: Примечание.}\n",
    )
    request = ReportRequest("Tajikistan", parse_period("2023-H1"), language=language, settings=path)
    parameters = COUNTRY_REPORT.parameters(request, "Tajikistan", load_report_settings(path))
    expected_contact = {"en": "Write.", "ru": "Пишите.", "uk": "Пишіть."}[language]
    expected_note = {"en": "Note.", "ru": "Примечание.", "uk": "Note."}[language]
    assert (parameters["language"], parameters["contact"], parameters["group_notes"]) == (
        language,
        expected_contact,
        {"sw": expected_note},
    )
