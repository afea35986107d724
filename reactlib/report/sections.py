"""The HTML of each part of the country report, built from reactlib's figures and fixed texts.

Every function returns a fragment of HTML for the notebook to display. All text that is not a
literal of this module — labels, country names, notes, parameters — goes through `html.escape`,
so a country called ``<script>`` prints as text and never becomes markup.

Each chart comes with its numbers as text: a caption stating unit and n and a compact table of
every category (zeros included), so the figures can be read, searched, copied and checked
without looking at the image.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from html import escape

from reactlib.contract.categories import REPORT_GROUP_SENTENCES
from reactlib.count.aggregate import Chart
from reactlib.count.figures import ReportFigures, Shown
from reactlib.count.quality import RowAccounting
from reactlib.report import texts
from reactlib.report.charts import ChartImage, ValueKind, render_chart
from reactlib.report.formatting import count_text, is_suppressed, percent_text
from reactlib.report.provenance import Provenance

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RANGE = re.compile(r"\w+–\w+")
#: The id of the table of contents' label; no section's anchor may take it.
CONTENTS_ID = "contents"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _paragraphs(paragraphs: Iterable[str], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return "".join(f"<p{attribute}>{_e(text)}</p>" for text in paragraphs)


def _linked(text: str) -> str:
    """Escaped ``text`` with each e-mail address made a mailto link."""
    parts, last = [], 0
    for match in _EMAIL.finditer(text):
        address = match.group(0)
        parts += [_e(text[last : match.start()]), f'<a href="mailto:{_e(address)}">{_e(address)}</a>']
        last = match.end()
    return "".join(parts) + _e(text[last:])


# Title, contact, headline counters ---------------------------------------------------------------


def title(figures: ReportFigures, contact: str) -> str:
    """The report title and the contact line for more detailed statistics."""
    return (
        f'<header class="report-title"><h1>{_unbroken_ranges(_e(figures.title))}</h1>'
        f"{contact_line(contact)}</header>"
    )


def _unbroken_ranges(text: str) -> str:
    """``text`` with each range like ``January–June`` kept on one line.

    A browser may break a line after an en dash, which splits a long title's months in two
    ("January–" / "June") in print and in the PDF's text.
    """
    return _RANGE.sub(lambda match: f'<span class="nobreak">{match[0]}</span>', text)


def contents(headings: Iterable[tuple[str, str]]) -> str:
    """The table of contents: a link to each section, given as ``(anchor id, heading text)``.

    Its label is not a heading, so that the headings (and the PDF's bookmarks made from them)
    stay the report's own sections.
    """
    links = "".join(f'<li><a href="#{_e(anchor)}">{_e(text)}</a></li>' for anchor, text in headings)
    return (
        f'<nav class="contents" aria-labelledby="{CONTENTS_ID}">'
        f'<p class="contents-heading" id="{CONTENTS_ID}">{_e(texts.CONTENTS_HEADING)}</p>'
        f"<ol>{links}</ol></nav>"
    )


def contact_line(contact: str) -> str:
    """The contact line, with its e-mail address as a link; nothing when the line is empty."""
    return f'<p class="contact">{_linked(contact)}</p>' if contact.strip() else ""


def counters(figures: ReportFigures) -> str:
    """Clients, cases, and cases qualified as human-rights violations."""
    values = {"clients": figures.clients, "cases": figures.cases, "qualified": figures.qualified}
    items = "".join(
        f"<div><dt>{_e(texts.HEADLINE_LABELS[key])}</dt><dd>{_e(count_text(value))}</dd></div>"
        for key, value in values.items()
    )
    return f'<dl class="counters">{items}</dl>{suppression_note(figures)}'


def suppression_note(figures: ReportFigures) -> str:
    """Explains ``<5`` when small-cell suppression is on; nothing otherwise."""
    if not figures.min_cell:
        return ""
    note = texts.SUPPRESSION_NOTE.format(below=figures.min_cell - 1, min_cell=figures.min_cell)
    return f'<p class="suppression-note">{_e(note)}</p>'


# Charts ------------------------------------------------------------------------------------------


def chart(chart_figures: Chart, name: str, kind: ValueKind = "percent", cases: Shown | None = None) -> str:
    """One chart: title, image with alt text, caption with unit and n, and its data table.

    Parameters
    ----------
    chart_figures
        The chart's figures.
    name
        Key of its title and caption in `reactlib.report.texts` (e.g. ``"gender"``).
    kind
        Whether the bars show percentages or counts.
    cases
        The report group's cases, for the perpetrators caption.
    """
    heading = texts.CHART_TITLES[name]
    caption = texts.CHART_CAPTIONS[name].format(n=count_text(chart_figures.n), cases=cases)
    image = render_chart(chart_figures, heading, kind)
    if image is None:
        body = f'<p class="empty-chart">{_e(texts.EMPTY_CHART)}</p>'
    else:
        body = (
            f"<figure>{_img(image)}"
            f"<figcaption>{_e(caption)}</figcaption></figure>{_data_table(chart_figures)}"
        )
    return f'<section class="chart"><h3 class="chart-title">{_e(heading)}</h3>{body}</section>'


def _img(image: ChartImage) -> str:
    data = base64.b64encode(image.svg).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{_e(image.alt)}" '
        f'width="{image.width}" height="{image.height}">'
    )


def _data_table(chart_figures: Chart) -> str:
    header = "".join(f'<th scope="col">{_e(text)}</th>' for text in texts.DATA_TABLE_HEADERS)
    rows = "".join(
        f'<tr><th scope="row">{_e(row.label)}</th><td>{_e(count_text(row.count))}</td>'
        f"<td>{_e('–' if is_suppressed(row.count) else percent_text(row.percent))}</td></tr>"
        for row in chart_figures.items.itertuples(index=False)
    )
    return f'<table class="chart-data"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'


def overview(figures: ReportFigures) -> str:
    """Charts 1–3 of the first page: key populations (counts), gender and age groups (%)."""
    return (
        chart(figures.charts["key_populations"], "key_populations", "count")
        + chart(figures.charts["gender"], "gender")
        + chart(figures.charts["age_groups"], "age_groups")
    )


# Report-group sections --------------------------------------------------------------------------


def group(figures: ReportFigures, code: str, notes: Mapping[str, str] | None = None) -> str:
    """One report group: the "Registered N cases" sentence, the notes, the perpetrators chart.

    Parameters
    ----------
    figures
        The report's figures.
    code
        The report group (see `reactlib.contract.categories.REPORT_GROUPS`).
    notes
        Country-specific paragraphs by report-group code; the one for ``code`` is printed
        after the fixed note.
    """
    group_figures = figures.groups[code]
    sentence = REPORT_GROUP_SENTENCES[code].format(n=count_text(group_figures.cases))
    note = (notes or {}).get(code, "")
    country_note = _paragraphs([note], "group-note") if note.strip() else ""
    return (
        f'<p class="registered">{_e(sentence)}</p>'
        f'<div class="note"><p class="note-heading">{_e(texts.NOTE_HEADING)}</p>'
        f"{_paragraphs(texts.GROUP_NOTE)}</div>{country_note}"
        + chart(group_figures.perpetrators, "perpetrators", cases=count_text(group_figures.cases))
    )


# Services, reaction status, violations ------------------------------------------------------------


def services(figures: ReportFigures) -> str:
    """The services paragraph and the charts of services provided, referred and unavailable."""
    names = ("services_provided", "services_referred", "services_unavailable")
    return _paragraphs([texts.SERVICES_PARAGRAPH]) + "".join(
        chart(figures.charts[name], name) for name in names
    )


def _definition(term: str, meaning: str) -> str:
    return f"<p><strong>{_e(term)}</strong> – {_e(meaning)}</p>"


def reaction_status(figures: ReportFigures) -> str:
    """What each reaction status means, then the status and refusal-reason charts."""
    definitions = "".join(_definition(*pair) for pair in texts.REACTION_STATUS_DEFINITIONS)
    return (
        f"{_definition(*texts.REACTION_STATUS_INTRO)}"
        f'<div class="definitions">{definitions}</div>'
        + chart(figures.charts["reaction_status"], "reaction_status")
        + chart(figures.charts["refusal_reasons"], "refusal_reasons")
    )


def violations(figures: ReportFigures) -> str:
    """The chart of violation types."""
    return chart(figures.charts["violations"], "violations")


# Appendix ---------------------------------------------------------------------------------------


def data_quality(accounting: RowAccounting, figures: ReportFigures) -> str:
    """Every input row, by what happened to it, with the period's dates."""
    period = figures.period
    rows = "".join(
        f'<tr><th scope="row">{_e(texts.ROW_ACCOUNTING_LABELS[name])}</th>'
        f"<td>{_e(count_text(value))}</td></tr>"
        for name, value in accounting.parts().items()
    )
    total = (
        f'<tr class="total"><th scope="row">{_e(texts.ROW_ACCOUNTING_LABELS["total"])}</th>'
        f"<td>{_e(count_text(accounting.total))}</td></tr>"
    )
    scope_text = f"Scope: {figures.scope}; period {period.name}, {period.start} to {period.end}."
    return (
        _paragraphs([texts.DATA_QUALITY_INTRO, scope_text])
        + f'<table class="accounting"><tbody>{rows}{total}</tbody></table>'
    )


def provenance(record: Provenance) -> str:
    """The data file and its SHA-256, the parameters, the package and the render date."""
    labels = texts.PROVENANCE_LABELS
    parameters = "".join(
        f"<tr><th scope=\"row\">{_e(name)}</th><td>{_e(value)}</td></tr>"
        for name, value in record.parameters
    )
    entries = {
        "data_file": _e(record.data_file),
        "data_sha256": f"<code>{_e(record.data_sha256)}</code>",
        "parameters": f'<table class="parameters"><tbody>{parameters}</tbody></table>',
        "package_version": _e(record.package_version),
        "git_commit": f"<code>{_e(record.git_commit)}</code>",
        "render_date": _e(record.render_date.isoformat()),
    }
    items = "".join(
        f"<div><dt>{_e(labels[key])}</dt><dd>{value}</dd></div>" for key, value in entries.items()
    )
    return _paragraphs([texts.PROVENANCE_INTRO]) + f'<dl class="provenance">{items}</dl>'
