"""A batch's logs: one file per report in ``OUT/logs``, its status, time and error (no data values).

Logs are written only inside the output folder: a ``logs`` folder that leads out of it (a link)
is refused before anything runs. A log that cannot be written (a full disk) does not stop the
batch: it says so at the end, beside the summary.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from reactlib.batch.outcomes import Outcome
from reactlib.errors import OutputError
from reactlib.render.output import inside_out, write_atomically
from reactlib.render.publish import language_folder
from reactlib.terminal import shown

LOG_DIR = "logs"


def open_logs(out: Path) -> Path:
    """The logs folder of ``out``, created if it can be; refused when it leads out of ``out``."""
    logs = out / LOG_DIR
    if not inside_out(out, logs):
        raise OutputError(f"{logs} leads out of the output folder (a link); remove it, or give another --out")
    with contextlib.suppress(OSError):  # a full disk: the logs are not written, and the end says so
        logs.mkdir(exist_ok=True)
    return logs


def log_name(outcome: Outcome) -> str:
    """``georgia_2023-H1.log``; a report not in English alone has its language in its name, as in its folder's."""
    job = outcome.job
    language = language_folder(job.language, job.request.batch_languages)
    return f"{job.folder}_{job.period.replace('..', '_to_')}{f'_{language}' if language else ''}.log"


def write_log(out: Path, outcome: Outcome) -> None:
    """Write the report's log file: its status, time and error (no data values)."""
    lines = [f"report: {shown(outcome.job.name)}", f"status: {outcome.status}", f"seconds: {outcome.seconds:.1f}"]
    if outcome.message:
        lines.append(f"error: {shown(outcome.message)}")
    write_atomically(out / LOG_DIR / log_name(outcome), "\n".join(lines) + "\n")
