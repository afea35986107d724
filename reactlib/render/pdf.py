"""The printable PDF: the reviewers' HTML printed to A4 by headless Chromium, with page numbers.

The PDF is tagged (its structure tree lets a screen reader follow headings, lists and tables,
and copies text in reading order) and carries bookmarks made from the page's headings, so a
reader can jump to a section.

Chromium writes the wall-clock time into the PDF's ``/CreationDate`` and ``/ModDate``; they are
replaced by the report's render date (so ``SOURCE_DATE_EPOCH`` pins them), in place and with the
same length, so the cross-reference offsets stay valid and two prints of one page are the same
bytes. The tagged PDF's table cells carry ids (``node00000093``) that count the nodes the tab has
made since it opened, so a report printed after others in one tab would differ from the same
report printed first; they are numbered afresh from 0, in order and with the same length, in
place too (`renumber_node_ids`). Nothing else in Chromium's PDF varies between runs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reactlib.errors import RenderError

if TYPE_CHECKING:  # Playwright is imported when a browser starts: the batch imports this module early
    from playwright.sync_api import Browser, Page, Playwright

BROWSER = "chromium"
#: The Chromium features Playwright turns off at launch (its list as of Playwright 1.65). Chromium
#: honours only the last ``--disable-features``, so ours must repeat them; a test checks that it
#: still covers the list of the Playwright installed.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin",
    "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch",
    "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
)  # fmt: skip
#: A headless Chromium's tab lives in a browser window whose address bar loads its suggestions'
#: popup, a web page of its own, in a renderer of its own, with the first tab: a launch and first
#: print cost 1.3 core-s without it against 2.0-2.1 with it, for a popup nobody ever opens.
UNSHOWN_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNSHOWN_FEATURES),
]
#: The printer's browser, which only prints: its pages' compositor on the renderer's main thread
#: instead of a thread of its own. A print of a report then costs about a tenth fewer
#: core-seconds, and the PDF is the same bytes; a screenshot fails ("Unable to capture
#: screenshot"), which is why a browser that shows pages (the tests') keeps `BROWSER_ARGS`.
PRINTER_ARGS = [*BROWSER_ARGS, "--disable-threaded-compositing"]
MARGINS = {"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#555;text-align:center;'
    'font-family:DejaVu Sans,Arial,sans-serif;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
#: Playwright's ``page.pdf`` options for every report.
PDF_OPTIONS: dict[str, Any] = {
    "format": "A4", "print_background": True, "display_header_footer": True,
    "header_template": "<span></span>", "footer_template": FOOTER, "margin": MARGINS,
    "tagged": True, "outline": True,
}  # fmt: skip
TIMEOUT_MS = 120_000
T = TypeVar("T")
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
#: A structure element's id as Chromium writes it, in ``/ID``, ``/Headers`` and the ``/IDTree``.
_NODE_ID = re.compile(rb"\(node(\d+)\)")


def browser_path() -> str:
    """The Chromium executable Playwright drives; an error when none is installed."""
    path = shutil.which(BROWSER)
    if path is None:
        raise RenderError(f"{BROWSER} is not installed; `make browser` installs it (needed for PDF)")
    return path


def check_browser(formats: Sequence[str]) -> None:
    """Raise `RenderError` when ``formats`` ask for a PDF and no browser is installed.

    Called before anything is read or written: without a browser, every report would be
    executed and exported only to fail at its PDF.
    """
    if "pdf" in formats:
        browser_path()


class PdfPrinter:
    """One headless Chromium that prints any number of reports; use as a context manager.

    A batch prints every report with one browser, and in one tab, instead of starting one per
    report: a new tab costs as much as printing. Each report replaces the tab's whole document,
    and report pages run no scripts, so nothing carries over from one to the next (a test proves
    the PDFs are byte-identical to those of a fresh browser). Playwright's sync API belongs to
    the thread that started it: one printer per thread.
    """

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._page: Page | None = None

    def __enter__(self) -> PdfPrinter:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        try:
            self._playwright = sync_playwright().start()
            # handle_sigint=False: on Ctrl-C the caller decides when to stop (a batch finishes
            # the PDF in progress first); by default the browser would close at once.
            self._browser = self._playwright.chromium.launch(
                executable_path=browser_path(), args=PRINTER_ARGS, handle_sigint=False
            )
        except PlaywrightError as error:
            self.close()
            raise RenderError(f"the browser for PDFs did not start: {_first_line(error)}") from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._page = None  # closed with its browser
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def print_pdf(self, html_path: Path, pdf_path: Path, date: dt.date) -> None:
        """Print ``html_path`` to an A4 PDF at ``pdf_path`` whose dates are ``date``."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            page = self._tab()
            # Written into the tab's document, not navigated to: a navigation to a file: URL starts
            # a new renderer process, which cost more than the printing itself. A report is one
            # self-contained page (its images are data: URLs), so it needs no base URL.
            page.set_content(html_path.read_text(encoding="utf-8"), wait_until="load", timeout=TIMEOUT_MS)
            data = page.pdf(**PDF_OPTIONS)
        except PlaywrightError as error:
            self._discard_tab()  # it may be stuck mid-load; the next report gets a new one
            raise RenderError(f"printing the PDF failed: {_first_line(error)}") from None
        pdf_path.write_bytes(pin_dates(renumber_node_ids(data), date))

    def _tab(self):
        if self._page is None:
            page = self._browser.new_page()
            # Laid out for print from the start: printing then does not lay each page out twice,
            # once for the screen and again for paper (a sixth of a print's core-seconds).
            page.emulate_media(media="print")
            page.route("**/*", _local_only)
            self._page = page
        return self._page

    def _discard_tab(self) -> None:
        from playwright.sync_api import Error as PlaywrightError

        page, self._page = self._page, None
        if page is not None:
            try:
                page.close()
            except PlaywrightError:
                pass  # the browser itself is gone; the next print says so


def html_to_pdf(html_path: Path, pdf_path: Path, date: dt.date) -> None:
    """Print one page with a browser of its own."""
    with PdfPrinter() as printer:
        printer.print_pdf(html_path, pdf_path, date)


class PrinterThread:
    """A thread of its own that runs calls one at a time, in order, with one `PdfPrinter`.

    A batch starts it once the data is loaded, so that the browser launches while the first
    reports are staged (``after`` says when: once its workers have started or every report is
    planned), and hands it each report to print and publish, so that its main thread goes on
    preparing reports and collecting the workers' results meanwhile. Use as a context manager:
    leaving it lets the call in progress finish, drops the calls not started and closes the
    browser.

    Examples
    --------
    >>> with PrinterThread(browser=True) as thread:  # doctest: +SKIP
    ...     future = thread.submit(lambda printer: printer.print_pdf(html, pdf, date))
    ...     future.result()
    """

    def __init__(self, browser: bool, after: Callable[[], object] | None = None) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reactlib-printer")
        self._printer: PdfPrinter | str | None = None  # the printer, or why it did not start
        self._futures: list[Future[Any]] = []
        self._closed = False
        if browser:
            self._executor.submit(self._start, after)

    def __enter__(self) -> PrinterThread:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, call: Callable[[PdfPrinter | str | None], T]) -> Future[T]:
        """Run ``call(printer)`` on the thread: the printer, why it did not start, or ``None``."""
        future = self._executor.submit(lambda: call(self._printer))
        self._futures.append(future)
        return future

    def close(self, wait: bool = True) -> None:
        """Finish the call in progress, drop the others, close the browser; again, only wait if asked.

        With ``wait=False`` the browser closes while the caller goes on (a batch writes its index
        meanwhile); a later ``close()`` waits until it has.
        """
        if not self._closed:
            self._closed = True
            for future in self._futures:
                future.cancel()  # only those not started: the one in progress runs to its end
            self._executor.submit(self._stop)
        self._executor.shutdown(wait=wait)

    def _start(self, after: Callable[[], object] | None) -> None:
        """Launch the browser, once ``after`` has returned (on this thread: the caller does not wait)."""
        if after is not None:
            after()
        if self._closed:  # closed meanwhile (a batch stopped early): nothing will be printed
            return
        try:
            self._printer = PdfPrinter().__enter__()
        except RenderError as error:
            self._printer = str(error)

    def _stop(self) -> None:
        if isinstance(self._printer, PdfPrinter):
            self._printer.close()
        self._printer = None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


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


def renumber_node_ids(pdf: bytes) -> bytes:
    """Number the structure tree's node ids 0, 1, 2, … in their order, keeping each one's length.

    The order is kept, so the ``/IDTree``'s keys stay sorted, and the length, so the byte offsets
    stay valid: the k-th smallest of distinct numbers is at least k - 1, so it always fits.

    >>> renumber_node_ids(b"/ID (node00002688) /Headers [(node00002688) (node00002701)]")
    b'/ID (node00000000) /Headers [(node00000000) (node00000001)]'
    """
    numbers = sorted({int(found) for found in _NODE_ID.findall(pdf)})
    rank = {number: position for position, number in enumerate(numbers)}

    def replace(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        return b"(node" + str(rank[int(digits)]).zfill(len(digits)).encode("ascii") + b")"

    return _NODE_ID.sub(replace, pdf)
