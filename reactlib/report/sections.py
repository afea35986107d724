"""The two parts of a report page that are not in its notebook: the contents and the suppression note.

The rest of the report is the notebook (``notebooks/country_report.ipynb``): its markdown cells
hold the fixed texts, and `reactlib.report.phrases` fills in what varies. The table of contents is
added to the page after export, from its section headings (`reactlib.render.html.with_contents`).
Both are written by the report's template (`reactlib.report.markup`), which escapes every value,
in the language they are given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

from reactlib.count.min_cell import SUPPRESSED
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import count_text
from reactlib.language.messages import text_in
from reactlib.report import fixed_words
from reactlib.report.markup import part

if TYPE_CHECKING:  # annotations only: the HTML export, which imports this module, needs no pandas
    from reactlib.count.audit import AuditSummary
    from reactlib.count.figures import ReportFigures

#: The id of the table of contents' label; no section's anchor may take it.
CONTENTS_ID = "contents"


def contents(headings: Iterable[tuple[str, str]], language: str = DEFAULT_LANGUAGE) -> Markup:
    """The table of contents: a link to each section, given as ``(anchor id, heading text)``.

    Its label is not a heading, so that the headings (and the PDF's bookmarks made from them)
    stay the report's own sections.
    """
    return part("contents", CONTENTS_ID, text_in(fixed_words.CONTENTS_HEADING, language), list(headings))


def suppression_note(figures: ReportFigures, language: str = DEFAULT_LANGUAGE) -> Markup:
    """Explains suppressed counts, and what the audit of the publication found, when min_cell is on."""
    if not figures.min_cell:
        return Markup("")
    mark = count_text(SUPPRESSED, language)
    note = text_in(fixed_words.SUPPRESSION_NOTE, language).format(below=figures.min_cell - 1, mark=mark)
    if figures.disclosure is not None:
        note += " " + audit_sentence(figures.disclosure, language)
    return part("paragraph", note, "suppression-note")


def audit_sentence(summary: AuditSummary, language: str = DEFAULT_LANGUAGE) -> str:
    """What the audit of a publication found, in a sentence in ``language``."""
    unbounded = math.isinf(summary.narrowest)
    template = text_in(fixed_words.AUDIT_NOTE_UNBOUNDED if unbounded else fixed_words.AUDIT_NOTE, language)
    return template.format(
        relations=count_text(summary.relations, language),
        suppressed=count_text(summary.suppressed, language),
        min_cell=count_text(summary.min_cell, language),
        narrowest="" if unbounded else count_text(int(summary.narrowest), language),
    )
