"""The two parts of a report page that are not in its notebook: the contents and the `<5` note.

The rest of the report is the notebook (``notebooks/country_report.ipynb``): its markdown cells
hold the fixed texts, and `reactlib.report.text` fills in what varies. The table of contents is
added to the page after export, from its section headings (`reactlib.render.html.with_contents`).
All text that is not a literal of this module goes through `html.escape`; the words are in the
report's language (`reactlib.report.language.package_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from reactlib.report import texts
from reactlib.report.language import package_text

if TYPE_CHECKING:  # an annotation only: the HTML export, which imports this module, needs no pandas
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
        f'<p class="contents-heading" id="{CONTENTS_ID}">{_e(package_text(texts.CONTENTS_HEADING))}</p>'
        f"<ol>{links}</ol></nav>"
    )


def suppression_note(figures: ReportFigures) -> str:
    """Explains ``<5`` when small-cell suppression is on; nothing otherwise."""
    if not figures.min_cell:
        return ""
    note = package_text(texts.SUPPRESSION_NOTE).format(below=figures.min_cell - 1, min_cell=figures.min_cell)
    return f'<p class="suppression-note">{_e(note)}</p>'
