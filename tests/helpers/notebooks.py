"""An analyst's own report notebook, written for a test: a parameters cell and one cell that shows them."""

from __future__ import annotations

from pathlib import Path

import nbformat

#: The report's parameters as a notebook must declare them, written out by hand.
REPORT_PARAMETERS = """\
data: str = ""  # case file
column_map: str = ""  # header map
encoding: str = ""  # CSV encoding
sheet: str = ""  # the workbook's sheet
header_row: int = 0  # the header's row
date_format: str = ""  # how dates are written
scope: str = "Tajikistan"  # a country, or "all"
period: str = "2023-H1"  # the period
min_cell: int = 0  # small-cell threshold
language: str = "en"  # the report's language
contact: "Optional[str]" = None  # contact line
group_notes: "Optional[dict]" = None  # notes by group
"""
#: The report's parameters and two of the notebook's own.
PARAMETERS_CELL = f"""\
{REPORT_PARAMETERS}note: str = "x"  # a note of this notebook's own
copies: int = 1  # how often the note is shown
"""


#: The cell that shows the parameters.
SHOW_PARAMETERS = (
    "from IPython.display import HTML\nHTML(f\"<p>{' '.join(['NOTE=' + note] * copies)} {scope} {period}</p>\")"
)


def write_notebook(path: Path, parameters: str = PARAMETERS_CELL, code: str = SHOW_PARAMETERS) -> Path:
    """A notebook at ``path``: a title, the ``parameters`` cell (tagged) and one ``code`` cell."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# My own report"),
        cell,
        nbformat.v4.new_code_cell(code),
    ]
    nbformat.write(notebook, str(path))
    return path


def tiny_notebook(path: Path) -> Path:
    """``path``: a five-cell notebook (parameter ``label``) that prints, shows HTML, and fails when ``label`` is ``'broken'``."""
    cells = [
        nbformat.v4.new_code_cell("label = 'default'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## Counting"),
        nbformat.v4.new_code_cell("print('printed', label)\nleft_over = label"),
        nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML(f'<b>{label}</b>')"),
        nbformat.v4.new_code_cell("assert label != 'broken', 'a broken label'"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, str(path))
    return path
