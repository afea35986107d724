"""``outputs/index.html``: one offline page listing a batch's reports and comparing their headlines.

The page is built from each report's figures.json, never from the case data, so it can hold
nothing that the reports do not already publish.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from reactlib.count.periods import (
    ALL_COUNTRIES,
    REGIONAL_TITLE,
    PeriodError,
    parse_period,
)
from reactlib.terminal import shown

HEADLINES = (("clients", "Clients"), ("cases", "Cases"), ("qualified", "Qualified"))

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1f2933; line-height: 1.4;
       font-variant-ligatures: none; }
main { margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; overflow-wrap: anywhere; } h2 { font-size: 1.25rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { border-bottom: 1px solid #d5dbe1; padding: 0.35rem 0.6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
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
  td.period, td[data-label="Status"] { grid-column: 1 / -1; }
  td[data-label]::before { content: attr(data-label); display: block; font-size: .8rem;
                           color: #52606d; font-weight: normal; }
  td[data-label="Status"]::before { display: inline; margin-right: .4rem; }
}
"""


@dataclass(frozen=True)
class IndexEntry:
    """One report of the batch as the index shows it."""

    scope: str
    period: str
    directory: Path | None  # the report's folder, None when it has never been rendered
    status: str  # "rendered", "unchanged" or "failed"


@dataclass(frozen=True)
class TrendEntry:
    """One trend report of the batch as the index shows it."""

    scope: str
    first: str  # the first period's name, e.g. "2022-H1"
    last: str
    directory: Path | None  # the trend's folder, None when it has never been rendered
    status: str  # "rendered", "unchanged" or "failed"


def _headlines(entry: IndexEntry) -> dict[str, object] | None:
    if entry.directory is None or not (entry.directory / "figures.json").is_file():
        return None
    figures = json.loads((entry.directory / "figures.json").read_text(encoding="utf-8"))
    return {key: figures.get(key) for key, _ in HEADLINES} | {"title": figures.get("title")}


def _link(index_dir: Path, entry: IndexEntry | TrendEntry, name: str, text: str) -> str:
    if entry.directory is None or not (entry.directory / name).is_file():
        return "–"
    relative = (entry.directory / name).relative_to(index_dir).as_posix()
    return f'<a href="{html.escape(quote(relative))}">{text}</a>'


def _spreadsheet_link(index_dir: Path, entry: IndexEntry) -> str:
    """The link to figures.xlsx beside figures.json's; nothing for a report made before it existed."""
    if entry.directory is None or not (entry.directory / "figures.xlsx").is_file():
        return ""
    return " " + _link(index_dir, entry, "figures.xlsx", "spreadsheet")


def _scope_name(scope: str) -> str:
    """The scope as written in the data (any script), its control characters shown, not kept."""
    return REGIONAL_TITLE if scope == ALL_COUNTRIES else shown(scope)


def _period_name(period: str) -> str:
    """The period as the report's title words it, then as the batch file names it.

    ``2023 | Half year: January–June 2023-H1``: the title's months tell the two halves of a
    year apart; the name is that of the report's folder and of the command line.
    """
    try:
        title = parse_period(period).title
    except PeriodError:  # not a period the batch could have run; show it as it was given
        return html.escape(period)
    return f'{html.escape(title)} <span class="code">{html.escape(period)}</span>'


def _cell(value: object, label: str) -> str:
    """A headline number; ``label`` names it where a phone shows the row as a card."""
    shown = "–" if value is None else html.escape(str(value))
    return f'<td class="n" data-label="{html.escape(label)}">{shown}</td>'


def _trends_section(index_dir: Path, trends: Sequence[TrendEntry]) -> str:
    """The batch's trend reports: scope, periods, links and status; nothing when it has none."""
    if not trends:
        return ""
    rows = []
    for entry in trends:
        status_class = {"failed": "failed", "unchanged": "skipped"}.get(entry.status, "")
        rows.append(
            f"<tr><td>{html.escape(_scope_name(entry.scope))}</td>"
            f'<td class="period">{html.escape(entry.first)} to {html.escape(entry.last)}</td>'
            f"<td>{_link(index_dir, entry, 'report.html', 'HTML')}</td>"
            f"<td>{_link(index_dir, entry, 'report.pdf', 'PDF')}</td>"
            f"<td>{_link(index_dir, entry, 'figures.json', 'figures')}</td>"
            f'<td data-label="Status" class="{status_class}">{html.escape(entry.status)}</td></tr>'
        )
    return f"""<h2>Trends</h2>
<table>
<thead><tr><th>Scope</th><th>Periods</th><th>Report</th><th>Print</th><th>Data</th><th>Status</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
"""


def render_index(
    index_dir: Path, title: str, entries: Sequence[IndexEntry], *, trends: Sequence[TrendEntry] = ()
) -> str:
    """The index page for ``entries`` and ``trends``; links are relative to ``index_dir``."""
    escape = html.escape
    rows = []
    headlines = {(e.scope, e.period): _headlines(e) for e in entries}
    for entry in entries:
        figures = headlines[(entry.scope, entry.period)] or {}
        status_class = {"failed": "failed", "unchanged": "skipped"}.get(entry.status, "")
        rows.append(
            "<tr>"
            f'<td>{escape(_scope_name(entry.scope))}</td><td class="period">{_period_name(entry.period)}</td>'
            + "".join(_cell(figures.get(key), label) for key, label in HEADLINES)
            + f"<td>{_link(index_dir, entry, 'report.html', 'HTML')}</td>"
            f"<td>{_link(index_dir, entry, 'report.pdf', 'PDF')}</td>"
            f"<td>{_link(index_dir, entry, 'figures.json', 'figures')}{_spreadsheet_link(index_dir, entry)}</td>"
            f'<td data-label="Status" class="{status_class}">{escape(entry.status)}</td>'
            "</tr>"
        )
    periods = list(dict.fromkeys(e.period for e in entries))
    scopes = list(dict.fromkeys(e.scope for e in entries))
    head = "".join(f'<th class="n" colspan="3">{_period_name(p)}</th>' for p in periods)
    subhead = "".join(f'<th class="n">{label}</th>' for p in periods for _, label in HEADLINES)
    comparison = []
    for scope in scopes:
        cells: list[str] = []
        for period in periods:
            figures = headlines.get((scope, period)) or {}
            cells.extend(_cell(figures.get(key), f"{period} {label}") for key, label in HEADLINES)
        comparison.append(f"<tr><td>{escape(_scope_name(scope))}</td>{''.join(cells)}</tr>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<h2>Reports</h2>
<table>
<thead><tr><th>Scope</th><th>Period</th><th class="n">Clients</th><th class="n">Cases</th><th class="n">Qualified</th><th>Report</th><th>Print</th><th>Data</th><th>Status</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>Headline figures by period</h2>
<table>
<thead><tr><th rowspan="2">Scope</th>{head}</tr><tr>{subhead}</tr></thead>
<tbody>
{chr(10).join(comparison)}
</tbody></table>
{_trends_section(index_dir, trends)}</main>
</body>
</html>
"""


def write_index(
    index_dir: Path, title: str, entries: Sequence[IndexEntry], *, trends: Sequence[TrendEntry] = ()
) -> Path:
    """Write ``index.html`` atomically (a reader never sees half a page)."""
    path = index_dir / "index.html"
    staging = path.with_name(".index.html.tmp")
    try:
        staging.write_text(render_index(index_dir, title, entries, trends=trends), encoding="utf-8")
        staging.replace(path)
    except BaseException:  # a full disk: no half-written page left beside the index
        staging.unlink(missing_ok=True)
        raise
    return path
