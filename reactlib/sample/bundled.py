"""Where the bundled sample data lives."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_data_path() -> Path:
    """The bundled synthetic sample: six countries, 2022–2024 (see `reactlib.sample.synth`)."""
    return Path(str(files("reactlib") / "data" / "sample_cases.csv"))
