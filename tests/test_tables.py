"""Each chart's table as a pandas Styler: the cells, suppression, escaping, the same bytes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd

from reactlib.count.aggregate import Chart
from reactlib.count.min_cell import SUPPRESSED
from reactlib.report.tables import data_table


def items_of(labels: list[str], counts: list[int], percents: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [f"c{index}" for index in range(len(labels))],
            "label": labels,
            "count": counts,
            "percent": pd.array(percents, dtype="Float64"),
        }
    )


class Cells(HTMLParser):
    """The text of each row's cells, and which cells are header cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def cells(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    return parser


def test_every_category_with_its_count_and_share_zeros_included_and_no_index():
    # 272, 244, 0 and 5 of 521 cases: 52.2 %, 46.8 %, 0.0 %, 1.0 %.
    items = items_of(["Female", "Male", "Other", "Unknown"], [272, 244, 0, 5], [52.2, 46.8, 0.0, 1.0])
    table = cells(data_table(items).to_html())
    assert table.rows == [
        ["Category", "Count", "%"],
        ["Female", "272", "52.2 %"],
        ["Male", "244", "46.8 %"],
        ["Other", "0", "0.0 %"],
        ["Unknown", "5", "1.0 %"],
    ]
    assert table.tags.count("th") == 3  # the headers only: no index column


def test_suppressed_counts_show_their_mark_and_hide_their_share():
    # 40 and 3 of 43 cases: 93.0 % and 7.0 %; the 3 is hidden, with its share.
    items = items_of(["Big", "Small", "None"], [40, SUPPRESSED, 0], [93.0, 7.0, 0.0])
    html = data_table(Chart("demo", "cases", 43, items).items).to_html()
    assert cells(html).rows[1:] == [
        ["Big", "40", "93.0 %"], ["Small", "suppressed", "–"], ["None", "0", "0.0 %"],
    ]  # fmt: skip


def test_shares_are_a_dash_when_n_is_zero():
    items = items_of(["A", "B"], [0, 0], [None, None])
    assert cells(data_table(items).to_html()).rows[1:] == [["A", "0", "–"], ["B", "0", "–"]]


def test_labels_are_text_never_markup():
    items = items_of(["<script>alert(1)</script>", 'Tom & "Jerry"'], [2, 1], [66.7, 33.3])
    html = data_table(items).to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "Tom &amp; " in html
    assert cells(html).rows[1][0] == "<script>alert(1)</script>"


def test_the_html_is_the_same_bytes_on_every_run_and_has_no_random_id():
    items = items_of(["A", "B"], [3, 1], [75.0, 25.0])
    first, second = data_table(items).to_html(), data_table(items.copy()).to_html()
    assert first == second
    assert data_table(items)._repr_html_() == data_table(items)._repr_html_()
    ids = re.findall(r'id="([^"]+)"', first)
    assert len(ids) == 1 and ids[0].startswith("T_chart-data-")  # the table's; cells carry none
    assert 'class="chart-data"' in first


def test_tables_of_different_figures_get_different_ids_unless_named():
    one = data_table(items_of(["A"], [3], [100.0])).to_html()
    other = data_table(items_of(["A"], [4], [100.0])).to_html()
    assert re.findall(r'id="([^"]+)"', one) != re.findall(r'id="([^"]+)"', other)
    named = data_table(items_of(["A"], [3], [100.0]), table_id="gender").to_html()
    assert re.findall(r'id="([^"]+)"', named) == ["T_gender"]


def test_the_numbers_stay_numbers_for_an_analyst():
    items = items_of(["A", "B"], [3, 1], [75.0, 25.0])
    frame = data_table(items).data
    assert list(frame.columns) == ["Category", "Count", "%"]
    assert frame["%"].tolist() == [75.0, 25.0] and frame["Count"].tolist() == [3, 1]
