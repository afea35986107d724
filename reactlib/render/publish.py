"""Where a report's files go, and putting them there all at once.

A report lives in ``OUT/<scope-slug>/<period-slug>/``. Its files are written into a staging
directory beside that folder and renamed into place only when every file is complete, so a
reader never sees half a report and a failed render leaves the previous report as it was.

>>> scope_slug("Tajikistan"), scope_slug("Côte d'Ivoire"), scope_slug("all")
('tajikistan', 'cote-d-ivoire', 'all')
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from pathlib import Path

from reactlib.render.execute import RenderError
from reactlib.count.periods import ALL_COUNTRIES, Period

DIRECTORY_MODE = 0o755
STAGING_MARK = ".staging-"
PREVIOUS_MARK = ".previous-"


class PublishError(RenderError):
    """A report folder that cannot be made or written."""


def scope_slug(scope: str) -> str:
    """A folder name for a scope: lower-case ASCII letters and digits joined by ``-``."""
    if scope == ALL_COUNTRIES:
        return ALL_COUNTRIES
    ascii_text = unicodedata.normalize("NFKD", scope).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        raise PublishError(f"scope {scope!r} has no letters or digits to name its report folder")
    return slug


def report_dir(out: Path, scope: str, period: Period) -> Path:
    """``out/<scope-slug>/<period-slug>``, checked to lie inside ``out``."""
    target = Path(out) / scope_slug(scope) / period.slug
    if not target.resolve().is_relative_to(Path(out).resolve()):
        raise PublishError(f"the report folder for {scope!r} {period.name!r} would lie outside {out}")
    return target


def create_staging(target: Path) -> Path:
    """An empty staging folder beside ``target``, for a report's files to be written into."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
    except OSError as error:
        raise PublishError(f"cannot create a folder in {target.parent}: {error.strerror}") from None


def publish_staging(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in ``target``'s place in one rename."""
    os.chmod(staging, DIRECTORY_MODE)  # mkdtemp makes it private; a report is for sharing
    _replace(staging, target)


def discard_staging(staging: Path) -> None:
    """Remove a staging folder that was not published (nothing when it was)."""
    shutil.rmtree(staging, ignore_errors=True)


def _replace(staging: Path, target: Path) -> None:
    previous = target.with_name(f".{target.name}{PREVIOUS_MARK}{uuid.uuid4().hex}")
    had_previous = target.exists()
    if had_previous:
        os.rename(target, previous)
    try:
        os.rename(staging, target)
    except OSError as error:
        if had_previous:
            os.rename(previous, target)
        raise PublishError(f"cannot move the report into {target}: {error.strerror}") from None
    if had_previous:
        shutil.rmtree(previous, ignore_errors=True)
