"""The reviewers' HTML: the executed notebook's outputs only, in one self-contained page.

Left out: code, prompts, the parameters cells, cells tagged ``remove-cell`` and any stream or
error output (warnings belong in the executed notebook, not in a published page). The page's
``<title>`` is the report's title, not the notebook's file name, and nothing in it loads from
the network: the template under ``reactlib/templates/reactlib`` replaces the lab template's head.
"""

from __future__ import annotations

import copy
import functools
from importlib.resources import files
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

TEMPLATE_NAME = "reactlib"
#: Cells with one of these tags never reach the reviewers' copy.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})
#: The outputs a reviewer sees; streams (stdout, warnings) and errors stay in the notebook.
SHOWN_OUTPUTS = frozenset({"display_data", "execute_result"})


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
    return body


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
