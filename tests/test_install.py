"""The installed package: its wheel holds what rendering needs, and renders a report on its own.

The wheel is built from a copy of the source (so the clone gets no ``build/`` folder from a test)
and installed with the locked dependencies into a fresh virtual environment by uv, whose cache
makes that a matter of seconds; the report is rendered from a folder outside the clone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.notebooks import write_notebook

REPO = Path(__file__).resolve().parents[1]
#: What the source distribution of the package consists of (see pyproject.toml).
SOURCES = ("pyproject.toml", "README.md", "reactlib", "notebooks")
TIMEOUT_SECONDS = 300

pytestmark = pytest.mark.slow


def uv() -> str:
    """The uv that `make env` installs into the virtual environment."""
    found = Path(sys.executable).parent / "uv"
    assert found.is_file(), f"uv is not installed beside {sys.executable}; run `make env`"
    return str(found)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=TIMEOUT_SECONDS
    )
    assert result.returncode == 0, f"{command[:3]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def clean_environment() -> dict[str, str]:
    """This process's environment without anything that would lead Python back to the clone.

    Bytecode may be written: the command compiles what it imports once, and its kernel reuses it.
    """
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE"}
    return {key: value for key, value in os.environ.items() if key not in drop}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's wheel, built from a copy of its sources."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name,
                source / name,
                # Compiled catalogs are built by `make catalogs` in a clone, never committed: the
                # wheel is built without them, as from a fresh checkout.
                ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.mo"),
            )
        else:
            shutil.copy2(REPO / name, source / name)
    run(
        [uv(), "build", "--wheel", "--quiet", "--out-dir", str(root / "dist"), str(source)],
        cwd=root,
        env=clean_environment(),
    )
    (built,) = (root / "dist").glob("reactlib-*.whl")
    return built


def test_the_wheel_holds_the_notebook_sample_settings_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "reactlib/notebooks/country_report.ipynb",
        "reactlib/data/sample_cases.csv",
        "reactlib/data/report_settings.yaml",
        "reactlib/templates/reactlib/conf.json",
        "reactlib/templates/reactlib/index.html.j2",
        "reactlib/locale/reactlib.pot",
        "reactlib/locale/ru/LC_MESSAGES/reactlib.po",
        "reactlib/locale/uk/LC_MESSAGES/reactlib.po",
    ):
        assert name in names, name


def test_the_wheel_declares_the_papermill_engine_entry_point(wheel):
    # How papermill finds the warm-kernel engine of an installed reactlib (see papermill_engine).
    archive = zipfile.ZipFile(wheel)
    (name,) = [name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt")]
    sections = archive.read(name).decode().split("\n\n")
    assert "[papermill.engine]\nreactlib-warm-kernel = reactlib.render.papermill_engine:WarmKernelEngine\n" in [
        section if section.endswith("\n") else section + "\n" for section in sections
    ]


def test_the_installed_wheel_renders_a_report_outside_the_clone(wheel, tmp_path):
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    env = clean_environment()
    run([uv(), "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=tmp_path, env=env)
    run(
        [uv(), "pip", "sync", "--quiet", "--python", str(python), str(REPO / "requirements.lock")],
        cwd=tmp_path,
        env=env,
    )
    run([uv(), "pip", "install", "--quiet", "--python", str(python), "--no-deps", str(wheel)], cwd=tmp_path, env=env)
    elsewhere = tmp_path / "analyst"
    elsewhere.mkdir()

    located = run([str(python), "-c", "import reactlib; print(reactlib.__file__)"], cwd=elsewhere, env=env)
    assert Path(located.stdout.strip()).is_relative_to(venv), "reactlib is imported from the fresh environment"
    engine = (
        "from papermill.engines import papermill_engines; print(papermill_engines.get_engine('reactlib-warm-kernel'))"
    )
    found = run([str(python), "-c", engine], cwd=elsewhere, env=env)
    assert found.stdout.strip() == "<class 'reactlib.render.papermill_engine.WarmKernelEngine'>"
    # Without compiled catalogs in the wheel, the .po files are read: the figures come out in Russian.
    figures = run(
        [str(venv / "bin" / "reactlib"), "figures", "--scope", "Tajikistan", "--period", "2023-H1", "--language", "ru"],
        cwd=elsewhere, env=env,
    )  # fmt: skip
    assert '"title": "Таджикистан. 2023 | Полугодие: январь–июнь"' in figures.stdout
    run(
        [str(venv / "bin" / "reactlib"), "report", "--scope", "Tajikistan", "--period", "2023-H1",
         "--format", "html", "--out", "out"],
        cwd=elsewhere, env={**env, "SOURCE_DATE_EPOCH": "1700000000"},
    )  # fmt: skip

    report = elsewhere / "out" / "tajikistan" / "2023-H1"
    assert sorted(p.name for p in report.iterdir()) == ["figures.json", "figures.xlsx", "report.html", "report.ipynb"]
    soup = BeautifulSoup((report / "report.html").read_text(encoding="utf-8"), "html.parser")
    title = soup.title.get_text()
    assert title.startswith("Tajikistan. 2023") and soup.find("h1").get_text() == title
    text = " ".join(soup.get_text(" ").split())
    assert "Registered 265 cases, in which the victim was a person living with HIV." in text

    # An analyst's own notebook, beside the data rather than in the package, renders too.
    write_notebook(elsewhere / "mine.ipynb")
    run(
        [str(venv / "bin" / "reactlib"), "report", "--notebook", "mine.ipynb", "-p", "note", "installed",
         "--scope", "Georgia", "--period", "2023-H1", "--format", "html", "--out", "mine"],
        cwd=elsewhere, env={**env, "SOURCE_DATE_EPOCH": "1700000000"},
    )  # fmt: skip
    html = (elsewhere / "mine" / "georgia" / "2023-H1" / "report.html").read_text(encoding="utf-8")
    assert "NOTE=installed Georgia 2023-H1" in html
