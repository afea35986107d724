"""Every kind of page a reviewer reads, in English and Russian, on a laptop and a phone, in Chromium:
no accessibility violation that axe-core finds with its default rules, chart text of at least 9 CSS
pixels on a phone, no sideways scrolling of the page, and every region that scrolls in itself
reachable from the keyboard and named.

One small batch renders the pages (country reports, the regional report and their trends, with
small-cell suppression, so gaps and notes are shown too); its index is written in each language.
It is `reviewer_pages` in conftest.py, the folder of the session's `published_batch`: the adversary
of tests/test_published_protection.py reads the same publication, and tests/test_report_languages.py
its Russian regional report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize

pytestmark = pytest.mark.slow

LAPTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
#: Each page kind, by its file under the batch's folder ({language}: en or ru).
PAGES = {
    "index": "index-{language}.html",
    "country report": "tajikistan/2023-H1/{language}/report.html",
    "regional report": "all/2023-H1/{language}/report.html",
    "trend": "tajikistan/trend-2023-H1_to_2024-H2/{language}/report.html",
    "regional trend": "all/trend-2023-H1_to_2024-H2/{language}/report.html",
}
#: The smallest chart text a phone may show, in CSS pixels.
SMALLEST_TEXT_PX = 9

#: Each chart's smallest text as drawn, in CSS pixels: its SVG laid out at the size its <img> is
#: shown, each <text>'s font size times its scale on the screen.
CHART_TEXT = """() => {
  const charts = [];
  for (const img of document.querySelectorAll('img[src^="data:image/svg+xml;base64,"]')) {
    const shown = img.getBoundingClientRect();
    const bytes = Uint8Array.from(atob(img.src.split(',')[1]), c => c.charCodeAt(0));
    const holder = document.createElement('div');
    holder.style.cssText = `position:absolute;left:0;top:0;width:${shown.width}px;height:${shown.height}px`;
    holder.innerHTML = new TextDecoder().decode(bytes).replace(/^[\\s\\S]*?(<svg)/, '$1');
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    svg.setAttribute('width', shown.width);
    svg.setAttribute('height', shown.height);
    let smallest = Infinity;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim()) continue;
      const m = text.getScreenCTM();
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b));
    }
    holder.remove();
    charts.push([img.alt.slice(0, 60), smallest]);
  }
  return charts;
}"""

#: The charts, as `CHART_TEXT` finds them: SVG images.
CHARTS = 'img[src^="data:image/svg+xml;base64,"]'

#: Elements that scroll sideways in themselves: whether each takes the focus, and its name.
SCROLLING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .map(e => {
    const labels = (e.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
      .map(id => (document.getElementById(id) || {}).textContent || '');
    return {id: e.id, focusable: e.tabIndex >= 0, name: (e.getAttribute('aria-label') || labels.join(' ')).trim()};
  })"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(scope="module")
def open_page(browser):
    """``open_page(path, viewport)``: the page at ``path`` in a browser tab of that size.

    The tab of the last call is kept: asked for the same page at another width (the laptop's test,
    then the phone's), it is resized rather than loaded again, which saves 0.4 to 1 core-s of
    decoding the charts. The pages have no script of their own, so a page resized is laid out as one opened at
    that width (CSS alone decides).
    """
    last: dict[Path, Page] = {}

    def opened(path: Path, viewport: ViewportSize) -> Page:
        if path in last:
            page = last[path]
            page.set_viewport_size(viewport)
            return page
        for page in last.values():
            page.close()
        last.clear()
        page = last[path] = browser.new_page(viewport=viewport)
        page.goto(path.as_uri())
        return page

    yield opened
    for page in last.values():
        page.close()


CASES = [
    pytest.param(kind, language, viewport, id=f"{kind}-{language}-{viewport['width']}")
    for kind in PAGES
    for language in ("en", "ru")
    for viewport in (LAPTOP, PHONE)
]


@pytest.mark.parametrize(("kind", "language", "viewport"), CASES)
def test_each_page_kind_has_no_accessibility_violation_and_reads_at_its_width(
    open_page, axe, reviewer_pages, kind, language, viewport
):
    page = open_page(reviewer_pages / PAGES[kind].format(language=language), viewport)
    assert page.viewport_size == viewport
    results = axe.run(page)  # axe-core's default rules
    page_width = page.evaluate("document.documentElement.scrollWidth")
    scrolling = page.evaluate(SCROLLING)
    # Laying each chart out again to measure its text costs about 0.5 core-s a report page: only
    # on a phone, where its size is checked; on a laptop, the charts are counted.
    if viewport == PHONE:
        charts = page.evaluate(CHART_TEXT)
    else:
        charts = page.eval_on_selector_all(CHARTS, "charts => charts.map(chart => chart.alt)")
    lang = page.evaluate("document.documentElement.lang")
    assert results.violations_count == 0, results.generate_report()
    assert lang == language
    assert page_width <= viewport["width"], "the page scrolls sideways"
    assert all(region["focusable"] and region["name"] for region in scrolling), scrolling
    if kind != "index":
        assert charts, "a report page has charts"
    if viewport == PHONE:
        too_small = [(alt, round(px, 2)) for alt, px in charts if px < SMALLEST_TEXT_PX]
        assert too_small == [], f"chart text below {SMALLEST_TEXT_PX} px on a phone"


def test_a_trend_tables_periods_scroll_in_itself_on_a_phone_and_it_can_be_reached(browser, reviewer_pages):
    """The trend's tables are wider than a phone: each scrolls in its own box, which takes the focus."""
    page = browser.new_page(viewport=PHONE)
    page.goto((reviewer_pages / PAGES["trend"].format(language="en")).as_uri())
    scrolling = page.evaluate(SCROLLING)
    page.keyboard.press("Tab")
    focused = [page.evaluate("document.activeElement.tagName + '#' + document.activeElement.id")]
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.tagName + '#' + document.activeElement.id"))
    page.close()
    assert len(scrolling) >= 3, scrolling  # the key populations and perpetrators tables, at least
    assert {f"TABLE#{region['id']}" for region in scrolling} <= set(focused)
    names = {region["id"]: region["name"] for region in scrolling}
    assert names["T_key-populations"].startswith("% of the period's clients")
