"""The report's parts that are not charts, as small objects a notebook cell ends with.

Each function returns an `reactlib.report.markup.HtmlBlock`: a notebook shows it (and so the
reviewers' page prints it) as the HTML of the report's template, with every value escaped. A
notebook's code cells write no HTML: the title, the headline counters, a paragraph, the data
quality appendix and the provenance list are each one call.

Examples
--------
>>> paragraph("5 < 7", "registered")
<paragraph>
>>> paragraph("5 < 7", "registered")._repr_html_()
'<p class="registered">5 &lt; 7</p>'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from reactlib.count.cells import HEADLINES
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.messages import text_in
from reactlib.report import fixed_words
from reactlib.report.comparison_text import change_notes, no_previous_line
from reactlib.report.markup import HtmlBlock, part
from reactlib.report.phrases import accounting_table, contact_line, local, row_table
from reactlib.report.sections import suppression_note

if TYPE_CHECKING:
    from reactlib.count.figures import ReportFigures
    from reactlib.count.quality import RowAccounting
    from reactlib.report.provenance import Provenance

__all__ = [
    "closing_contact",
    "country_note",
    "data_quality",
    "download_links",
    "heading",
    "headline_counters",
    "paragraph",
    "provenance_list",
    "suppression_note",
    "title_block",
]


def title_block(title: str | Markup, contact: str = "", note: str | Markup = "") -> HtmlBlock:
    """The report's title (``<h1>``) and contact line in its header, and ``note`` after it."""
    return HtmlBlock(part("title_block", title, contact_line(contact), note), "title")


def headline_counters(figures: ReportFigures, language: str = DEFAULT_LANGUAGE) -> HtmlBlock:
    """Clients, cases and qualified cases, each with its change since the previous period.

    Then the line saying the previous period is not in the data, and the note on suppressed
    counts, where they apply; all in ``language``.
    """
    changes = change_notes(figures, language)
    entries = [
        (text_in(fixed_words.HEADLINE_LABELS[name], language), local(getattr(figures, name), language), changes[name])
        for name in HEADLINES
    ]
    line = no_previous_line(figures, language)
    after = (part("paragraph", line, "no-previous") if line else Markup("")) + suppression_note(figures, language)
    return HtmlBlock(part("counters", entries, after), "headline counters")


def paragraph(text: str | Markup, css_class: str = "") -> HtmlBlock:
    """``text`` (a `reactlib.report.phrases.phrase`, or text to escape) as a paragraph of ``css_class``."""
    return HtmlBlock(part("paragraph", text, css_class), "paragraph")


def heading(text: str) -> HtmlBlock:
    """A section heading (``<h2>``) written by code, for a section only some reports have."""
    return HtmlBlock(part("heading", text), f"heading: {text}")


def closing_contact(contact: str) -> HtmlBlock:
    """The contact line once more, at the end of the report; empty when there is none."""
    return HtmlBlock(contact_line(contact), "contact line")


def country_note(notes: Mapping[str, str] | None, code: str) -> HtmlBlock | None:
    """The country's note on report group ``code``, if the settings give one."""
    note = (notes or {}).get(code, "")
    return HtmlBlock(part("paragraph", note, "group-note"), "country note") if note.strip() else None


def download_links(downloads: Iterable[str] = (), language: str = DEFAULT_LANGUAGE) -> HtmlBlock | None:
    """The line "Download the figures" with a link to each figures file the reader can reach; None for none.

    ``downloads`` are the files a render publishes beside the page (`ReportData.downloads`,
    handed to the kernel); a notebook run on its own, as in JupyterLab, links those beside it
    (the folder it runs in), so a link always reaches its file and no line is shown without one.

    >>> download_links() is None  # no figures file in the folder the doctests run in
    True
    >>> download_links(["figures.json"])._repr_html_()
    '<p class="downloads">Download the figures: <a href="figures.json">figures.json</a></p>'
    """
    published = set(downloads)
    names = [name for name in fixed_words.FIGURES_FILES if name in published or Path(name).is_file()]
    if not names:
        return None
    spreadsheet = text_in(fixed_words.SPREADSHEET, language)
    links = part("file_links", [(name, spreadsheet if name.endswith(".xlsx") else "") for name in names])
    line = Markup(escape(text_in(fixed_words.DOWNLOAD_LINE, language))).format(links=links)
    return HtmlBlock(part("paragraph", line, "downloads"), "download links")


def data_quality(sentence: str | Markup, accounting: RowAccounting, language: str = DEFAULT_LANGUAGE) -> HtmlBlock:
    """``sentence`` (what the report covers) as a paragraph, then every row of the data file by its fate."""
    table = accounting_table(accounting, language)
    return HtmlBlock(part("paragraph", sentence, "") + table, "data quality")


def provenance_list(provenance: Provenance, language: str = DEFAULT_LANGUAGE) -> HtmlBlock:
    """What the report was made from (`reactlib.report.provenance.Provenance`), as a list of labelled values."""
    labels = {name: text_in(label, language) for name, label in fixed_words.PROVENANCE_LABELS.items()}
    rows = [
        (labels["data_file"], provenance.data_file, False),
        (labels["data_sha256"], provenance.data_sha256, True),
        (labels["parameters"], row_table(provenance.parameters, "parameters"), False),
        (labels["package_version"], provenance.package_version, False),
        (labels["git_commit"], provenance.git_commit, True),
        (labels["render_date"], provenance.render_date.isoformat(), False),
    ]
    return HtmlBlock(part("description_list", "provenance", rows), "provenance")
