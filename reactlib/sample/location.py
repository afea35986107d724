"""Where the bundled sample lives, and the one rule that no data file means the sample.

Light on imports on purpose: every command, the notebook and a batch's workers ask where the data
is, and none of them should pay for importing the sample's generator to learn it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_data_path() -> Path:
    """The bundled synthetic sample: six countries, 2022–2024 (see `reactlib.sample.bundled.generate_sample`)."""
    return Path(str(files("reactlib") / "data" / "sample_cases.csv"))


def data_file_or_sample(data: str | Path | None) -> Path:
    """The case file ``data`` names; none (``None`` or empty) means the bundled sample.

    Every command, the notebook and the batch read the data through this, so that "no data
    file" means the same everywhere.

    >>> data_file_or_sample("cases.csv"), data_file_or_sample("") == sample_data_path()
    (PosixPath('cases.csv'), True)
    """
    return Path(data) if data is not None and str(data) else sample_data_path()
