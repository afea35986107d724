"""The reviewers' copy of an executed notebook shares its cells, and never changes the notebook."""

from __future__ import annotations

import copy

import nbformat

from reactlib.render.html import reviewer_notebook, to_html


def executed_notebook() -> nbformat.NotebookNode:
    stream = nbformat.v4.new_output("stream", name="stdout", text="a warning\n")
    table = nbformat.v4.new_output("execute_result", {"text/html": "<table></table>", "text/plain": "table"})
    cells = [
        nbformat.v4.new_code_cell("scope = 'X'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("# Report\n\n## Counts"),
        nbformat.v4.new_code_cell("figures", metadata={"tags": ["remove-cell"]}, outputs=[copy.deepcopy(table)]),
        nbformat.v4.new_code_cell("print('a warning')\ntable", outputs=[stream, table]),
        nbformat.v4.new_code_cell("print('only this')", outputs=[copy.deepcopy(stream)]),
    ]
    return nbformat.v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})


def test_the_reviewers_copy_keeps_markdown_and_shown_results_only():
    notebook = executed_notebook()

    shown = reviewer_notebook(notebook)

    assert [cell.source for cell in shown.cells] == ["# Report\n\n## Counts", "print('a warning')\ntable"]
    assert [output.output_type for output in shown.cells[1].outputs] == ["execute_result"]


def test_exporting_leaves_the_executed_notebook_as_it_was():
    notebook = executed_notebook()
    before = copy.deepcopy(notebook)

    page = to_html(notebook, "A title")

    assert notebook == before
    assert "<title>A title</title>" in page
    assert "a warning" not in page and "<table></table>" in page
