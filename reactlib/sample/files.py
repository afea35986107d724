"""Writing a synthetic case table to a file in the format its name says: CSV, XLSX or Parquet.

Examples
--------
>>> import tempfile
>>> from reactlib.sample.bundled import generate_sample
>>> with tempfile.TemporaryDirectory() as folder:
...     write_table(generate_sample().head(3), Path(folder) / "cases.json")
Traceback (most recent call last):
...
reactlib.errors.UsageError: --out: a case file is written as .csv, .xlsx or .parquet, not '.json'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reactlib.errors import UsageError

#: The formats a case table is written in, by the file name's suffix.
SUFFIXES = (".csv", ".xlsx", ".parquet")
#: The sheet an XLSX case file's cases are on (the name `reactlib.load` prefers on a tie).
SHEET = "cases"
#: The most rows of a worksheet, its header included (Excel's limit).
MAX_SHEET_ROWS = 1_048_576


def check_suffix(path: Path, rows: int | None = None) -> str:
    """The format of ``path`` by its suffix; `UsageError` for another suffix, or too many rows for a sheet."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"--out: a case file is written as {', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}, not {suffix!r}"
        )
    if suffix == ".xlsx" and rows is not None and rows + 1 > MAX_SHEET_ROWS:
        raise UsageError(f"--out: a worksheet holds at most {MAX_SHEET_ROWS - 1:,} cases; write .csv or .parquet")
    return suffix


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` (every cell text) to ``path``: UTF-8 CSV, an XLSX workbook (sheet ``cases``) or Parquet."""
    suffix = check_suffix(path, len(frame))
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(path, sheet_name=SHEET, index=False, engine="openpyxl")
    else:
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path
