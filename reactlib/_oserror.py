"""Short, plain messages for the errors the system gives about files and folders."""

from __future__ import annotations

import os
from pathlib import Path


def describe(error: OSError) -> str:
    """``error`` as "path: reason", without the errno noise, e.g. "out/x: Permission denied".

    A file where a folder is needed is named: the system's words for it ("File exists", "Not a
    directory") do not say which part of the path is wrong.
    """
    reason = error.strerror or type(error).__name__
    if error.filename is None:
        return reason
    path = Path(os.fsdecode(error.filename))
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    return f"{path}: {reason}"
