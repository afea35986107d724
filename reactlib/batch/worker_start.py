"""The start-up every batch worker shares, done once by the process the workers are forked from.

`reactlib.batch.workers.WorkerPool` has multiprocessing's forkserver import this module (last of
``WORKER_MODULES``; the first, `reactlib.batch.kernel_image`, imports what the workers' kernels
need), so each worker is forked with it done instead of doing it itself:

- the HTML export's templates compiled (nbconvert compiles them at a page's first export);
- everything imported so far exempt from garbage collection (`gc.freeze`): it lives as long as
  the workers, and their collections would otherwise walk it at every report.

A failure here only leaves the work to each worker, as before (templates compiled by each
worker): an exception raised while the forkserver imports its modules would end the forkserver,
and no worker would start.
"""

from __future__ import annotations

import gc


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


#: Whether the shared start-up was done here (else each worker does it for itself).
PREPARED = prepare()
