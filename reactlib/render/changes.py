"""What changed since a report's last render: ``changes.json``, and the renders `reactlib diff` compares.

A report rendered again into a folder that holds its last render is compared with it before
the folder is replaced: the last render's figures.json against the new figures
(`reactlib.count.diff`). When a figure moved, the report's folder gets ``changes.json`` (that
diff, with the dates of both renders) and its page a short section saying what changed; when
none did, neither. So changes.json always describes the render beside it, against the one
before.

A render's language and date are read from its executed notebook, ``report.ipynb``: its
parameters (papermill's record) and reactlib's own record of the render
(`reactlib.render.request.render_record`).
A folder rendered before reactlib kept that record takes its language from its name (as
`reactlib.render.publish.language_folder` names it) and its date from figures.json's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reactlib.count.diff import FiguresDiff, diff_figures, not_a_report, report_problem
from reactlib.errors import DiffError
from reactlib.language import DEFAULT_LANGUAGE, LANGUAGES
from reactlib.render.request import RENDER_RECORD

FIGURES_FILE = "figures.json"
NOTEBOOK_FILE = "report.ipynb"


@dataclass(frozen=True)
class Render:
    """One render of a report, as its folder holds it."""

    folder: Path
    figures: dict[str, Any]
    language: str
    rendered_on: dt.date | None

    @property
    def key(self) -> tuple[str, str, str]:
        """Scope, period and language: what makes two renders the same report."""
        return (str(self.figures.get("scope")), str(self.figures.get("period")), self.language)

    @property
    def name(self) -> str:
        scope, period, language = self.key
        return f"{scope} {period} ({language})"


def read_render(folder: Path) -> Render | None:
    """The render in ``folder``; None when it holds no figures.json.

    Raises
    ------
    DiffError
        When figures.json is not a JSON document.
    """
    path = folder / FIGURES_FILE
    if not path.is_file():
        return None
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DiffError(f"{path} is not a figures.json reactlib wrote: it cannot be read as JSON") from None
    if not isinstance(figures, dict):
        raise DiffError(f"{path} is not a figures.json reactlib wrote")
    record = _notebook_record(folder / NOTEBOOK_FILE)
    language = record.get("language") or (folder.name if folder.name in LANGUAGES else DEFAULT_LANGUAGE)
    date = record.get("rendered_on") or dt.date.fromtimestamp(path.stat().st_mtime)
    return Render(folder, figures, str(language), date)


def _notebook_record(notebook: Path) -> dict[str, Any]:
    """The language and render date an executed notebook records, as far as it does."""
    try:
        metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return {}
    record: dict[str, Any] = {}
    language = (metadata.get("papermill", {}).get("parameters") or {}).get("language")
    if language in LANGUAGES:
        record["language"] = language
    try:
        record["rendered_on"] = dt.date.fromisoformat(metadata[RENDER_RECORD]["rendered_on"])
    except (KeyError, TypeError, ValueError):
        pass
    return record


def compare_renders(old: Render, new: Render) -> FiguresDiff:
    """Every figure that differs between two renders of the same report.

    Raises
    ------
    DiffError
        When they are not renders of the same report (scope, period and language).
    """
    problem = report_problem(old.figures, new.figures)
    if problem is None and old.language != new.language:
        problem = f"they are not the same report: one is in {old.language}, the other in {new.language}"
    if problem is not None:
        raise DiffError(f"{old.folder} and {new.folder}: {problem}")
    diff = diff_figures(old.figures, new.figures)
    return replace(diff, language=new.language, since=old.rendered_on, rendered_on=new.rendered_on)


def changes_since_last_render(
    target: Path, figures: Mapping[str, Any], language: str, date: dt.date
) -> FiguresDiff | None:
    """What changed in a report about to be published into ``target`` since the render there.

    None when ``target`` holds no render of the same report, or no figure moved.
    """
    try:
        last = read_render(target)
    except DiffError:
        return None  # not a figures.json to compare with: the new render simply replaces it
    if last is None:
        return None
    try:
        diff = compare_renders(last, Render(target, dict(figures), language, date))
    except DiffError:
        return None
    return diff if diff.changes else None


def changes_json(diff: FiguresDiff) -> str:
    """changes.json's text: UTF-8, two-space indent, a final newline, as figures.json."""
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"


# Two output folders: each report with its match --------------------------------------------------


def renders_in(out: Path) -> dict[tuple[str, str, str], Render]:
    """Every period report's render under an output folder, by scope, period and language.

    Report folders are ``<scope>/<period>/`` and ``<scope>/<period>/<language>/``; trend reports
    (whose figures.json is a series) are left out.
    """
    found: dict[tuple[str, str, str], Render] = {}
    for folder in _report_folders(out):
        render = read_render(folder)
        if render is not None and not_a_report(render.figures) is None:
            found.setdefault(render.key, render)
    return found


def _report_folders(out: Path) -> Iterator[Path]:
    for pattern in (f"*/*/{FIGURES_FILE}", f"*/*/*/{FIGURES_FILE}"):
        for path in sorted(out.glob(pattern)):
            if not any(part.startswith(".") for part in path.relative_to(out).parts):  # staging folders
                yield path.parent


@dataclass(frozen=True)
class FolderDiff:
    """Two output folders compared: each report in both, and the reports in one only."""

    diffs: tuple[tuple[Render, Render, FiguresDiff], ...]
    only_old: tuple[Render, ...]
    only_new: tuple[Render, ...]


def diff_folders(old: Path, new: Path) -> FolderDiff:
    """Compare two report folders, or two output folders report by report.

    Raises
    ------
    DiffError
        When a folder is missing, holds no report, or the two reports are not the same report.
    """
    for folder in (old, new):
        if not folder.is_dir():
            raise DiffError(f"{folder} is not a folder")
    old_render, new_render = read_render(old), read_render(new)
    if old_render is not None and new_render is not None:
        return FolderDiff(((old_render, new_render, compare_renders(old_render, new_render)),), (), ())
    if (old_render is None) != (new_render is None):
        report, other = (old, new) if old_render is not None else (new, old)
        raise DiffError(
            f"{report} is a report's folder and {other} is not: give two report folders or two output folders"
        )
    before, after = renders_in(old), renders_in(new)
    if not before or not after:
        empty = old if not before else new
        raise DiffError(f"{empty} holds no report (no <scope>/<period>/figures.json)")
    both = [key for key in after if key in before]
    if not both:
        raise DiffError(f"{old} and {new} hold no report in common (the same scope, period and language)")
    return FolderDiff(
        tuple((before[key], after[key], compare_renders(before[key], after[key])) for key in sorted(both)),
        tuple(before[key] for key in sorted(before) if key not in after),
        tuple(after[key] for key in sorted(after) if key not in before),
    )
