"""Everything a trend report shows, computed once from its parameters.

The trend notebook (``notebooks/trend_report.ipynb``) calls `prepare_trend` with its parameters
and only arranges what comes back, as the country notebook does with
`reactlib.report.data.prepare_report`; `reactlib trend` calls it before any kernel starts and
hands the result to the kernel (`reactlib.report.handover`), which then counts nothing again.

Examples
--------
>>> trend = prepare_trend(scope="Georgia", from_period="2023-H1", to_period="2023-H2")
>>> trend.figures.title, len(trend.figures.series)
('Georgia. Trend by half year, 2023-H1 to 2023-H2', 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reactlib.count.suppression import Disclosure
from reactlib.count.trends import TrendFigures, compute_trend
from reactlib.language import check_language
from reactlib.load.options import ReadOptions
from reactlib.report.data import report_provenance, validated_cases
from reactlib.report.handover import inputs_key, take_handed_over
from reactlib.report.provenance import Provenance


@dataclass(frozen=True)
class TrendData:
    """The figures and the provenance of one trend report; ``downloads`` as `ReportData`'s."""

    figures: TrendFigures
    provenance: Provenance
    downloads: tuple[str, ...] = ()


def prepare_trend(
    data: str | Path = "",
    column_map: str | Path = "",
    encoding: str = "",
    sheet: str = "",
    header_row: int = 0,
    date_format: str = "",
    scope: str = "Tajikistan",
    from_period: str = "2022-H1",
    to_period: str = "2024-H2",
    min_cell: int = 0,
    language: str = "en",
) -> TrendData:
    """Load and validate the data, then compute the figures of every period of the trend.

    When `reactlib trend` has handed this kernel the trend's data for exactly these arguments
    and files, that is returned instead of being computed again.

    Parameters
    ----------
    data, column_map, encoding, sheet, header_row, date_format
        As for `reactlib.report.data.prepare_report`.
    scope
        A country as written in the data, or ``"all"``.
    from_period, to_period
        The first and last period, of one kind (see `reactlib.count.trends.trend_periods`).
    min_cell
        Small-cell threshold inside each period; 0 switches suppression off.
    language
        The report's language.
    """
    arguments = (
        str(data), str(column_map), encoding, sheet, header_row, date_format, scope, from_period, to_period,
        min_cell, language,
    )  # fmt: skip
    handed = take_handed_over(inputs_key(arguments))
    if handed is not None:
        return handed
    reading = ReadOptions(encoding, sheet, header_row, date_format)
    cases = validated_cases(data, column_map, reading)
    return trend_data_from_cases(
        cases, str(data), str(column_map), reading, scope, from_period, to_period, min_cell, language
    )


def trend_data_from_cases(
    cases: pd.DataFrame,
    data: str,
    column_map: str,
    reading: ReadOptions,
    scope: str,
    from_period: str,
    to_period: str,
    min_cell: int,
    language: str = "en",
    disclosure: Disclosure | None = None,
) -> TrendData:
    """`prepare_trend` on cases already loaded and validated from ``data``.

    ``disclosure``: with min_cell, the suppression pattern of the publication the trend is one
    of (a batch's); without it, the trend alone is the publication.
    """
    check_language(language)
    figures = compute_trend(cases, scope, from_period, to_period, min_cell or None, language, disclosure)
    what = {"scope": figures.scope, "from_period": figures.first, "to_period": figures.last}
    return TrendData(figures, report_provenance(data, column_map, reading, what, min_cell, language))
