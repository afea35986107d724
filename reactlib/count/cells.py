"""Every count a publication prints, each named once: the cells that disclosure control protects.

A publication prints one count in several places: a country's cases of 2023-H1 are in its own
report, in the ``previous`` of its 2023-H2 report, in its trend's series and in the regional
report's ``countries`` table; in figures.json, figures.xlsx, the HTML, the PDF and on the index
page. A `CellKey` names the count itself: its scope, the dates it covers (so a period named
``2023-H1`` and the range ``2023-01-01..2023-06-30`` are the same cells) and what it counts.
`PublishedCells` reads figures.json documents (reports, their ``previous``, trends, and the
``data_quality`` appendix of a report with min_cell) into one value per cell, whether the
protection reads them from figures being planned or the audit from the published files.

Examples
--------
>>> cells = PublishedCells()
>>> cells.add_document({"scope": "all", "period": "2023-H1", "clients": 9, "cases": 12, "qualified": 7,
...                     "charts": {}, "groups": {}, "countries": [
...                         {"country": "Georgia", "clients": 9, "cases": 12, "qualified": "suppressed"}]})
>>> cells.values[CellKey("Georgia", "2023-01-01", "2023-06-30", "qualified")]
'suppressed'
>>> sorted(cells.country_lists[("2023-01-01", "2023-06-30")])
['Georgia']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from reactlib.count.min_cell import is_suppressed
from reactlib.count.periods import ALL_COUNTRIES, parse_period

#: The dates of "every case of the file": the span of the data-quality appendix's totals.
ALL_TIME = ("0001-01-01", "9999-12-31")

#: Headline counters of a period's figures, in figures.json order.
HEADLINES = ("clients", "cases", "qualified")
#: The chart whose n is the headline count of clients (a client counts in every key population).
CLIENT_CHART = "key_populations"
#: Appendix rows that are cells of their own (``in_report`` is the report's cases, ``total`` the
#: cases of every country over all time, ``invalid`` is always 0).
OUTSIDE_PERIOD, OTHER_COUNTRY = "outside_period", "other_country"


class CellKey(NamedTuple):
    """One count of a publication: scope (a country as the data write it, or ``all``), dates, item.

    ``item`` is a path: ``cases``, ``charts/gender/n``, ``charts/gender/female``,
    ``groups/plhiv/cases``, ``groups/plhiv/perpetrators/police``,
    ``crosstabs/violations_by_perpetrator/extortion/police``, ``outside_period``, …
    """

    scope: str
    start: str  # ISO date
    end: str
    item: str

    @property
    def span(self) -> tuple[str, str]:
        return (self.start, self.end)

    def describe(self) -> str:
        """``Georgia 2023-01-01..2023-06-30 groups/plhiv/perpetrators/police``, for messages."""
        dates = "all dates" if self.span == ALL_TIME else f"{self.start}..{self.end}"
        return f"{self.scope} {dates} {self.item}"


def span_of(period: str) -> tuple[str, str]:
    """The first and last day of a period name, as ISO dates.

    >>> span_of("2023-H2"), span_of("2023-07-01..2023-12-31")
    (('2023-07-01', '2023-12-31'), ('2023-07-01', '2023-12-31'))
    """
    parsed = parse_period(period)
    return (parsed.start.isoformat(), parsed.end.isoformat())


def period_items(document: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every count of one period's figures (a report, its ``previous`` or a trend's period) by item path.

    The key-population chart's n is the headline count of clients: it is given once, as ``clients``.
    """
    for name in HEADLINES:
        yield name, document[name]
    for name, chart in document.get("charts", {}).items():
        if name != CLIENT_CHART:
            yield f"charts/{name}/n", chart["n"]
        for item in chart["items"]:
            yield f"charts/{name}/{item['code']}", item["count"]
    for code, group in document.get("groups", {}).items():
        yield f"groups/{code}/cases", group["cases"]
        yield f"groups/{code}/perpetrators/n", group["perpetrators"]["n"]
        for item in group["perpetrators"]["items"]:
            yield f"groups/{code}/perpetrators/{item['code']}", item["count"]
    for name, table in (document.get("crosstabs") or {}).items():
        for row, counts in zip(table["rows"], table["counts"], strict=True):
            for column, count in zip(table["columns"], counts, strict=True):
                yield f"crosstabs/{name}/{row}/{column}", count


def file_cases(rows: Any, blank: Any) -> Any:
    """The file's cases, from its rows as the appendix shows them: less its blank rows (no cases).

    >>> file_cases(40, 2), file_cases("suppressed", 2)
    (38, 'suppressed')
    """
    return rows - blank if isinstance(rows, int) and isinstance(blank, int) else rows


@dataclass
class PublishedCells:
    """The cells of a set of figures.json documents, each with the one value the publication shows.

    A count shown as a number anywhere is known to a reader everywhere, so a number wins over
    the mark; two different numbers for one cell are a contradiction (`conflicts`).
    """

    #: Each cell's value: a count, or a suppression mark.
    values: dict[CellKey, Any] = field(default_factory=dict)
    #: The countries with a case in each span, where a regional report lists them (``countries``):
    #: a reader knows that every other country had none.
    country_lists: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    #: Cells printed as two different numbers, described.
    conflicts: list[str] = field(default_factory=list)

    def add(self, key: CellKey, value: Any) -> None:
        """Record that the publication prints ``value`` for ``key``."""
        known = self.values.get(key)
        if key not in self.values or (is_suppressed(known) and not is_suppressed(value)):
            self.values[key] = value
        elif known is not None and not is_suppressed(value) and not is_suppressed(known) and int(known) != int(value):
            self.conflicts.append(f"{key.describe()}: printed as {known} and as {value}")

    def add_period(self, document: Mapping[str, Any]) -> None:
        """One period's figures: headlines, charts, groups, cross-tabulations, countries."""
        scope, span = document["scope"], span_of(document["period"])
        for item, value in period_items(document):
            self.add(CellKey(scope, *span, item), value)
        countries = document.get("countries")
        if countries is not None:
            self.country_lists[span] = frozenset(country["country"] for country in countries)
            for country in countries:
                for name in HEADLINES:
                    self.add(CellKey(country["country"], *span, name), country[name])

    def add_accounting(self, scope: str, span: tuple[str, str], accounting: Mapping[str, Any]) -> None:
        """The data-quality appendix of a report of ``scope`` over ``span``: where every row went."""
        self.add(CellKey(scope, *span, "cases"), accounting["in_report"])
        self.add(CellKey(scope, *span, OUTSIDE_PERIOD), accounting["outside_period"])
        self.add(CellKey(scope, *ALL_TIME, OTHER_COUNTRY), accounting["other_country"])
        self.add(
            CellKey(ALL_COUNTRIES, *ALL_TIME, "cases"), file_cases(accounting["total"], accounting.get("blank", 0))
        )

    def add_document(self, document: Mapping[str, Any]) -> None:
        """A figures.json: a report (with its ``previous`` and appendix) or a trend (its ``series``)."""
        if "series" in document:
            for period in document["series"]:
                self.add_document(period)
            return
        self.add_period(document)
        if document.get("previous"):
            self.add_period(document["previous"])
        if document.get("data_quality"):
            self.add_accounting(document["scope"], span_of(document["period"]), document["data_quality"])

    def tables(self) -> dict[tuple[str, str, str], dict[str, CellKey]]:
        """The cells by table (scope, start, end), each table's cells by item."""
        tables: dict[tuple[str, str, str], dict[str, CellKey]] = {}
        for key in self.values:
            tables.setdefault((key.scope, key.start, key.end), {})[key.item] = key
        return tables
