"""Skipping reports whose inputs have not changed.

A report's fingerprint is the SHA-256 of everything that can change its files: the data file's
content, the column map's content, the report's own parameters (scope, period, formats,
min_cell, contact line, notes), the notebook, and the package (its version and source). It is
published inside the report's folder together with the report's files (one rename), so an
interrupted render never leaves a fingerprint that claims a complete report.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from reactlib.render.request import FINGERPRINT_FILE


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
