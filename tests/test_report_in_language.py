"""`say`, charts and tables write numbers, dates and their own words in the report's language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reactlib.count.crosstabs import CrossTab
from reactlib.report import plots, tables
from reactlib.report.language import use_language
from reactlib.report.phrases import NO_VALUES, phrase, say, scope_name

NBSP = "\xa0"


@pytest.fixture
def language():
    """Set a report language for one test; English again afterwards."""
    yield use_language
    use_language("en")


def items(*rows: tuple[str, object, object]) -> pd.DataFrame:
    return pd.DataFrame(
        [(label.lower(), label, count, percent) for label, count, percent in rows],
        columns=["code", "label", "count", "percent"],
    )


def test_say_writes_counts_and_dates_in_english_as_before():
    assert say("<p>{n} {d}</p>", n=1234, d=dt.date(2023, 1, 1)).data == "<p>1234 2023-01-01</p>"


def test_say_writes_counts_with_grouped_thousands_in_russian(language):
    language("ru")
    assert say("<p>{n}</p>", n=1234).data == f"<p>1{NBSP}234</p>"


@pytest.mark.parametrize(("code", "expected"), [("ru", "1 января 2023"), ("uk", "1 січня 2023")])
def test_dates_decline_their_month(language, code, expected):
    language(code)
    assert say("{d}", d=dt.date(2023, 1, 1)).data.startswith(expected)


def test_phrase_escapes_and_is_put_into_say_once(language):
    language("uk")
    sentence = phrase("Зареєстровано випадків <b>: {n}", n=12000)
    assert say("<p>{s}</p>", s=sentence).data == f"<p>Зареєстровано випадків &lt;b&gt;: 12{NBSP}000</p>"


def test_scope_name_is_the_countrys_name_in_the_language(language):
    assert scope_name("Tajikistan") == "Tajikistan"
    language("ru")
    assert scope_name("Tajikistan") == "Таджикистан"


def test_bar_values_and_table_cells_use_a_decimal_comma(language):
    language("ru")
    chart = items(("A", 1200, 52.2), ("B", "<5", None), ("C", 0, 0.0))
    assert list(plots.shown_bars(chart, "percent")["text"]) == [f"52,2{NBSP}%", "скрыто"]
    assert list(plots.shown_bars(chart, "count")["text"]) == [f"1{NBSP}200", "скрыто"]
    html = tables.data_table(chart, table_id="t").to_html()
    assert f"52,2{NBSP}%" in html and f"1{NBSP}200" in html and "52.2" not in html


def test_alt_texts_are_in_the_language(language):
    language("uk")
    image = plots.chart(items(("Жінка", 3, 75.0), ("Чоловік", 1, 25.0)), title="2 Гендер")
    assert image is not None
    assert image.alt == f"2 Гендер, стовпчикова діаграма: Жінка 75,0{NBSP}%; Чоловік 25,0{NBSP}%."
    table = CrossTab(
        name="t", unit="cases", row_labels=("Рядок",), column_labels=("Поліція",),
        counts=pd.DataFrame([[1500]], index=["r"], columns=["police"]),
    )  # fmt: skip
    assert plots.heatmap_alt(table, "1 Т") == f"1 Т, теплова карта випадків: Рядок, Поліція 1{NBSP}500."


def test_the_empty_chart_note_is_looked_up_when_shown_not_at_import(monkeypatch):
    """NO_VALUES is a module constant: its words must be those of the language active when shown."""
    import reactlib.report.phrases as text

    monkeypatch.setattr(text, "package_text", lambda message: f"[{message}]")
    assert str(NO_VALUES) == '<p class="empty-chart">[No values recorded for this chart in this report.]</p>'
    assert say("{x}", x=NO_VALUES).data == str(NO_VALUES)
