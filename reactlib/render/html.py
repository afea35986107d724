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
from importlib.resources import files
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from reactlib.report import sections
TEMPLATE_NAME = "reactlib"
#: Cells with one of these tags never reach the reviewers' copy.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})
#: The outputs a reviewer sees; streams (stdout, warnings) and errors stay in the notebook.
SHOWN_OUTPUTS = frozenset({"display_data", "execute_result"})
#: A section heading as nbconvert writes a markdown cell's ``## heading`` without anchor links.
_SECTION_HEADING = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
#: Where the table of contents goes: after the title block (`reactlib.report.sections.title`), else
#: at the top of the page's content.
_AFTER_TITLE = ("</header>", "<main>")


def templates_dir() -> Path:
    """Where reactlib's nbconvert templates are installed."""
    return Path(str(files("reactlib") / "templates"))


def reviewer_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with only what the reviewers' copy shows."""
    shown = copy.deepcopy(notebook)
    cells = []
    for cell in shown.cells:
        if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.outputs if out.output_type in SHOWN_OUTPUTS]
            if not cell.outputs:
                continue
        cells.append(cell)
    shown.cells = cells
    return shown


def to_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """Export an executed report notebook as the reviewers' HTML page titled ``title``."""
    shown = reviewer_notebook(notebook)
    shown.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(shown, resources={"metadata": {"name": "report"}})
    return with_contents(body)


def with_contents(page: str) -> str:
    """``page`` with an anchor on each section heading and a table of contents after its title.

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
        return f'<h2 id="{anchor}">{match[1]}</h2>'

    page = _SECTION_HEADING.sub(anchored, page)
    if not headings:
        return page
    for mark in _AFTER_TITLE:
        if mark in page:
            return page.replace(mark, mark + sections.contents(headings), 1)
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


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing accessibility pass, which a report needs not.

    `HTMLExporter.from_notebook_node` ends by parsing its whole page again with BeautifulSoup, to
    give images without alt text a placeholder and make every cell focusable with ``tabindex``:
    70 % of the time of an export. Every chart of a report has alt text that lists its values
    (a test checks it), and a static report has nothing to focus but its links. This method is
    HTMLExporter's up to that pass.
    """

    def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[override]
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        resources = self._init_resources(resources)
        self.register_filter(
            "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        )
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@functools.cache
def _exporter() -> ReportExporter:
    """One exporter per process: building one compiles its Jinja templates, a third of an export."""
    return ReportExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        optimistic_validation=True,  # validate once, after the last preprocessor, not after each
    )
