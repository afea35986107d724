"""reactlib: reproducible REAct case reports.

The public surface: `load_cases` reads and validates a case file; `compute_figures` counts every
figure of one report; `sample_data_path` is the bundled synthetic sample.

Names are imported on first use, so that a command which needs none of them (an unchanged
batch, ``--help``) starts without loading pandera and the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "InvalidDataError": "reactlib.errors",
    "Problem": "reactlib.errors",
    "Period": "reactlib.count.periods",
    "parse_period": "reactlib.count.periods",
    "ReportFigures": "reactlib.count.figures",
    "compute_figures": "reactlib.count.figures",
    "load_cases": "reactlib.load.cases",
    "sample_data_path": "reactlib.sample.location",
}

__all__ = [
    "InvalidDataError",
    "Period",
    "Problem",
    "ReportFigures",
    "compute_figures",
    "load_cases",
    "parse_period",
    "sample_data_path",
]

if TYPE_CHECKING:
    from reactlib.count.figures import ReportFigures, compute_figures
    from reactlib.count.periods import Period, parse_period
    from reactlib.errors import InvalidDataError, Problem
    from reactlib.load.cases import load_cases
    from reactlib.sample.location import sample_data_path


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'reactlib' has no attribute {name!r}")
