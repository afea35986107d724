"""What a batch worker's kernel imports, imported once as a kernel would, for kernels forked from it.

`reactlib.batch.workers.WorkerPool` has multiprocessing's forkserver import this module first of
``WORKER_MODULES``: each worker is forked with ipykernel and the report notebook's modules
(``KERNEL_MODULES``) imported, and forks its kernel from itself (`reactlib.render.forked_kernel`)
instead of starting a new Python that imports all of it again.

First, so that nothing that sets warning filters or pandas' and matplotlib's state is imported
before ``ipykernel.kernelapp`` (only multiprocessing's forkserver and reactlib's package
folders are): what these imports decide is then what a kernel started as a new Python decides,
and where it is not, it is set as a kernel has it:

- MPLBACKEND, which ipykernel sets before the notebook imports matplotlib;
- pandas' display options chosen at import from the terminal (`KERNEL_PANDAS_OPTIONS`);
- the warning filters (`reactlib.render.kernel_warnings`): recorded after ``ipykernel.kernelapp``
  and after the notebook's modules, so that a forked kernel starts from the first and puts what
  the notebook's modules added on top of what its app adds, as in a new Python. The worker's own
  modules, imported after this one, add theirs to the worker alone.

The image is refused, and kernels start as new Pythons, where it would not be a kernel's: not
Linux, reactlib's entry points not installed, interpreter warning options a launched kernel would
not have, notebook modules that removed or reordered filters, or any failure. Nothing is raised:
an exception while the forkserver imports its modules would end it, and no worker would start.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

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
    had_backend = "MPLBACKEND" in os.environ
    try:
        if not os.environ.get("MPLBACKEND"):
            os.environ["MPLBACKEND"] = KERNEL_MPLBACKEND
        importlib.import_module("ipykernel.kernelapp")
        launched = list(warnings.filters)  # a launched kernel's, before its app initialises
        from reactlib.batch.workers import KERNEL_MODULES
        from reactlib.render import forked_kernel
        from reactlib.render.kernel_warnings import launched_warning_options, record_imports

        if (
            not forked_kernel.can_fork()
            or not forked_kernel.registered()
            or not launched_warning_options(sys.warnoptions, os.environ)
        ):
            raise LookupError("kernels are not forked here")
        if warnings.filters != launched:  # what reactlib imported since would reach every kernel
            raise LookupError("filters were added after ipykernel's import")
        recorded = record_imports(KERNEL_MODULES)
        if recorded is None:
            raise LookupError("the notebook's modules removed or reordered warning filters")
        pandas = importlib.import_module("pandas")
        for option, value in KERNEL_PANDAS_OPTIONS.items():
            pandas.set_option(option, value)
        # And the encoding of sys.stdout when pandas is imported: in a kernel, ipykernel's stream's.
        pandas.set_option("display.encoding", importlib.import_module("ipykernel.iostream").OutStream.encoding)
        forked_kernel.start_with_warnings(recorded)
    except Exception:  # noqa: BLE001 - see the module's docstring: kernels then start as new Pythons
        if not had_backend:
            os.environ.pop("MPLBACKEND", None)
        return False
    return True


#: Whether workers fork their kernels from what this process imported (else they start new ones).
KERNEL_IMAGE = prepare_kernel_image()
