"""The index page's mark of a report that changed since its last render, with links to its changes.

A report whose folder holds changes.json (`reactlib.render.changes`) changed when it was last
rendered: its row on the index page says so, with the date of the render before, and links
each language's changes.json. `change_marks` gives the data; `change_mark_html` writes one
row's mark, for the page's status cell.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from markupsafe import Markup

from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.local_dates import long_date
from reactlib.language.messages import N_, text_in
from reactlib.render.request import CHANGES_FILE
from reactlib.report.markup import part


class ReportFolder(Protocol):
    """What a mark reads of a report on the index page (`reactlib.batch.index_page.IndexEntry`)."""

    @property
    def scope(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def directory(self) -> Path | None: ...


CHANGED: str = N_("changed since the render of {date}")
CHANGED_UNDATED: str = N_("changed since the last render")
# TRANSLATORS: the link to a report's changes.json on the index page.
CHANGES_LINK: str = N_("what changed")


@dataclass(frozen=True)
class ChangeMark:
    """That a report (one scope × period, in its languages) changed at its last render."""

    since: dt.date | None  # the date of the render before, as changes.json says
    links: tuple[tuple[str, str], ...]  # (language, changes.json relative to the index page)


def change_marks(index_dir: Path, entries: Sequence[ReportFolder]) -> dict[tuple[str, str], ChangeMark]:
    """The mark of each scope × period whose reports hold changes.json; the others have none."""
    found: dict[tuple[str, str], list[tuple[ReportFolder, dt.date | None]]] = {}
    for entry in entries:
        if entry.directory is None or not (entry.directory / CHANGES_FILE).is_file():
            continue
        found.setdefault((entry.scope, entry.period), []).append((entry, _since(entry.directory / CHANGES_FILE)))
    return {
        key: ChangeMark(
            since=next((since for _entry, since in changed if since is not None), None),
            links=tuple(
                (entry.language, (entry.directory / CHANGES_FILE).relative_to(index_dir).as_posix())
                for entry, _since_date in changed
                if entry.directory is not None
            ),
        )
        for key, changed in found.items()
    }


def _since(path: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def change_mark_html(
    mark: ChangeMark | None, language: str = DEFAULT_LANGUAGE, link_names: Mapping[str, str] | None = None
) -> Markup:
    """A row's mark in ``language`` (the page's): ``changed since the render of 1 June 2024: what changed``.

    ``link_names``: in a batch of several languages, each language's name, which names its link
    (marked with its language when it is not the page's). Nothing without a mark.
    """
    if mark is None:
        return Markup("")
    words = text_in(CHANGED_UNDATED, language)
    if mark.since is not None:
        words = text_in(CHANGED, language).format(date=long_date(mark.since, language))
    link_text = text_in(CHANGES_LINK, language)
    if not link_names:
        return part("change_mark", words, "", [(quote(href), "", link_text) for _, href in mark.links])
    links = [
        (quote(href), link_language if link_language != language else "", link_names.get(link_language, link_language))
        for link_language, href in mark.links
    ]
    return part("change_mark", words, link_text, links)


def change_mark_extras(
    index_dir: Path, entries: Sequence[ReportFolder], language: str, link_names: Mapping[str, str] | None
) -> dict[tuple[str, str], tuple[Markup, ...]]:
    """Each changed row's mark, as the index page's `reactlib.batch.index_page.IndexExtras` takes them."""
    return {
        key: (change_mark_html(mark, language, link_names),) for key, mark in change_marks(index_dir, entries).items()
    }
