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
    ROOT,
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
        (ROOT / package.mapping).read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "reactlib" / "contract").mkdir(parents=True)
    (tmp_path / "reactlib" / "note.py").write_text('NOTE = N_("A new note")\nWORD = text_in("Word", "ru")\n')
    (tmp_path / "reactlib" / "contract" / "categories.py").write_text(
        'G = Vocabulary("gender", (("female", "Female"),))\n'
    )
    assert keys(extracted(package, tmp_path)) == {(None, "A new note"), (None, "Word"), ("gender", "Female")}


def mini_project(root):
    """A project of one marked text and one category, with the real mapping files."""
    (root / "i18n").mkdir()
    for mapping in {domain.mapping for domain in DOMAINS}:
        (root / mapping).write_text((ROOT / mapping).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "reactlib" / "contract").mkdir(parents=True)
    (root / "reactlib" / "note.py").write_text('NOTE = N_("A new note")\n')
    (root / "reactlib" / "contract" / "categories.py").write_text('G = Vocabulary("gender", (("male", "Male"),))\n')


def test_make_messages_starts_catalogs_and_leaves_a_current_template_alone(tmp_path, capsys):
    from reactlib.language.domains import messages

    mini_project(tmp_path)
    messages(tmp_path)
    package = DOMAINS[0]
    template = template_path(package, tmp_path)
    assert keys(read(template)) == {(None, "A new note"), ("gender", "Male")}
    for language in TRANSLATED:
        catalog = read(catalog_path(package, language, tmp_path))
        assert keys(catalog) == keys(read(template)) and all(not m.string for m in catalog if m.id)
    out = capsys.readouterr().out
    assert "country_report: skipped, none of its inputs exists" in out  # no notebook in this project

    before = template.read_bytes()
    messages(tmp_path)
    assert template.read_bytes() == before  # unchanged messages: not even the date changes
    assert not list(template.parent.glob(".*.new"))


def test_a_domain_whose_extraction_method_is_missing_is_skipped(tmp_path):
    from reactlib.language.domains import Domain

    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "x.cfg").write_text(
        "[extractors]\nnotebook = reactlib.language.nowhere:extract\n[notebook: **.ipynb]\n"
    )
    (tmp_path / "report.ipynb").write_text("{}")
    domain = Domain("x", "i18n/x.cfg", ("report.ipynb",))
    assert (
        skipped_because(domain, tmp_path) == "its extraction method reactlib.language.nowhere:extract is not available"
    )
    assert skipped_because(Domain("y", "i18n/x.cfg", ("absent.ipynb",)), tmp_path).startswith("none of its inputs")
