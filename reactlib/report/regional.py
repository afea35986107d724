"""The regional report's countries (analysis.md section 3): a table and the frame of a bar chart.

A report of the scope ``all`` carries each country's headline figures
(`reactlib.count.figures.ReportFigures.countries`); a country report carries none, and then
every function here returns None, so the notebook's cells show nothing. Suppressed counts stay
suppressed: the table writes the report's word for them, the chart draws no bar for them.

Examples
--------
>>> from reactlib import load_cases, sample_data_path
>>> from reactlib.count.figures import compute_figures
>>> cases = load_cases(sample_data_path())
>>> country_items(compute_figures(cases, "all", "2023-H1"))["label"].tolist()[:2]
['Georgia', 'Kazakhstan']
>>> country_items(compute_figures(cases, "Tajikistan", "2023-H1")) is None
True
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

import pandas as pd

from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import count_text
from reactlib.language.local_dates import country_name
from reactlib.language.messages import N_, text_in
from reactlib.report.tables import TABLE_CLASS, ChartTable, house_table

if TYPE_CHECKING:
    from reactlib.count.figures import ReportFigures


#: The countries table's headers: the country, then the headline counters (the index page's words).
COUNTRY_HEADERS: Final = (N_("Country"), N_("Clients"), N_("Cases"), N_("Qualified"))
#: The headline counters in the table, by `reactlib.count.figures.CountryFigures` field.
COUNTRY_COUNTS: Final = ("clients", "cases", "qualified")


def _name(country: str, language: str) -> str:
    """The country as the report's reader names it; English keeps the data's spelling."""
    return country if language == DEFAULT_LANGUAGE else country_name(country, language)


def country_frame(figures: ReportFigures, language: str = DEFAULT_LANGUAGE) -> pd.DataFrame | None:
    """One row per country: its name and headline counts (a count or the suppression mark).

    None for a country report, which has no countries.
    """
    if figures.countries is None:
        return None
    country, *counts = (text_in(header, language) for header in COUNTRY_HEADERS)
    rows = [[_name(c.country, language), *(getattr(c, name) for name in COUNTRY_COUNTS)] for c in figures.countries]
    return pd.DataFrame(rows, columns=[country, *counts]).astype(object)


def countries_table(
    figures: ReportFigures, table_id: str = "countries", *, language: str = DEFAULT_LANGUAGE
) -> ChartTable | None:
    """The countries' headline counts as a table in the style of the chart tables, in ``language``; None for a country report."""
    frame = country_frame(figures, language)
    if frame is None:
        return None
    country, *counts = frame.columns
    styler = house_table(frame, table_id, f"{TABLE_CLASS} countries")
    styler.format(escape="html", subset=[country])
    styler.format(functools.partial(count_text, language=language), escape="html", subset=counts)
    styler.format_index(escape="html", axis="columns")
    styler.hide(axis="index")
    return styler


def country_items(
    figures: ReportFigures, count: str = "cases", *, language: str = DEFAULT_LANGUAGE
) -> pd.DataFrame | None:
    """A chart's tidy frame of the countries' ``count`` (``clients``, ``cases`` or ``qualified``).

    Drawn by `reactlib.report.plots.chart` with ``"count"``: one bar per country, in name order.
    The percent is each country's share of the countries' total; missing when a count is hidden.
    None for a country report.
    """
    if figures.countries is None:
        return None
    if count not in COUNTRY_COUNTS:
        raise ValueError(f"count must be one of {', '.join(COUNTRY_COUNTS)}, not {count!r}")
    values = [getattr(c, count) for c in figures.countries]
    # A share of a total that leaves out hidden counts would be wrong: none when any is hidden.
    total = sum(values) if all(isinstance(v, int) for v in values) else 0
    percents = [round(100 * v / total, 1) if total else None for v in values]
    return pd.DataFrame(
        {
            "code": [c.country for c in figures.countries],
            "label": [_name(c.country, language) for c in figures.countries],
            "count": pd.Series(values, dtype=object),
            "percent": pd.array(percents, dtype="Float64"),
        }
    )
