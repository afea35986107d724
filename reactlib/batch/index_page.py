"""``outputs/index.html``: one offline page listing a batch's reports and comparing their headlines.

The page is built from each report's figures.json, never from the case data, so it can hold
nothing that the reports do not already publish. A report in several languages is one row,
its links labelled by language (``English · Русский · Українська``); its counts are the same
in every language. The page itself is in the batch's first language.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from reactlib.count.comparison import count_change
from reactlib.count.periods import (
    ALL_COUNTRIES,
    REGIONAL_TITLE,
    PeriodError,
    parse_period,
    period_title,
)
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.dates import country_name
from reactlib.language.formats import change_text, count_text
from reactlib.language.messages import N_, text_in
from reactlib.report.comparison import CHANGE_NOTE, CHANGE_NOTE_HIDDEN
from reactlib.report.sections import audit_sentence
from reactlib.terminal import shown

if TYPE_CHECKING:
    from reactlib.count.audit import AuditSummary

HEADLINES = (("clients", N_("Clients")), ("cases", N_("Cases")), ("qualified", N_("Qualified")))

# The page's words, in the language the index is written in (`render_index`'s ``language``).
REPORTS_HEADING = N_("Reports")
COMPARISON_HEADING = N_("Headline figures by period")
# TRANSLATORS: the index page's column headers, then the words of its links.
COLUMNS = (N_("Scope"), N_("Period"), N_("Report"), N_("Print"), N_("Data"), N_("Status"))
FIGURES_LINK, SPREADSHEET_LINK = N_("figures"), N_("spreadsheet")
#: A report's status (`IndexEntry.status`), as the page words it.
STATUSES = {"rendered": N_("rendered"), "unchanged": N_("unchanged"), "failed": N_("failed")}
TRENDS_HEADING, TREND_PERIODS = N_("Trends"), N_("{first} to {last}")
INDEX_TITLE = N_("REAct reports: {name}")
#: The heading of the audit's summary, with min_cell (`disclosure_summary`).
DISCLOSURE_HEADING = N_("Disclosure control")


def disclosure_summary(summary: AuditSummary, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """What the index page says of the batch's protection audit: a heading and a sentence (plain text).

    Data for the page's hook (`render_index`'s ``disclosure``), so that a template can place it.
    """
    return {"heading": text_in(DISCLOSURE_HEADING, language), "sentence": audit_sentence(summary, language)}


def index_title(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The index page's title for the batch file ``name``, in ``language``.

    >>> index_title("sample"), index_title("sample", "uk")
    ('REAct reports: sample', 'Звіти REAct: sample')
    """
    return text_in(INDEX_TITLE, language).format(name=name)


STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1f2933; line-height: 1.4;
       font-variant-ligatures: none; }
main { margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; overflow-wrap: anywhere; } h2 { font-size: 1.25rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { border-bottom: 1px solid #d5dbe1; padding: 0.35rem 0.6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n .change { display: block; font-size: .8em; color: #555; }
.code { color: #52606d; font-size: 0.85em; white-space: nowrap; }
.failed { color: #b42318; font-weight: bold; } .skipped { color: #52606d; }
/* A phone: each row becomes a card of its own, its cells labelled, three to a line, so that
   nothing is wider than the screen and no table has to be scrolled sideways. */
@media (max-width: 45rem) {
  main { margin: 1rem auto; padding: 0 .75rem; }
  table, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tbody tr { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .1rem .6rem;
             padding: .5rem 0; border-bottom: 1px solid #d5dbe1; }
  th, td, td.n { border: 0; padding: 0; text-align: left; overflow-wrap: anywhere; }
  tbody td:first-child { grid-column: 1 / -1; font-weight: bold; }
  td.period, td.status { grid-column: 1 / -1; }
  td[data-label]::before { content: attr(data-label); display: block; font-size: .8rem;
                           color: #52606d; font-weight: normal; }
  td.status::before { display: inline; margin-right: .4rem; }
}
"""


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


def _grouped(entries: Sequence[IndexEntry]) -> list[list[IndexEntry]]:
    """The entries of each scope × period together (its languages), in the order first met."""
    groups: dict[tuple[str, str], list[IndexEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.scope, entry.period), []).append(entry)
    return list(groups.values())


@dataclass(frozen=True)
class TrendEntry:
    """One trend report of the batch as the index shows it."""

    scope: str
    first: str  # the first period's name, e.g. "2022-H1"
    last: str
    directory: Path | None  # the trend's folder, None when it has never been rendered
    status: str  # "rendered", "unchanged" or "failed"
    language: str = DEFAULT_LANGUAGE


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


def _link(index_dir: Path, entry: IndexEntry | TrendEntry, name: str, text: str) -> str:
    if entry.directory is None or not (entry.directory / name).is_file():
        return "–"
    relative = (entry.directory / name).relative_to(index_dir).as_posix()
    return f'<a href="{html.escape(quote(relative))}">{text}</a>'


def _spreadsheet_link(index_dir: Path, entry: IndexEntry, language: str = DEFAULT_LANGUAGE) -> str:
    """The link to figures.xlsx beside figures.json's; nothing for a report made before it existed."""
    if entry.directory is None or not (entry.directory / "figures.xlsx").is_file():
        return ""
    return " " + _link(index_dir, entry, "figures.xlsx", html.escape(text_in(SPREADSHEET_LINK, language)))


def _links(index_dir: Path, cell: str, group: list[IndexEntry], several: bool, language: str) -> str:
    """``cell``'s link(s) for a report's languages, each named by its language when there are several.

    ``cell`` is "HTML", "PDF" or "data"; a language whose file is missing shows "–". ``language``
    is the page's.
    """

    def one(entry: IndexEntry, text: str) -> str:
        if cell == "data":
            figures = _link(index_dir, entry, "figures.json", html.escape(text_in(FIGURES_LINK, language)))
            data = figures + _spreadsheet_link(index_dir, entry, language)
            return data if not several else f"{text}: {data}"
        return _link(index_dir, entry, "report.html" if cell == "HTML" else "report.pdf", text)

    if not several:
        return one(group[0], cell)
    separator = "<br>" if cell == "data" else " · "
    return separator.join(one(entry, html.escape(language_name(entry.language))) for entry in group)


def _status(group: list[IndexEntry], several: bool, language: str) -> tuple[str, str]:
    """The status cell's text (HTML) and class: one word, or each language's where they differ."""
    statuses = [entry.status for entry in group]
    worst = next((s for s in ("failed", "rendered", "unchanged") if s in statuses), statuses[0])
    status_class = {"failed": "failed", "unchanged": "skipped"}.get(worst, "")
    words = [text_in(STATUSES.get(status, status), language) for status in statuses]
    if not several or len(set(statuses)) == 1:
        return html.escape(words[0]), status_class
    text = " · ".join(f"{language_name(e.language)}: {word}" for e, word in zip(group, words, strict=True))
    return html.escape(text), status_class


def _scope_name(scope: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The scope as written in the data (any script), its control characters shown, not kept."""
    if scope == ALL_COUNTRIES:
        return text_in(REGIONAL_TITLE, language)
    return shown(country_name(scope, language))


def _period_name(period: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The period as the report's title words it, then as the batch file names it.

    ``2023 | Half year: January–June 2023-H1``: the title's months tell the two halves of a
    year apart; the name is that of the report's folder and of the command line.
    """
    try:
        title = period_title(parse_period(period), language)
    except PeriodError:  # not a period the batch could have run; show it as it was given
        return html.escape(period)
    return f'{html.escape(title)} <span class="code">{html.escape(period)}</span>'


def _cell(figures: dict[str, object], key: str, label: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A headline number in ``language`` with its change against the previous period, if any.

    ``label`` names it where a phone shows the row as a card. The change is hidden when either
    count is (`reactlib.count.comparison.count_change`), as in the report.
    """
    value = figures.get(key)
    shown = "–" if value is None else html.escape(count_text(value, language))  # a suppressed count: its word
    period = figures.get("previous_period")
    if value is not None and isinstance(period, str):
        change = count_change(value, figures.get(f"previous_{key}"))
        template = text_in(CHANGE_NOTE_HIDDEN if change is None else CHANGE_NOTE, language)
        note = template.format(change=change_text(change, language), period=period)
        shown += f' <span class="change">{html.escape(note)}</span>'
    return f'<td class="n" data-label="{html.escape(label)}">{shown}</td>'


def _trends_section(index_dir: Path, trends: Sequence[TrendEntry], language: str) -> str:
    """The batch's trend reports: scope, periods, links and status; nothing when it has none."""
    if not trends:
        return ""

    def _(message: str) -> str:
        return html.escape(text_in(message, language))

    several = len({entry.language for entry in trends}) > 1
    rows = []
    for entry in trends:
        status_class = {"failed": "failed", "unchanged": "skipped"}.get(entry.status, "")
        periods = text_in(TREND_PERIODS, language).format(first=entry.first, last=entry.last)
        if several:
            periods += f" ({language_name(entry.language)})"
        rows.append(
            f"<tr><td>{html.escape(_scope_name(entry.scope, language))}</td>"
            f'<td class="period">{html.escape(periods)}</td>'
            f"<td>{_link(index_dir, entry, 'report.html', 'HTML')}</td>"
            f"<td>{_link(index_dir, entry, 'report.pdf', 'PDF')}</td>"
            f"<td>{_link(index_dir, entry, 'figures.json', _(FIGURES_LINK))}</td>"
            f'<td data-label="{_(COLUMNS[5])}" class="status {status_class}">{_(STATUSES.get(entry.status, entry.status))}</td></tr>'
        )
    scope_h, period_h, report_h, print_h, data_h, status_h = (_(column) for column in COLUMNS)
    return f"""<h2>{_(TRENDS_HEADING)}</h2>
<table>
<thead><tr><th>{scope_h}</th><th>{period_h}</th><th>{report_h}</th><th>{print_h}</th><th>{data_h}</th><th>{status_h}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
"""


def render_index(
    index_dir: Path,
    title: str,
    entries: Sequence[IndexEntry],
    language: str = DEFAULT_LANGUAGE,
    *,
    trends: Sequence[TrendEntry] = (),
    disclosure: dict[str, str] | None = None,
) -> str:
    """The index page for ``entries`` and ``trends``, its words in ``language``; links relative to ``index_dir``.

    One row per scope × period: the languages of a report share it, their links side by side.
    ``disclosure`` is the audit's summary (`disclosure_summary`), shown under the title.
    """
    escape = html.escape

    def _(message: str) -> str:
        return escape(text_in(message, language))

    headlines_in = [(key, _(label)) for key, label in HEADLINES]
    rows = []
    groups = _grouped(entries)
    several = len({entry.language for entry in entries}) > 1
    # The counts are the same in every language: the first language that has them shows them.
    headlines = {
        (group[0].scope, group[0].period): next(filter(None, map(_headlines, group)), None) for group in groups
    }
    for group in groups:
        scope, period = group[0].scope, group[0].period
        figures = headlines[(scope, period)] or {}
        status, status_class = _status(group, several, language)
        rows.append(
            "<tr>"
            f"<td>{escape(_scope_name(scope, language))}</td>"
            f'<td class="period">{_period_name(period, language)}</td>'
            + "".join(_cell(figures, key, label, language) for key, label in headlines_in)
            + f"<td>{_links(index_dir, 'HTML', group, several, language)}</td>"
            f"<td>{_links(index_dir, 'PDF', group, several, language)}</td>"
            f"<td>{_links(index_dir, 'data', group, several, language)}</td>"
            f'<td data-label="{_(COLUMNS[5])}" class="status {status_class}">{status}</td>'
            "</tr>"
        )
    periods = list(dict.fromkeys(e.period for e in entries))
    scopes = list(dict.fromkeys(e.scope for e in entries))
    head = "".join(f'<th class="n" colspan="3">{_period_name(p, language)}</th>' for p in periods)
    subhead = "".join(f'<th class="n">{label}</th>' for p in periods for _key, label in headlines_in)
    comparison = []
    for scope in scopes:
        cells: list[str] = []
        for period in periods:
            figures = headlines.get((scope, period)) or {}
            cells.extend(_cell(figures, key, f"{period} {label}", language) for key, label in headlines_in)
        comparison.append(f"<tr><td>{escape(_scope_name(scope, language))}</td>{''.join(cells)}</tr>")
    scope_h, period_h, report_h, print_h, data_h, status_h = (_(column) for column in COLUMNS)
    clients_h, cases_h, qualified_h = (label for _key, label in headlines_in)
    return f"""<!DOCTYPE html>
<html lang="{escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
{_disclosure_section(disclosure)}<h2>{_(REPORTS_HEADING)}</h2>
<table>
<thead><tr><th>{scope_h}</th><th>{period_h}</th><th class="n">{clients_h}</th><th class="n">{cases_h}</th><th class="n">{qualified_h}</th><th>{report_h}</th><th>{print_h}</th><th>{data_h}</th><th>{status_h}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>{_(COMPARISON_HEADING)}</h2>
<table>
<thead><tr><th rowspan="2">{scope_h}</th>{head}</tr><tr>{subhead}</tr></thead>
<tbody>
{chr(10).join(comparison)}
</tbody></table>
{_trends_section(index_dir, trends, language)}</main>
</body>
</html>
"""


def _disclosure_section(disclosure: dict[str, str] | None) -> str:
    """The hook for the audit's summary: nothing without min_cell."""
    if disclosure is None:
        return ""
    return (
        f'<section class="disclosure"><h2>{html.escape(disclosure["heading"])}</h2>'
        f"<p>{html.escape(disclosure['sentence'])}</p></section>\n"
    )


def write_index(
    index_dir: Path,
    title: str,
    entries: Sequence[IndexEntry],
    language: str = DEFAULT_LANGUAGE,
    *,
    trends: Sequence[TrendEntry] = (),
    disclosure: dict[str, str] | None = None,
) -> Path:
    """Write ``index.html`` atomically (a reader never sees half a page), its words in ``language``."""
    path = index_dir / "index.html"
    staging = path.with_name(".index.html.tmp")
    try:
        page = render_index(index_dir, title, entries, language, trends=trends, disclosure=disclosure)
        staging.write_text(page, encoding="utf-8")
        staging.replace(path)
    except BaseException:  # a full disk: no half-written page left beside the index
        staging.unlink(missing_ok=True)
        raise
    return path
