"""The notebook's own words with the values that vary filled in, and the blocks that show them: always escaped."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from reactlib.count.quality import RowAccounting
from reactlib.report import plots
from reactlib.report.blocks import country_note, paragraph
from reactlib.report.figure import figure
from reactlib.report.phrases import (
    accounting_table,
    contact_line,
    linked,
    no_values,
    phrase,
    row_table,
    unbroken_ranges,
)

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_phrase_in_a_paragraph_escapes_every_value_and_keeps_the_sentence():
    sentence = phrase('Registered {n} cases in {country} & "{quote}".', n=12, country=SCRIPT, quote='"x"')
    shown = paragraph(sentence, "registered")._repr_html_()
    assert shown == f'<p class="registered">Registered 12 cases in {ESCAPED} &amp; &#34;&#34;x&#34;&#34;.</p>'


def test_a_phrase_writes_a_hidden_count_as_text():
    assert paragraph(phrase("{n}", n="<5"))._repr_html_() == "<p>&lt;5</p>"


def test_a_figure_puts_a_chart_image_in_as_its_img_and_escapes_its_alt_text():
    items = pd.DataFrame({"code": ["a"], "label": ["<b>A</b>"], "count": [2], "percent": [100.0]})
    image = plots.chart(items, "count", title="T")
    shown = figure(image, "<caption>")._repr_html_()
    assert shown == f'<figure class="chart">{image.html()}<figcaption>&lt;caption&gt;</figcaption></figure>'
    assert (
        shown.startswith('<figure class="chart"><img src="data:image/svg+xml;base64,')
        and 'alt="T, bar chart: &lt;b&gt;A&lt;/b&gt; 2."' in shown
    )


def test_a_chart_with_nothing_to_draw_says_so():
    assert no_values() == '<p class="empty-chart">No values recorded for this chart in this report.</p>'


def test_contact_line_links_its_address_and_escapes_the_rest():
    assert str(linked("Write to a.b@x.org <now>")) == ('Write to <a href="mailto:a.b@x.org">a.b@x.org</a> &lt;now&gt;')
    assert str(contact_line(SCRIPT)) == f'<p class="contact">{ESCAPED}</p>'
    assert str(contact_line("  ")) == ""


def test_a_title_keeps_its_month_range_on_one_line_and_escapes_the_country():
    assert str(unbroken_ranges("<b>. 2023 | Half year: January–June")) == (
        '&lt;b&gt;. 2023 | Half year: <span class="nobreak">January–June</span>'
    )


def test_country_note_is_shown_only_when_given():
    assert country_note({"sw": SCRIPT}, "sw")._repr_html_() == f'<p class="group-note">{ESCAPED}</p>'
    assert country_note({"sw": " "}, "sw") is None and country_note(None, "sw") is None


def test_tables_of_rows_escape_labels_and_values():
    table = row_table([("scope", SCRIPT), ("min_cell", "0 (off)")], "parameters")
    assert isinstance(table, Markup)
    assert str(table) == (
        '<table class="parameters"><tbody>'
        f'<tr><th scope="row">scope</th><td>{ESCAPED}</td></tr>'
        '<tr><th scope="row">min_cell</th><td>0 (off)</td></tr></tbody></table>'
    )
    accounting = accounting_table(RowAccounting(total=9, in_report=5, outside_period=1, other_country="<5"))
    assert '<th scope="row">Other countries</th><td>&lt;5</td>' in accounting
    assert '<tr class="total"><th scope="row">Rows in the data file</th><td>9</td></tr>' in accounting


def test_the_download_line_links_only_files_a_reader_can_reach(tmp_path, monkeypatch):
    from reactlib.report.blocks import download_links

    monkeypatch.chdir(tmp_path)  # a notebook run on its own runs in its folder, as JupyterLab runs it
    assert download_links() is None, "no figures file beside the notebook: no line, no dead link"
    (tmp_path / "figures.xlsx").write_bytes(b"PK")
    assert download_links()._repr_html_() == (
        '<p class="downloads">Download the figures: <a href="figures.xlsx">figures.xlsx</a> (spreadsheet)</p>'
    )
    # A render publishes both beside the page, though neither is in the kernel's folder.
    (tmp_path / "figures.xlsx").unlink()
    assert download_links(["figures.json", "figures.xlsx"])._repr_html_() == (
        '<p class="downloads">Download the figures: <a href="figures.xlsx">figures.xlsx</a> (spreadsheet), '
        '<a href="figures.json">figures.json</a></p>'
    )
