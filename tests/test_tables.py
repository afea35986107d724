"""Each chart's table as a pandas Styler: the cells, suppression, escaping, the same bytes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from bs4 import BeautifulSoup

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


# How sure each share is (issue 26) -----------------------------------------------------------------


def test_given_n_the_table_shows_each_shares_wilson_interval():
    # 272 and 5 of 521, by hand: centre (k + z²/2) / (n + z²), half-width
    # z·sqrt(k(n − k)/n + z²/4) / (n + z²), z = 1.96: 47.92..56.46 % and 0.41..2.23 %. Hidden: none.
    items = items_of(["Female", "Unknown", "Small"], [272, 5, SUPPRESSED], [52.2, 1.0, None])
    table = cells(data_table(items, n=521).to_html())
    assert table.rows == [
        ["Category", "Count", "%", "95 % interval"],
        ["Female", "272", "52.2 %", "47.9–56.5"],
        ["Unknown", "5", "1.0 %", "0.4–2.2"],
        ["Small", "suppressed", "–", "–"],
    ]


def three_ways(now: list[int], before: list[int]) -> tuple[Chart, Chart]:
    """The same chart of 60 cases in two periods (codes c0, c1, c2)."""

    def chart(counts: list[int]) -> Chart:
        shares = [round(100 * count / 60, 1) for count in counts]
        return Chart("demo", "cases", 60, items_of(["A", "B", "C"], counts, shares))

    return chart(now), chart(before)


def test_a_change_within_the_noise_is_marked_muted_and_explained_under_its_table():
    from reactlib.report.comparison_text import chart_table

    # A: 40 of 60 now, 10 before (+50.0 points); C: 10 now, 39 before (−48.3): far beyond chance.
    # B: 10 now, 11 before (16.7 % and 18.3 %: −1.6 points) on 60 cases each: its interval spans
    # about ±13 points.
    now, before = three_ways([40, 10, 10], [10, 11, 39])
    html = chart_table(now, before, table_id="demo")._repr_html_()
    rows = {row[0]: row[-1] for row in cells(html).rows[1:]}
    assert rows == {"A": "+50.0 pp", "B": "−1.6 pp*", "C": "−48.3 pp"}
    assert re.findall(r'<td class="([^"]*within-noise[^"]*)" >', html) == ["data row1 col6 within-noise"]
    note = BeautifulSoup(html, "html.parser").select("p.noise-note")
    assert [p.get_text() for p in note] == [
        "* Within the noise: the 95 % interval of this change includes 0, so these figures cannot tell it "
        "apart from no change at all."
    ]
    assert html.index("</table>") < html.index('class="noise-note"')


def test_without_a_change_within_the_noise_nothing_is_marked_and_no_note_follows():
    from reactlib.report.comparison_text import chart_table

    # 40, 20, 0 of 60 now; 0, 40, 20 before: 66.7, 33.3, 0.0 % against 0.0, 66.7, 33.3 %: changes of
    # +66.7, −33.4 and −33.3 points (of the printed shares), each far from 0.
    table = chart_table(*three_ways([40, 20, 0], [0, 40, 20]), table_id="demo")
    html = table._repr_html_()
    assert [row[-1] for row in cells(html).rows[1:]] == ["+66.7 pp", "−33.4 pp", "−33.3 pp"]
    assert "within-noise" not in html and "noise-note" not in html and html == table.to_html()


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("ru", "* В пределах шума"),
        ("uk", "* У межах шуму"),
    ],
)
def test_the_noise_mark_and_note_are_in_the_reports_language(language, note):
    from reactlib.report.comparison_text import chart_table

    html = chart_table(*three_ways([40, 10, 10], [10, 11, 39]), table_id="demo", language=language)._repr_html_()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("p.noise-note").get_text().startswith(note)
    assert soup.select_one("td.within-noise").get_text().endswith("*")
    assert "," in soup.select("td")[3].get_text(), "the interval with a decimal comma"
