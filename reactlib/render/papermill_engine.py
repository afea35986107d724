"""A papermill engine that runs notebooks with a warm kernel's client, connected once, and lets
its caller finish the executed notebook before papermill writes it.

papermill's nbclient engine connects a new client to the kernel for every notebook, and
connecting waits until the kernel's output channel has been quiet for 0.2 s (jupyter_client's
``wait_for_ready``): a third of a report's time in a warm kernel, spent idle. A client that stays
connected needs no such wait, and messages left over from an earlier notebook are ignored, as
nbclient only reads those answering its own requests.

papermill finds the engine by its name through the ``papermill.engine`` entry point that
reactlib's ``pyproject.toml`` declares, as papermill's documentation asks of an engine of one's
own: importing this module registers nothing. Nothing in reactlib imports it either: importing
it before papermill would make papermill, while it loads its entry points, find it half-imported
(`reactlib.render.execute` names the engine by its registered name instead).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nbformat import NotebookNode
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.log import logger


class _ConnectedNotebookClient(PapermillNotebookClient):
    """papermill's notebook client, given the kernel's client instead of connecting one.

    nbclient (0.11) takes no client in its constructor, but ``kc`` is its public attribute for
    the kernel's client, and ``setup_kernel`` documents that it assigns one, doing so only when
    ``kc`` is None (``if self.kc is None: self.start_new_kernel_client()``): the same path
    nbclient's own ``execute(reset_kc=False)`` takes to run again with the client it has. As
    ``km`` is passed, nbclient does not own the kernel and leaves the client connected after
    the run (``cleanup_kc`` defaults to ``owns_km``). Skipped with nbclient's connecting: its
    ``wait_for_ready`` (`reactlib.render.kernels.WarmKernel.notebook_client` makes sure of the
    same once, without its wait for quiet, and sets ``allow_stdin = False`` as nbclient would)
    and its ``on_notebook_start`` hook, which reactlib does not use.
    """

    def __init__(self, nb_man: Any, kc: Any, **kwargs: Any) -> None:
        super().__init__(nb_man, **kwargs)
        self.kc = kc


class WarmKernelEngine(NBClientEngine):
    """`NBClientEngine` given the kernel's manager (``km``) and its connected client (``kc``).

    The kernel and its client are the caller's: they stay running and connected after the run.
    """

    @classmethod
    def execute_notebook(
        cls,
        nb: NotebookNode,
        kernel_name: str,
        *,
        finish: Callable[[NotebookNode], object] | None = None,
        **kwargs: Any,
    ) -> NotebookNode:
        """papermill's own (`papermill.engines.Engine.execute_notebook`), then ``finish`` given the executed notebook.

        papermill writes the notebook its engine returns to the output path (after it has checked
        it for errors). Finished here, what papermill writes is the caller's final notebook, which
        the caller then need not serialize (validate and copy) a second time: about 9 ms of a
        report's CPU, of the ≈ 70 ms a notebook client's work costs at least.
        """
        executed = super().execute_notebook(nb, kernel_name, **kwargs)
        if finish is not None:
            finish(executed)
        return executed

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
