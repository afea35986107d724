"""Skipping reports whose inputs have not changed.

A report's fingerprint is the SHA-256 of everything that can change its files: the data file's
content, the column map's content, the report's own parameters (scope, period, formats,
min_cell, contact line, notes), the notebook (`notebook_digest`: what a render runs of it, not
the outputs an analyst's last run left in it), and the package (its version and source). It is
published inside the report's folder together with the report's files (one rename), so an
interrupted render never leaves a fingerprint that claims a complete report.

A batch also remembers which countries each data file (by content) holds (`COUNTRIES_FILE`):
with it, an unchanged batch sees that nothing needs rendering without loading the data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.count.periods import PeriodError, resolve_scope
from reactlib.render.output import write_atomically
from reactlib.render.request import FINGERPRINT_FILE
from reactlib.report.provenance import file_sha256

if TYPE_CHECKING:
    from reactlib.batch.plan import Job
    from reactlib.batch.spec import BatchSpec

#: Which countries each data file (by content) holds, in the output folder.
COUNTRIES_FILE = ".countries.json"

#: What running and saving a notebook in JupyterLab writes that no render reads: every cell's
#: outputs and execution count (a render runs every cell again), the editor's state of a cell
#: (the keys nbstripout strips as well, and "jupyter": collapsed input or output), and the
#: kernel's description of its language (its version differs between machines).
RUN_CELL_KEYS = frozenset({"outputs", "execution_count"})
EDITOR_CELL_METADATA = frozenset(
    {"collapsed", "scrolled", "ExecuteTime", "execution", "heading_collapsed", "hidden", "jupyter"}
)
EDITOR_NOTEBOOK_METADATA = frozenset({"language_info", "signature", "widgets"})


@cache
def package_digest() -> str:
    """SHA-256 over the package's version and every source and template file."""
    import reactlib

    root = Path(reactlib.__file__).parent
    digest = hashlib.sha256(reactlib.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".tpl", ".j2", ".css", ".json"}:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def notebook_digest(path: Path) -> str:
    """SHA-256 of a notebook as a render runs it: its cells' sources, types and tags, not their outputs.

    Saved in JupyterLab after a run, the notebook has the same digest as before the run, so the
    next batch skips its unchanged reports. A file that is no notebook is digested as it is: the
    render reports what is wrong with it.

    >>> import nbformat, tempfile
    >>> notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> folder = Path(tempfile.mkdtemp())
    >>> nbformat.write(notebook, folder / "a.ipynb")
    >>> notebook.cells[0].update(execution_count=3, outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"})])
    >>> nbformat.write(notebook, folder / "b.ipynb")
    >>> notebook_digest(folder / "a.ipynb") == notebook_digest(folder / "b.ipynb")
    True
    """
    import nbformat  # here: only a batch that checks its reports reads a notebook

    text = path.read_bytes()
    try:
        notebook = nbformat.reads(text.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):  # not a notebook nbformat reads
        return hashlib.sha256(text).hexdigest()
    cells = [
        {key: value for key, value in cell.items() if key not in RUN_CELL_KEYS}
        | {
            "metadata": {
                key: value for key, value in cell.get("metadata", {}).items() if key not in EDITOR_CELL_METADATA
            }
        }
        for cell in notebook.get("cells", [])
    ]
    metadata = {
        key: value for key, value in notebook.get("metadata", {}).items() if key not in EDITOR_NOTEBOOK_METADATA
    }
    document = {**notebook, "cells": cells, "metadata": metadata}
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def fingerprint(file_digests: Iterable[str | None], parameters: Mapping[str, Any]) -> str:
    """The fingerprint of one report from its input files' digests and its parameters."""
    document = {
        "files": list(file_digests),
        "parameters": parameters,
        "package": package_digest(),
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def is_current(report_dir: Path, expected_files: Iterable[str], key: str) -> bool:
    """Whether ``report_dir`` holds a complete report made from inputs with fingerprint ``key``."""
    marker = report_dir / FINGERPRINT_FILE
    if not marker.is_file() or marker.read_text(encoding="ascii").strip() != key:
        return False
    return all((report_dir / name).is_file() for name in expected_files)


# A batch's reports --------------------------------------------------------------------------------


def input_digests(spec: BatchSpec) -> list[str | None]:
    """Digests of the batch's data file (first) and column map (None without one)."""
    from reactlib.sample.location import data_file_or_sample

    data = data_file_or_sample(spec.data)
    return [file_sha256(data), file_sha256(spec.column_map) if spec.column_map is not None else None]


@cache
def _notebook_digest(path: Path, size: int, modified: int) -> str:
    return notebook_digest(path)


def kind_notebook_digest(job: Job) -> str:
    """The digest of the notebook ``job`` runs, computed once while the file is unchanged."""
    path = job.kind.notebook_file()
    stat = path.stat()
    return _notebook_digest(path, stat.st_size, stat.st_mtime_ns)


def report_key(
    spec: BatchSpec, digests: list[str | None], job: Job, countries: list[str], published: str | None = None
) -> str:
    """The fingerprint of ``job``'s inputs: ``digests`` (`input_digests`), its notebook, its parameters.

    The parameters include the notebook's extra ones. With min_cell, ``published`` is the
    report's figures.json: its suppression pattern, appendix and audit summary depend on the
    whole publication, so a report whose pattern changed is rendered again even when its own
    inputs did not change.
    """
    scope = resolve_scope(job.scope, countries)
    suppression = (
        {"published_figures": hashlib.sha256(published.encode()).hexdigest()} if spec.min_cell and published else {}
    )
    parameters = job.kind.parameters(job.request, scope, spec.settings)
    files = [*digests[:2], kind_notebook_digest(job)]
    return fingerprint(files, {**parameters, "formats": list(job.request.formats), **suppression})


def job_is_current(
    spec: BatchSpec, digests: list[str | None], job: Job, countries: list[str], published: str | None = None
) -> bool:
    """Whether ``job``'s report was published from exactly these inputs (and, with min_cell, ``published`` figures)."""
    if job.target is None or (spec.min_cell and published is None):
        return False  # a report that could not be planned, or not yet: rendering it decides
    try:
        key = report_key(spec, digests, job, countries, published)
    except PeriodError:
        return False  # a scope the data lacks: rendering it reports the error
    files = job.kind.files(job.target, job.request.formats)
    return is_current(job.target, [p.name for p in files], key)


def known_countries(out: Path, data_digest: str | None) -> list[str] | None:
    """The countries of the data file with ``data_digest``, as an earlier batch into ``out`` found them; None when unknown."""
    try:
        known = json.loads((out / COUNTRIES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    countries = known.get(data_digest) if isinstance(known, dict) else None
    return list(countries) if isinstance(countries, list) else None


def remember_countries(out: Path, data_digest: str | None, countries: list[str]) -> None:
    """Only a shortcut for the next run: not written (a full disk), the next run loads the data."""
    with contextlib.suppress(OSError):
        write_atomically(out / COUNTRIES_FILE, json.dumps({data_digest: countries}))
