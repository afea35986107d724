"""A batch is one publication: its suppression pattern, decided before anything renders, and its audit.

Every report, previous period and trend of a batch is read together by a reader, so the batch
decides one suppression pattern for all of them at once (`batch_disclosure`), from the true
figures of each scope × period and each trend, before a report is rendered: a pattern whose
audit fails is refused then, and nothing is written. Once the reports are published, their
files are audited again as a reader would read them (`audit_folders`, also `reactlib audit`)
before the index page is written.

The languages of a batch print the same numbers: the pattern is decided once for all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.count.min_cell import SUPPRESSED
from reactlib.errors import PeriodError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from reactlib.batch.spec import BatchSpec
    from reactlib.count.audit import Audit
    from reactlib.count.suppression import Disclosure

FIGURES_FILE = "figures.json"


def batch_documents(spec: BatchSpec, cases: pd.DataFrame, countries: Sequence[str]) -> list[dict[str, Any]]:
    """The true figures.json of every report and trend of the batch (one language: the counts are the same).

    A report or trend that cannot be counted (a scope or period the data lacks) is left out: it
    fails on its own and publishes nothing.
    """
    from reactlib.count.figures import unsuppressed_document
    from reactlib.count.trends import compute_trend

    documents = []
    for scope in spec.expand_scopes(countries):
        for period in spec.periods:
            try:
                documents.append(unsuppressed_document(cases, scope, period))
            except PeriodError:
                continue
        for first, last in spec.trends:
            try:
                documents.append(compute_trend(cases, scope, first, last).to_dict())
            except PeriodError:
                continue
    return documents


def batch_disclosure(spec: BatchSpec, cases: pd.DataFrame, countries: Sequence[str]) -> Disclosure | None:
    """The batch's suppression pattern; None without min_cell.

    Raises
    ------
    reactlib.errors.ProtectionError
        When its audit finds a count exposed: the batch is refused before anything renders.
    """
    if not spec.min_cell:
        return None
    from reactlib.count.suppression import protect_documents

    return protect_documents(batch_documents(spec, cases, countries), spec.min_cell)


def published_figures(folders: Iterable[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Every figures.json under ``folders`` (searched through), read, in a stable order."""
    found: dict[Path, None] = {}
    for folder in folders:
        folder = Path(folder)
        if folder.is_file() and folder.name == FIGURES_FILE:
            found[folder] = None
        elif folder.is_dir():
            found.update(dict.fromkeys(sorted(folder.rglob(FIGURES_FILE))))
        else:
            raise UsageError(f"{folder}: no such folder")
    documents = []
    for path in found:
        if any(part.startswith(".") for part in path.parts[-4:-1]):
            continue  # a staging or replaced folder left by an interrupted batch: never published
        try:
            documents.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError) as error:
            raise UsageError(f"{path}: cannot be read as figures.json ({error})") from None
    return documents


def audit_folders(folders: Iterable[Path], min_cell: int | None = None, *, exact: bool = True) -> Audit:
    """Audit the publication made of every figures.json under ``folders``, from those files alone.

    ``min_cell`` is the threshold to check against; by default the one the files name (in
    ``disclosure_control``), which must be one threshold for all of them. With ``exact`` False,
    only the audit's verdict may be read (its summary, failures, small counts shown and conflicts:
    `audit_verdict`, fewer linear programs), not each count's interval.
    """
    from reactlib.count.audit import audit_cells, audit_verdict
    from reactlib.count.cells import PublishedCells
    from reactlib.count.linear import InconsistentPublication
    from reactlib.count.relations import publication_relations

    documents = published_figures(folders)
    if not documents:
        raise UsageError("no figures.json found: nothing to audit")
    if min_cell is None:
        named = {
            document["disclosure_control"]["min_cell"] for _, document in documents if "disclosure_control" in document
        }
        if len(named) > 1:
            raise UsageError(
                f"the folders were published with different min_cell ({', '.join(map(str, sorted(named)))}): give --min-cell"
            )
        if not named:
            raise UsageError("the folders were published without min_cell: give --min-cell to audit them against one")
        min_cell = named.pop()
    cells = PublishedCells()
    for path, document in documents:
        try:
            cells.add_document(document)
        except (KeyError, TypeError, ValueError) as error:
            raise UsageError(f"{path}: not a reactlib figures.json ({error})") from None
    if cells.conflicts:
        raise UsageError(
            _not_one_publication(f"{len(cells.conflicts)} counts are printed with two values", cells.conflicts)
        )
    try:
        return audit_cells(cells, min_cell) if exact else audit_verdict(cells, min_cell, publication_relations(cells))
    except InconsistentPublication as error:
        raise UsageError(_not_one_publication(str(error), [])) from None


def _not_one_publication(what: str, examples: list[str]) -> str:
    """Why folders that print one count two ways (two versions of the data) cannot be audited together."""
    lines = [f"the folders are not one publication: {what}"] + [f"  {example}" for example in examples[:5]]
    if len(examples) > 5:
        lines.append(f"  … and {len(examples) - 5} more")
    lines.append("audit the renders of one version of the data together, each version on its own")
    return "\n".join(lines)


def audit_lines(audit: Audit) -> list[str]:
    """What `reactlib audit` prints: each suppressed count's proven interval, failures marked, then the summary."""
    lines = []
    for key, interval in sorted(audit.intervals.items()):
        flag = "  EXPOSED" if audit.at_risk(key) and interval.width < audit.min_cell else ""
        lines.append(f"{key.describe()}: {SUPPRESSED}, proven {interval}{flag}")
    lines += [f"{key.describe()}: shown, below min_cell  EXPOSED" for key in audit.shown_small]
    lines += [f"{conflict}  EXPOSED" for conflict in audit.conflicts]
    lines.append(audit.summary().line())
    return lines
