"""Phrases, charts and tables write numbers, dates and their own words in the language they are given."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reactlib.count.crosstabs import CrossTab
from reactlib.report import plots, tables
from reactlib.report.language import ReportLanguage, use_language
from reactlib.report.phrases import no_values, phrase, scope_name

NBSP = "\xa0"


def items(*rows: tuple[str, object, object]) -> pd.DataFrame:
    return pd.DataFrame(
        [(label.lower(), label, count, percent) for label, count, percent in rows],
        columns=["code", "label", "count", "percent"],
    )


def test_phrase_writes_counts_and_dates_in_english_as_before():
    assert phrase("{n} {d}", n=1234, d=dt.date(2023, 1, 1)) == "1234 2023-01-01"


def test_phrase_writes_counts_with_grouped_thousands_in_russian():
    assert phrase("{n}", n=1234, language="ru") == f"1{NBSP}234"


@pytest.mark.parametrize(("code", "expected"), [("ru", "1 января 2023"), ("uk", "1 січня 2023")])
def test_dates_decline_their_month(code, expected):
    assert phrase("{d}", d=dt.date(2023, 1, 1), language=code).startswith(expected)


def test_phrase_escapes_and_is_put_into_another_phrase_once():
    sentence = phrase("Зареєстровано випадків <b>: {n}", n=12000, language="uk")
    assert phrase("{s}.", s=sentence) == f"Зареєстровано випадків &lt;b&gt;: 12{NBSP}000."


def test_use_language_keeps_nothing_between_calls():
    # The notebook's gettext function is a value: choosing Russian changes no helper's output.
    russian = use_language("ru")
    assert russian == ReportLanguage("ru", "country_report") and russian("Countries") == "Страны"
    assert (
        phrase("{n}", n=1234) == "1234" and plots.shown_bars(items(("A", 1200, 52.2)), "percent")["text"][0] == "52.2 %"
    )


def test_scope_name_is_the_countrys_name_in_the_language():
    assert scope_name("Tajikistan") == "Tajikistan"
    assert scope_name("Tajikistan", "ru") == "Таджикистан"


def test_bar_values_and_table_cells_use_a_decimal_comma():
    chart = items(("A", 1200, 52.2), ("B", "<5", None), ("C", 0, 0.0))
    assert list(plots.shown_bars(chart, "percent", "ru")["text"]) == [f"52,2{NBSP}%", "скрыто"]
    assert list(plots.shown_bars(chart, "count", "ru")["text"]) == [f"1{NBSP}200", "скрыто"]
    html = tables.data_table(chart, table_id="t", language="ru").to_html()
    assert f"52,2{NBSP}%" in html and f"1{NBSP}200" in html and "52.2" not in html


def test_alt_texts_are_in_the_language():
    image = plots.chart(items(("Жінка", 3, 75.0), ("Чоловік", 1, 25.0)), title="2 Гендер", language="uk")
    assert image is not None
    assert image.alt == f"2 Гендер, стовпчикова діаграма: Жінка 75,0{NBSP}%; Чоловік 25,0{NBSP}%."
    table = CrossTab(
        name="t", unit="cases", row_labels=("Рядок",), column_labels=("Поліція",),
        counts=pd.DataFrame([[1500]], index=["r"], columns=["police"]),
    )  # fmt: skip
    assert plots.heatmap_alt(table, "1 Т", "uk") == f"1 Т, теплова карта випадків: Рядок, Поліція 1{NBSP}500."


def test_the_empty_chart_note_is_in_the_language_it_is_given():
    assert no_values() == '<p class="empty-chart">No values recorded for this chart in this report.</p>'
    assert no_values("ru") == no_values("ru") != no_values() and no_values("ru").startswith('<p class="empty-chart">')
