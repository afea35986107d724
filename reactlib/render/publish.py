"""Where a report's files go, and putting them there all at once.

A report lives in ``OUT/<scope-folder>/<period-slug>/``, and in its language's subfolder
``OUT/<scope-folder>/<period-slug>/<language>/`` when it is not English or is one of a batch of
several languages (`language_folder`): English reports keep the folders they always had, and
the languages of one report sit side by side. Its files are written into a staging
directory beside that folder and renamed into place only when every file is complete, so a
reader never sees half a report and a failed render leaves the previous report as it was.

Publishing replaces only what reactlib wrote: a report's files (`REPORT_FILE_NAMES`, and any
other file of the new report), the other languages' reports inside an English report's folder
(which move into its new version, as do the files a file manager leaves: `CARRIED_FILES`), and
leftovers of an interrupted render. A report folder that holds anything else (a reviewer's
notes, the case file itself) is never replaced: the render is refused, naming what is there
(`check_replaceable`), before the data is counted and again at the moment of publishing. Moving
someone's file aside and back would put it at risk if the render were killed half way; a
refusal puts nothing at risk and says what to do.

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

import contextlib
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

from reactlib.count.periods import ALL_COUNTRIES
from reactlib.errors import PublishError
from reactlib.language import DEFAULT_LANGUAGE, LANGUAGES
from reactlib.render.output import inside_out
from reactlib.render.request import REPORT_FILE_NAMES
from reactlib.terminal import shown

DIRECTORY_MODE = 0o755
STAGING_MARK = ".staging-"
PREVIOUS_MARK = ".previous-"
SLUG_LENGTH = 60  # of the transliterated part: a folder name stays readable and far below limits
HASH_LENGTHS = (8, 16, 64)  # hex digits of a name's suffix; longer only if 8 ever coincide
NAMELESS = "country"  # the folder of a name with no letters or digits, before its hash
#: Files a file manager leaves in a folder a reviewer opened: not reactlib's, but no one's work
#: either; they move into the new version of a report's folder.
CARRIED_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
#: How many of the files in the way a refusal names.
NAMES_SHOWN = 3


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
    folder: str,
    countries: Iterable[str],
    language: str = DEFAULT_LANGUAGE,
    languages: Sequence[str] = (),
) -> Path:
    """``out/<scope-folder>/<folder>[/<language>]`` for data holding ``countries``, checked to lie inside ``out``.

    ``folder`` is the report's own inside its scope's (`reactlib.render.kinds.ReportKind.folder`:
    a period's slug, a trend's range); ``languages`` are those of the batch the report is one
    of (see `language_folder`).
    """
    target = Path(out) / scope_folder(scope, countries) / folder
    subfolder = language_folder(language, languages)
    if subfolder is not None:
        target /= subfolder
    if not inside_out(out, target):
        raise PublishError(f"the report folder for {scope!r} {folder!r} would lie outside {out}")
    return target


def create_staging(target: Path) -> Path:
    """An empty staging folder beside ``target``, for a report's files to be written into."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
    except OSError as error:
        raise PublishError(f"cannot create a folder in {target.parent}: {error.strerror}") from None


def publish_staging(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in ``target``'s place in one rename.

    Raises
    ------
    PublishError
        When ``target`` holds something reactlib did not write (see `check_replaceable`): then
        nothing is moved, and ``staging`` is left for the caller to discard.
    """
    check_replaceable(target, [entry.name for entry in staging.iterdir()])
    os.chmod(staging, DIRECTORY_MODE)  # mkdtemp makes it private; a report is for sharing
    _replace(staging, target)


def discard_staging(staging: Path) -> None:
    """Remove a staging folder that was not published (nothing when it was)."""
    shutil.rmtree(staging, ignore_errors=True)


def check_replaceable(target: Path, new_files: Iterable[str] = (), inputs: Iterable[Path | None] = ()) -> None:
    """Raise `PublishError` when publishing a report at ``target`` would remove what reactlib did not write.

    ``new_files`` are the names of the new report's files (reactlib's own, whatever they are);
    ``inputs`` the files the report is made from, which must not lie inside ``target`` even
    under the name of a report file (a notebook saved as ``report.ipynb``). A missing
    ``target`` is always replaceable.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "report.html").write_text("an earlier report")
    >>> check_replaceable(folder)
    >>> _ = (folder / "reviewer-notes.txt").write_text("my notes")
    >>> check_replaceable(folder)
    Traceback (most recent call last):
    ...
    reactlib.errors.PublishError: ... holds 1 file reactlib did not write (reviewer-notes.txt), which rendering ...
    >>> import shutil; shutil.rmtree(folder)
    """
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        raise PublishError(f"{target} is in the way of the report: it is a file or a link, not a report folder")
    for path in inputs:
        if path is not None and inside_out(target, path):
            raise PublishError(
                f"the input file {shown(Path(path).name)} lies in the report folder {target}, which rendering "
                "the report replaces; move it out of the report folder, or give another --out"
            )
    if foreign := foreign_entries(target, frozenset(new_files)):
        names = ", ".join(shown(name) for name in foreign[:NAMES_SHOWN])
        more = f" and {len(foreign) - NAMES_SHOWN} more" if len(foreign) > NAMES_SHOWN else ""
        count = "1 file" if len(foreign) == 1 else f"{len(foreign)} files"
        it = "it" if len(foreign) == 1 else "them"
        raise PublishError(
            f"{target} holds {count} reactlib did not write ({names}{more}), which rendering the report "
            f"would remove; move {it} out of the report folder, or give another --out"
        )


def foreign_entries(folder: Path, new_files: frozenset[str] = frozenset(), languages: bool = True) -> list[str]:
    """What ``folder`` holds that reactlib did not write, as paths inside it, sorted.

    reactlib's: its report files (`REPORT_FILE_NAMES` and ``new_files``), leftovers of an
    interrupted render (staging and replaced folders), `CARRIED_FILES`, and with ``languages``
    the other languages' report folders, each holding only reactlib's files in its turn.
    """
    foreign = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        is_folder = entry.is_dir() and not entry.is_symlink()
        if name in REPORT_FILE_NAMES | new_files | CARRIED_FILES and not is_folder:
            continue
        if is_folder and name.startswith(".") and (STAGING_MARK in name or PREVIOUS_MARK in name):
            continue
        if is_folder and languages and name in LANGUAGES:
            foreign += [f"{name}/{inner}" for inner in foreign_entries(entry, languages=False)]
            continue
        foreign.append(name + ("/" if is_folder else ""))
    return foreign


def _replace(staging: Path, target: Path) -> None:
    previous = target.with_name(f".{target.name}{PREVIOUS_MARK}{uuid.uuid4().hex}")
    had_previous = target.exists()
    carried: list[str] = []
    if had_previous:
        os.rename(target, previous)
        carried = _carry(previous, staging)
    try:
        os.rename(staging, target)
    except OSError as error:
        if had_previous:
            for name in carried:
                os.rename(staging / name, previous / name)
            os.rename(previous, target)
        raise PublishError(f"cannot move the report into {target}: {error.strerror}") from None
    if had_previous:
        shutil.rmtree(previous, ignore_errors=True)  # reactlib's files only: `check_replaceable`


def _carry(previous: Path, staging: Path) -> list[str]:
    """Move what the new version of a report's folder keeps from the old one; return the names moved.

    An English report alone lives in the folder that holds the other languages' subfolders:
    publishing it again must not remove them. A file manager's files (`CARRIED_FILES`) stay too.
    """
    carried = []
    for name in sorted(CARRIED_FILES | set(LANGUAGES)):
        if os.path.lexists(previous / name) and not os.path.lexists(staging / name):
            os.rename(previous / name, staging / name)
            carried.append(name)
    return carried


def remove_stale_staging(out: Path) -> None:
    """Remove staging and replaced folders left in ``out`` by a render killed before it could clean up."""
    if out.is_dir():
        # <scope>/.<period>.staging-… and, a language's report, <scope>/<period>/.<language>.staging-…
        for depth in ("*/", "*/*/"):
            for pattern in (f"{depth}.*{STAGING_MARK}*", f"{depth}.*{PREVIOUS_MARK}*"):
                for leftover in out.glob(pattern):
                    if not inside_out(out, leftover.parent):  # a link out of --out: not ours to clean
                        continue
                    shutil.rmtree(leftover, ignore_errors=True)
                    for parent in leftover.parents[: depth.count("/")]:
                        with contextlib.suppress(OSError):  # a folder that never got a report
                            parent.rmdir()
