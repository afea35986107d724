"""The PDF printer: a tagged PDF is the same bytes whichever tab, and after whichever page, prints it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reactlib.render.pdf import PdfPrinter, html_to_pdf

DATE = dt.date(2023, 11, 14)
TABLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>
<h1>T</h1><h2>Section</h2><table><thead><tr><th scope="col">Category</th><th scope="col">Count</th></tr></thead>
<tbody><tr><th scope="row">A</th><td>1</td></tr><tr><th scope="row">B</th><td>2</td></tr></tbody></table>
</body></html>"""


@pytest.mark.slow
def test_a_tagged_pdf_is_the_same_after_other_pages_in_one_tab(tmp_path: Path):
    page, other = tmp_path / "page.html", tmp_path / "other.html"
    page.write_text(TABLE_PAGE, encoding="utf-8")
    other.write_text(TABLE_PAGE.replace("<h2>Section</h2>", "<h2>Other</h2><p>More nodes.</p>" * 20), encoding="utf-8")
    html_to_pdf(page, tmp_path / "fresh.pdf", DATE)
    with PdfPrinter() as printer:
        for name, source in (("first.pdf", page), ("other.pdf", other), ("again.pdf", page)):
            printer.print_pdf(source, tmp_path / name, DATE)
    fresh = (tmp_path / "fresh.pdf").read_bytes()
    assert b"/StructTreeRoot" in fresh and b"/Headers [(node" in fresh, "table cells are tagged with ids"
    assert (tmp_path / "first.pdf").read_bytes() == fresh
    assert (tmp_path / "again.pdf").read_bytes() == fresh
