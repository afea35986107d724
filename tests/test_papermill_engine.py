"""papermill finds reactlib's warm-kernel engine through its entry point; the dependencies whose
extension points reactlib builds on are declared, below their next major version."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from papermill.engines import PapermillEngines

from reactlib.render.execute import RenderError, execute_notebook
from reactlib.render.kernels import WarmKernel

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
#: The distributions whose extension points or internals reactlib relies on, with their majors
#: today: papermill's engines, nbclient's kernel client, nbconvert's template and filters, ...
BOUNDED = {
    "papermill": 2, "nbclient": 0, "nbconvert": 7, "nbformat": 5, "jinja2": 3, "traitlets": 5,
    "jupyter-client": 8, "jupyter-core": 5, "ipykernel": 7, "ipython": 9, "matplotlib": 3,
}  # fmt: skip


def declared() -> dict[str, Requirement]:
    requirements = (Requirement(line) for line in PYPROJECT["project"]["dependencies"])
    return {canonical(requirement.name): requirement for requirement in requirements}


def canonical(name: str) -> str:
    return name.lower().replace("_", "-")


def test_papermill_finds_the_engine_without_reactlib_being_imported():
    # A fresh interpreter that imports papermill alone: the engine comes from the entry point.
    code = (
        "import sys; from papermill.engines import papermill_engines as engines; "
        "engine = engines.get_engine('reactlib-warm-kernel'); "
        "print(engine.__module__, engine.__name__)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO.parent, check=False)

    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["reactlib.render.papermill_engine", "WarmKernelEngine"]


def test_the_entry_point_is_declared_in_the_package_metadata():
    (entry_point,) = importlib.metadata.entry_points(group="papermill.engine", name="reactlib-warm-kernel")
    assert entry_point.value == "reactlib.render.papermill_engine:WarmKernelEngine"
    assert entry_point.dist.name == "reactlib"


def test_importing_the_engine_module_registers_nothing():
    # papermill's registry replaced by an empty one before the module is imported: an import
    # that registered the engine would register it there.
    code = (
        "import papermill.engines as e; e.papermill_engines = e.PapermillEngines(); "
        "import reactlib.render.papermill_engine\n"
        "try: e.papermill_engines.get_engine('reactlib-warm-kernel')\n"
        "except e.PapermillException: print('not registered')"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert found.stdout.strip() == "not registered", found.stderr


def imported_modules() -> set[str]:
    """The top-level modules that reactlib's code and its report notebook import."""
    sources = [path.read_text(encoding="utf-8") for path in (REPO / "reactlib").rglob("*.py")]
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        sources += ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    modules = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"reactlib", "__future__"}


def test_every_library_reactlib_imports_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    needed = {canonical(distributions[module][0]) for module in imported_modules()}

    assert needed - set(declared()) == set()
    assert {"jupyter-client", "traitlets", "jinja2", "ipython"} <= needed  # the grep, done by hand


@pytest.mark.parametrize("name", sorted(BOUNDED))
def test_a_library_whose_extension_points_reactlib_uses_is_bounded_below_its_next_major(name):
    requirement = declared()[name]
    major = BOUNDED[name]
    installed = Version(importlib.metadata.version(name))

    assert installed.major == major
    assert installed in requirement.specifier
    assert Version(f"{major + 1}") not in requirement.specifier
    assert Version(f"{major + 1}.0.0") not in requirement.specifier


@pytest.mark.slow
def test_an_engine_papermill_does_not_know_is_a_render_error(tmp_path, monkeypatch):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, str(path))
    # As in a checkout run without installing reactlib: papermill's registry lacks the engine.
    monkeypatch.setattr("papermill.execute.papermill_engines", PapermillEngines())

    with WarmKernel() as kernel, pytest.raises(RenderError, match="No engine named 'reactlib-warm-kernel'"):
        execute_notebook(path, {}, tmp_path / "out.ipynb", kernel)


def test_reactlib_never_imports_the_engine_module_itself():
    # Imported before papermill, the module would be half-imported when papermill loads its entry
    # points, and papermill's import fails (a warm kernel's report did, after a kernel died).
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "reactlib"
    importers = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if "reactlib.render.papermill_engine" in names:
                importers.append(path.name)
    assert importers == []
