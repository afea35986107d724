"""Benchmark: where a batch report's core-seconds go, each phase beside its floor.

Core-seconds are counted over the whole process tree (kernels, the node driver, Chromium, which
reparents its helpers): the script puts itself in a cgroup of its own (cgroup v1 ``cpuacct``)
and reads its usage around each step; where it cannot make one, it sums psutil's CPU times of
itself and its living descendants plus its waited-for children (processes that ended while
reparented are then missed, and the figures say which clock was used). Medians of ``--runs``.

1. ``reactlib batch --force`` (HTML + PDF) on the bundled sample, as a user runs it: one report;
   three (Georgia, Moldova, Tajikistan 2023-H1); the three in English and Russian; the three
   with their 2023-H1..2023-H2 trends. The differences give one English report, one Russian
   report, one trend, and what is left of the one-report batch: the batch's fixed costs.
2. The phases of the Tajikistan 2023-H1 report as a batch worker pays them, beside their floors.
   A worker keeps one kernel, preloaded with the notebook's imports (``PRELOAD_CODE``), for all
   its reports; each report resets it, hands it the report's data (prepared here as a batch
   prepares it), runs the notebook in it with papermill, and exports the HTML with an exporter
   compiled at the worker's start. So each phase but the kernel's start is measured as a batch's
   later reports pay it, after one report has run in the same kernel and process:

   - kernel start + imports, as a new Python (``reactlib report``'s) and forked from a process
     that imported what a batch worker's forkserver imports (a worker's: that process's own
     core-seconds subtracted); floor, the same imports in plain Python;
   - reset + hand-over: the kernel's CPU from the start of ``execute_notebook`` (which resets the
     kernel and hands it the data, as a worker's call does) until it asks for the notebook's
     client; floor, the last report's garbage collected (as the reset does) and the hand-over code
     run, in this process;
   - notebook cells: the kernel's CPU (psutil, its own process) while papermill runs the
     notebook; floor, the same cells run in this warm process as plain Python, each cell's last
     expression made into each format the executed notebook keeps of it (the results of
     remove-cell cells too: the page leaves them out, the notebook keeps them);
     beside it, the kernel's CPU when the same cells are sent bare with jupyter_client (what
     ipykernel costs without papermill); of the cells' cost, IPython running them (the kernel's
     main thread from each cell's ``pre_run_cell`` to its ``post_run_cell`` event: the code, the
     display hook) beside the same floor; and ipykernel's own work on as many requests (as many
     empty cells sent bare: the kernel's CPU, all threads, less IPython's running them);
   - papermill client: this process's CPU in ``execute_notebook`` (papermill, nbclient, the
     executed notebook written); floor, this process's CPU reading the notebook, sending the
     same cells bare with jupyter_client, reading their outputs, and writing the executed
     notebook once; of it, two things the stack does per cell that a bare client does not
     (nbformat checking each output against its schema, papermill parsing each cell's start
     time back), measured on the report's cells, and the rest beside the floor;
   - of the cells, the report's bar charts drawn and their SVG saved, in the warm kernel and in
     this process (the same calls);
   - HTML export with the warm exporter; floor, nbconvert's compiled template rendering the
     same page alone (no copy, preprocessors or table of contents); of it, nbconvert's own three
     copies of the notebook and its validation, and the rest beside the floor;
   - Chromium (the ``sched`` helper's): a launch and first print, paid once a batch, and a print
     in the warm browser, which is its own floor here.

   Floors done in this process run after ``gc.freeze()``, as the worker's kernel runs after
   its preload: else every collection here would walk papermill's and nbconvert's objects too.

Not split into phases (yet): the Russian report and the trend, which part 1 gives as totals.

Usage: ``.venv/bin/python bench/bench_profile.py [--runs 5] [--no-batches]``
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "country_report.ipynb"
CPUACCT = Path("/sys/fs/cgroup/cpuacct")
BATCHES = {
    "one report": "scopes: [Tajikistan]\nperiods: [2023-H1]\n",
    "three reports": "scopes: [Georgia, Moldova, Tajikistan]\nperiods: [2023-H1]\n",
    "three, en + ru": "scopes: [Georgia, Moldova, Tajikistan]\nperiods: [2023-H1]\nlanguages: [en, ru]\n",
    "three + trends": (
        "scopes: [Georgia, Moldova, Tajikistan]\nperiods: [2023-H1]\ntrends: [{from: 2023-H1, to: 2023-H2}]\n"
    ),
}


class TreeClock:
    """Core-seconds used by this process and everything it starts."""

    def __init__(self) -> None:
        self.cgroup: Path | None = None
        group = CPUACCT / f"reactlib-bench-{os.getpid()}"
        try:
            group.mkdir()
            (group / "cgroup.procs").write_text(str(os.getpid()))
            self.cgroup = group
        except OSError:
            if group.is_dir():
                group.rmdir()

    @property
    def kind(self) -> str:
        return "cgroup cpuacct" if self.cgroup else "psutil (reparented processes missed)"

    def seconds(self) -> float:
        if self.cgroup:
            return int((self.cgroup / "cpuacct.usage").read_text()) / 1e9
        me = psutil.Process()
        living = 0.0
        for process in [me, *me.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            living += times.user + times.system
        waited = resource.getrusage(resource.RUSAGE_CHILDREN)
        return living + waited.ru_utime + waited.ru_stime

    def close(self) -> None:
        if self.cgroup:
            (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
            for _ in range(50):  # a browser's helpers may take a moment to go
                try:
                    self.cgroup.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)


def measured(clock: TreeClock, work: Callable[[], object]) -> float:
    start = clock.seconds()
    work()
    return clock.seconds() - start


def batch_costs(clock: TreeClock, work: Path, runs: int) -> dict[str, float]:
    """Median core-seconds of each batch of `BATCHES`, rendered from nothing each time."""
    spent: dict[str, list[float]] = {name: [] for name in BATCHES}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for run in range(runs):
        for number, (name, body) in enumerate(BATCHES.items()):
            spec = work / f"batch-{number}.yaml"
            spec.write_text(body + "formats: [html, pdf]\n", encoding="utf-8")
            command = [BIN / "reactlib", "batch", spec, "--out", work / f"out-{number}-{run}", "--force"]
            spent[name].append(
                measured(clock, lambda: subprocess.run(command, check=True, capture_output=True, env=env))
            )
    return {name: statistics.median(values) for name, values in spent.items()}


def first_and_warm(clock: TreeClock, work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Core-seconds of ``work`` done first in this process, and its warm median after."""
    first = measured(clock, work)
    return first, statistics.median(measured(clock, work) for _ in range(runs))


def process_seconds(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


class Row(NamedTuple):
    phase: str
    paid: float
    floor: float
    floor_is: str


def prepared_report(work: Path) -> Any:
    """The Tajikistan 2023-H1 English report as a batch prepares it (data handed over, parameters)."""
    from reactlib import load_cases, sample_data_path
    from reactlib.count.periods import parse_period
    from reactlib.render.pipeline import plan
    from reactlib.render.request import ReportRequest
    from reactlib.report.settings import load_report_settings

    request = ReportRequest("Tajikistan", parse_period("2023-H1"), out=work / "out", formats=("html", "pdf"))
    return plan(request, load_cases(sample_data_path()), load_report_settings(None))


def code_cells(notebook: Any) -> list[tuple[str, frozenset[str]]]:
    """Each code cell's source, and the formats of its result that the executed notebook keeps.

    Every result the executed notebook keeps must be made, the results of remove-cell cells
    included (the page leaves them out; the notebook keeps them, byte for byte).
    """
    return [
        (cell.source, frozenset(
            kind for output in cell.outputs if output.output_type == "execute_result" for kind in output.data
        ))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]  # fmt: skip


#: The method that makes a result's representation in each format, as IPython's formatters call it.
REPR_METHODS = {"text/html": "_repr_html_", "text/markdown": "_repr_markdown_", "image/svg+xml": "_repr_svg_",
                "image/png": "_repr_png_", "text/latex": "_repr_latex_", "application/json": "_repr_json_"}  # fmt: skip


def run_directly(cells: list[tuple[str, frozenset[str]]]) -> None:
    """The floor of the notebook's cells: their code run in this process, as plain Python.

    As a kernel, each cell's last expression is its result; it is made into each format the
    executed notebook keeps of it (its HTML, its text …), and into nothing else. The data must
    have been handed over first (`hand_over_directly`).
    """
    import ast
    import contextlib
    import io

    namespace: dict[str, Any] = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for source, kinds in cells:
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, "<cell>", "exec"), namespace)
            if last is None:
                continue
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            for kind in kinds:
                if kind == "text/plain":
                    repr(value)
                elif kind in REPR_METHODS:
                    getattr(value, REPR_METHODS[kind])()


def hand_over_directly(setup: str) -> None:
    """The floor of a warm kernel's reset: the last report's garbage collected, the data handed over."""
    gc.collect()
    exec(setup, {})


def run_bare(client: Any, cells: list[tuple[str, bool]]) -> None:
    """The floor of papermill's client: each cell sent with jupyter_client and its outputs read."""
    for source, _ in cells:
        request = client.execute(source, store_history=True, allow_stdin=False)
        outputs = []
        while True:
            message = client.get_iopub_msg(timeout=CELL_TIMEOUT)
            if message["parent_header"].get("msg_id") != request:
                continue
            kind = message["msg_type"]
            if kind == "status" and message["content"]["execution_state"] == "idle":
                break
            if kind in ("display_data", "execute_result", "stream", "error"):
                outputs.append(message["content"])
        client.get_shell_msg(timeout=CELL_TIMEOUT)


CELL_TIMEOUT = 600
#: What a batch worker's forkserver does (its image), in a process of its own.
IMAGE = """\
import importlib
from reactlib.batch.workers import WORKER_MODULES
for module in WORKER_MODULES:
    importlib.import_module(module)
"""
#: Then a kernel forked from that process, preloaded and reset, as a worker's first.
FORKED_KERNEL = """\
from reactlib.batch.workers import PRELOAD_CODE, _kernel_image_ready
from reactlib.render.kernels import WarmKernel
assert _kernel_image_ready()
with WarmKernel(forked=True) as kernel:
    kernel.send_silently(PRELOAD_CODE)
    kernel.reset()
"""


def worker_phases(clock: TreeClock, work: Path, runs: int) -> list[Row]:
    """The phases of the Tajikistan 2023-H1 report as a batch worker pays them, each beside its floor.

    A batch worker keeps one kernel, preloaded with the notebook's imports, for all its reports;
    each report resets it, hands it the report's data, runs the notebook in it with papermill,
    and exports the HTML with a warm exporter. So every phase but the kernel's start is measured
    as a batch's later reports pay it: after one report has run in the same kernel and process.
    """
    import nbformat
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_core.utils import run_sync

    from reactlib.batch.workers import PRELOAD_CODE
    from reactlib.render.execute import execute_notebook
    from reactlib.render.kernels import WarmKernel
    from reactlib.render.request import published_parameters, render_record

    rows = []
    plain = [
        measured(clock, lambda: subprocess.run([sys.executable, "-c", PRELOAD_CODE], check=True)) for _ in range(runs)
    ]
    kernels: list[WarmKernel] = []

    def start_kernel() -> None:
        kernel = WarmKernel().__enter__()
        kernel.send_silently(PRELOAD_CODE)
        kernel.reset()  # waits for the preload
        kernels.append(kernel)

    started = [measured(clock, start_kernel) for _ in range(runs)]
    rows.append(Row("kernel start + imports (as a new python)", statistics.median(started), statistics.median(plain),
                    "the same imports in plain python"))  # fmt: skip
    # A batch worker forks its kernel from itself, forked from a forkserver that imported it all
    # (reactlib.batch.kernel_image): a kernel's own cost is then what a process with that image
    # spends on top of the image, the kernel's start, preload and first reset included.
    image = [measured(clock, lambda: subprocess.run([sys.executable, "-c", IMAGE], check=True)) for _ in range(runs)]
    forked = [
        measured(clock, lambda: subprocess.run([sys.executable, "-c", IMAGE + FORKED_KERNEL], check=True))
        for _ in range(runs)
    ]
    rows.append(Row("kernel start + imports (forked, a worker's)", statistics.median(forked) - statistics.median(image),
                    statistics.median(plain), "the same imports in plain python"))  # fmt: skip
    for kernel in kernels[1:]:
        kernel.close()
    kernel = kernels[0]
    kernel_pid = run_sync(kernel.manager.provisioner.get_provisioner_info)()["pid"]  # type: ignore[union-attr]

    report = prepared_report(work)
    language = str(report.parameters["language"])
    executed_file = work / "report.ipynb"

    connect = kernel.notebook_client
    reset_done: list[float] = []

    def notebook_client() -> Any:
        """The kernel's CPU so far, read as `execute_notebook` asks for the client: its reset is done."""
        reset_done.append(process_seconds(kernel_pid))
        return connect()

    kernel.notebook_client = notebook_client  # type: ignore[method-assign]

    def run_report() -> tuple[float, float, float, Any]:
        """(kernel s resetting, kernel s running the cells, client s) of one report, and its notebook.

        As a worker runs it: `execute_notebook` resets the kernel, hands it the data and runs the
        notebook, all in one call (a reset of its own before it would give the kernel a second one).
        """
        reset_done.clear()
        cpu, before = time.process_time(), process_seconds(kernel_pid)
        executed = execute_notebook(
            report.notebook, report.parameters, executed_file, kernel, report.kernel_setup,
            published_parameters(report.parameters), language, render_record(report.date),
        )  # fmt: skip
        after = process_seconds(kernel_pid)
        return reset_done[0] - before, after - reset_done[0], time.process_time() - cpu, executed

    # A warm exporter, as a worker's: it compiled the templates while its kernel started.
    from reactlib.render.html import _exporter, page_resources, reviewer_notebook, to_html

    executed = run_report()[3]
    to_html(executed, report.title, language)
    reports = [run_report() for _ in range(runs)]
    executed = reports[-1][3]
    cells = code_cells(executed)

    # Floors: the same cells in this (warm) process; the same cells sent with jupyter_client.
    # As a worker's kernel, which exempts what its imports hold from collection (PRELOAD_CODE):
    # else each collection here walks papermill's, nbconvert's and jupyter_client's objects too.
    gc.freeze()
    setup_floor, direct = [], []
    for _ in range(runs + 1):
        setup_floor.append(measured(clock, lambda: hand_over_directly(report.kernel_setup)))
        direct.append(measured(clock, lambda: run_directly(cells)))
    setup_floor, direct = setup_floor[1:], direct[1:]
    bare_client = BlockingKernelClient()
    bare_client.load_connection_info(kernel.manager.get_connection_info())  # type: ignore[union-attr]
    bare_client.start_channels()
    bare_client.wait_for_ready(timeout=CELL_TIMEOUT)
    bare_kernel, bare_own = [], []
    for _ in range(runs + 1):
        kernel.reset(then=report.kernel_setup)
        cpu, before = time.process_time(), process_seconds(kernel_pid)
        run_bare(bare_client, cells)
        # Its input read and its result written once, as papermill's client must.
        nbformat.read(str(report.notebook), as_version=4)
        nbformat.write(executed, str(work / "bare.ipynb"))
        bare_kernel.append(process_seconds(kernel_pid) - before)
        bare_own.append(time.process_time() - cpu)
    in_ipython, per_request = ipython_share(kernel_pid, bare_client, run_report, cells, work, runs)

    rows.append(Row("reset + data handed over (kernel)", statistics.median(r[0] for r in reports),
                    statistics.median(setup_floor), "garbage collected + hand-over here"))  # fmt: skip
    rows.append(Row(f"notebook cells (kernel, {len(cells)} cells)", statistics.median(r[1] for r in reports),
                    statistics.median(direct), "cells run here, results as kept"))  # fmt: skip
    rows.append(Row("  the same cells sent bare (no papermill)", statistics.median(bare_kernel[1:]),
                    statistics.median(direct), "cells run here, results as kept"))  # fmt: skip
    rows.append(Row("  of which IPython running them (pre→post)", in_ipython, statistics.median(direct),
                    "cells run here, results as kept"))  # fmt: skip
    rows.append(Row(f"  ipykernel's own, {len(cells)} empty requests", per_request, 0.0, "(none: the kernel's own)"))
    client, client_floor = statistics.median(r[2] for r in reports), statistics.median(bare_own[1:])
    rows.append(Row("papermill client (execute_notebook)", client, client_floor,
                    "cells sent bare, notebook read + written"))  # fmt: skip
    checks, stamps = stack_bookkeeping(clock, executed, runs)
    rows.append(Row("  of which nbformat checking each output", checks, 0.0, "(none: nbformat's, by jsonschema)"))
    rows.append(Row("  of which papermill timing each cell", stamps, 0.0, "(none: papermill's, by dateutil)"))
    rows.append(Row("  the rest", client - checks - stamps, client_floor, "cells sent bare, notebook read + written"))

    # The chart cells' drawing and saving, in the kernel and in this process.
    chart_setup = (
        "from reactlib import compute_figures, load_cases, sample_data_path\n"
        "from reactlib.report import plots\n"
        "_f = compute_figures(load_cases(sample_data_path()), 'Tajikistan', '2023-H1')\n"
        "_charts = [(c.items, 'count' if n == 'key_populations' else 'percent') for n, c in _f.charts.items()]\n"
        "_charts += [(g.perpetrators.items, 'percent') for g in _f.groups.values()]\n"
        "plots.set_theme()\n"
    )
    draw_code = "_drawn = [plots.bar_chart(items, kind, title='t').figure for items, kind in _charts]\n"
    save_code = "[plots.svg_bytes(figure) for figure in _drawn]\n"
    namespace: dict[str, Any] = {}
    exec(chart_setup, namespace)
    kernel.reset(then=chart_setup)
    in_kernel: dict[str, list[float]] = {"draw": [], "save": []}
    here: dict[str, list[float]] = {"draw": [], "save": []}
    for _ in range(runs + 1):
        for name, code in (("draw", draw_code), ("save", save_code)):
            before = process_seconds(kernel_pid)
            run_in(bare_client, code)
            in_kernel[name].append(process_seconds(kernel_pid) - before)
            here[name].append(measured(clock, lambda code=code: exec(code, namespace)))
    count = len(namespace["_charts"])
    rows.append(Row(f"  of which {count} bar charts drawn (seaborn)", statistics.median(in_kernel["draw"][1:]),
                    statistics.median(here["draw"][1:]), "the same calls here"))  # fmt: skip
    rows.append(Row("  of which their SVG saved", statistics.median(in_kernel["save"][1:]),
                    statistics.median(here["save"][1:]), "the same calls here"))  # fmt: skip
    bare_client.stop_channels()
    kernel.close()

    # HTML export with the warm exporter, beside nbconvert's template rendering the page alone.
    shown = reviewer_notebook(executed)
    shown.metadata["title"] = report.title
    exporter = _exporter()
    _, resources = exporter.from_notebook_node(shown, resources=page_resources(language))  # as the template gets them
    html = work / "report.html"
    export = [measured(clock, lambda: html.write_text(to_html(executed, report.title, language))) for _ in range(runs)]
    render = [measured(clock, lambda: exporter.template.render(nb=shown, resources=resources)) for _ in range(runs)]
    copies = [measured(clock, lambda: nbconvert_bookkeeping(shown)) for _ in range(runs)]
    rows.append(Row("HTML export (nbconvert, warm)", statistics.median(export), statistics.median(render),
                    "the compiled template alone"))  # fmt: skip
    rows.append(Row("  of which nbconvert's 3 copies + validation", statistics.median(copies), 0.0,
                    "(none: nbconvert's)"))  # fmt: skip
    rows.append(Row("  the rest", statistics.median(export) - statistics.median(copies), statistics.median(render),
                    "the compiled template alone"))  # fmt: skip
    rows.extend(print_phases(clock, work, html, report.date, runs))
    return rows


#: Records the main thread's CPU between IPython's ``pre_run_cell`` and ``post_run_cell`` events,
#: cell by cell: IPython compiling and running the cell's code and its display hook formatting
#: and sending the results. Not in it: ipykernel's own work on the request (receiving it, its
#: check of the cell with ``transform_cell`` and ``should_run_async`` before IPython runs it, the
#: status, input and reply messages), nor the kernel's other threads (IOPub, zmq's). Silent
#: requests raise no such events. The hooks are kept on ``sys``: a report's reset removes names.
CELL_CLOCK = """\
def _bench_pre(info):
    import sys, time
    sys._bench_cells.append(-time.thread_time())
def _bench_post(result):
    import sys, time
    sys._bench_cells[-1] += time.thread_time()
import sys
sys._bench_cells = []
sys._bench_hooks = (_bench_pre, _bench_post)
get_ipython().events.register("pre_run_cell", _bench_pre)
get_ipython().events.register("post_run_cell", _bench_post)
"""
CELL_CLOCK_OFF = """\
import sys
get_ipython().events.unregister("pre_run_cell", sys._bench_hooks[0])
get_ipython().events.unregister("post_run_cell", sys._bench_hooks[1])
"""


def ipython_share(
    kernel_pid: int,
    client: Any,
    run_report: Callable[[], Any],
    cells: list[tuple[str, frozenset[str]]],
    work: Path,
    runs: int,
) -> tuple[float, float]:
    """IPython's running of a report's cells (main thread CPU, median), and ipykernel's own work on as many requests.

    The second is measured on as many empty cells, sent bare: the kernel's CPU (all its threads)
    less what IPython spent running them, measured as the first.
    """
    recorded = work / "ipython-seconds.txt"

    def in_ipython() -> float:
        """The seconds recorded since the last call, checked: one entry per cell, none negative."""
        run_in(
            client, f"import sys; open({str(recorded)!r}, 'w').write(repr(sys._bench_cells)); sys._bench_cells.clear()"
        )
        seconds = [float(value) for value in recorded.read_text().strip("[]\n").split(",")]
        assert len(seconds) == len(cells) and min(seconds) >= 0, f"{len(seconds)} cells recorded, not {len(cells)}"
        return sum(seconds)

    run_in(client, CELL_CLOCK)
    report_cells = []
    for _ in range(runs):
        run_report()
        report_cells.append(in_ipython())
    empty = []
    for _ in range(runs + 1):
        before = process_seconds(kernel_pid)
        run_bare(client, [("pass", frozenset())] * len(cells))
        empty.append(process_seconds(kernel_pid) - before - in_ipython())
    run_in(client, CELL_CLOCK_OFF)
    return statistics.median(report_cells), statistics.median(empty[1:])


def nbconvert_bookkeeping(notebook: Any) -> None:
    """What nbconvert does to a notebook it exports before its template sees it, as it does it.

    ``Exporter.from_notebook_node`` copies it, ``_preprocess`` copies it again and has nbformat
    normalise it (a third copy), and the exporter (``optimistic_validation``) validates it once.
    """
    import nbformat

    ours = copy.deepcopy(copy.deepcopy(notebook))
    _, ours = nbformat.validator.normalize(ours)
    nbformat.validate(ours, relax_add_props=True)


def stack_bookkeeping(clock: TreeClock, executed: Any, runs: int) -> tuple[float, float]:
    """Core-s of two things papermill's client does for each cell of ``executed`` that a bare client does not.

    nbclient makes each output with nbformat's ``output_from_msg``, which checks it against the
    notebook schema by reference, which nbformat does with jsonschema whatever its validator
    (``NBFORMAT_VALIDATOR`` chooses the one for whole notebooks); papermill's ``cell_complete``
    parses each cell's start time back with dateutil, to write its duration.
    """
    import dateutil.parser
    from nbformat.v4.nbbase import validate

    outputs = [output for cell in executed.cells if cell.cell_type == "code" for output in cell.outputs]
    started = [dt.datetime.now(dt.UTC).isoformat() for _ in executed.cells]
    checks = [
        measured(clock, lambda: [validate(output, output.output_type) for output in outputs]) for _ in range(runs)
    ]
    stamps = [measured(clock, lambda: [dateutil.parser.parse(time) for time in started]) for _ in range(runs)]
    return statistics.median(checks), statistics.median(stamps)


def run_in(client: Any, code: str) -> None:
    """Run ``code`` silently in the kernel ``client`` talks to, keeping its variables; wait for it.

    Raises
    ------
    RuntimeError
        When the code failed in the kernel.
    """
    request = client.execute(code, silent=True, store_history=False)
    while (reply := client.get_shell_msg(timeout=CELL_TIMEOUT))["parent_header"].get("msg_id") != request:
        pass
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the kernel failed to run {code!r}: {reply['content'].get('evalue')}")


def print_phases(clock: TreeClock, work: Path, html: Path, date: dt.date, runs: int) -> list[Row]:
    """Chromium's launch and print (the `sched` helper's): a batch launches once and prints warm."""
    from reactlib.render.pdf import PdfPrinter

    # Playwright's sync API allows one instance per thread at a time: each launch is closed before
    # the next (the closing is not counted), then one browser prints.
    launches = []
    for _ in range(runs):
        printers = []
        launches.append(measured(clock, lambda: printers.append(PdfPrinter().__enter__())))
        printers[0].close()
    launched = statistics.median(launches)
    printer = PdfPrinter().__enter__()
    print_first, print_warm = first_and_warm(clock, lambda: printer.print_pdf(html, work / "report.pdf", date), runs)
    printer.close()
    return [
        Row("browser launch + first print (once a batch)", launched + print_first, launched + print_first, "itself"),
        Row("Chromium print (warm browser)", print_warm, print_warm, "itself (sched's)"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-batches", action="store_true", help="only the phases, not the four batches")
    args = parser.parse_args()
    clock = TreeClock()
    try:
        with tempfile.TemporaryDirectory(prefix="reactlib-bench-profile-") as folder:
            work = Path(folder)
            if not args.no_batches:
                print_batches(batch_costs(clock, work, args.runs), clock.kind, args.runs)
            rows = worker_phases(clock, work, args.runs)
    finally:
        clock.close()
    print(
        f"phases of Tajikistan 2023-H1 (en) as a batch worker pays them (core-s, medians of {args.runs}, "
        f"load {os.getloadavg()[0]:.1f}): paid | floor | ratio | the floor"
    )
    for name, paid, floor, what in rows:
        ratio = f"{paid / floor:5.2f}x" if floor > 0 else "    -"
        print(f"  {name:<44} {paid:7.3f} | {floor:7.3f} | {ratio} | {what}")


def print_batches(batches: dict[str, float], clock_kind: str, runs: int) -> None:
    english = (batches["three reports"] - batches["one report"]) / 2
    print(f"core-seconds over the whole process tree ({clock_kind}), medians of {runs} runs, {os.cpu_count()} cores")
    print("reactlib batch --force, HTML + PDF:")
    for name, seconds in batches.items():
        print(f"  {name:<38} {seconds:7.2f}")
    print("  => one English report                 " + f"{english:7.2f}")
    print(
        "  => one Russian report                 "
        + f"{(batches['three, en + ru'] - batches['three reports']) / 3:7.2f}"
    )
    print(
        "  => one trend (2 periods)              "
        + f"{(batches['three + trends'] - batches['three reports']) / 3:7.2f}"
    )
    print("  => batch fixed costs                  " + f"{batches['one report'] - english:7.2f}", flush=True)


if __name__ == "__main__":
    main()
