"""The two parts of a report page that are not in its notebook: the contents and the suppression note.

The rest of the report is the notebook (``notebooks/country_report.ipynb``): its markdown cells
hold the fixed texts, and `reactlib.report.phrases` fills in what varies. The table of contents is
added to the page after export, from its section headings (`reactlib.render.html.with_contents`).
All text that is not a literal of this module goes through `html.escape`; the words are in the
report's language (`reactlib.report.language.package_text`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from reactlib.count.min_cell import SUPPRESSED
from reactlib.language.messages import text_in
from reactlib.report import fixed_words
from reactlib.report.formatting import count_text
from reactlib.report.language import active_language, package_text

if TYPE_CHECKING:  # annotations only: the HTML export, which imports this module, needs no pandas
    from reactlib.count.audit import AuditSummary
    from reactlib.count.figures import ReportFigures

#: The id of the table of contents' label; no section's anchor may take it.
CONTENTS_ID = "contents"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def contents(headings: Iterable[tuple[str, str]]) -> str:
    """The table of contents: a link to each section, given as ``(anchor id, heading text)``.

    Its label is not a heading, so that the headings (and the PDF's bookmarks made from them)
    stay the report's own sections.
    """
    links = "".join(f'<li><a href="#{_e(anchor)}">{_e(text)}</a></li>' for anchor, text in headings)
    return (
        f'<nav class="contents" aria-labelledby="{CONTENTS_ID}">'
        f'<p class="contents-heading" id="{CONTENTS_ID}">{_e(package_text(fixed_words.CONTENTS_HEADING))}</p>'
        f"<ol>{links}</ol></nav>"
    )


def suppression_note(figures: ReportFigures) -> str:
    """Explains suppressed counts, and what the audit of the publication found, when min_cell is on."""
    if not figures.min_cell:
        return ""
    note = package_text(fixed_words.SUPPRESSION_NOTE).format(below=figures.min_cell - 1, mark=count_text(SUPPRESSED))
    if figures.disclosure is not None:
        note += " " + audit_sentence(figures.disclosure)
    return f'<p class="suppression-note">{_e(note)}</p>'


def audit_sentence(summary: AuditSummary, language: str | None = None) -> str:
    """What the audit of a publication found, in a sentence (the report's language by default)."""
    language = language or active_language()
    unbounded = math.isinf(summary.narrowest)
    template = text_in(fixed_words.AUDIT_NOTE_UNBOUNDED if unbounded else fixed_words.AUDIT_NOTE, language)
    return template.format(
        relations=count_text(summary.relations, language),
        suppressed=count_text(summary.suppressed, language),
        min_cell=count_text(summary.min_cell, language),
        narrowest="" if unbounded else count_text(int(summary.narrowest), language),
    )
