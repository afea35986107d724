"""Executing the report notebook with papermill, and making the executed notebook reproducible.

Kernels talk over IPC sockets in a private directory (see `reactlib.render.kernels`).

A report in another language than English runs a copy of the notebook whose markdown cells are
translated first (`localized_notebook`), so its executed notebook, HTML and PDF are in that
language while the notebook itself stays English for the analyst.

A failing cell becomes a `CellError` naming the report section it belongs to (the nearest
markdown heading above it) and the exception, without the traceback.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import nbformat

from reactlib.errors import CellError, RenderError
from reactlib.language import DEFAULT_LANGUAGE, notebook_translation
from reactlib.language.notebook_messages import translate_markdown
from reactlib.render.kernels import (
    KERNEL_NAME,
    START_TIMEOUT_SECONDS,
    KernelDied,
    KernelError,
    WarmKernel,
    kernel_config,
)

INJECTED_TAG = "injected-parameters"
#: Papermill's per-run values that would make two renders of the same inputs differ.
_RUN_METADATA = ("start_time", "end_time", "duration", "environment_variables")
#: The warm-kernel engine's name, as pyproject.toml registers it with papermill. Not imported from
#: the engine's module: importing that before papermill makes papermill load it half-imported.
WARM_KERNEL_ENGINE = "reactlib-warm-kernel"
#: Longest time a single cell may run before the render is abandoned.
CELL_TIMEOUT_SECONDS = 600
#: How long nbclient waits for a cell's last output once the kernel has answered that it ran
#: the cell: nbclient's 4 s (``iopub_timeout``, which its documentation says to raise on slow
#: systems) failed the first report of a sample batch on a machine loaded 8 times over.
IOPUB_TIMEOUT_SECONDS = 60


def execute_notebook(
    notebook: Path,
    parameters: Mapping[str, Any],
    output: Path,
    kernel: WarmKernel | None = None,
    kernel_setup: str = "",
    shown_parameters: Mapping[str, Any] | None = None,
    language: str = DEFAULT_LANGUAGE,
    metadata: Mapping[str, Any] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters``, write it to ``output`` normalised, and return it.

    With ``kernel`` the notebook runs in that warm kernel, reset first and then given
    ``kernel_setup`` to run silently; without, in a fresh kernel started and stopped for this
    run, which needs no setup. ``shown_parameters`` are what the written notebook shows in place
    of ``parameters`` (e.g. a file's name instead of its full path); by default ``parameters``.
    ``language`` is the report's: the notebook's markdown cells are translated into it first.
    ``metadata`` is added to the written notebook's (reactlib's record of the render).
    ``meanwhile`` is the caller's work that does not need the executed notebook: it is done
    while the warm kernel resets and takes the setup (for a cold report's kernel, while it is
    still importing), before the notebook runs.

    Raises
    ------
    CellError
        When a cell raises; ``output`` then holds the notebook as far as it ran.
    RenderError
        When the kernel cannot be started or dies.
    KernelDied
        When the warm ``kernel`` was found dead as it was reset, before the report started.
    """
    if kernel is not None:
        try:
            reset = kernel.start_reset(then=kernel_setup)
        except KernelError as error:  # a kernel that is not running: not a dead one to replace
            raise RenderError(str(error)) from None
    # What this process does before the notebook runs, done while the kernel resets.
    import papermill  # noqa: F401 - a fifth of a second, which the kernel would otherwise wait

    source = localized_notebook(notebook, language)
    if meanwhile is not None:
        meanwhile()

    def finish(executed: nbformat.NotebookNode) -> None:
        normalise(executed, notebook.name, output.name, shown_parameters)
        executed.metadata.update(metadata or {})

    if kernel is not None:
        try:
            kernel.finish_reset(reset)
        except KernelDied:
            raise  # not the report's fault: its caller can start a kernel and run it again
        except KernelError as error:
            raise RenderError(str(error)) from None
        try:
            client = kernel.notebook_client()
        except KernelError as error:
            raise RenderError(str(error)) from None
        # Finished by the engine before papermill writes it, so serialized once (see the engine).
        # papermill writes what ``nbformat.writes`` gives; ``nbformat.write`` (a fresh kernel's
        # notebook, below) ends it with a newline.
        executed = _papermill(
            source, parameters, output, engine_name=WARM_KERNEL_ENGINE, km=kernel.manager, kc=client, finish=finish
        )
        with output.open("a", encoding="utf-8") as written:
            written.write("\n")
    else:
        # papermill's own engine, which takes no ``finish``: its notebook is serialized twice.
        with tempfile.TemporaryDirectory(prefix="reactlib-kernel-") as private:
            executed = _papermill(source, parameters, output, cwd=private, config=kernel_config(Path(private)))
        finish(executed)
        nbformat.write(executed, str(output))
    return executed


def localized_notebook(notebook: Path, language: str) -> Path | nbformat.NotebookNode:
    """``notebook`` with its markdown cells in ``language``: the file itself for English.

    The catalog is the notebook's own domain, its file's stem (``country_report``), so any
    report notebook with a catalog is translated the same way.
    """
    if language == DEFAULT_LANGUAGE:
        return notebook
    localized = nbformat.read(str(notebook), as_version=4)
    translate_markdown(localized, notebook_translation(notebook, language).gettext)
    return localized


def _papermill(
    notebook: Path | nbformat.NotebookNode, parameters: Mapping[str, Any], output: Path, **engine: Any
) -> nbformat.NotebookNode:
    import papermill  # imported here: it takes a fifth of a second, and only rendering needs it
    from papermill.exceptions import PapermillException, PapermillExecutionError

    try:
        return papermill.execute_notebook(
            notebook if isinstance(notebook, nbformat.NotebookNode) else str(notebook), str(output),
            parameters=dict(parameters),
            kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, start_timeout=START_TIMEOUT_SECONDS,
            execution_timeout=CELL_TIMEOUT_SECONDS, iopub_timeout=IOPUB_TIMEOUT_SECONDS, record_timing=False,
            **engine,
        )  # fmt: skip
    except PapermillExecutionError as error:
        failed = nbformat.read(str(output), as_version=4)
        raise CellError(section_of(failed, error.cell_index), error.ename, error.evalue) from None
    except PapermillException as error:
        # e.g. "No engine named 'reactlib-warm-kernel' found": papermill knows reactlib's engine
        # from its installed entry point, which a checkout not installed (`make env`) lacks.
        raise RenderError(f"papermill could not run the notebook: {error}") from None
    except (RuntimeError, OSError, TimeoutError) as error:
        # nbclient's DeadKernelError is a RuntimeError; a kernel that never starts, a timeout
        raise RenderError(f"the notebook kernel failed: {type(error).__name__}: {error}") from None


def section_of(notebook: nbformat.NotebookNode, cell_index: int) -> str:
    """The nearest markdown heading above cell ``cell_index``, or the notebook's start."""
    for cell in reversed(notebook.cells[: cell_index + 1]):
        if cell.cell_type == "markdown":
            headings = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            if headings:
                return headings[-1].replace("\\", "")
    return "start of the report"


def normalise(
    notebook: nbformat.NotebookNode,
    input_name: str,
    output_name: str,
    shown_parameters: Mapping[str, Any] | None = None,
) -> None:
    """Remove what differs between two runs of the same inputs: timings, paths, random ids.

    With ``shown_parameters`` the injected-parameters cell and papermill's record of the
    parameters show those values instead of the ones the notebook ran with.
    """
    run = notebook.metadata.get("papermill", {})
    for key in _RUN_METADATA:
        run.pop(key, None)
    run["input_path"], run["output_path"] = input_name, output_name
    if shown_parameters is not None:
        run["parameters"] = dict(shown_parameters)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for key in _RUN_METADATA:
            cell.metadata.get("papermill", {}).pop(key, None)
        if INJECTED_TAG in cell.metadata.get("tags", []):
            cell.id = INJECTED_TAG
            if shown_parameters is not None:
                cell.source = _injected_source(notebook, shown_parameters)


def _injected_source(notebook: nbformat.NotebookNode, parameters: Mapping[str, Any]) -> str:
    """The injected-parameters cell papermill writes for ``parameters``, in its own wording."""
    from papermill.translators import translate_parameters

    language = notebook.metadata.get("language_info", {}).get("name", "python")
    return translate_parameters(KERNEL_NAME, language, dict(parameters))
