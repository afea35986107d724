"""The reviewers' HTML: the executed notebook's outputs only, in one self-contained page.

Left out: code, prompts, the parameters cells, cells tagged ``remove-cell`` and any stream or
error output (warnings belong in the executed notebook, not in a published page). The page's
``<title>`` is the report's title, not the notebook's file name, and nothing in it loads from
the network: the template under ``reactlib/templates/reactlib`` replaces the lab template's head.
The page opens with a table of contents that links to each section heading (`with_contents`).
"""

from __future__ import annotations

import copy
import functools
import html
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from markupsafe import Markup
from nbconvert import TemplateExporter
from nbconvert.filters import Highlight2HTML
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from traitlets import default
from traitlets.config import Config

from reactlib.language import DEFAULT_LANGUAGE, check_language
from reactlib.report import sections
from reactlib.report.markup import part

TEMPLATE_NAME = "reactlib"
#: Cells with one of these tags never reach the reviewers' copy.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})
#: The outputs a reviewer sees; streams (stdout, warnings) and errors stay in the notebook.
SHOWN_OUTPUTS = frozenset({"display_data", "execute_result"})
#: A section heading as nbconvert writes a markdown cell's ``## heading`` without anchor links.
_SECTION_HEADING = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
#: Where the table of contents goes: after the title block (the notebook's ``<header>``), else at
#: the top of the page's content.
_AFTER_TITLE = ("</header>", "<main>")


def templates_dir() -> Path:
    """Where reactlib's nbconvert templates are installed."""
    return Path(str(files("reactlib") / "templates"))


def reviewer_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A notebook with only what the reviewers' copy shows; ``notebook`` itself is left as it is.

    Its cells and outputs are ``notebook``'s own, not copies: nbconvert copies what it exports
    before it changes anything, so a second copy here would only cost time (a tenth of an export).
    """
    cells = []
    for cell in notebook.cells:
        if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "code":
            outputs = [out for out in cell.outputs if out.output_type in SHOWN_OUTPUTS]
            if not outputs:
                continue
            cell = nbformat.NotebookNode({**cell, "outputs": outputs})
        cells.append(cell)
    return nbformat.NotebookNode({**notebook, "metadata": copy.deepcopy(notebook.metadata), "cells": cells})


def to_html(notebook: nbformat.NotebookNode, title: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Export an executed report notebook as the reviewers' HTML page titled ``title``.

    ``language`` is the report's: the page's ``<html lang>`` and the table of contents' label.
    """
    shown = reviewer_notebook(notebook)
    shown.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(shown, resources=page_resources(language))
    return with_contents(body, language)


def with_contents(page: str, language: str = DEFAULT_LANGUAGE) -> str:
    """``page`` with an anchor on each section heading and a table of contents after its title.

    The table of contents' label is in ``language``, the report's.

    The anchors are made from the headings' words ("People living with HIV" →
    ``people-living-with-hiv``), so a report keeps its links from one render to the next and a
    link to a section stays valid for as long as the section keeps its name.

    >>> page = with_contents(
    ...     "<main><header><h1>T</h1></header><h2>Sex &amp; work</h2><h2>Sex &amp; work</h2></main>"
    ... )
    >>> re.findall(r'<h2 id="[^"]*"', page)
    ['<h2 id="sex-work"', '<h2 id="sex-work-2"']
    >>> re.findall(r'<a href="[^"]*">[^<]*</a>', page)
    ['<a href="#sex-work">Sex &amp; work</a>', '<a href="#sex-work-2">Sex &amp; work</a>']
    >>> page.index("</header><nav") > 0
    True
    """
    taken = {sections.CONTENTS_ID}
    headings: list[tuple[str, str]] = []

    def anchored(match: re.Match[str]) -> str:
        text = " ".join(html.unescape(_TAG.sub("", match[1])).split())
        anchor = _anchor(text, taken)
        headings.append((anchor, text))
        return str(part("anchored_heading", anchor, Markup(match[1])))  # the heading's HTML, nbconvert's

    page = _SECTION_HEADING.sub(anchored, page)
    if not headings:
        return page
    for mark in _AFTER_TITLE:
        if mark in page:
            return page.replace(mark, mark + str(sections.contents(headings, language)), 1)
    return page


def _anchor(text: str, taken: set[str]) -> str:
    """A new id for a heading: its words in lower case joined by hyphens, numbered if taken."""
    base = "-".join(re.findall(r"\w+", text.lower())) or "section"
    anchor, number = base, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor


class ReportExporter(TemplateExporter):
    """nbconvert's template exporter set up for HTML pages from reactlib's template.

    Why not `HTMLExporter`: its ``from_notebook_node`` ends by parsing its whole page again with
    BeautifulSoup, to give images without alt text a placeholder and make every cell focusable
    with ``tabindex``: 70 % of the time of an export. A report needs neither pass on the whole
    page: its charts carry alt text that lists their values, the template gives any other image
    output one (see ``templates/reactlib/index.html.j2``), and a static report has nothing to
    focus but its links. So this exporter is `TemplateExporter`, nbconvert's documented base for
    an exporter of one's own, given through its public hooks what the lab template needs from
    HTMLExporter: the HTML filters (`default_filters`), the HTML display priority (`to_html`'s
    traitlets config) and the page's resources (`page_resources`).
    """

    # As HTMLExporter: raw cells marked text/html are shown, and the template's conf.json matches.
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    def default_filters(self) -> Iterator[tuple[str, Any]]:
        """nbconvert's filters, and the two the lab template takes from HTMLExporter."""
        yield from super().default_filters()
        yield ("markdown2html", markdown_to_html)
        yield ("highlight_code", Highlight2HTML)  # code inputs are excluded; the template names it


@jinja2.pass_context
def markdown_to_html(context: jinja2.runtime.Context, source: str) -> str:
    """A markdown cell or output as HTML, its headings without nbconvert's anchor links.

    `with_contents` anchors the section headings itself, with ids that keep their links from one
    render to the next. Images attached to the cell (pasted into it) are shown from its
    attachments, as HTMLExporter shows them.
    """
    attachments = context.get("cell", {}).get("attachments", {})
    renderer = IPythonRenderer(escape=False, exclude_anchor_links=True, attachments=attachments)
    return str(MarkdownWithMath(renderer=renderer).render(source))


def page_resources(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The resources the lab template reads that HTMLExporter would otherwise set, as it sets them.

    ``language`` (a `reactlib.language.LANGUAGES` code, which is also its BCP 47 tag) is the
    page's ``<html lang>``: screen readers pick their voice by it, and browsers their hyphenation.
    """
    return {
        "metadata": {"name": "report"},
        "language_code": check_language(language),
        "theme": "light",
        "should_sanitize_html": False,
        "should_not_encode_svg": False,
    }


#: HTMLExporter's priority of an output's formats, less Jupyter widgets: a static page without the
#: widget manager cannot show one, and its text form is shown instead.
DISPLAY_PRIORITY = (
    "application/javascript",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/vnd.mermaid",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
)


@functools.cache
def prepare_exporter() -> None:
    """Build this process's exporter and compile its templates, once: else its first export does.

    A cold `reactlib report` calls it while its kernel is still busy, not after the notebook has run.
    """
    to_html(nbformat.v4.new_notebook(), "")


@functools.cache
def _exporter() -> ReportExporter:
    """One exporter per process: building one compiles its Jinja templates, a third of an export."""
    return ReportExporter(
        # On NbConvertBase, as HTMLExporter sets it: the filter that picks an output's format reads it.
        config=Config({"NbConvertBase": {"display_data_priority": list(DISPLAY_PRIORITY)}}),
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        optimistic_validation=True,  # validate once, after the last preprocessor, not after each
    )
