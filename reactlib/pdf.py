"""The printable PDF: the reviewers' HTML printed to A4 by headless Chromium, with page numbers.

Chromium writes the wall-clock time into the PDF's ``/CreationDate`` and ``/ModDate``; they are
replaced by the report's render date (so ``SOURCE_DATE_EPOCH`` pins them), in place and with the
same length, so the cross-reference offsets stay valid and two prints of one page are the same
bytes. Nothing else in Chromium's PDF varies between runs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from reactlib.execute import RenderError

BROWSER = "chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MARGINS = {"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#555;text-align:center;'
    'font-family:DejaVu Sans,Arial,sans-serif;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
TIMEOUT_MS = 120_000
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


def browser_path() -> str:
    """The Chromium executable Playwright drives; an error when none is installed."""
    path = shutil.which(BROWSER)
    if path is None:
        raise RenderError(f"{BROWSER} is not installed; `make browser` installs it (needed for PDF)")
    return path


def html_to_pdf(html_path: Path, pdf_path: Path, date: dt.date) -> None:
    """Print ``html_path`` to an A4 PDF at ``pdf_path`` whose dates are ``date``."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path(), args=BROWSER_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", _local_only)
                page.goto(html_path.resolve().as_uri(), wait_until="load", timeout=TIMEOUT_MS)
                data = page.pdf(
                    format="A4", print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=FOOTER, margin=MARGINS,
                )  # fmt: skip
            finally:
                browser.close()
    except PlaywrightError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise RenderError(f"printing the PDF failed: {first_line}") from None
    pdf_path.write_bytes(pin_dates(data, date))


def _local_only(route) -> None:
    """Let the page load only itself and its embedded data: a report never fetches anything."""
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def pin_dates(pdf: bytes, date: dt.date) -> bytes:
    """Replace the PDF's creation and modification dates by midnight UTC of ``date``."""
    stamp = f"D:{date:%Y%m%d}000000+00'00'".encode("ascii")

    def replace(match: re.Match[bytes]) -> bytes:
        old = match.group(0)
        new = b"/" + match.group(1) + b" (" + stamp + b")"
        if len(new) != len(old):  # keep byte offsets: a differently written date stays as it is
            return old
        return new

    return _PDF_DATE.sub(replace, pdf)
