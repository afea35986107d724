"""The table `reactlib batch` prints at its end: report, status, seconds; then the counts and the failures."""

from __future__ import annotations

from reactlib.batch.outcomes import STATUSES, BatchResult
from reactlib.terminal import shown


def summary_table(result: BatchResult) -> str:
    """The closing table: report, status, seconds."""
    rows = [(shown(o.job.name), o.status, f"{o.seconds:.1f}") for o in result.outcomes]
    width = max([len("report"), *(len(r[0]) for r in rows)])
    lines = [f"{'report':<{width}}  {'status':<9}  seconds", "-" * (width + 20)]
    lines += [f"{name:<{width}}  {status:<9}  {seconds:>7}" for name, status, seconds in rows]
    counts = {s: sum(o.status == s for o in result.outcomes) for s in STATUSES}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    for outcome in result.failed:
        lines.append(f"failed: {shown(outcome.job.name)}: {shown(outcome.message)}")
    return "\n".join(lines)
