"""HTML is written by templates only: no HTML tag in a Python string of the package or a notebook's code.

The package's HTML comes from Jinja2 templates with autoescape (``reactlib/templates/``), so that
one escaping idiom (markupsafe's, through Jinja) covers every value; the notebooks' code cells end
with displayable objects (`reactlib.report.figure`, `reactlib.report.blocks`) and write no HTML.
A string that opens or closes an HTML element anywhere else fails here. Docstrings and comments
are documentation (their doctests show what the templates write) and are not searched.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "reactlib"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
#: The elements of HTML a report, an index page or a PDF's margins could hold: ``<b>`` or ``</p>``
#: in a string, but not a placeholder such as ``<group>`` or a regular expression's ``(?P<day>``.
ELEMENTS = (
    "a|abbr|b|body|br|caption|code|col|colgroup|dd|details|div|dl|dt|em|figcaption|figure|footer|h[1-6]|head|"
    "header|html|i|img|li|link|main|meta|nav|ol|p|pre|script|section|small|span|strong|style|summary|sup|sub|"
    "svg|table|tbody|td|tfoot|th|thead|title|tr|u|ul"
)
TAG = re.compile(rf"</?(?:{ELEMENTS})(?=[\s>/])", re.IGNORECASE)
#: Strings with a tag that are not HTML written by reactlib, each with why it may stay.
ALLOWED = {
    # Patterns that read the exported page (nbconvert's section headings, where the contents go),
    # not HTML the package writes.
    ("reactlib/render/html.py", "<h2>(.*?)</h2>"),
    ("reactlib/render/html.py", "</header>"),
    ("reactlib/render/html.py", "<main>"),
    # Chromium's page-number footer and empty header for the PDF: Playwright takes them as strings,
    # and they hold no value to escape.
    (
        "reactlib/render/pdf.py",
        '<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:DejaVu Sans,Arial,sans-serif;">'
        '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    ),
    ("reactlib/render/pdf.py", "<span></span>"),
}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def tagged_strings(source: str) -> list[str]:
    """Every string constant of ``source`` (f-strings' literal parts too) that holds an HTML tag."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if TAG.search(node.value)
    ]


def test_the_search_finds_html_in_strings_and_f_strings_but_not_in_docstrings_or_placeholders():
    source = (
        'def f(x):\n    """<p>doc</p>"""\n    a = "<group>_n (?P<day>\\\\d)"\n    return f"<td>{x}</td>" + "</P >"\n'
    )
    assert sorted(tagged_strings(source)) == ["</P >", "</td>", "<td>"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(REPO)))
def test_no_package_module_writes_html_in_a_string(path):
    name = str(path.relative_to(REPO))
    found = [text for text in tagged_strings(path.read_text(encoding="utf-8")) if (name, text) not in ALLOWED]
    assert found == [], f"{name}: HTML belongs in a template under reactlib/templates/"


def test_every_allowed_string_is_still_there():
    # An allowance outlives its string only by mistake: the list shrinks with the code.
    for name, text in ALLOWED:
        assert text in tagged_strings((REPO / name).read_text(encoding="utf-8")), (name, text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_notebook_code_cell_writes_html(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert TAG.search(cell.source) is None, f"{path.name}, cell {cell.id}: {cell.source[:80]}"
