"""``outputs/index.html``: each report told apart by its period's title, landmarks, phone width.

The pages are built from hand-written figures.json files (the index reads nothing else), so
the tests need no render.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from reactlib.batch.index_page import IndexEntry, render_index, write_index

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
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
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
    assert cells[1].get_text() == "<H1>" and "<H1>" not in page


def test_each_report_links_its_spreadsheet_beside_its_figures(tmp_path):
    with_workbook = report_folder(tmp_path, "Moldova", "2023-H1", 10, 12, 9)
    (with_workbook / "figures.xlsx").write_bytes(b"PK")
    older = report_folder(tmp_path, "Georgia", "2023-H1", 10, 12, 9)  # rendered before figures.xlsx existed
    page = render_index(tmp_path, "REAct", [IndexEntry("Moldova", "2023-H1", with_workbook, "rendered"),
                                            IndexEntry("Georgia", "2023-H1", older, "unchanged")])  # fmt: skip
    moldova, georgia = BeautifulSoup(page, "html.parser").select("table")[0].tbody.find_all("tr")

    links = {a.get_text(): a["href"] for a in moldova.find_all("a")}
    assert links["figures"] == "moldova/2023-H1/figures.json"
    assert links["spreadsheet"] == "moldova/2023-H1/figures.xlsx"
    assert "spreadsheet" not in georgia.get_text() and georgia.find("a", string="figures") is not None


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
        rows = {tr.td.get_text(strip=True): tr for tr in table.tbody.find_all("tr")}
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
