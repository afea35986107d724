"""The PDF printer: a tagged PDF is the same bytes whichever tab, and after whichever page, prints it;
its browser keeps Playwright's switched-off features and starts no renderer for its window's own pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psutil
import pytest

from reactlib.render.pdf import PRINTER_ARGS, UNSHOWN_FEATURES, PdfPrinter, browser_path, html_to_pdf

DATE = dt.date(2023, 11, 14)
TABLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>
<h1>T</h1><h2>Section</h2><table><thead><tr><th scope="col">Category</th><th scope="col">Count</th></tr></thead>
<tbody><tr><th scope="row">A</th><td>1</td></tr><tr><th scope="row">B</th><td>2</td></tr></tbody></table>
</body></html>"""


@pytest.mark.slow
def test_a_tagged_pdf_is_the_same_after_other_pages_in_one_tab(tmp_path: Path):
    page, other = tmp_path / "page.html", tmp_path / "other.html"
    page.write_text(TABLE_PAGE, encoding="utf-8")
    other.write_text(TABLE_PAGE.replace("<h2>Section</h2>", "<h2>Other</h2><p>More nodes.</p>" * 20), encoding="utf-8")
    html_to_pdf(page, tmp_path / "fresh.pdf", DATE)
    with PdfPrinter() as printer:
        for name, source in (("first.pdf", page), ("other.pdf", other), ("again.pdf", page)):
            printer.print_pdf(source, tmp_path / name, DATE)
    fresh = (tmp_path / "fresh.pdf").read_bytes()
    assert b"/StructTreeRoot" in fresh and b"/Headers [(node" in fresh, "table cells are tagged with ids"
    assert (tmp_path / "first.pdf").read_bytes() == fresh
    assert (tmp_path / "again.pdf").read_bytes() == fresh


def browser_switches() -> list[list[str]]:
    """The command lines of this process's Chromium processes (the browser and its helpers)."""
    lines = []
    for process in psutil.Process().children(recursive=True):
        try:
            line = process.cmdline()
        except psutil.Error:
            continue  # a helper that just ended
        if any("--user-data-dir=" in switch for switch in line):
            lines.append(line)
    return lines


def disabled_features(lines: list[list[str]]) -> set[str]:
    """The features the browser process (the one without ``--type``) was told to turn off."""
    (browser,) = [line for line in lines if not any(switch.startswith("--type=") for switch in line)]
    values = [switch.split("=", 1)[1] for switch in browser if switch.startswith("--disable-features=")]
    return set(values[-1].split(",")) if values else set()  # Chromium honours the last one only


def window_pages(lines: list[list[str]]) -> list[list[str]]:
    """The renderers of the browser window's own web pages (its address bar's popup and the like)."""
    return [line for line in lines if "--type=renderer" in line and "--top-chrome-webui" in line]


@pytest.mark.slow
def test_the_printers_browser_keeps_what_playwright_turns_off_and_starts_no_renderer_for_its_window(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    page = tmp_path / "page.html"
    page.write_text(TABLE_PAGE, encoding="utf-8")
    ours = [switch for switch in PRINTER_ARGS if not switch.startswith("--disable-features=")]
    with sync_playwright() as playwright:  # a browser as Playwright launches it: its own feature list, no popup off
        browser = playwright.chromium.launch(executable_path=browser_path(), args=ours)
        tab = browser.new_page()
        tab.set_content(TABLE_PAGE, wait_until="load")
        tab.pdf()
        playwrights = browser_switches()
        browser.close()
    with PdfPrinter() as printer:
        printer.print_pdf(page, tmp_path / "page.pdf", DATE)
        printers = browser_switches()
    assert disabled_features(playwrights), "Playwright turns features off"
    assert disabled_features(playwrights) <= disabled_features(printers), "a feature Playwright turns off is on"
    assert set(UNSHOWN_FEATURES) <= disabled_features(printers)
    assert window_pages(playwrights), "without the switch, the window loads its address bar's popup"
    assert window_pages(printers) == []
