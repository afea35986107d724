"""How to read a case file where its contents do not say: one object from the options, batch keys and notebook parameters.

Light on imports on purpose: requests and batch files carry it, and an unchanged batch decides
that nothing needs rendering without loading pandas.

Examples
--------
>>> options = ReadOptions.from_parameters({"encoding": "", "sheet": "Случаи", "header_row": 3, "date_format": ""})
>>> options
ReadOptions(encoding=None, sheet='Случаи', header_row=3, date_format=None)
>>> options.parameters()
{'encoding': '', 'sheet': 'Случаи', 'header_row': 3, 'date_format': ''}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

#: The report parameters (and options, and batch keys) that say how to read the data file.
READ_PARAMETERS = ("encoding", "sheet", "header_row", "date_format")


@dataclass(frozen=True)
class ReadOptions:
    """How to read a case file; each None (or "", or 0) is found from the file itself.

    ``encoding`` of a CSV file; the ``sheet`` of a workbook; the spreadsheet row of the header
    (``header_row``, from 1); the ``date_format`` of its dates (e.g. ``DD.MM.YYYY``, see
    `reactlib.load.dates.DATE_FORMATS`).
    """

    encoding: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    date_format: str | None = None

    def __post_init__(self) -> None:
        for name in READ_PARAMETERS:  # "" and 0, as parameters write "not given", are None
            if not getattr(self, name):
                object.__setattr__(self, name, None)

    @classmethod
    def from_parameters(cls, values: Mapping[str, Any]) -> ReadOptions:
        """The options of report parameters (or command-line options, or batch keys) by name."""
        return cls(**{name: values.get(name) for name in READ_PARAMETERS})

    def parameters(self) -> dict[str, Any]:
        """The options as the notebook's parameters take them: "" and 0 for None."""
        return {name: value if value is not None else _EMPTY[name] for name, value in asdict(self).items()}

    def keywords(self) -> dict[str, Any]:
        """The options as `reactlib.load.cases.load_cases` takes them."""
        return asdict(self)


_EMPTY: dict[str, Any] = {"encoding": "", "sheet": "", "header_row": 0, "date_format": ""}
