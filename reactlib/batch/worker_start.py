"""The start-up every batch worker shares, done once by the process the workers are forked from.

`reactlib.batch.workers.WorkerPool` has multiprocessing's forkserver import this module (last of
``WORKER_MODULES``), so each worker is forked with it done instead of doing it itself:

- what a worker's kernel imports (ipykernel, and the report notebook's modules,
  ``KERNEL_MODULES``): a worker forks its kernel from itself (`reactlib.render.forked_kernel`)
  instead of starting a new Python that imports all of it again;
- the HTML export's templates compiled (nbconvert compiles them at a page's first export);
- everything imported so far exempt from garbage collection (`gc.freeze`): it lives as long as
  the workers, and their collections would otherwise walk it at every report.

A failure here only leaves the work to each worker, as before (a kernel started as a new
Python, templates compiled by each worker): an exception raised while the forkserver imports its
modules would end the forkserver, and no worker would start.
"""

from __future__ import annotations

import gc
import importlib
import os

#: What ipykernel sets MPLBACKEND to, if it is not set, before a kernel's code imports
#: matplotlib (``IPKernelApp.init_gui_pylab``); matplotlib reads it when it is imported.
KERNEL_MPLBACKEND = "module://matplotlib_inline.backend_inline"
#: pandas chooses these display options when it is imported, from whether it runs in a terminal
#: or in a Jupyter kernel (the documented default of ``display.max_columns``: 0 in a terminal,
#: else 20). Imported here, outside any kernel, it chose the terminal's, and a data frame's text
#: in a forked kernel's notebook would be cut to the terminal's width.
KERNEL_PANDAS_OPTIONS = {"display.max_columns": 20}


def prepare_kernel_image() -> bool:
    """Import what a kernel needs, as in a kernel; False when it failed (nothing is raised)."""
    from reactlib.batch.workers import KERNEL_MODULES
    from reactlib.render.forked_kernel import can_fork, registered

    if not can_fork() or not registered():  # asked here once, for every worker
        return False
    had_backend = "MPLBACKEND" in os.environ
    try:
        if not os.environ.get("MPLBACKEND"):
            os.environ["MPLBACKEND"] = KERNEL_MPLBACKEND
        importlib.import_module("ipykernel.kernelapp")
        for module in KERNEL_MODULES:
            importlib.import_module(module)
        pandas = importlib.import_module("pandas")
        for option, value in KERNEL_PANDAS_OPTIONS.items():
            pandas.set_option(option, value)
        # And the encoding of sys.stdout when pandas is imported: in a kernel, ipykernel's stream's.
        pandas.set_option("display.encoding", importlib.import_module("ipykernel.iostream").OutStream.encoding)
    except Exception:  # noqa: BLE001 - see the module's docstring: kernels then start as new Pythons
        if not had_backend:
            os.environ.pop("MPLBACKEND", None)
        return False
    return True


def prepare() -> bool:
    """Do the workers' shared start-up in this process; False when it failed (nothing is raised)."""
    try:
        from reactlib.render.html import prepare_exporter

        prepare_exporter()  # cached: a worker's own call before its first report is then free
    except Exception:  # noqa: BLE001 - see the module's docstring: each worker then compiles its own
        return False
    finally:
        gc.freeze()
    return True


#: Whether workers fork their kernels from what this process imported (else they start new ones).
KERNEL_IMAGE = prepare_kernel_image()
#: Whether the shared start-up was done here (else each worker does it for itself).
PREPARED = prepare()
