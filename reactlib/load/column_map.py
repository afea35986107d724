"""Column maps: a YAML mapping of an export's headers to the contract's column names.

A real export names its columns its own way (``Case number``, ``Key groups``); a column map,
read here, says which header is which contract column::

    Case number: case_id
    Client code: client_id
"""

from __future__ import annotations

from pathlib import Path

from reactlib.load.settings_file import SettingsError, load_yaml


def load_column_map(path: str | Path | None) -> dict[str, str] | None:
    """Read a column map; ``None`` or an empty path means none.

    Raises
    ------
    SettingsError
        When the file is not YAML, or not a mapping of text to text.
    """
    if path is None or not str(path):
        return None
    mapping = load_yaml(Path(path))
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise SettingsError(f"{path}: a column map is a mapping of file header to column name, as text")
    return mapping
