"""The catalog domains, declared once, and the ``make messages`` / ``make catalogs`` commands.

Each domain names its Babel mapping file and its inputs (project-relative paths): ``make
messages`` extracts each domain's ``.pot`` (``pybabel extract``) and brings its Russian and
Ukrainian ``.po`` up to date with it (``pybabel update``, or ``init`` the first time); ``make
catalogs`` compiles the ``.po`` to ``.mo`` (``pybabel compile``). The tests extract the same
messages in memory (`extracted`) to check that the committed ``.pot`` is current.

A domain whose inputs are all missing (a notebook not written yet), or whose mapping names an
extraction method that cannot be imported, is skipped with a note: the others are still built.

This is tooling for a clone of the repository (the mapping files and notebooks live there);
an installed reactlib only reads the catalogs (`reactlib.language.catalogs`).

Examples
--------
>>> [domain.name for domain in DOMAINS]
['reactlib', 'country_report', 'trend_report']
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import CommandLineInterface, parse_keywords, parse_mapping_cfg

from reactlib.language.catalogs import DEFAULT_LANGUAGE, LANGUAGES

#: The repository's root, when reactlib runs from a clone.
ROOT = Path(__file__).resolve().parents[2]
#: Where the catalogs are, relative to the root.
LOCALE = "reactlib/locale"
#: Translator comments that extraction keeps: ``# TRANSLATORS: ...`` above a message.
COMMENT_TAG = "TRANSLATORS:"


@dataclass(frozen=True)
class Domain:
    """One catalog domain: its name, its Babel mapping file and its inputs (root-relative)."""

    name: str
    mapping: str
    inputs: tuple[str, ...]
    #: Babel keyword specs besides gettext's defaults (``_``, ``N_``, ``gettext``, ``pgettext`` …).
    keywords: tuple[str, ...] = ()


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "reactlib",
        "i18n/reactlib.cfg",
        ("reactlib",),
        ("text_in", "text_in_context:1c,2"),
    ),
    Domain("country_report", "i18n/notebooks.cfg", ("notebooks/country_report.ipynb",)),
    Domain("trend_report", "i18n/notebooks.cfg", ("notebooks/trend_report.ipynb",)),
)

#: The languages that have catalogs: every language but English, the messages' own.
TRANSLATED = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)


def template_path(domain: Domain, root: Path = ROOT) -> Path:
    """The domain's ``.pot``: ``reactlib/locale/<domain>.pot``."""
    return root / LOCALE / f"{domain.name}.pot"


def catalog_path(domain: Domain, language: str, root: Path = ROOT) -> Path:
    """The domain's ``.po`` in ``language``."""
    return root / LOCALE / language / "LC_MESSAGES" / f"{domain.name}.po"


def _mapping(domain: Domain, root: Path) -> tuple[list[tuple[str, str]], dict]:
    with (root / domain.mapping).open(encoding="utf-8") as file:
        return parse_mapping_cfg(file, domain.mapping)


def skipped_because(domain: Domain, root: Path = ROOT) -> str | None:
    """Why ``domain`` cannot be extracted now (no input, an extraction method missing), or None."""
    if not any((root / path).exists() for path in domain.inputs):
        return f"none of its inputs exists ({', '.join(domain.inputs)})"
    method_map, _ = _mapping(domain, root)
    for _, method in method_map:
        if ":" in method:
            module, function = method.split(":", 1)
            try:
                getattr(importlib.import_module(module), function)
            except (ImportError, AttributeError):
                return f"its extraction method {method} is not available"
    return None


def _keywords(domain: Domain) -> dict:
    return {**DEFAULT_KEYWORDS, **parse_keywords(list(domain.keywords))}


def extracted(domain: Domain, root: Path = ROOT) -> Catalog:
    """The messages of ``domain``'s inputs, extracted in memory as ``make messages`` does."""
    method_map, options_map = _mapping(domain, root)
    catalog = Catalog(domain=domain.name)
    for relative in domain.inputs:
        path = root / relative
        if path.is_file():
            found = extract_from_file_in(path, root, method_map, options_map, domain)
        elif path.is_dir():
            found = [
                (lineno, message, comments, context)
                for _, lineno, message, comments, context in extract_from_dir(
                    path, method_map, options_map, keywords=_keywords(domain), comment_tags=[COMMENT_TAG]
                )
            ]
        else:
            continue
        for lineno, message, comments, context in found:
            catalog.add(message, None, [(relative, lineno)], auto_comments=comments, context=context)
    return catalog


def extract_from_file_in(
    path: Path, root: Path, method_map: list[tuple[str, str]], options_map: dict, domain: Domain
) -> list[tuple[int, str | tuple[str, ...], list[str], str | None]]:
    """One input file's messages, its mapping matched on its root-relative path as pybabel does."""
    from babel.util import pathmatch

    relative = path.relative_to(root).as_posix()
    for pattern, method in method_map:
        if pathmatch(pattern, relative):
            return list(
                extract_from_file(
                    method,
                    str(path),
                    keywords=_keywords(domain),
                    comment_tags=[COMMENT_TAG],
                    options=options_map.get(pattern, {}),
                )
            )
    return []


def _pybabel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *arguments])


def messages(root: Path = ROOT) -> None:
    """``make messages``: extract every domain's ``.pot``; update (or start) its ``.po`` files."""
    for domain in DOMAINS:
        if reason := skipped_because(domain, root):
            print(f"{domain.name}: skipped, {reason}")
            continue
        template = template_path(domain, root)
        inputs = [str(root / path) for path in domain.inputs if (root / path).exists()]
        keywords = [argument for keyword in domain.keywords for argument in ("-k", keyword)]
        fresh = template.with_name(f".{template.name}.new")
        template.parent.mkdir(parents=True, exist_ok=True)
        _pybabel(
            "extract", "-F", str(root / domain.mapping), "-o", str(fresh), *keywords,
            "-c", COMMENT_TAG, "--no-location", "--sort-output", "--project", "reactlib", *inputs,
        )  # fmt: skip
        if template.is_file() and _entries(template) == _entries(fresh):
            fresh.unlink()  # the same messages: the template keeps its date, the diff stays empty
        else:
            fresh.replace(template)
        for language in TRANSLATED:
            command = "update" if catalog_path(domain, language, root).is_file() else "init"
            extra = ("--ignore-obsolete",) if command == "update" else ()
            _pybabel(command, "-D", domain.name, "-i", str(template), "-d", str(root / LOCALE), "-l", language, *extra)
        print(f"{domain.name}: {template.relative_to(root)} and its {', '.join(TRANSLATED)} catalogs updated")


def _entries(path: Path) -> list[tuple]:
    """A template's messages with their comments and flags: what a translator sees of it."""
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        return [
            (message.context, message.id, message.auto_comments, sorted(message.flags))
            for message in read_po(file)
            if message.id
        ]


def catalogs(root: Path = ROOT) -> None:
    """``make catalogs``: compile every domain's ``.po`` files that exist to ``.mo``."""
    for domain in DOMAINS:
        if any(catalog_path(domain, language, root).is_file() for language in TRANSLATED):
            _pybabel("compile", "-D", domain.name, "-d", str(root / LOCALE))


def main(arguments: Sequence[str] | None = None) -> int:
    """``python -m reactlib.language.domains {messages,catalogs}``."""
    parser = argparse.ArgumentParser(prog="python -m reactlib.language.domains", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("messages", "catalogs"))
    command = parser.parse_args(arguments).command
    (messages if command == "messages" else catalogs)()
    return 0


if __name__ == "__main__":
    sys.exit(main())
