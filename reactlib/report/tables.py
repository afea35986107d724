"""Each chart's numbers as a table: a pandas Styler in the house style.

A chart's table lists every category in published order, zeros included, so its figures can be
read, searched, copied and checked without looking at the image: the category, its count (or
``<5`` where small-cell suppression hides it), its share (``52.2 %``, or ``–`` where the
count is hidden or n is 0) and, given the chart's n, the share's 95 % interval (``49.4–57.9``;
`reactlib.count.intervals`). Labels are escaped, so a label such as ``<script>`` prints as text.

The HTML is the same bytes on every run: the Styler's table id is fixed (pandas would draw a
random one) and its cells carry no ids.

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({"code": ["a", "b"], "label": ["A", "B"], "count": [3, "<5"],
...                       "percent": [75.0, None]})
>>> data_table(items).data.to_dict("list")
{'Category': ['A', 'B'], 'Count': [3, '<5'], '%': [75.0, nan]}
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from markupsafe import Markup
from pandas.io.formats.style import Styler

from reactlib.count.intervals import share_interval
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import count_text, interval_text, percent_text
from reactlib.language.messages import text_in
from reactlib.report.fixed_words import DATA_TABLE_HEADERS, INTERVAL_HEADER
from reactlib.report.markup import part

#: The class of the ``<table>``, which the report's CSS styles.
TABLE_CLASS = "chart-data"
#: The start of the Styler's id for the table and its CSS (pandas would draw a random one).
TABLE_ID_PREFIX = "chart-data-"


def is_suppressed(value: Any) -> bool:
    """Whether a count is suppressed: a text (the mark) in place of a number.

    Missing values (a percentage of an n of 0) are not counts and not suppressed.
    """
    return isinstance(value, str)


def table_frame(items: pd.DataFrame, n: int | str | None = None, *, language: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The table's rows: category, count and percent, with the percent hidden with its count.

    The percent column is float (NaN where hidden or undefined), so the frame can be sorted or
    computed with; `data_table` writes it as the report does. Given the chart's ``n``, a fourth
    column holds each share's interval, ``(low, high)`` in percent, or None where it has none.
    """
    category, count, percent = _headers(language)
    hidden = items["count"].map(is_suppressed).astype(bool)
    shares = pd.to_numeric(items["percent"], errors="coerce").astype("float64").where(~hidden)
    frame = pd.DataFrame({category: items["label"].astype(str), count: items["count"], percent: shares})
    frame = frame.reset_index(drop=True)
    if n is not None:
        frame[interval_header(language)] = pd.Series(
            [share_interval(value, n) for value in items["count"]], dtype=object
        )
    return frame


def interval_header(language: str = DEFAULT_LANGUAGE) -> str:
    """The interval column's header in ``language``: ``95 % interval``."""
    return text_in(INTERVAL_HEADER, language).format(percent_sign="%")


def _headers(language: str) -> tuple[str, str, str]:
    """The table's column headers in ``language``."""
    category, count, percent = (text_in(header, language) for header in DATA_TABLE_HEADERS)
    return category, count, percent


def _content_id(frame: pd.DataFrame) -> str:
    """An id made from the table's cells: stable across runs, unlike pandas' random one."""
    digest = hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()
    return TABLE_ID_PREFIX + digest[:10]


class ChartTable(Styler):
    """A pandas Styler whose text form names the table instead of a memory address.

    A notebook keeps each output's text form beside its HTML; pandas' default one holds the
    object's address, which would differ on every run of a report. Its ``footnote`` (HTML,
    empty by default) is shown under the table where a notebook displays it.
    """

    footnote: str = ""
    #: The ``<table>``'s class (`house_table` sets it).
    css_class: str = TABLE_CLASS

    def __repr__(self) -> str:
        rows = len(self.data)
        return f"<chart table {self.uuid!r}: {', '.join(map(str, self.data.columns))}; {rows} rows>"

    def _repr_html_(self) -> str | None:
        table = super()._repr_html_()
        return table if table is None or not self.footnote else table + str(self.footnote)

    def html(self) -> str:
        """The table's HTML, its footnote under it."""
        return self.to_html() + str(self.footnote)

    def __html__(self) -> Markup:
        """The table and its footnote, for a template (markupsafe's protocol): pandas' HTML, not escaped."""
        return Markup(self.html())

    def labelled_by(self, element_id: str) -> ChartTable:
        """Name the table by the element ``element_id`` (its figure's caption); returns the table."""
        self.set_table_attributes(_attributes(self.css_class, element_id))
        return self


def _attributes(css_class: str, labelled_by: str = "") -> str:
    # Focusable: a table wider than the screen scrolls in itself, and a reader who cannot use a
    # pointer scrolls it from the keyboard once it has the focus.
    return str(part("table_attributes", css_class, labelled_by))


def house_table(frame: pd.DataFrame, table_id: str | None = None, css_class: str = TABLE_CLASS) -> ChartTable:
    """``frame`` as a `ChartTable` in the house style: a stable id, no cell ids, focusable.

    ``table_id`` is the Styler's ``uuid``; by default one made from the table's contents.
    """
    uuid = table_id or _content_id(frame)
    table = ChartTable(frame, uuid=uuid, cell_ids=False, table_attributes=_attributes(css_class))
    table.css_class = css_class
    return table


def chart_styler(
    frame: pd.DataFrame,
    table_id: str | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> ChartTable:
    """A `ChartTable` of ``frame`` (a `table_frame`, possibly with more columns) in the house style.

    The category, count, percent and interval columns are written as the report writes them;
    ``formats`` writes further columns (header → function of the value), every value escaped.
    A caller formats any other column. No index column; a stable id (see `house_table`).
    """
    category, count, percent = _headers(language)
    # Escaped: a label such as "<script>" and the hidden count "<5" print as text. The category
    # with pandas' own formatter; numbers in the report's language (`reactlib.language.formats`):
    # 52,2 % and 1 234 in Russian.
    written: dict[str, Callable[[Any], str] | None] = {
        category: None,
        count: functools.partial(count_text, language=language),
        percent: functools.partial(percent_text, language=language),
    }
    if interval_header(language) in frame.columns:
        written[interval_header(language)] = functools.partial(interval_text, language=language)
    written.update(formats or {})
    styler = house_table(frame, table_id)
    # One call for every column: each call selects its columns from the frame, which took most of
    # a small table's time when each column had a call of its own.
    styler.format(written, escape="html", subset=list(written))
    styler.format_index(escape="html", axis="columns")
    styler.hide(axis="index")
    return styler


def data_table(
    items: pd.DataFrame, table_id: str | None = None, n: int | str | None = None, *, language: str = DEFAULT_LANGUAGE
) -> ChartTable:
    """A chart's table as a Styler: Category / Count / % (/ 95 % interval), every category, no index column.

    Parameters
    ----------
    items
        The chart's tidy frame (`reactlib.count.aggregate.Chart.items`), suppressed or not.
    table_id
        The Styler's ``uuid`` (pandas writes the table's id as ``T_`` and this). By default one
        made from the table's contents, so it is the same on every run and differs between
        tables of one page unless they show the same figures; pass e.g. the chart's name to be
        sure.
    n
        The chart's n (`reactlib.count.aggregate.Chart.n`): when given, the table shows each
        share's 95 % interval too.
    language
        The report's language (`reactlib.language.LANGUAGES`): the headers and numbers.

    Returns
    -------
    pandas.io.formats.style.Styler
        Render it with ``.to_html()``, or let a notebook cell show it.
    """
    return chart_styler(table_frame(items, n, language=language), table_id, language=language)
