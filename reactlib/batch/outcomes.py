"""What became of a batch's reports: one `Outcome` each, and the `BatchResult` of the whole run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reactlib.batch.plan import Job
    from reactlib.count.audit import AuditSummary

#: The statuses of a report, in the order the summary counts them.
STATUSES = ("rendered", "unchanged", "failed")


@dataclass
class Outcome:
    """What became of one report."""

    job: Job
    status: str  # one of `STATUSES`
    seconds: float = 0.0
    message: str = ""
    directory: Path | None = None
    #: A failure's whole error, when ``message`` leaves out what may quote the data: never logged,
    #: printed on the batch's terminal with REACTLIB_DEBUG=1 (`reactlib.cli`).
    detail: str = ""


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    index: Path | None = None
    problems: list[str] = field(default_factory=list)  # what the batch could not write, besides reports
    #: With min_cell: what the audit of the published reports found (before the index page).
    audit: AuditSummary | None = None

    def note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


#: Told of each report's outcome as it comes: the outcome, how many are done, how many in all.
Progress = Callable[[Outcome, int, int], None]
