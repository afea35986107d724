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

from reactlib.periods import ALL_COUNTRIES, REGIONAL_TITLE

HEADLINES = (("clients", "Clients"), ("cases", "Cases"), ("qualified", "Qualified"))

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 1.5rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1f2933; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { border-bottom: 1px solid #d5dbe1; padding: 0.35rem 0.6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.failed { color: #b42318; font-weight: bold; } .skipped { color: #52606d; }
"""


@dataclass(frozen=True)
class IndexEntry:
    """One report of the batch as the index shows it."""

    scope: str
    period: str
    directory: Path | None  # the report's folder, None when it has never been rendered
    status: str  # "rendered", "unchanged" or "failed"


def _headlines(entry: IndexEntry) -> dict[str, object] | None:
    if entry.directory is None or not (entry.directory / "figures.json").is_file():
        return None
    figures = json.loads((entry.directory / "figures.json").read_text(encoding="utf-8"))
    return {key: figures.get(key) for key, _ in HEADLINES} | {"title": figures.get("title")}


def _link(index_dir: Path, entry: IndexEntry, name: str, text: str) -> str:
    if entry.directory is None or not (entry.directory / name).is_file():
        return "–"
    relative = (entry.directory / name).relative_to(index_dir).as_posix()
    return f'<a href="{html.escape(quote(relative))}">{text}</a>'


def _scope_name(scope: str) -> str:
    return REGIONAL_TITLE if scope == ALL_COUNTRIES else scope


def _cell(value: object) -> str:
    return f'<td class="n">{"–" if value is None else html.escape(str(value))}</td>'


def render_index(index_dir: Path, title: str, entries: Sequence[IndexEntry]) -> str:
    """The index page for ``entries``; links are relative to ``index_dir``."""
    escape = html.escape
    rows = []
    headlines = {(e.scope, e.period): _headlines(e) for e in entries}
    for entry in entries:
        figures = headlines[(entry.scope, entry.period)] or {}
        status_class = {"failed": "failed", "unchanged": "skipped"}.get(entry.status, "")
        rows.append(
            "<tr>"
            f"<td>{escape(_scope_name(entry.scope))}</td><td>{escape(entry.period)}</td>"
            + "".join(_cell(figures.get(key)) for key, _ in HEADLINES)
            + f"<td>{_link(index_dir, entry, 'report.html', 'HTML')}</td>"
            f"<td>{_link(index_dir, entry, 'report.pdf', 'PDF')}</td>"
            f"<td>{_link(index_dir, entry, 'figures.json', 'figures')}</td>"
            f'<td class="{status_class}">{escape(entry.status)}</td>'
            "</tr>"
        )
    periods = list(dict.fromkeys(e.period for e in entries))
    scopes = list(dict.fromkeys(e.scope for e in entries))
    head = "".join(f'<th class="n" colspan="3">{escape(p)}</th>' for p in periods)
    subhead = "".join(f'<th class="n">{label}</th>' for p in periods for _, label in HEADLINES)
    comparison = []
    for scope in scopes:
        cells = []
        for period in periods:
            figures = headlines.get((scope, period)) or {}
            cells.extend(_cell(figures.get(key)) for key, _ in HEADLINES)
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
<h1>{escape(title)}</h1>
<h2>Reports</h2>
<div class="scroll"><table>
<thead><tr><th>Scope</th><th>Period</th><th class="n">Clients</th><th class="n">Cases</th><th class="n">Qualified</th><th>Report</th><th>Print</th><th>Data</th><th>Status</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></div>
<h2>Headline figures by period</h2>
<div class="scroll"><table>
<thead><tr><th rowspan="2">Scope</th>{head}</tr><tr>{subhead}</tr></thead>
<tbody>
{chr(10).join(comparison)}
</tbody></table></div>
</body>
</html>
"""


def write_index(index_dir: Path, title: str, entries: Sequence[IndexEntry]) -> Path:
    """Write ``index.html`` atomically (a reader never sees half a page)."""
    path = index_dir / "index.html"
    staging = path.with_name(".index.html.tmp")
    try:
        staging.write_text(render_index(index_dir, title, entries), encoding="utf-8")
        staging.replace(path)
    except BaseException:  # a full disk: no half-written page left beside the index
        staging.unlink(missing_ok=True)
        raise
    return path
