"""The reviewers' HTML of outputs an analyst adds to the report notebook (`reactlib.render.html`).

Each notebook here is built by hand with the outputs Jupyter writes for a plain matplotlib figure,
an IPython ``Image(..., alt=...)`` and an image pasted into a markdown cell; the expected HTML is
what those outputs should look like to a reader, written out here, not taken from the exporter.
"""

from __future__ import annotations

import base64
import io

import matplotlib
import nbformat
from bs4 import BeautifulSoup
from matplotlib.figure import Figure
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from reactlib.render.html import to_html

matplotlib.use("Agg")

#: The alt text of an image that came without one (nbconvert's HTMLExporter's words).
NO_DESCRIPTION = "No description has been provided for this image"


def figure_bytes(fmt: str) -> bytes:
    """A small bar chart as matplotlib writes it in ``fmt`` (png, jpeg, svg)."""
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().bar(["a", "b"], [3, 5])
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt)
    return buffer.getvalue()


def display(data: dict[str, str], metadata: dict | None = None) -> nbformat.NotebookNode:
    """A code cell with one display output, as the kernel writes ``display(...)`` of a figure."""
    output = new_output("display_data", data={"text/plain": "<Figure size 200x100 with 1 Axes>", **data})
    output.metadata = metadata or {}
    return new_code_cell("display(figure)", outputs=[output])


def images(*cells: nbformat.NotebookNode) -> list[dict[str, str]]:
    """The attributes of each ``<img>`` of the reviewers' page of a notebook made of ``cells``."""
    page = to_html(new_notebook(cells=list(cells)), "An analyst's figures")
    return [img.attrs for img in BeautifulSoup(page, "html.parser").find_all("img")]


def test_plain_matplotlib_images_get_alt_text_saying_they_have_no_description():
    png = base64.b64encode(figure_bytes("png")).decode()
    jpeg = base64.b64encode(figure_bytes("jpeg")).decode()
    svg = figure_bytes("svg").decode()

    found = images(display({"image/png": png}), display({"image/jpeg": jpeg}), display({"image/svg+xml": svg}))

    assert [img["alt"] for img in found] == [NO_DESCRIPTION] * 3
    assert [img["src"].split(",")[0] for img in found] == [
        "data:image/png;base64", "data:image/jpeg;base64", "data:image/svg+xml;base64",
    ]  # fmt: skip
    assert found[0]["src"] == f"data:image/png;base64,{png}"


def test_an_image_given_alt_text_in_ipython_keeps_it_escaped():
    png = base64.b64encode(figure_bytes("png")).decode()
    # IPython's Image(data, alt=...) writes its alt text in the output's metadata, under the type.
    cell = display({"image/png": png}, {"image/png": {"alt": 'Cases by month: "Jan" 3 < Feb 5', "width": 200}})

    (img,) = images(cell)

    assert img["alt"] == 'Cases by month: "Jan" 3 < Feb 5'
    assert img["width"] == "200"


def test_an_image_pasted_into_a_markdown_cell_is_shown_from_its_attachment_with_its_name():
    png = base64.b64encode(figure_bytes("png")).decode()
    cell = new_markdown_cell("## Extra chart\n\n![chart of cases](attachment:chart.png)")
    cell.attachments = {"chart.png": {"image/png": png}}

    page = to_html(new_notebook(cells=[cell]), "An analyst's figures")
    soup = BeautifulSoup(page, "html.parser")

    assert [img.attrs for img in soup.find_all("img")] == [
        {"src": f"data:image/png;base64,{png}", "alt": "chart of cases"}
    ]
    # A section heading without nbconvert's anchor link: the page's contents link to it instead.
    assert str(soup.find("h2")) == '<h2 id="extra-chart">Extra chart</h2>'
    assert soup.select("nav a")[0]["href"] == "#extra-chart"


def test_a_widget_in_a_static_page_is_shown_as_its_text():
    widget = new_output(
        "display_data",
        data={"application/vnd.jupyter.widget-view+json": {"model_id": "1"}, "text/plain": "IntSlider(value=3)"},
    )

    page = to_html(new_notebook(cells=[new_code_cell("slider", outputs=[widget])]), "Widgets")

    assert "<script" not in page
    assert BeautifulSoup(page, "html.parser").find("pre").text == "IntSlider(value=3)"
