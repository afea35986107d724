"""Handing a kernel the data its notebook would otherwise compute: the protocol, for every kind of report.

A render has loaded and validated the cases and computed a report's data in its own process
(`reactlib.render.plan`). Run silently in the kernel before the notebook, the code of
`handover_code` keeps that data there; the notebook's prepare function (e.g.
`reactlib.report.data.prepare_report`) then takes it with `take_handed_over`, instead of
loading, validating and counting again, but only when its arguments and the files they name are
exactly those the data was computed from, and only once.

Examples
--------
>>> exec(handover_code({"cases": 3}, {"data": "", "column_map": "", "scope": "Georgia"}, ("data", "column_map", "scope")))
>>> take_handed_over(inputs_key(("", "", "Georgia")))
{'cases': 3}
>>> take_handed_over(inputs_key(("", "", "Georgia"))) is None  # once
True
"""

from __future__ import annotations

import base64
import datetime as dt
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reactlib.sample.location import data_file_or_sample

FileState = tuple[str, int, int] | None  # path, size, modification time (ns)

#: Data handed over for this kernel's next notebook, under the key of its inputs.
_handed_over: dict[tuple, Any] = {}


def file_state(path: Path | str | None) -> FileState:
    """A file's path, size and modification time: what tells that it is unchanged; None for no file."""
    if path is None:
        return None
    stat = Path(path).stat()
    return (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


def inputs_key(arguments: Sequence[Any]) -> tuple:
    """``arguments`` (the data file and column map first), the state of those files, and the day.

    The day counts because validation refuses dates in the future.
    """
    data, column_map = str(arguments[0]), str(arguments[1])
    map_path = Path(column_map) if column_map else None
    files = (file_state(data_file_or_sample(data)), file_state(map_path))
    return (*arguments, files, dt.date.today())


def handover_code(handed: Any, parameters: Mapping[str, Any], arguments: Sequence[str]) -> str:
    """Code that, run in a kernel, keeps ``handed`` for a notebook run with ``parameters``.

    ``arguments`` name the parameters the notebook's prepare function takes, in its order
    (the data file and the column map first): their values are the key it takes ``handed`` by.
    """
    key = inputs_key(tuple(parameters[name] for name in arguments))
    payload = base64.b64encode(pickle.dumps((key, handed))).decode("ascii")
    return f"__import__('reactlib.report.handover', fromlist=['receive']).receive({payload!r})\n"


def receive(payload: str) -> None:
    """Keep the data `handover_code` sent, in place of any not taken before."""
    key, handed = pickle.loads(base64.b64decode(payload))  # our own process's bytes, never a file's
    _handed_over.clear()
    _handed_over[key] = handed


def take_handed_over(key: tuple) -> Any:
    """What was handed over for ``key``, once; None when nothing was, or it was for other inputs."""
    return _handed_over.pop(key, None)
