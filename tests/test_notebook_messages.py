"""The notebook's texts as catalog messages: extracted from the .ipynb, translated before a render."""

from __future__ import annotations

import io
import json
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po

from reactlib.language import translation
from reactlib.language.notebook_messages import extract_notebook, paragraphs, translate_markdown, translate_source
from reactlib.render.execute import localized_notebook
from reactlib.render.html import page_resources, with_contents

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "country_report.ipynb"
LOCALE = ROOT / "reactlib" / "locale"


def notebook_file(*cells: dict) -> io.BytesIO:
    return io.BytesIO(json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4}).encode("utf-8"))


def markdown(text: str, *tags: str) -> dict:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def code(text: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": []}


def extracted(*cells: dict) -> list[tuple[int, str | None, object]]:
    found = extract_notebook(notebook_file(*cells), {"_": None}, ["TRANSLATORS:"], {})
    return [(line, function, message) for line, function, message, _ in found]


def test_paragraphs_split_on_blank_lines_and_keep_heading_marks_out():
    source = "## People living with HIV\n\n**Note:**\n \nFirst line\nsecond line.\n\n\n"
    assert list(paragraphs(source)) == [
        ("## ", "People living with HIV"),
        ("", "**Note:**"),
        ("", "First line\nsecond line."),
    ]


def test_extractor_yields_shown_markdown_paragraphs_and_code_calls_by_cell_number():
    found = extracted(
        markdown("# Notes for the analyst\n\nNot in the report.", "remove-cell"),
        markdown("### 1 Gender\n\nShare of **cases**."),
        code('x = 1\nsay("<p>{s}</p>", s=_("Registered {n} cases"))\nprint("not a message")'),
    )
    assert found == [
        (2, None, "1 Gender"),
        (2, None, "Share of **cases**."),
        (3, "_", "Registered {n} cases"),
    ]


def test_translation_keeps_heading_levels_and_untranslated_paragraphs():
    messages = {"Sex worker": "Секс-работники", "**Note:**": "**Примечание:**"}
    source = "### Sex worker\n\n**Note:**\n\nUnknown paragraph."
    assert translate_source(source, messages.get) == "### Секс-работники\n\n**Примечание:**\n\nUnknown paragraph."


def test_translate_markdown_leaves_code_and_removed_cells_alone():
    notebook = nbformat.from_dict(
        {"cells": [markdown("## Data quality"), markdown("## Data quality", "remove-cell"), code("'## Data quality'")],
         "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    )  # fmt: skip
    translate_markdown(notebook, {"Data quality": "Качество данных"}.get)
    assert [cell.source for cell in notebook.cells] == ["## Качество данных", "## Data quality", "'## Data quality'"]


def test_the_committed_template_holds_exactly_the_notebooks_messages():
    """A text added to (or changed in) the notebook fails here until `pybabel extract` is run again."""
    with NOTEBOOK.open("rb") as file:
        in_notebook = {message for _, _, message, _ in extract_notebook(file, {"_": None}, [], {})}
    with (LOCALE / "country_report.pot").open("rb") as file:
        in_template = {message.id for message in read_po(file) if message.id}
    assert in_notebook == in_template


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_notebook_message_is_translated(language):
    with (LOCALE / "country_report.pot").open("rb") as file:
        wanted = {message.id for message in read_po(file) if message.id}
    with (LOCALE / language / "LC_MESSAGES" / "country_report.po").open("rb") as file:
        catalog = read_po(file)
    untranslated = sorted(message.id for message in catalog if message.id and (not message.string or message.fuzzy))
    assert untranslated == []
    assert wanted <= {message.id for message in catalog if message.id}
    assert [(message.id, errors) for message, errors in catalog.check()] == []


@pytest.mark.parametrize(
    ("language", "heading"), [("ru", "## Люди, живущие с ВИЧ"), ("uk", "## Люди, які живуть з ВІЛ")]
)
def test_a_localized_notebook_has_its_markdown_in_the_language(language, heading):
    localized = localized_notebook(NOTEBOOK, language)
    assert isinstance(localized, nbformat.NotebookNode)
    english = nbformat.read(str(NOTEBOOK), as_version=4)
    shown = [
        (before.source, after.source)
        for before, after in zip(english.cells, localized.cells, strict=True)
        if before.cell_type == "markdown" and "remove-cell" not in before.metadata.get("tags", [])
    ]
    assert heading in [after for _, after in shown]
    gettext = translation(language, "country_report").gettext
    for before, after in shown:
        assert before != after
        # Same structure: as many paragraphs, each heading at its level.
        assert [prefix for prefix, _ in paragraphs(before)] == [prefix for prefix, _ in paragraphs(after)]
        assert after == "\n\n".join(prefix + gettext(text) for prefix, text in paragraphs(before))
    code_before = [cell.source for cell in english.cells if cell.cell_type == "code"]
    assert code_before == [cell.source for cell in localized.cells if cell.cell_type == "code"]


def test_an_english_report_runs_the_notebook_file_itself():
    assert localized_notebook(NOTEBOOK, "en") == NOTEBOOK


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_page_language_is_the_reports(language):
    assert page_resources(language)["language_code"] == language


def test_cyrillic_headings_get_readable_anchors_and_contents_links():
    page = with_contents("<main><header><h1>T</h1></header><h2>Люди, живущие с ВИЧ</h2><h2>Качество данных</h2></main>")
    assert '<h2 id="люди-живущие-с-вич">' in page
    assert '<a href="#люди-живущие-с-вич">Люди, живущие с ВИЧ</a>' in page
    assert '<a href="#качество-данных">Качество данных</a>' in page
