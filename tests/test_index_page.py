"""``outputs/index.html``: each report told apart by its period's title, one row per report and per
trend, labelled links with names of their own, other languages marked, landmarks, phone width.

The pages are built from hand-written figures.json files (the index reads nothing else), so
the tests need no render.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reactlib.batch.index_page import IndexEntry, TrendEntry, render_index, write_index

PHONE = {"width": 390, "height": 844}
#: The sample batch's seven scopes: six countries, one with a long name, and the region.
SCOPES = ("Georgia", "Kazakhstan", "Kyrgyzstan", "Moldova", "Tajikistan", "Bosnia and Herzegovina", "all")
HALVES = ("2023-H1", "2023-H2")


def report_folder(root: Path, scope: str, period: str, clients: int, cases: int, qualified: int) -> Path:
    """A rendered report's folder as the index sees it: its figures.json and two files to link."""
    folder = root / scope.lower().replace(" ", "-") / period
    folder.mkdir(parents=True)
    figures = {"scope": scope, "period": period, "clients": clients, "cases": cases, "qualified": qualified}
    (folder / "figures.json").write_text(json.dumps(figures), encoding="utf-8")
    (folder / "report.html").write_text("<!DOCTYPE html><title>r</title>", encoding="utf-8")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


@pytest.fixture
def sample_index(tmp_path: Path) -> Path:
    """An index of seven scopes × two halves with four-digit counts, the widest the sample has."""
    entries = []
    for number, scope in enumerate(SCOPES):
        for half, period in enumerate(HALVES):
            counts = (1000 + number, 2000 + half, 1500)
            folder = report_folder(tmp_path, scope, period, *counts)
            entries.append(IndexEntry(scope, period, folder, "rendered" if number else "unchanged"))
    entries.append(IndexEntry("Atlantis", "2023-H1", None, "failed"))
    return write_index(tmp_path, "REAct reports: sample", entries)


def test_the_two_halves_of_a_year_are_told_apart_by_their_months(sample_index):
    soup = BeautifulSoup(sample_index.read_text(encoding="utf-8"), "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in soup.select("table")[0].tbody.find_all("tr")
    ]
    tajikistan = [row[1] for row in rows if row[0] == "Tajikistan"]
    assert tajikistan == ["2023 | Half year: January–June 2023-H1", "2023 | Half year: July–December 2023-H2"]
    regional = [row[1] for row in rows if row[0] == "All countries"]
    assert regional == tajikistan
    headers = [th.get_text(" ", strip=True) for th in soup.select("table")[1].thead.find_all("th", colspan="3")]
    assert headers == ["2023 | Half year: January–June 2023-H1", "2023 | Half year: July–December 2023-H2"]


def test_the_page_has_a_main_landmark_holding_its_content(sample_index):
    soup = BeautifulSoup(sample_index.read_text(encoding="utf-8"), "html.parser")
    main = soup.find_all("main")
    assert len(main) == 1
    assert main[0].h1 is not None and len(main[0].find_all("table")) == 2


@pytest.mark.slow
def test_the_page_reads_at_phone_width_without_sideways_scrolling(browser, sample_index):
    page = browser.new_page(viewport=PHONE)
    page.goto(sample_index.as_uri())
    document_width = page.evaluate("document.documentElement.scrollWidth")
    # A table in a scrolling box keeps the page narrow but still makes the reader scroll sideways.
    wider_than_shown = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))"
        ".map(e => e.tagName + '.' + e.className)"
    )
    outside = page.evaluate(
        "[...document.querySelectorAll('td, th')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
        ".map(e => e.innerText)"
    )
    texts = page.evaluate("document.body.innerText")
    page.screenshot(path=str(sample_index.parent / "index-390.png"), full_page=True)
    page.close()
    assert document_width <= PHONE["width"], "the page itself scrolls sideways"
    assert wider_than_shown == [], "a box on the page scrolls sideways"
    assert outside == [], "cells lie beyond the screen's right edge"
    assert "1006" in texts and "Bosnia and Herzegovina" in texts


def test_a_name_that_is_no_period_is_shown_as_given(tmp_path):
    page = render_index(tmp_path, "REAct", [IndexEntry("Georgia", "<H1>", None, "failed")])
    cells = BeautifulSoup(page, "html.parser").select("table")[0].tbody.find_all("td")
    assert cells[0].get_text() == "<H1>" and "<H1>" not in page


def test_each_report_links_its_spreadsheet_beside_its_figures(tmp_path):
    with_workbook = report_folder(tmp_path, "Moldova", "2023-H1", 10, 12, 9)
    (with_workbook / "figures.xlsx").write_bytes(b"PK")
    older = report_folder(tmp_path, "Georgia", "2023-H1", 10, 12, 9)  # rendered before figures.xlsx existed
    page = render_index(tmp_path, "REAct", [IndexEntry("Moldova", "2023-H1", with_workbook, "rendered"),
                                            IndexEntry("Georgia", "2023-H1", older, "unchanged")])  # fmt: skip
    moldova, georgia = BeautifulSoup(page, "html.parser").select("table")[0].tbody.find_all("tr")

    links = {a.contents[0]: a["href"] for a in moldova.find_all("a")}
    assert links == {
        "page": "moldova/2023-H1/report.html", "PDF": "moldova/2023-H1/report.pdf",
        "spreadsheet": "moldova/2023-H1/figures.xlsx", "JSON": "moldova/2023-H1/figures.json",
    }  # fmt: skip
    assert [a.contents[0] for a in georgia.find_all("a")] == ["page", "PDF", "JSON"]


def with_previous(folder: Path, previous: dict | None) -> None:
    """Give a report folder's figures.json the previous period's figures (``None``: not in the data)."""
    path = folder / "figures.json"
    figures = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(figures | {"previous": previous}), encoding="utf-8")


def test_the_headline_numbers_show_their_change_against_the_previous_period(tmp_path):
    shown = report_folder(tmp_path, "Tajikistan", "2023-H2", 295, 307, 276)
    with_previous(shown, {"period": "2023-H1", "clients": 520, "cases": 300, "qualified": 276})
    hidden = report_folder(tmp_path, "Georgia", "2023-H2", 6, "suppressed", 7)
    with_previous(hidden, {"period": "2023-H1", "clients": "suppressed", "cases": 9, "qualified": 7})
    first = report_folder(tmp_path, "Moldova", "2023-H2", 10, 11, 12)
    with_previous(first, None)
    entries = [
        IndexEntry("Tajikistan", "2023-H2", shown, "rendered"),
        IndexEntry("Georgia", "2023-H2", hidden, "rendered"),
        IndexEntry("Moldova", "2023-H2", first, "rendered"),
    ]
    soup = BeautifulSoup(render_index(tmp_path, "REAct", entries), "html.parser")
    for table in soup.select("table"):
        rows = {tr.th.get_text(strip=True): tr for tr in table.tbody.find_all("tr")}
        numbers = {scope: [td.get_text(" ", strip=True) for td in row.select("td.n")] for scope, row in rows.items()}
        # 295 - 520 = -225 (a true minus), 307 - 300 = +7, 276 - 276 = ±0.
        assert numbers["Tajikistan"] == ["295 (−225 vs 2023-H1)", "307 (+7 vs 2023-H1)", "276 (±0 vs 2023-H1)"]
        # A change next to a hidden count, or against one, would give the hidden count away.
        assert numbers["Georgia"] == [
            "6 (change hidden vs 2023-H1)", "suppressed (change hidden vs 2023-H1)", "7 (±0 vs 2023-H1)",
        ]  # fmt: skip
        assert numbers["Moldova"] == ["10", "11", "12"], "no previous period: the numbers alone"


def test_the_changes_are_written_in_the_index_pages_language(tmp_path):
    folder = report_folder(tmp_path, "Tajikistan", "2023-H2", 2295, 307, 276)
    with_previous(folder, {"period": "2023-H1", "clients": 1000, "cases": "<5", "qualified": 276})
    page = render_index(tmp_path, "REAct", [IndexEntry("Tajikistan", "2023-H2", folder, "rendered")], "ru")
    cells = [
        td.get_text(" ", strip=True) for td in BeautifulSoup(page, "html.parser").select("table")[0].select("td.n")
    ]
    assert cells == ["2\xa0295 (+1\xa0295 к 2023-H1)", "307 (изменение к 2023-H1 скрыто)", "276 (±0 к 2023-H1)"]


# Reports changed at their last render (issue 26) -----------------------------------------------------


def test_a_report_holding_changes_json_is_marked_and_linked(tmp_path):
    from reactlib.batch.index_changes import change_mark_extras
    from reactlib.batch.index_page import IndexExtras

    changed = report_folder(tmp_path, "Georgia", "2023-H1", 10, 20, 15)
    (changed / "changes.json").write_text(json.dumps({"since": "2024-06-01", "changes": []}), encoding="utf-8")
    unchanged = report_folder(tmp_path, "Moldova", "2023-H1", 10, 20, 15)
    entries = [
        IndexEntry("Georgia", "2023-H1", changed, "rendered"),
        IndexEntry("Moldova", "2023-H1", unchanged, "rendered"),
    ]

    def page(language: str) -> BeautifulSoup:
        extras = IndexExtras(marks=change_mark_extras(tmp_path, entries, language, None))
        return BeautifulSoup(render_index(tmp_path, "T", entries, language, extras=extras), "html.parser")

    rows = {tr.th.get_text(" ").split()[0]: tr for tr in page("en").select("table")[0].tbody.find_all("tr")}
    mark = rows["Georgia"].select_one("th span.changed")
    assert mark.get_text() == "changed since the render of 1 June 2024: what changed"
    assert mark.a["href"] == "georgia/2023-H1/changes.json"
    assert rows["Moldova"].select_one("span.changed") is None
    assert (
        page("ru").select_one("span.changed").get_text() == "изменился с версии от 1 июня 2024\u202fг.: что изменилось"
    )


# One row per report and per trend, each language a line of labelled links ---------------------------

LANGUAGES = ("en", "ru", "uk")


def three_languages(root: Path) -> tuple[list[IndexEntry], list[TrendEntry]]:
    """Tajikistan 2023-H1 and its trend, each rendered in English, Russian and Ukrainian."""
    entries, trends = [], []
    for language in LANGUAGES:
        folder = report_folder(root / language, "Tajikistan", "2023-H1", 520, 522, 480)
        (folder / "figures.xlsx").write_bytes(b"PK")
        entries.append(IndexEntry("Tajikistan", "2023-H1", folder, "rendered", language))
        trend = root / language / "tajikistan" / "trend-2022-H1_to_2024-H2"
        trend.mkdir(parents=True)
        for name in ("report.html", "report.pdf", "figures.json"):
            (trend / name).write_text("x", encoding="utf-8")
        trends.append(TrendEntry("Tajikistan", "2022-H1", "2024-H2", trend, "unchanged", language))
    return entries, trends


def files_lines(row) -> list[tuple[str | None, str, list[tuple[str, str]]]]:
    """Each line of a row's files cell: the language's lang attribute, its name, and (text, href) of its links."""
    lines = []
    for item in row.select("td.files li"):
        name = item.find("span", class_="language")
        links = [(a.contents[0], a["href"]) for a in item.find_all("a")]
        lines.append((name.get("lang") if name else None, name.get_text() if name else "", links))
    return lines


def test_a_report_and_a_trend_in_three_languages_are_one_row_each(tmp_path):
    entries, trends = three_languages(tmp_path)
    soup = BeautifulSoup(render_index(tmp_path, "REAct", entries, "en", trends=trends), "html.parser")
    reports, _, trend_table = soup.select("table")
    (report,) = reports.tbody.find_all("tr")
    (trend,) = trend_table.tbody.find_all("tr")
    assert report.th.get_text() == trend.th.get_text() == "Tajikistan"
    # English is the page's language; Russian and Ukrainian are marked as theirs, named in themselves.
    assert files_lines(report) == [
        (lang, name, [(text, f"{language}/tajikistan/2023-H1/{file}") for text, file in
                      (("page", "report.html"), ("PDF", "report.pdf"), ("spreadsheet", "figures.xlsx"), ("JSON", "figures.json"))])
        for language, lang, name in (("en", None, "English"), ("ru", "ru", "Русский"), ("uk", "uk", "Українська"))
    ]  # fmt: skip
    assert files_lines(trend) == [
        (lang, name, [(text, f"{language}/tajikistan/trend-2022-H1_to_2024-H2/{file}") for text, file in
                      (("page", "report.html"), ("PDF", "report.pdf"), ("JSON", "figures.json"))])
        for language, lang, name in (("en", None, "English"), ("ru", "ru", "Русский"), ("uk", "uk", "Українська"))
    ]  # fmt: skip
    assert trend.select_one("td.period").get_text() == "2022-H1 to 2024-H2"
    assert trend.select_one("td.status").get_text() == "unchanged"


def test_every_link_has_a_name_of_its_own_naming_its_report_and_language(tmp_path):
    entries, trends = three_languages(tmp_path)
    soup = BeautifulSoup(render_index(tmp_path, "REAct", entries, "en", trends=trends), "html.parser")
    names = [" ".join(a.get_text().split()) for a in soup.find_all("a")]
    assert len(names) == 3 * 4 + 3 * 3 and len(set(names)) == len(names)
    assert "page (Tajikistan, 2023-H1, in Russian)" in names
    assert "JSON (Tajikistan, 2022-H1 to 2024-H2, in Ukrainian)" in names
    # A page in Russian names the languages in Russian where it says them in its own words.
    russian = BeautifulSoup(render_index(tmp_path, "REAct", entries, "ru", trends=trends), "html.parser")
    assert "PDF (Таджикистан, 2023-H1, на языке: английский)" in [
        " ".join(a.get_text().split()) for a in russian.find_all("a")
    ]
    assert [span.get("lang") for span in russian.select("td.files span.language")][:3] == ["en", None, "uk"]


def test_statuses_that_differ_name_each_language_in_itself_marked_as_such(tmp_path):
    entries, _ = three_languages(tmp_path)
    entries[2] = IndexEntry("Tajikistan", "2023-H1", None, "failed", "uk")
    soup = BeautifulSoup(render_index(tmp_path, "REAct", entries, "en"), "html.parser")
    status = soup.select_one("td.status")
    assert status.get_text() == "English: rendered · Русский: rendered · Українська: failed"
    assert [span.get("lang") for span in status.find_all("span")] == [None, "ru", "uk"]
    assert "failed" in status["class"]
    assert files_lines(soup.select("table")[0].tbody.tr)[2] == ("uk", "Українська", [])


def test_extras_add_sections_after_the_title_and_marks_to_rows_escaped_unless_markup(tmp_path):
    from markupsafe import Markup

    from reactlib.batch.index_page import IndexExtras

    entries, trends = three_languages(tmp_path)
    extras = IndexExtras(
        summary=[Markup('<section class="audit"><h2>Audit</h2></section>'), "<b>plain</b>"],
        marks={("Tajikistan", "2023-H1"): ["changed"], ("Tajikistan", "2022-H1..2024-H2"): [Markup("<em>new</em>")]},
    )
    page = render_index(tmp_path, "REAct", entries, trends=trends, extras=extras)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.h1.find_next_sibling().name == "section" and "&lt;b&gt;plain&lt;/b&gt;" in page
    reports, _, trend_table = soup.select("table")
    assert reports.tbody.th.select_one("span.mark").get_text() == "changed"
    assert trend_table.tbody.th.select_one("span.mark em").get_text() == "new"


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["laptop", "phone"])
def test_in_a_browser_links_have_distinct_names_and_each_language_is_one_line(browser, tmp_path, viewport):
    entries, trends = three_languages(tmp_path)
    index = write_index(tmp_path, "REAct reports: sample", entries, "en", trends=trends)
    page = browser.new_page(viewport=viewport)
    page.goto(index.as_uri())
    # The names a screen reader hears, as Chromium's accessibility tree gives them.
    names = re.findall(r'- link "([^"]+)"', page.locator("main").aria_snapshot())
    heights = page.eval_on_selector_all(
        "td.files li",
        "items => items.map(i => i.getBoundingClientRect().height / parseFloat(getComputedStyle(i).lineHeight))",
    )
    labels = page.eval_on_selector_all("td.files", "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    page.close()
    assert len(names) == 21 and len(set(names)) == 21, names
    assert "spreadsheet (Tajikistan, 2023-H1, in Ukrainian)" in names
    assert all(lines < 1.5 for lines in heights), "each language's links on one line"
    if viewport == PHONE:
        assert labels == ['"Files"', '"Files"'], "a phone's card labels the cell"
