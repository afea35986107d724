"""The reviewers' HTML in a real browser, offline: no errors, no requests, every chart drawn."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def open_offline(browser, url: str, viewport: dict[str, int]):
    """Open ``url`` with every request but the page itself and data: URIs refused."""
    page = browser.new_page(viewport=viewport)
    seen = {"console_errors": [], "failed": [], "remote": []}

    def route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            seen["remote"].append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and seen["console_errors"].append(message.text))
    page.on("pageerror", lambda error: seen["console_errors"].append(str(error)))
    page.on("requestfailed", lambda request: seen["failed"].append(request.url[:80]))
    page.goto(url, wait_until="load")
    return page, seen


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_page_opens_offline_with_every_chart_drawn(browser, rendered_report, tmp_path, viewport):
    page, seen = open_offline(browser, rendered_report.path("report.html").as_uri(), viewport)
    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])"
    )
    document_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(tmp_path / f"report-{viewport['width']}.png"), full_page=True)
    page.close()
    assert seen == {"console_errors": [], "failed": [], "remote": []}
    assert len(images) >= 12
    assert all(complete and natural > 0 for complete, natural, _ in images)
    assert all(shown <= viewport["width"] for _, _, shown in images), "charts shrink to the screen"
    assert document_width <= viewport["width"], "nothing scrolls sideways"
    assert (tmp_path / f"report-{viewport['width']}.png").stat().st_size > 10_000
