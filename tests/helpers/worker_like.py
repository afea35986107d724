"""Kernels started as a batch worker starts them, from a process made as a batch worker is made.

`kernel_states` is the target of a daemonic `multiprocessing` process forked from a forkserver
that preloaded `reactlib.batch.workers.WORKER_MODULES`, as `reactlib.batch.workers.WorkerPool`
makes its workers: it takes a worker's signal handlers, then starts one kernel as a new Python
and one forked from itself, each made ready as a worker makes its kernel ready for a report.
"""

from __future__ import annotations

import json
from typing import Any


def kernel_states(code: str, results: Any) -> None:
    """Put on ``results`` each kernel's [provisioner, connection file, what ``code`` printed as JSON].

    Or, when that fails, the traceback's text: the test shows it.
    """
    try:
        results.put(_kernel_states(code))
    except Exception:  # noqa: BLE001 - shown by the test, whatever it is
        import traceback

        results.put(traceback.format_exc())


def _kernel_states(code: str) -> list:
    from jupyter_client.blocking import BlockingKernelClient

    from reactlib.batch import workers
    from reactlib.render.kernels import WarmKernel

    workers._take_signals(workers._Worker())
    states = []
    for forked in (False, workers._kernel_image_ready()):
        with WarmKernel(forked=forked) as kernel:
            kernel.send_silently(workers.PRELOAD_CODE)  # as `workers._Worker.ready`
            kernel.reset()  # as before each report
            client = BlockingKernelClient()
            client.load_connection_info(kernel.manager.get_connection_info())
            client.start_channels()
            printed: list[str] = []
            try:
                client.wait_for_ready(timeout=120)
                reply = client.execute_interactive(
                    code, timeout=120,
                    output_hook=lambda message: printed.append(message["content"]["text"]) if message["msg_type"] == "stream" else None,
                )  # fmt: skip
            finally:
                client.stop_channels()
            assert reply["content"]["status"] == "ok", reply["content"]
            provisioner = type(kernel.manager.provisioner).__name__
            states.append([provisioner, kernel.manager.connection_file, json.loads("".join(printed))])
    return states
