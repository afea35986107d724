"""How a batch uses the machine: its pool of workers, and the browser tab that prints its PDFs."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import multiprocessing.context
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from reactlib.batch.run import default_workers
from reactlib.batch.workers import WORKER_MODULES, WorkerPool
from reactlib.render.pdf import (
    PDF_OPTIONS,
    PRINTER_ARGS,
    PdfPrinter,
    PrinterThread,
    browser_path,
    pin_dates,
    renumber_node_ids,
)

DATE = dt.date(2023, 11, 14)
CHART = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
    b'<rect x="10" y="10" width="200" height="40" fill="#4c72b0"/><text x="20" y="90">Police 12</text></svg>'
).decode("ascii")
#: A report-like page over two A4 pages whose layout differs between screen and print.
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title><style>'
    "@media screen { body { width: 500px; font-size: 22px } .screen-only { display: block } }"
    "@media print { .screen-only { display: none } h2 { break-before: page } }"
    "</style></head><body><h1>T</h1><p class='screen-only'>Only on screen.</p>"
    f'<img alt="A chart" src="data:image/svg+xml;base64,{CHART}">'
    '<table><thead><tr><th scope="col">Category</th><th scope="col">Count</th></tr></thead><tbody>'
    + "".join(f'<tr><th scope="row">Row {i}</th><td>{i}</td></tr>' for i in range(40))
    + "</tbody></table><h2>Second section</h2><p>More text.</p>"
    # A custom notebook's output may be drawn by a script: it runs before the page is printed.
    + "<script>document.body.insertAdjacentHTML('beforeend', '<p>Written by a script.</p>')</script>"
    + "</body></html>"
)


def test_default_workers_are_one_per_core_printing_or_not(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert default_workers() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert default_workers() == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert default_workers() == 1


def test_default_workers_count_the_cores_where_affinity_is_unknown(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert default_workers() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # "undetermined"
    assert default_workers() == 1


@pytest.mark.slow
def test_the_printers_tab_prints_what_a_plain_tab_prints(tmp_path: Path):
    # The printer's tab lays pages out for print before it prints them: the PDF must be the one
    # a tab with the browser's defaults prints, scripts run.
    from playwright.sync_api import sync_playwright

    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    with PdfPrinter() as printer:
        printer.print_pdf(source, tmp_path / "printer.pdf", DATE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path(), args=PRINTER_ARGS)
        page = browser.new_page()
        page.set_content(PAGE, wait_until="load")
        plain = pin_dates(renumber_node_ids(page.pdf(**PDF_OPTIONS)), DATE)
        browser.close()

    printed = (tmp_path / "printer.pdf").read_bytes()
    assert len(re.findall(rb"/Type /Page\b", printed)) == 3  # 40 rows on the first two, then the page break
    assert printed == plain
    assert "Written by a script." in extracted_text(printed)


def extracted_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_forkserver_does_the_workers_shared_start_up_after_their_imports():
    # Imported in this order by the process workers are forked from. The shared start-up ends
    # with gc.freeze(), which exempts only what exists by then: the modules the workers use must
    # be imported before it to be frozen too (its own imports it does itself).
    assert WORKER_MODULES[-1] == "reactlib.batch.worker_start"
    # And first, what the kernels import: nothing before it that a launched kernel would not have.
    assert WORKER_MODULES[0] == "reactlib.batch.kernel_image"
    assert {"reactlib.render.html", "nbformat", "IPython.paths"} <= set(WORKER_MODULES[:-1])


def test_the_shared_start_up_compiles_the_export_and_freezes_the_heap_in_the_process_that_imports_it():
    # In a process of its own: freezing this test process's heap would outlive the test.
    probe = (
        "import gc\n"
        "from reactlib.render import html\n"
        "assert gc.get_freeze_count() == 0\n"
        "import reactlib.batch.worker_start as start\n"
        "frozen = gc.get_freeze_count()\n"
        "print(start.PREPARED, frozen > 0, html._exporter.cache_info().currsize,"
        " html.prepare_exporter.cache_info().currsize)\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    # One exporter made and a page exported with it, before any worker; and through
    # prepare_exporter, so that a worker's own call before its first report finds it done.
    assert shown.split() == ["True", "True", "1", "1"]


def test_a_failing_shared_start_up_leaves_it_to_each_worker_and_raises_nothing():
    # An exception while the forkserver imports its modules would end it, and no worker would start.
    probe = (
        "import gc\n"
        "from reactlib.render import html\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('no templates')\n"
        "html.to_html = broken\n"
        "import reactlib.batch.worker_start as start\n"
        "print(start.PREPARED, gc.get_freeze_count() > 0)\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["False", "True"]


def test_the_forkserver_starts_at_once_with_the_workers_imports_and_no_worker():
    # In a process of its own, which looks at its children at once, before the forkserver has
    # imported what it preloads, and kills them: they would hold its output until done.
    probe = (
        "import json, psutil\n"
        "from reactlib.batch.workers import start_forkserver\n"
        "start_forkserver()\n"
        "children = psutil.Process().children()\n"
        "seen = [(child.cmdline(), len(child.children())) for child in children]\n"
        "for child in children:\n"
        "    child.kill()\n"
        "print(json.dumps(seen))\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    forkservers = [
        (" ".join(command), forked)
        for command, forked in json.loads(shown)
        if "from multiprocessing.forkserver import main" in " ".join(command)
    ]
    assert len(forkservers) == 1
    command, forked = forkservers[0]
    assert str(WORKER_MODULES) in command  # told to import all of the workers' modules, in order
    assert forked == 0  # and no worker forked yet


def test_the_printer_launches_its_browser_only_once_after_has_returned(monkeypatch):
    order: list[str] = []
    monkeypatch.setattr(PdfPrinter, "__enter__", lambda printer: order.append("launch") or printer)
    monkeypatch.setattr(PdfPrinter, "close", lambda printer: order.append("close"))
    with PrinterThread(browser=True, after=lambda: order.append("after")) as thread:
        printer = thread.submit(lambda printer: printer).result()
    assert isinstance(printer, PdfPrinter)
    assert order == ["after", "launch", "close"]


def test_a_printer_closed_before_after_returns_launches_no_browser(monkeypatch):
    order: list[str] = []
    wanted = threading.Event()
    monkeypatch.setattr(PdfPrinter, "__enter__", lambda printer: order.append("launch") or printer)
    thread = PrinterThread(browser=True, after=wanted.wait)
    thread.close(wait=False)  # as a batch stopped before its workers started
    wanted.set()
    thread.close()
    assert order == []


def test_a_pool_says_its_workers_have_started_once_all_have(monkeypatch):
    started: list[str] = []
    monkeypatch.setattr(
        multiprocessing.context.ForkServerProcess, "start", lambda process: started.append(process.name)
    )
    seen_when_told: list[list[str]] = []
    with WorkerPool(2, on_started=lambda: seen_when_told.append(list(started))) as pool:
        pool.close()  # waits for the starting thread
    assert seen_when_told == [["report-0", "report-1"]]


def test_a_pool_says_so_too_when_a_worker_fails_to_start_and_the_batch_hears_why(monkeypatch):
    def refuse(process):
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.context.ForkServerProcess, "start", refuse)
    told: list[str] = []
    pool = WorkerPool(2, on_started=lambda: told.append("started or failed"))
    pool.__enter__()
    with pytest.raises(OSError, match="no more processes"):
        pool.close()
    assert told == ["started or failed"]  # else a browser waiting for the workers would never launch


def test_a_printer_closed_without_waiting_closes_its_browser_meanwhile_and_a_later_close_waits(monkeypatch):
    released = threading.Event()
    order: list[str] = []

    def close_browser(printer):
        # Released by the test once close(wait=False) has returned: had it waited, never in time.
        order.append("closed after release" if released.wait(timeout=60) else "closed while the caller waited")

    monkeypatch.setattr(PdfPrinter, "__enter__", lambda printer: printer)
    monkeypatch.setattr(PdfPrinter, "close", close_browser)
    thread = PrinterThread(browser=True)
    thread.close(wait=False)
    order.append("caller went on")
    released.set()
    thread.close()
    assert order == ["caller went on", "closed after release"]


def test_a_batch_stopped_while_its_workers_start_launches_no_browser(monkeypatch, tmp_path):
    # Stopping the workers waits for their start, whose end lets a printer waiting to launch its
    # browser go on (`WorkerPool`'s on_started): the batch must have closed its printer before.
    from types import SimpleNamespace

    from helpers.batch_runs import batch_file

    from reactlib import sample_data_path
    from reactlib.batch import run as batch_run
    from reactlib.batch.spec import load_batch

    order: list[str] = []
    monkeypatch.setattr(PdfPrinter, "__enter__", lambda printer: order.append("launch") or printer)
    (tmp_path / "cases.csv").write_bytes(sample_data_path().read_bytes())
    run = batch_run._BatchRun(load_batch(batch_file(tmp_path)), tmp_path / "out", True, None)

    printer = PrinterThread(browser=True, after=run.browser_wanted.wait)

    class StartingPool:  # as a WorkerPool whose workers are still starting
        def terminate(self) -> None:
            try:  # a closed printer takes no more calls
                printer.submit(lambda _: None)
                order.append("workers stopped, the printer open")
            except RuntimeError:
                order.append("workers stopped, the printer closed")
            run.browser_wanted.set()  # their start ended: it says so

    def start():
        return StartingPool(), printer

    def submit(rendering, job) -> None:
        rendering.started = rendering.start()
        raise KeyboardInterrupt  # Ctrl-C while the first report is handed over

    monkeypatch.setattr(batch_run._Rendering, "submit", submit)
    rendering = batch_run._Rendering(run, None, [], None, start)
    with pytest.raises(KeyboardInterrupt):
        rendering.render([SimpleNamespace(name="Georgia 2023-H1")])
    assert order == ["workers stopped, the printer closed"]  # and no browser launched


@pytest.mark.parametrize("held", [True, False])
def test_a_forced_batch_starts_its_forkserver_only_once_it_holds_its_output_folder(monkeypatch, tmp_path, held):
    # Refused (another command holds --out), it must leave no process importing behind.
    from helpers.batch_runs import batch_file

    from reactlib import sample_data_path
    from reactlib.batch import run as batch_run
    from reactlib.batch import workers
    from reactlib.batch.spec import load_batch
    from reactlib.errors import OutputError
    from reactlib.render.output import output_lock

    (tmp_path / "cases.csv").write_bytes(sample_data_path().read_bytes())
    started: list[str] = []
    monkeypatch.setattr(workers, "start_forkserver", lambda: started.append("forkserver"))
    monkeypatch.setattr(batch_run._BatchRun, "run", lambda run, load, count: started.append("batch"))
    spec, out = load_batch(batch_file(tmp_path)), tmp_path / "out"
    if held:
        with output_lock(out), pytest.raises(OutputError):
            batch_run.run_batch(spec, lambda: None, out, workers=1, force=True)
        assert started == []
    else:
        batch_run.run_batch(spec, lambda: None, out, workers=1, force=True)
        assert started == ["forkserver", "batch"]
