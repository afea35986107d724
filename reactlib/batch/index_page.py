"""``outputs/index.html``: one offline page listing a batch's reports and trends and comparing their headlines.

The page is built from each report's figures.json, never from the case data, so it can hold
nothing that the reports do not already publish. A report is one row, whatever its languages,
and so is a trend: its files (page, PDF, spreadsheet, JSON) one line per language, the
language named in itself; its counts are the same in every language. The page itself is in the
batch's first language.

It is written from a Jinja2 template with autoescape (``templates/index_page/index.html.j2``):
this module gathers what each row shows, as text, and the template writes and escapes it.
What other parts of a batch add to the page comes in as `IndexExtras`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from reactlib.count.comparison import count_change
from reactlib.count.periods import (
    ALL_COUNTRIES,
    REGIONAL_TITLE,
    PeriodError,
    parse_period,
    period_title,
)
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import change_text, count_text
from reactlib.language.local_dates import country_name
from reactlib.language.messages import N_, text_in
from reactlib.render.output import write_atomically
from reactlib.report.comparison_text import CHANGE_NOTE, CHANGE_NOTE_HIDDEN
from reactlib.report.markup import part
from reactlib.report.sections import audit_sentence
from reactlib.terminal import shown

if TYPE_CHECKING:
    from reactlib.count.audit import AuditSummary

HEADLINES = (("clients", N_("Clients")), ("cases", N_("Cases")), ("qualified", N_("Qualified")))

# The page's words, in the language the index is written in (`render_index`'s ``language``).
REPORTS_HEADING = N_("Reports")
COMPARISON_HEADING = N_("Headline figures by period")
# TRANSLATORS: the index page's column headers.
SCOPE, PERIOD, FILES, STATUS = N_("Scope"), N_("Period"), N_("Files"), N_("Status")
# TRANSLATORS: the links to a report's files on the index page: its page, its PDF, figures.xlsx, figures.json.
PAGE_LINK, PDF_LINK, SPREADSHEET_LINK, JSON_LINK = N_("page"), "PDF", N_("spreadsheet"), "JSON"
#: What a link's name adds for a screen reader, which reads a link out of its row: which
#: report, and in which language.
LINK_CONTEXT = N_("{scope}, {period}")
LINK_CONTEXT_LANGUAGE = N_("{scope}, {period}, in {language}")
#: A report's files, in the order their links stand, and the words of the links.
FILE_LINKS = (
    ("report.html", PAGE_LINK),
    ("report.pdf", PDF_LINK),
    ("figures.xlsx", SPREADSHEET_LINK),
    ("figures.json", JSON_LINK),
)
#: A report's status (`IndexEntry.status`), as the page words it.
STATUSES = {"rendered": N_("rendered"), "unchanged": N_("unchanged"), "failed": N_("failed")}
TRENDS_HEADING, TREND_PERIODS, PERIODS = N_("Trends"), N_("{first} to {last}"), N_("Periods")
INDEX_TITLE = N_("REAct reports: {name}")
TEMPLATE = "index.html.j2"
#: The heading of the audit's summary, with min_cell (`disclosure_summary`).
DISCLOSURE_HEADING = N_("Disclosure control")


def disclosure_summary(summary: AuditSummary, language: str = DEFAULT_LANGUAGE) -> Markup:
    """What the index page says of the batch's protection audit: a section under the page's title.

    One of `IndexExtras`' ``summary`` sections; its words are escaped.
    """
    return part("disclosure", text_in(DISCLOSURE_HEADING, language), audit_sentence(summary, language))


def index_title(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The index page's title for the batch file ``name``, in ``language``.

    >>> index_title("sample"), index_title("sample", "uk")
    ('REAct reports: sample', 'Звіти REAct: sample')
    """
    return text_in(INDEX_TITLE, language).format(name=name)


@dataclass(frozen=True)
class IndexEntry:
    """One report of the batch as the index shows it."""

    scope: str
    period: str
    directory: Path | None  # the report's folder, None when it has never been rendered
    status: str  # "rendered", "unchanged" or "failed"
    language: str = DEFAULT_LANGUAGE


@functools.cache
def language_name(language: str) -> str:
    """A language's name in itself, as a reader looks for it: ``Русский``; its code if Babel has none.

    >>> language_name("en"), language_name("uk")
    ('English', 'Українська')
    """
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).display_name
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else language


@functools.cache
def language_name_in(language: str, words: str) -> str:
    """A language's name in the language ``words``: ``Russian`` on an English page; its code if Babel has none.

    >>> language_name_in("ru", "en"), language_name_in("en", "uk")
    ('Russian', 'англійська')
    """
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name(words)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language


@dataclass(frozen=True)
class TrendEntry:
    """One trend report of the batch as the index shows it."""

    scope: str
    first: str  # the first period's name, e.g. "2022-H1"
    last: str
    directory: Path | None  # the trend's folder, None when it has never been rendered
    status: str  # "rendered", "unchanged" or "failed"
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class IndexExtras:
    """What other parts of a batch add to the index page; text is escaped, `markupsafe.Markup` is not.

    ``summary`` are sections shown after the page's title (an audit of the batch's suppression);
    ``marks`` are shown after a row's scope (a report changed since the last render), by row:
    ``(scope, period)`` for a report, ``(scope, "first..last")`` for a trend (`row_key`).
    """

    summary: Sequence[str | Markup] = ()
    marks: Mapping[tuple[str, str], Sequence[str | Markup]] = field(default_factory=dict)


def row_key(entry: IndexEntry | TrendEntry) -> tuple[str, str]:
    """The row an entry is shown in: its scope and period (a trend's ``first..last``)."""
    if isinstance(entry, TrendEntry):
        return entry.scope, f"{entry.first}..{entry.last}"
    return entry.scope, entry.period


def _grouped(entries: Sequence[IndexEntry | TrendEntry]) -> list[list[Any]]:
    """The entries of each row together (a report's languages), in the order first met."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for entry in entries:
        groups.setdefault(row_key(entry), []).append(entry)
    return list(groups.values())


# What each row shows, as text for the template --------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """A headline cell: its label (for a phone's card), its count and its change, in the page's language."""

    label: str
    value: str
    change: str = ""


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    context: str  # which report, and language: part of the link's name for a screen reader


@dataclass(frozen=True)
class LanguageFiles:
    """A report's links in one language; ``name`` (the language's own name) empty for a batch of one."""

    lang: str
    name: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class StatusPart:
    word: str
    lang: str = ""
    language: str = ""  # the language's own name, when the languages' statuses differ


@dataclass(frozen=True)
class Row:
    """One report or trend: scope, period, headline cells, files by language, status and marks."""

    scope: str
    period: str | Markup
    headlines: tuple[Headline, ...]
    files: tuple[LanguageFiles, ...]
    status: tuple[StatusPart, ...]
    status_class: str
    marks: tuple[str | Markup, ...] = ()


def _headlines(entry: IndexEntry) -> dict[str, object] | None:
    if entry.directory is None or not (entry.directory / "figures.json").is_file():
        return None
    figures = json.loads((entry.directory / "figures.json").read_text(encoding="utf-8"))
    previous = figures.get("previous") or {}
    return (
        {key: figures.get(key) for key, _ in HEADLINES}
        | {"title": figures.get("title"), "previous_period": previous.get("period")}
        | {f"previous_{key}": previous.get(key) for key, _ in HEADLINES}
    )


def _headline(figures: Mapping[str, object], key: str, label: str, language: str) -> Headline:
    """A headline number in ``language`` with its change against the previous period, if any.

    The change is hidden when either count is (`reactlib.count.comparison.count_change`), as in
    the report.
    """
    value = figures.get(key)
    shown_value = "–" if value is None else count_text(value, language)  # a suppressed count: its word
    period = figures.get("previous_period")
    if value is None or not isinstance(period, str):
        return Headline(label, shown_value)
    change = count_change(value, figures.get(f"previous_{key}"))
    template = text_in(CHANGE_NOTE_HIDDEN if change is None else CHANGE_NOTE, language)
    return Headline(label, shown_value, template.format(change=change_text(change, language), period=period))


def _files(
    index_dir: Path, group: Sequence[IndexEntry | TrendEntry], several: bool, row: tuple[str, str], language: str
) -> tuple[LanguageFiles, ...]:
    """Each language's links to the files its report has.

    A link's context (part of its name for a screen reader) names the report, ``row`` (scope
    and period as the page writes them), and, in a batch of several languages, the language.
    """
    scope, period = row
    languages = []
    for entry in group:
        if several:
            where = text_in(LINK_CONTEXT_LANGUAGE, language).format(
                scope=scope, period=period, language=language_name_in(entry.language, language)
            )
        else:
            where = text_in(LINK_CONTEXT, language).format(scope=scope, period=period)
        links = tuple(
            Link(text_in(words, language), _href(index_dir, entry.directory / name), where)
            for name, words in FILE_LINKS
            if entry.directory is not None and (entry.directory / name).is_file()
        )
        languages.append(LanguageFiles(entry.language, language_name(entry.language) if several else "", links))
    return tuple(languages)


def _href(index_dir: Path, path: Path) -> str:
    return quote(path.relative_to(index_dir).as_posix())


def _status(
    group: Sequence[IndexEntry | TrendEntry], several: bool, language: str
) -> tuple[tuple[StatusPart, ...], str]:
    """The status cell's words and class: one word, or each language's where they differ."""
    statuses = [entry.status for entry in group]
    worst = next((s for s in ("failed", "rendered", "unchanged") if s in statuses), statuses[0])
    status_class = {"failed": "failed", "unchanged": "skipped"}.get(worst, "")
    words = [text_in(STATUSES.get(status, status), language) for status in statuses]
    if not several or len(set(statuses)) == 1:
        return (StatusPart(words[0]),), status_class
    parts = tuple(
        StatusPart(word, entry.language, language_name(entry.language))
        for entry, word in zip(group, words, strict=True)
    )
    return parts, status_class


def _scope_name(scope: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The scope as written in the data (any script), its control characters shown, not kept."""
    if scope == ALL_COUNTRIES:
        return text_in(REGIONAL_TITLE, language)
    return shown(country_name(scope, language))


def _period_name(period: str, language: str = DEFAULT_LANGUAGE) -> Markup:
    """The period as the report's title words it, then as the batch file names it.

    ``2023 | Half year: January–June 2023-H1``: the title's months tell the two halves of a
    year apart; the name is that of the report's folder and of the command line.
    """
    try:
        title = period_title(parse_period(period), language)
    except PeriodError:  # not a period the batch could have run; show it as it was given
        return escape(period)
    return part("period_name", title, period)


@functools.cache
def _template() -> jinja2.Template:
    """The page's template, loaded once, escaping every value it is given."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("reactlib", "templates/index_page"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def render_index(
    index_dir: Path,
    title: str,
    entries: Sequence[IndexEntry],
    language: str = DEFAULT_LANGUAGE,
    *,
    trends: Sequence[TrendEntry] = (),
    extras: IndexExtras = IndexExtras(),
) -> str:
    """The index page for ``entries`` and ``trends``, its words in ``language``; links relative to ``index_dir``.

    One row per scope × period and one per trend: the languages of a report share it, each with
    its own line of links.
    """
    several = len({entry.language for entry in entries} | {entry.language for entry in trends}) > 1
    labels = [text_in(label, language) for _, label in HEADLINES]
    # The counts are the same in every language: the first language that has them shows them.
    headlines: dict[tuple[str, str], Mapping[str, object]] = {}
    reports = []
    for group in _grouped(entries):
        scope, period = row_key(group[0])
        found = [figures for figures in map(_headlines, group) if figures is not None]
        figures = headlines[(scope, period)] = found[0] if found else {}
        status, status_class = _status(group, several, language)
        reports.append(
            Row(
                scope=_scope_name(scope, language),
                period=_period_name(period, language),
                headlines=tuple(
                    _headline(figures, key, label, language) for (key, _), label in zip(HEADLINES, labels, strict=True)
                ),
                files=_files(index_dir, group, several, (_scope_name(scope, language), period), language),
                status=status,
                status_class=status_class,
                marks=tuple(extras.marks.get((scope, period), ())),
            )
        )
    trend_rows = []
    for group in _grouped(trends):
        first = group[0]
        status, status_class = _status(group, several, language)
        span = text_in(TREND_PERIODS, language).format(first=first.first, last=first.last)
        trend_rows.append(
            Row(
                scope=_scope_name(first.scope, language),
                period=span,
                headlines=(),
                files=_files(index_dir, group, several, (_scope_name(first.scope, language), span), language),
                status=status,
                status_class=status_class,
                marks=tuple(extras.marks.get(row_key(first), ())),
            )
        )
    periods = list(dict.fromkeys(entry.period for entry in entries))
    comparison = [
        {
            "scope": _scope_name(scope, language),
            "cells": [
                _headline(headlines.get((scope, period)) or {}, key, f"{period} {label}", language)
                for period in periods
                for (key, _), label in zip(HEADLINES, labels, strict=True)
            ],
        }
        for scope in dict.fromkeys(entry.scope for entry in entries)
    ]
    words = {
        "reports": REPORTS_HEADING, "comparison": COMPARISON_HEADING, "trends": TRENDS_HEADING,
        "scope": SCOPE, "period": PERIOD, "periods": PERIODS, "files": FILES, "status": STATUS,
    }  # fmt: skip
    return _template().render(
        page_language=language,
        title=title,
        words={name: text_in(message, language) for name, message in words.items()} | {"headlines": labels},
        summary=list(extras.summary),
        reports=reports,
        periods=[_period_name(period, language) for period in periods],
        comparison=comparison,
        trends=trend_rows,
    )


def write_index(
    index_dir: Path,
    title: str,
    entries: Sequence[IndexEntry],
    language: str = DEFAULT_LANGUAGE,
    *,
    trends: Sequence[TrendEntry] = (),
    extras: IndexExtras = IndexExtras(),
) -> Path:
    """Write ``index.html`` atomically (a reader never sees half a page), its words in ``language``."""
    path = index_dir / "index.html"
    write_atomically(path, render_index(index_dir, title, entries, language, trends=trends, extras=extras))
    return path
