"""The report notebook communicates: fixed texts in markdown, each chart drawn and tabled in view."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from reactlib.batch.workers import PRELOAD_CODE

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "country_report.ipynb"
CHART_NAMES = {  # the report's ten charts, four of them once per report group
    "key_populations", "gender", "age_groups", "services_provided", "services_referred",
    "services_unavailable", "reaction_status", "refusal_reasons", "violations",
}  # fmt: skip


def notebook() -> nbformat.NotebookNode:
    return nbformat.read(str(NOTEBOOK), as_version=4)


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def section(cells, heading: str) -> list:
    """The cells of the section ``## heading``: its heading cell and every cell up to the next ``## ``."""
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source == f"## {heading}")
    rest = cells[start + 1 :]
    end = next((i for i, c in enumerate(rest) if c.cell_type == "markdown" and c.source.startswith("## ")), len(rest))
    return [cells[start], *rest[:end]]


def last_before(cells, cell, wanted):
    """The last cell before ``cell`` for which ``wanted`` holds (None if none)."""
    earlier = cells[: next(i for i, c in enumerate(cells) if c is cell)]
    return next((c for c in reversed(earlier) if wanted(c)), None)


def heading_cell(c) -> bool:
    return c.cell_type == "markdown" and c.source.startswith("#")


def test_fixed_texts_are_markdown_cells_and_no_code_builds_html_in_python():
    cells = notebook().cells
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    for fixed in (
        "In one case several perpetrators and several types of violations may be recorded",
        "The REAct system is aimed not only at documenting cases of human rights violations",
        "**Case status (reaction status)** – is primarily an indicator of the LEGAL response",
        "**The case did not require a solution** – it means that the case is already old",
        "Every row of the data file is accounted for below.",
        "### 1 Most common perpetrators",
    ):
        assert fixed in markdown and fixed not in code, fixed
    assert markdown.count("**Note:**") == 4, "each report group's note, in its section"
    assert "sections." not in code and "HTML(" not in code and "say(" not in code
    assert re.search(r"</?[a-z][a-z0-9]*[ >]", code) is None, "no HTML tag in a code cell"


def test_each_chart_is_shown_as_data_then_drawn_and_tabled_with_one_call_each():
    cells = notebook().cells
    charts = [c for c in cells if "chart" in tags(c) and "crosstab" not in tags(c)]
    assert len(charts) == len(CHART_NAMES) + 4, "nine charts and four groups' perpetrators"
    for cell in charts:
        source = cell.source
        assert source.count("plots.chart(") == 1 and source.count("chart_table(") == 1, source
        assert source.startswith("figure(\n") and source.endswith("\n    language=language,\n)"), "one call"
        title = last_before(cells, cell, heading_cell)
        assert title.source.startswith("### ")
        assert f'title=_("{title.source[4:]}")' in source, "the chart is named as its heading, in the report's language"
        # The frame the chart draws is shown, out of the page, in the cell just above its heading.
        data_cell = last_before(cells, title, lambda c: c.cell_type == "code")
        assert "remove-cell" in tags(data_cell), "data out of the page"
        shown = data_cell.source.splitlines()[-1]
        assert re.fullmatch(r"\w+\.items", shown) and shown in source, "the frame the chart draws"
        assert source.count("language=language") == 4, "the chart, caption, table and figure in the report's language"
    named = {m for c in cells for m in re.findall(r'figures\.charts\["(\w+)"\]', c.source)}
    assert named == CHART_NAMES


def test_each_cross_tabulation_is_shown_as_data_then_drawn_with_one_call_in_its_section():
    cells = notebook().cells
    crosstab_section = section(cells, "Who does what to whom")
    closing = section(cells, "Types of violations")[-1]
    assert closing.source == "closing_contact(contact)", "the contact line closes the report's own sections"
    reading = crosstab_section[1]
    assert reading.cell_type == "markdown" and "at least one perpetrator of that group" in reading.source
    assert "A case may count in several cells" in reading.source
    crosstabs = [c for c in cells if "crosstab" in tags(c)]
    assert crosstabs == [c for c in crosstab_section if "crosstab" in tags(c)], "all in their section"
    assert crosstab_section[-1] is crosstabs[-1], "the section ends with its last table"
    names = ["violations_by_perpetrator", "key_populations_by_perpetrator"]
    assert len(crosstabs) == len(names)
    for cell, name in zip(crosstabs, names, strict=True):
        source = cell.source
        title = last_before(cells, cell, heading_cell)
        data_cell = last_before(cells, title, lambda c: c.cell_type == "code")
        assert source.count("plots.heatmap_chart(") == 1 and f"heatmap_chart({name}," in source
        assert "remove-cell" in tags(data_cell) and data_cell.source.splitlines()[-1] == f"{name}.counts"
        assert f'figures.crosstabs["{name}"]' in data_cell.source
        assert title.source.startswith("### ") and f'title=_("{title.source[4:]}")' in source
        assert source.startswith("figure(\n") and '\n    _("Number of cases ' in source, "the caption's unit: cases"


def test_counters_and_provenance_are_one_call_each_in_their_cells():
    cells = notebook().cells
    by_id = {c.id: c for c in cells}
    assert by_id["counters"].source.splitlines()[-1] == "headline_counters(figures, language)"
    assert by_id["provenance"].source == "provenance_list(report.provenance, language)"
    assert section(cells, "Provenance")[-1] is by_id["provenance"]


def test_the_parameters_cell_keeps_its_types_defaults_and_help():
    shown = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOK)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for line in (
        'data: str (default "")',
        'scope: str (default "Tajikistan")',
        "min_cell: int (default 0)",
        "contact: Optional[str] (default None)",
        "group_notes: Optional[dict] (default None)",
    ):
        assert line in shown, line
    assert "2023, 2023-H1, 2023-Q2, 2023-05 or 2023-01-01..2023-05-31" in shown


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules |= {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def test_warm_kernels_import_what_the_notebook_imports_and_the_charts_need():
    preloaded = imported_modules(PRELOAD_CODE)
    code = "\n".join(c.source for c in notebook().cells if c.cell_type == "code")
    needed = {
        name for name in imported_modules(code)
        if name.startswith("reactlib.report.") and name.count(".") == 2
    }  # fmt: skip
    assert needed == {"reactlib.report.plots", "reactlib.report.changes_section", "reactlib.report.comparison_text", "reactlib.report.regional",
                      "reactlib.report.data", "reactlib.report.figure", "reactlib.report.settings", "reactlib.report.blocks",
                      "reactlib.report.style", "reactlib.report.phrases", "reactlib.report.language"}  # fmt: skip
    # settings: imported by data; language: by text, plots and tables (tables: by comparison)
    assert needed - {"reactlib.report.settings", "reactlib.report.language"} <= preloaded
    assert {"seaborn", "matplotlib.pyplot"} <= preloaded


@pytest.mark.slow
def test_the_data_cells_show_each_figure_as_a_table_in_the_notebook_only(rendered_report):
    executed = nbformat.read(str(rendered_report.path("report.ipynb")), as_version=4)
    frames = [
        c for c in executed.cells
        if "remove-cell" in tags(c) and c.cell_type == "code" and c.source.endswith(".items")
    ]  # fmt: skip
    assert len(frames) == 13
    for cell in frames:
        (output,) = cell.outputs
        assert 'class="dataframe"' in output.data["text/html"], "a pandas DataFrame"
        assert {"code", "label", "count", "percent"} <= set(re.findall(r"<th>(\w+)</th>", output.data["text/html"]))
    assert 'class="dataframe"' not in rendered_report.html
