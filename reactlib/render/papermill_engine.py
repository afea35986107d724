"""A papermill engine that runs notebooks with a warm kernel's client, connected once.

papermill's nbclient engine connects a new client to the kernel for every notebook, and
connecting waits until the kernel's output channel has been quiet for 0.2 s (jupyter_client's
``wait_for_ready``): a third of a report's time in a warm kernel, spent idle. A client that stays
connected needs no such wait, and messages left over from an earlier notebook are ignored, as
nbclient only reads those answering its own requests.
"""

from __future__ import annotations

from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

ENGINE_NAME = "reactlib-warm-kernel"


class _ConnectedNotebookClient(PapermillNotebookClient):
    def __init__(self, nb_man: Any, kc: Any, **kwargs: Any) -> None:
        super().__init__(nb_man, **kwargs)
        self.kc = kc  # nbclient connects a client of its own only when it has none


class WarmKernelEngine(NBClientEngine):
    """`NBClientEngine` given the kernel's manager (``km``) and its connected client (``kc``).

    The kernel and its client are the caller's: they stay running and connected after the run.
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        *,
        km: Any,
        kc: Any,
        input_path: Any = None,
        **kwargs: Any,
    ) -> Any:
        client = _ConnectedNotebookClient(
            nb_man, kc, km=km, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file, **kwargs,
        )  # fmt: skip
        return client.execute()


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
