"""reactlib: reproducible REAct case reports.

The public surface: `load_cases` reads and validates a case file; `compute_figures` counts every
figure of one report; `sample_data_path` is the bundled synthetic sample.
"""

from reactlib._sample import sample_data_path
from reactlib.figures import ReportFigures, compute_figures
from reactlib.loading import load_cases
from reactlib.periods import Period, parse_period
from reactlib.problems import InvalidDataError, Problem

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
__version__ = "0.1.0"
