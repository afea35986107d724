"""Where a report's files go, and putting them there all at once.

A report lives in ``OUT/<scope-folder>/<period-slug>/``, and in its language's subfolder
``OUT/<scope-folder>/<period-slug>/<language>/`` when it is not English or is one of a batch of
several languages (`language_folder`): English reports keep the folders they always had, and
the languages of one report sit side by side. Its files are written into a staging
directory beside that folder and renamed into place only when every file is complete, so a
reader never sees half a report and a failed render leaves the previous report as it was.

A scope's folder is its name transliterated to ASCII (by `anyascii`, which knows Cyrillic,
Georgian, Armenian, …), lower-cased, with ``-`` between runs of letters and digits:

>>> scope_slug("Tajikistan"), scope_slug("Таджикистан"), scope_slug("Côte d'Ivoire"), scope_slug("all")
('tajikistan', 'tadzhikistan', 'cote-d-ivoire', 'all')

Such names can coincide (``Bosnia and Herzegovina`` and ``Bosnia-and-Herzegovina``, or a
country written ``All`` and the regional report) or be empty (``???``). So folders are chosen
among all the scopes of the data at once (`scope_folders`): a name whose slug is its own keeps
it; names sharing a slug, and names without one, get ``--`` and a hash of the exact name. A
plain slug never holds ``--``, so the two kinds never meet; the same data always gives the
same folders, whichever command renders the report.

>>> scope_folders(["Bosnia and Herzegovina", "Bosnia-and-Herzegovina", "Georgia"])["Georgia"]
'georgia'
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from anyascii import anyascii

from reactlib.count.periods import ALL_COUNTRIES, Period
from reactlib.errors import PublishError
from reactlib.language import DEFAULT_LANGUAGE, LANGUAGES

DIRECTORY_MODE = 0o755
STAGING_MARK = ".staging-"
PREVIOUS_MARK = ".previous-"
SLUG_LENGTH = 60  # of the transliterated part: a folder name stays readable and far below limits
HASH_LENGTHS = (8, 16, 64)  # hex digits of a name's suffix; longer only if 8 ever coincide
NAMELESS = "country"  # the folder of a name with no letters or digits, before its hash


def scope_slug(scope: str) -> str:
    """A scope's name in lower-case ASCII letters and digits joined by ``-`` ("" if it has none).

    ``all`` (the regional report) stays ``all``; the slug is cut to `SLUG_LENGTH` characters.
    """
    if scope == ALL_COUNTRIES:
        return ALL_COUNTRIES
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(scope).lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-")


def scope_folders(countries: Iterable[str]) -> dict[str, str]:
    """The report folder of each of ``countries`` and of ``all``: distinct, and stable for the same names.

    The regional report is always ``all``; a country keeps its `scope_slug` when no other scope
    shares it, else (and when it has none) it gets ``<slug>--<hash of the exact name>``.
    """
    return dict(_scope_folders(frozenset(countries) | {ALL_COUNTRIES}))


@functools.lru_cache(maxsize=8)  # a batch asks once per report, always about the same data
def _scope_folders(scopes: frozenset[str]) -> tuple[tuple[str, str], ...]:
    by_slug: dict[str, list[str]] = {}
    for scope in sorted(scopes):
        by_slug.setdefault(scope_slug(scope), []).append(scope)
    folders: dict[str, str] = {}
    for slug, names in by_slug.items():
        if slug and len(names) == 1:
            folders[names[0]] = slug
            continue
        if ALL_COUNTRIES in names:  # the regional report keeps "all", as it always had it
            folders[ALL_COUNTRIES] = ALL_COUNTRIES
        hashed = [name for name in names if name != ALL_COUNTRIES]
        folders |= _hashed_folders(slug or NAMELESS, hashed)
    return tuple(folders.items())


def _hashed_folders(slug: str, names: list[str]) -> dict[str, str]:
    """``<slug>--<hash>`` for each of ``names``, with the shortest hash that tells them apart."""
    digests = {name: hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest() for name in names}
    for length in HASH_LENGTHS:
        folders = {name: f"{slug}--{digest[:length]}" for name, digest in digests.items()}
        if len(set(folders.values())) == len(folders):
            break
    return folders


def scope_folder(scope: str, countries: Iterable[str]) -> str:
    """The report folder of ``scope`` among the scopes of data holding ``countries``.

    A scope the data lacks is named as if it were there (its report fails on its own anyway).
    """
    return scope_folders([*countries, scope])[scope]


def language_folder(language: str, languages: Sequence[str] = ()) -> str | None:
    """The subfolder of a report in ``language``, one of a batch in ``languages``; None for none.

    An English report alone (`reactlib report`, or a batch of English only) has none, as before
    there were languages; any other report is in its language's folder.

    >>> language_folder("en"), language_folder("ru"), language_folder("en", ["en", "uk"])
    (None, 'ru', 'en')
    """
    if language == DEFAULT_LANGUAGE and all(other == DEFAULT_LANGUAGE for other in languages):
        return None
    return language


def report_dir(
    out: Path,
    scope: str,
    period: Period,
    countries: Iterable[str],
    language: str = DEFAULT_LANGUAGE,
    languages: Sequence[str] = (),
) -> Path:
    """``out/<scope-folder>/<period-slug>[/<language>]`` for data holding ``countries``, checked to lie inside ``out``.

    ``languages`` are those of the batch the report is one of (see `language_folder`).
    """
    target = Path(out) / scope_folder(scope, countries) / period.slug
    subfolder = language_folder(language, languages)
    if subfolder is not None:
        target /= subfolder
    if not target.resolve().is_relative_to(Path(out).resolve()):
        raise PublishError(f"the report folder for {scope!r} {period.name!r} would lie outside {out}")
    return target


def create_staging(target: Path) -> Path:
    """An empty staging folder beside ``target``, for a report's files to be written into."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
    except OSError as error:
        raise PublishError(f"cannot create a folder in {target.parent}: {error.strerror}") from None


def publish_staging(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in ``target``'s place in one rename."""
    os.chmod(staging, DIRECTORY_MODE)  # mkdtemp makes it private; a report is for sharing
    _replace(staging, target)


def discard_staging(staging: Path) -> None:
    """Remove a staging folder that was not published (nothing when it was)."""
    shutil.rmtree(staging, ignore_errors=True)


def _replace(staging: Path, target: Path) -> None:
    previous = target.with_name(f".{target.name}{PREVIOUS_MARK}{uuid.uuid4().hex}")
    had_previous = target.exists()
    kept: list[str] = []
    if had_previous:
        os.rename(target, previous)
        kept = _keep_language_folders(previous, staging)
    try:
        os.rename(staging, target)
    except OSError as error:
        if had_previous:
            for name in kept:
                os.rename(staging / name, previous / name)
            os.rename(previous, target)
        raise PublishError(f"cannot move the report into {target}: {error.strerror}") from None
    if had_previous:
        shutil.rmtree(previous, ignore_errors=True)


def _keep_language_folders(previous: Path, staging: Path) -> list[str]:
    """Move the other languages' reports inside an English report's folder into its new version.

    An English report alone lives in the folder that holds the other languages' subfolders:
    publishing it again must not remove them. Returns the names moved.
    """
    kept = []
    for name in LANGUAGES:
        if (previous / name).is_dir() and not (staging / name).exists():
            os.rename(previous / name, staging / name)
            kept.append(name)
    return kept
