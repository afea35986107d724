"""Finding a language's gettext catalog: compiled when the set-up built it, else from its ``.po``.

Examples
--------
>>> translation("en").gettext("Clients")
'Clients'
>>> check_language("fr")
Traceback (most recent call last):
...
reactlib.errors.ParameterError: language 'fr' is not one of en, ru, uk
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources
from pathlib import Path

from reactlib.errors import ParameterError

#: The languages a report can be written in; English is the source of every message.
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
DEFAULT_LANGUAGE = "en"

#: The package's own texts (labels, titles, table headers, the index page).
PACKAGE_DOMAIN = "reactlib"


def locale_dir() -> Path:
    """Where the catalogs are: ``reactlib/locale`` in the clone and in an installed package."""
    return Path(str(resources.files("reactlib") / "locale"))


def check_language(language: str) -> str:
    """``language`` when it is one of `LANGUAGES`; `ParameterError` otherwise."""
    if language not in LANGUAGES:
        raise ParameterError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


@functools.cache
def translation(language: str, domain: str = PACKAGE_DOMAIN) -> gettext.NullTranslations:
    """The catalog of ``domain`` in ``language``; English (and a domain not yet translated) is as written.

    The set-up compiles the ``.po`` files (``make catalogs``); a clone or a wheel without the
    compiled files reads the ``.po`` with Babel instead, so a report never falls back to English
    silently.
    """
    check_language(language)
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    messages = locale_dir() / language / "LC_MESSAGES"
    compiled, source = messages / f"{domain}.mo", messages / f"{domain}.po"
    if compiled.is_file() and (not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime):
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    if source.is_file():
        return gettext.GNUTranslations(io.BytesIO(_compiled_in_memory(source)))
    raise ParameterError(f"no {language} catalog for {domain!r} in {messages}")


def notebook_translation(notebook: Path, language: str) -> gettext.NullTranslations:
    """The catalog of the report notebook ``notebook`` in ``language``: its domain is the file's stem.

    Raises
    ------
    reactlib.errors.ParameterError
        Naming the notebook and the language, when the notebook has no catalog in ``language``
        (an analyst's own notebook, which reactlib's catalogs do not translate).
    """
    check_language(language)
    try:
        return translation(language, notebook.stem)
    except ParameterError:
        messages = locale_dir() / language / "LC_MESSAGES"
        raise ParameterError(
            f"the notebook {notebook} cannot be rendered in {language}: it has no {language} translation "
            f"(reactlib translates its own notebooks only, by their file's name: no {notebook.stem}.po in "
            f"{messages}); render it in {DEFAULT_LANGUAGE}"
        ) from None


def _compiled_in_memory(source: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalog = read_po(file)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()
