"""The translation catalogs: complete in Russian and Ukrainian, and current with the sources.

A new English text marked for a catalog, without its translations, fails here: `make messages`
adds it to the `.pot` and the `.po` files, and a translator fills it in.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from reactlib.language import translation
from reactlib.language.domains import (
    DOMAINS,
    TRANSLATED,
    catalog_path,
    extracted,
    skipped_because,
    template_path,
)

#: The domains that can be extracted in this clone (a notebook not written yet has none).
EXTRACTABLE = [domain for domain in DOMAINS if skipped_because(domain) is None]
#: Every domain that has a template, and every language it is translated into.
TEMPLATES = [domain for domain in DOMAINS if template_path(domain).is_file()]
CATALOGS = [(domain, language) for domain in TEMPLATES for language in TRANSLATED]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def read(path):
    with path.open("rb") as file:
        return read_po(file)


def keys(catalog) -> set[tuple[str | None, str]]:
    return {(message.context, message.id) for message in catalog if message.id}


def test_the_package_domain_is_extracted_and_has_a_template():
    assert "reactlib" in {domain.name for domain in EXTRACTABLE}
    assert "reactlib" in {domain.name for domain in TEMPLATES}


@pytest.mark.parametrize("domain", EXTRACTABLE, ids=lambda domain: domain.name)
def test_template_is_up_to_date_with_the_sources(domain):
    # Extracted now, in memory, exactly as `make messages` does: any difference means a text
    # was added, changed or removed without `make messages`.
    assert template_path(domain).is_file(), f"no {domain.name}.pot: run make messages"
    assert keys(extracted(domain)) == keys(read(template_path(domain)))


@pytest.mark.parametrize("domain, language", CATALOGS, ids=lambda v: getattr(v, "name", v))
def test_every_message_is_translated_neither_empty_nor_fuzzy(domain, language):
    template, catalog = read(template_path(domain)), read(catalog_path(domain, language))
    by_key = {(message.context, message.id): message for message in catalog if message.id}

    assert keys(template) <= set(by_key), "run make messages: the catalog lacks messages of the template"
    untranslated = [key for key in keys(template) if not by_key[key].string]
    fuzzy = [key for key in keys(template) if by_key[key].fuzzy]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("domain, language", CATALOGS, ids=lambda v: getattr(v, "name", v))
def test_translations_keep_every_placeholder(domain, language):
    # "{year} | Half year: {months}" must name {year} and {months} in its translation too,
    # or str.format would fail (or drop a value) in that language only.
    for message in read(catalog_path(domain, language)):
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_read_from_the_po_when_no_compiled_one_is_newer(language):
    # The words a report shows come from the catalog, whether built by `make catalogs` or not.
    assert (
        translation(language).pgettext("key_populations", "People living with HIV")
        == {
            "ru": "Люди, живущие с ВИЧ",
            "uk": "Люди, які живуть з ВІЛ",
        }[language]
    )


def test_english_texts_need_no_catalog():
    assert translation("en").gettext("Contents") == "Contents"


def test_a_new_marked_text_is_extracted_so_the_up_to_date_check_sees_it(tmp_path):
    # A copy of the package domain's mapping over a package of one new text: the text is what
    # in-memory extraction finds, so a source with a text the .pot lacks fails the check above.
    package = next(domain for domain in DOMAINS if domain.name == "reactlib")
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "reactlib.cfg").write_text(
        (template_path(package).parents[2] / package.mapping).read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "reactlib" / "contract").mkdir(parents=True)
    (tmp_path / "reactlib" / "note.py").write_text('NOTE = N_("A new note")\nWORD = text_in("Word", "ru")\n')
    (tmp_path / "reactlib" / "contract" / "categories.py").write_text(
        'G = Vocabulary("gender", (("female", "Female"),))\n'
    )
    assert keys(extracted(package, tmp_path)) == {(None, "A new note"), (None, "Word"), ("gender", "Female")}
