"""Reports in Russian and Ukrainian: numbers, dates, titles and labels, worked out by hand.

The expected texts are written here from the languages' rules (CLDR: a no-break space groups
thousands and stands before ``%``; a decimal comma; stand-alone month names in titles, declined
ones in dates), not copied from the code's output.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reactlib import load_cases, sample_data_path
from reactlib.cli import main
from reactlib.contract import categories
from reactlib.count.figures import compute_figures
from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.periods import parse_period, report_title
from reactlib.language import formats
from reactlib.language.category_labels import VOCABULARIES, label_in, labels_in
from reactlib.language.local_dates import country_name, long_date, month_range

NBSP = "\xa0"


@pytest.fixture(scope="module")
def sample_cases():
    return load_cases(sample_data_path())


# Numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, en, ru, uk",
    [
        (0, "0", "0", "0"),
        (279, "279", "279", "279"),
        (1234, "1234", f"1{NBSP}234", f"1{NBSP}234"),
        (1234567, "1234567", f"1{NBSP}234{NBSP}567", f"1{NBSP}234{NBSP}567"),
        ("suppressed", "suppressed", "скрыто", "приховано"),
        ("<5", "suppressed", "скрыто", "приховано"),  # an older mark is a suppressed count too
    ],
)
def test_counts(value, en, ru, uk):
    assert [formats.count_text(value, language) for language in ("en", "ru", "uk")] == [en, ru, uk]


@pytest.mark.parametrize(
    "value, en, ru",
    [
        (52.2, "52.2 %", f"52,2{NBSP}%"),
        (9.0, "9.0 %", f"9,0{NBSP}%"),
        (100.0, "100.0 %", f"100,0{NBSP}%"),
        (0.1, "0.1 %", f"0,1{NBSP}%"),
        (None, "–", "–"),
        (float("nan"), "–", "–"),
    ],
)
def test_percents(value, en, ru):
    assert (formats.percent_text(value, "en"), formats.percent_text(value, "ru")) == (en, ru)
    assert formats.percent_text(value, "uk") == ru


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["ru", "uk"]))
def test_a_grouped_count_reads_back_as_the_english_one(count, language):
    shown = formats.count_text(count, language)
    assert shown.replace(NBSP, "") == formats.count_text(count, "en") == str(count)
    assert all(len(group) == 3 for group in shown.split(NBSP)[1:])


@given(st.integers(min_value=0, max_value=1000).map(lambda tenths: tenths / 10), st.sampled_from(["ru", "uk"]))
def test_a_percent_differs_from_the_english_by_its_comma_and_space_only(percent, language):
    english = formats.percent_text(percent, "en")
    assert formats.percent_text(percent, language) == english.replace(".", ",").replace(" ", NBSP)


def test_the_suppressed_word_is_the_figures_mark():
    assert formats.SUPPRESSED_WORD == SUPPRESSED


@pytest.mark.parametrize(
    "delta, en, ru",
    [
        (34, "+34", "+34"),
        (-5, "−5", "−5"),
        (0, "±0", "±0"),
        (-1500, "−1500", f"−1{NBSP}500"),
        (None, "suppressed", "скрыто"),
    ],
)
def test_changes(delta, en, ru):
    assert (formats.change_text(delta, "en"), formats.change_text(delta, "ru")) == (en, ru)


@pytest.mark.parametrize(
    "delta, en, ru, uk",
    [
        (2.1, "+2.1 pp", f"+2,1{NBSP}п.{NBSP}п.", f"+2,1{NBSP}в.{NBSP}п."),
        (52.2 - 50.1, "+2.1 pp", f"+2,1{NBSP}п.{NBSP}п.", f"+2,1{NBSP}в.{NBSP}п."),  # a float's tail
        (-0.4, "−0.4 pp", f"−0,4{NBSP}п.{NBSP}п.", f"−0,4{NBSP}в.{NBSP}п."),
        (0.0, "±0.0 pp", f"±0,0{NBSP}п.{NBSP}п.", f"±0,0{NBSP}в.{NBSP}п."),
        ("<5", "suppressed", "скрыто", "приховано"),
    ],
)
def test_percentage_points(delta, en, ru, uk):
    assert [formats.points_text(delta, language) for language in ("en", "ru", "uk")] == [en, ru, uk]


def test_the_report_formats_follow_the_language_they_are_given():
    assert (formats.percent_text(52.2), formats.count_text(1234)) == ("52.2 %", "1234")
    # What a notebook passes on (``language=language``): nothing is remembered between calls.
    assert (formats.percent_text(52.2, "uk"), formats.count_text(1234, "uk")) == (f"52,2{NBSP}%", f"1{NBSP}234")
    assert (formats.change_text(-3, "uk"), formats.points_text(1.5, "uk")) == ("−3", f"+1,5{NBSP}в.{NBSP}п.")
    assert formats.percent_text(52.2) == "52.2 %"


# Dates and names ---------------------------------------------------------------------------------


def test_month_ranges_are_nominative():
    assert month_range(1, 6, "ru") == "январь–июнь"
    assert month_range(7, 12, "ru") == "июль–декабрь"
    assert month_range(1, 6, "uk") == "січень–червень"
    assert month_range(4, 6, "en") == "April–June"


def test_long_dates_decline_the_month():
    day = dt.date(2023, 1, 1)
    assert long_date(day, "en") == "1 January 2023"
    # CLDR's long date: the genitive month, then the year's abbreviation after a narrow no-break space.
    assert long_date(day, "ru") == "1 января 2023\u202fг."
    assert long_date(dt.date(2023, 5, 31), "uk") == "31 травня 2023\u202fр."


@pytest.mark.parametrize(
    "name, ru, uk",
    [
        ("Tajikistan", "Таджикистан", "Таджикистан"),
        ("Moldova", "Молдова", "Молдова"),
        ("Kazakhstan", "Казахстан", "Казахстан"),
        ("Ukraine", "Украина", "Україна"),
        ("tajikistan ", "Таджикистан", "Таджикистан"),  # as the scope is matched: any case, blanks
        ("Atlantis", "Atlantis", "Atlantis"),  # not a country CLDR knows: as written
        ("Таджикистан", "Таджикистан", "Таджикистан"),  # already in Cyrillic: as written
    ],
)
def test_country_names(name, ru, uk):
    assert (country_name(name, "ru"), country_name(name, "uk"), country_name(name, "en")) == (ru, uk, name)


# Titles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scope, period, en, ru, uk",
    [
        (
            "Tajikistan",
            "2023-H1",
            "Tajikistan. 2023 | Half year: January–June",
            "Таджикистан. 2023 | Полугодие: январь–июнь",
            "Таджикистан. 2023 | Півріччя: січень–червень",
        ),
        (
            "Tajikistan",
            "2023-H2",
            "Tajikistan. 2023 | Half year: July–December",
            "Таджикистан. 2023 | Полугодие: июль–декабрь",
            "Таджикистан. 2023 | Півріччя: липень–грудень",
        ),
        ("all", "2023", "All countries. 2023 | Year", "Все страны. 2023 | Год", "Усі країни. 2023 | Рік"),
        (
            "Moldova",
            "2024-Q3",
            "Moldova. 2024 | Quarter 3: July–September",
            "Молдова. 2024 | Квартал 3: июль–сентябрь",
            "Молдова. 2024 | Квартал 3: липень–вересень",
        ),
        ("Moldova", "2023-05", "Moldova. May 2023", "Молдова. май 2023", "Молдова. травень 2023"),
        (
            "Georgia",
            "2023-01-01..2023-05-31",
            "Georgia. 1 January 2023 – 31 May 2023",
            "Грузия. 1 января 2023\u202fг. – 31 мая 2023\u202fг.",
            "Грузія. 1 січня 2023\u202fр. – 31 травня 2023\u202fр.",
        ),
    ],
)
def test_report_titles(scope, period, en, ru, uk):
    parsed = parse_period(period)
    assert [report_title(scope, parsed, language) for language in ("en", "ru", "uk")] == [en, ru, uk]
    assert report_title(scope, parsed) == en


# Labels ------------------------------------------------------------------------------------------


def test_labels_use_the_communities_terms():
    kp = categories.KEY_POPULATIONS
    assert label_in(kp, "plhiv", "ru") == "Люди, живущие с ВИЧ"
    assert label_in(kp, "plhiv", "uk") == "Люди, які живуть з ВІЛ"
    assert label_in(kp, "sex_worker", "ru").startswith("Секс-работ")
    assert label_in(kp, "sex_worker", "uk").startswith("Секс-праців")
    assert label_in(kp, "lgbtiq", "ru") == "ЛГБТИК"
    assert "КГН" in label_in(kp, "no_kpg", "ru") and "КГН" in label_in(kp, "no_kpg", "uk")


def test_one_english_label_translated_by_its_vocabulary():
    # "Social services" is an institution among perpetrators and help among services.
    assert label_in(categories.PERPETRATORS, "social_services", "ru") == "Социальные службы"
    assert label_in(categories.SERVICES, "social", "ru") == "Социальные услуги"


@pytest.mark.parametrize("language", ["ru", "uk"])
@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda vocabulary: vocabulary.name)
def test_labels_are_translated_and_tell_categories_apart(vocabulary, language):
    # Every label differs from the English (except abbreviations none) and from the others of its
    # vocabulary: a file written with these labels reads back to one code each.
    translated = labels_in(vocabulary, language)
    assert len(set(translated)) == len(vocabulary.codes)
    assert all(label != english for label, english in zip(translated, vocabulary.labels, strict=True))
    assert {label.casefold() for label in translated}.isdisjoint(code.casefold() for code in vocabulary.codes)


def test_english_labels_are_the_contract():
    for vocabulary in VOCABULARIES:
        assert labels_in(vocabulary, "en") == vocabulary.labels


# Figures -----------------------------------------------------------------------------------------


def without_words(document: dict) -> dict:
    """figures.json without its title and labels: what must be the same in every language."""
    document = json.loads(json.dumps(document))
    document.pop("title")
    for chart in [*document["charts"].values(), *(group["perpetrators"] for group in document["groups"].values())]:
        for item in chart["items"]:
            item.pop("label")
    for table in document.get("crosstabs", {}).values():
        table.pop("row_labels")
        table.pop("column_labels")
    if document.get("previous"):  # the previous period's figures, words and all
        document["previous"] = without_words(document["previous"])
    return document


@pytest.mark.parametrize("language", ["ru", "uk"])
@pytest.mark.parametrize("min_cell", [None, 5])
def test_figures_have_the_same_counts_in_every_language(sample_cases, language, min_cell):
    english = compute_figures(sample_cases, "Tajikistan", "2023-H1", min_cell).to_dict()
    other = compute_figures(sample_cases, "Tajikistan", "2023-H1", min_cell, language).to_dict()

    assert without_words(other) == without_words(english)
    assert other["previous"] is not None and other["previous"]["title"] != english["previous"]["title"]
    assert (
        other["title"]
        == {
            "ru": "Таджикистан. 2023 | Полугодие: январь–июнь",
            "uk": "Таджикистан. 2023 | Півріччя: січень–червень",
        }[language]
    )
    assert (
        other["previous"]["title"]
        == {
            "ru": "Таджикистан. 2022 | Полугодие: июль–декабрь",
            "uk": "Таджикистан. 2022 | Півріччя: липень–грудень",
        }[language]
    )
    gender = [item["label"] for item in other["charts"]["gender"]["items"]]
    assert (
        gender
        == {
            "ru": ["Женщина", "Мужчина", "Трансгендерная женщина", "Трансгендерный мужчина", "Гендер неизвестен"],
            "uk": ["Жінка", "Чоловік", "Трансгендерна жінка", "Трансгендерний чоловік", "Гендер невідомий"],
        }[language]
    )
    groups = [item["label"] for item in other["groups"]["msm_trans"]["perpetrators"]["items"]]
    assert groups == list(labels_in(categories.PERPETRATOR_GROUPS, language))
    table = other["crosstabs"]["violations_by_perpetrator"]
    assert table["row_labels"] == list(labels_in(categories.VIOLATIONS, language))
    assert table["column_labels"] == list(labels_in(categories.PERPETRATOR_GROUPS, language))


def test_seed_counts_stay_in_russian(sample_cases):
    figures = compute_figures(sample_cases, "Tajikistan", "2023-H1", language="ru")
    assert (figures.clients, figures.cases, figures.qualified) == (520, 522, 480)
    assert figures.title == "Таджикистан. 2023 | Полугодие: январь–июнь"
    assert figures.charts["gender"].items["count"].tolist() == [272, 244, 2, 2, 1]


def test_figures_command_writes_the_language(capsys):
    code = main(["figures", "--scope", "Tajikistan", "--period", "2023-H2", "--language", "uk"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["title"] == "Таджикистан. 2023 | Півріччя: липень–грудень"
    assert document["charts"]["gender"]["items"][0]["label"] == "Жінка"


# Package texts -----------------------------------------------------------------------------------


def test_index_page_in_russian(tmp_path):
    from reactlib.batch.index_page import IndexEntry, render_index

    page = render_index(tmp_path, "REAct", [IndexEntry("Tajikistan", "2023-H1", None, "failed")], "ru")
    assert '<html lang="ru">' in page
    assert '<th scope="row">Таджикистан</th>' in page and "2023 | Полугодие: январь–июнь" in page
    assert '<th scope="col">Территория</th><th scope="col">Период</th>' in page and ">ошибка</td>" in page
    assert "<h2>Отчеты</h2>" in page and "<h2>Основные показатели по периодам</h2>" in page
    for english in ("Scope", "Period", "Clients", "Status", "failed", "Reports", "Half year"):
        assert f">{english}<" not in page and f'"{english}"' not in page


def test_index_page_numbers_in_the_pages_language(tmp_path):
    from reactlib.batch.index_page import IndexEntry, render_index

    report = tmp_path / "tajikistan"
    report.mkdir()
    (report / "figures.json").write_text('{"clients": 1234, "cases": "suppressed", "qualified": 0, "title": "T"}')
    page = render_index(tmp_path, "REAct", [IndexEntry("Tajikistan", "2023", report, "rendered")], "uk")
    assert f'data-label="Клієнти">1{NBSP}234</td>' in page and 'data-label="Випадки">приховано</td>' in page
    english = render_index(tmp_path, "REAct", [IndexEntry("Tajikistan", "2023", report, "rendered")])
    assert 'data-label="Clients">1234</td>' in english


def test_index_page_in_english_by_default(tmp_path):
    from reactlib.batch.index_page import IndexEntry, render_index

    page = render_index(tmp_path, "REAct", [IndexEntry("all", "2023", None, "rendered")])
    assert '<html lang="en">' in page and '<th scope="row">All countries</th>' in page
    assert '<th scope="col">Scope</th>' in page


def test_suppression_note_and_contents_in_ukrainian(sample_cases):
    from reactlib.report.sections import contents, suppression_note

    figures = compute_figures(sample_cases, "Tajikistan", "2023-H1", 5, "uk")
    note = suppression_note(figures, "uk")
    assert "Числа від 1 до 4, а також інші числа, за якими їх можна було б обчислити, показано як «приховано»" in note
    assert "Перевірка " in note and "найвужчий діапазон" in note
    assert ">Зміст</p>" in contents([("a", "Б")], "uk")


def test_workbook_rules_in_the_reports_language():
    import io

    from openpyxl import load_workbook

    from reactlib.language.messages import text_in
    from reactlib.render.workbook import SUPPRESSION_RULE, UNSUPPRESSED_RULE, WorkbookInputs, figures_workbook

    figures = compute_figures(load_cases(sample_data_path()), "Tajikistan", "2023-H1", language="ru").to_dict()
    inputs = WorkbookInputs("sample_cases.csv", "0" * 64, 0, "0", dt.date(2024, 1, 1), "ru")
    sheet = load_workbook(io.BytesIO(figures_workbook(figures, inputs)))["about"]
    cells = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert "Правила подсчета (контракт данных, раздел 4; анализ, раздел 4):" in cells
    assert text_in(UNSUPPRESSED_RULE, "ru") in cells  # without min_cell, the line it always had
    assert text_in(SUPPRESSION_RULE, "ru").startswith("Скрытые числа записаны как «suppressed»")
    assert "Таджикистан. 2023 | Полугодие: январь–июнь" in cells
