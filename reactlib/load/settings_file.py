"""Reading settings files (column maps, batch definitions) as YAML without YAML's traps.

PyYAML follows YAML 1.1, where ``NO`` (Norway) is false, ``001`` is the number 1 and
``2023-01-01`` a date. Settings here are read the YAML 1.2 way: only ``true``/``false`` are
booleans, numbers with a leading zero stay text, dates stay text. Object tags are refused.

>>> import io
>>> yaml.load(io.StringIO("country: NO\\ncode: 001\\nopen: yes\\non: true"), Loader=SettingsLoader)
{'country': 'NO', 'code': '001', 'open': 'yes', 'on': True}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class SettingsError(ValueError):
    """A settings file that cannot be read."""


class SettingsLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` with YAML 1.2 booleans and integers, and no implicit dates."""


SettingsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in {
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp",
    }]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}  # fmt: skip
SettingsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
SettingsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
)


def load_yaml(path: Path) -> Any:
    """Read a settings file; raise `SettingsError` with the file and line for bad YAML."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read ({error})") from None
    try:
        return yaml.load(text, Loader=SettingsLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise SettingsError(f"{path}{where}: not valid settings YAML ({problem})") from None
