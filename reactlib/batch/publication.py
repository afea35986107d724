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

import contextlib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reactlib.count.min_cell import SUPPRESSED
from reactlib.errors import PeriodError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from reactlib.batch.spec import BatchSpec
    from reactlib.count.audit import Audit
    from reactlib.count.cells import CellKey
    from reactlib.count.suppression import Disclosure

FIGURES_FILE = "figures.json"
#: The pattern a batch decided, in its output folder (`PatternMemory`).
PATTERN_FILE = ".pattern.json"


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


def batch_disclosure(
    spec: BatchSpec, cases: pd.DataFrame, countries: Sequence[str], memory: PatternMemory | None = None
) -> Disclosure | None:
    """The batch's suppression pattern; None without min_cell.

    With ``memory``, the pattern an earlier batch into the same folder decided from the same
    inputs is audited instead of decided again (`PatternMemory`); whenever a pattern is decided
    instead, the kept one is removed (the batch keeps the new one once it is published).

    Raises
    ------
    reactlib.errors.ProtectionError
        When its audit finds a count exposed: the batch is refused before anything renders.
    """
    if not spec.min_cell:
        return None
    from reactlib.count.suppression import protect_documents

    documents = batch_documents(spec, cases, countries)
    if memory is None:
        return protect_documents(documents, spec.min_cell)
    recalled = memory.recall()
    disclosure = protect_documents(documents, spec.min_cell, recalled)
    if disclosure.suppressed != recalled:
        memory.forget()
    return disclosure


@dataclass(frozen=True)
class PatternMemory:
    """The suppression pattern a batch decided, kept in its output folder (`PATTERN_FILE`) for the next run.

    A batch run again on the same data (its notebook, settings or languages edited, or nothing
    changed at all) would decide the same pattern again: most of a min_cell batch's start, spent
    before any report renders. The pattern is kept with ``key``, a digest of everything it is
    decided from (`pattern_key`); a later batch whose key is the same takes it, audited again as
    every pattern is (`protect_documents`). The file names which counts of the publication are
    hidden. The batch writes it only once its reports are published and their audit passed, and
    only if its published files show every one of those counts hidden; else it removes the file,
    as a batch without min_cell does. It holds no count: its key is made of the inputs' digests
    (which the reports' provenance publishes), never of the counts, which a digest of the figures
    would let a reader try out.
    """

    folder: Path
    key: str

    def recall(self) -> frozenset[CellKey] | None:
        """The pattern kept with this key, or None (none kept, another key, a file that cannot be read)."""
        from reactlib.count.cells import CellKey

        try:
            kept = json.loads((self.folder / PATTERN_FILE).read_text(encoding="utf-8"))
            if kept["key"] != self.key:
                return None
            return frozenset(CellKey(*map(str, cell)) for cell in kept["suppressed"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def forget(self) -> None:
        """Remove the pattern kept in the folder (`forget_pattern`)."""
        forget_pattern(self.folder)

    def remember(self, pattern: frozenset[CellKey]) -> None:
        """Only a shortcut for the next run: not written (a full disk), the next run decides it again."""
        from reactlib.render.output import write_atomically

        if self.recall() == pattern:
            return  # kept already: a rerun on the same inputs writes nothing
        text = json.dumps({"key": self.key, "suppressed": sorted(pattern)}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            write_atomically(self.folder / PATTERN_FILE, text)


def forget_pattern(folder: Path) -> None:
    """Remove the pattern kept in ``folder``, if any: its reports are being replaced by others."""
    with contextlib.suppress(OSError):
        (folder / PATTERN_FILE).unlink()


def pattern_key(spec: BatchSpec, digests: Sequence[str | None]) -> str:
    """A digest of everything a batch's pattern is decided from (`PatternMemory`'s key).

    The data and column map files (``digests``, `reactlib.batch.incremental.input_digests`), how
    they are read, the scopes, periods, trends and min_cell, reactlib (its source), what reads
    the files (pandas, pyarrow, openpyxl) and the solver (scipy's HiGHS, and numpy).
    """
    from importlib.metadata import version

    from reactlib.batch.incremental import package_digest

    inputs = {
        "files": list(digests[:2]),
        "reading": spec.reading.parameters(),
        "scopes": list(spec.scopes),
        "periods": [period.name for period in spec.periods],
        "trends": [list(trend) for trend in spec.trends],
        "min_cell": spec.min_cell,
        "package": package_digest(),
        "libraries": [version(name) for name in ("pandas", "pyarrow", "openpyxl", "scipy", "numpy")],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


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
