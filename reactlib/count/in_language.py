"""A report's charts and tables in its language: the same counts, the labels translated.

The counting is English throughout (the contract's labels); only what a reader sees changes,
so figures.json of a Russian report equals the English one but for ``title`` and the labels.

Examples
--------
>>> from reactlib import load_cases, sample_data_path
>>> from reactlib.count.figures import compute_figures
>>> figures = compute_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H1", language="uk")
>>> figures.title, figures.charts["gender"].items["label"].tolist()[:2]
('Таджикистан. 2023 | Півріччя: січень–червень', ['Жінка', 'Чоловік'])
"""

from __future__ import annotations

from dataclasses import replace

from reactlib.contract.categories import PERPETRATOR_GROUPS
from reactlib.count.aggregate import Chart
from reactlib.count.crosstabs import CrossTab
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.category_labels import labels_in, vocabulary_of


def chart_in_language(chart: Chart, language: str) -> Chart:
    """``chart`` with its labels in ``language`` (its counts and percents untouched)."""
    vocabulary = vocabulary_of(tuple(chart.items["code"]))
    if vocabulary is None or language == DEFAULT_LANGUAGE:
        return chart
    items = chart.items.copy()
    items["label"] = list(labels_in(vocabulary, language))
    return replace(chart, items=items)


def crosstab_in_language(table: CrossTab, language: str) -> CrossTab:
    """``table`` with its row and column labels in ``language``."""
    rows = vocabulary_of(tuple(table.counts.index))
    if rows is None or language == DEFAULT_LANGUAGE:
        return table
    return replace(table, row_labels=labels_in(rows, language), column_labels=labels_in(PERPETRATOR_GROUPS, language))
