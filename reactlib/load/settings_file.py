"""Reading settings files (column maps, batch definitions) as YAML without YAML's traps.

PyYAML follows YAML 1.1, where ``NO`` (Norway) is false, ``001`` is the number 1 and
``2023-01-01`` a date. Settings here are read the YAML 1.2 way: only ``true``/``false`` are
booleans, numbers with a leading zero stay text, dates stay text. Object tags are refused.

A settings file is input from anyone, so reading it is bounded: aliases may not expand the
document past `MAX_NODES` values or as many as it writes out (a "billion laughs" file is refused,
not expanded), nesting stops at `MAX_DEPTH`, an alias may not point into its own anchor, a key
may not repeat in a mapping (YAML would silently keep the last), and every message is cut to
`MAX_LINE_CHARS` a line.

>>> import io
>>> yaml.load(io.StringIO("country: NO\\ncode: 001\\nopen: yes\\non: true"), Loader=SettingsLoader)
{'country': 'NO', 'code': '001', 'open': 'yes', 'on': True}
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from reactlib.errors import SettingsError

#: How many values (scalars, lists, mappings) a settings document may stand for once its aliases
#: are expanded, unless it writes more out. Real settings hold a few hundred; a bomb, billions.
MAX_NODES = 10_000
#: How deep lists and mappings may nest (deeper ones would exhaust Python's recursion first).
MAX_DEPTH = 50

_MERGE_TAG = "tag:yaml.org,2002:merge"


_QUOTE = reprlib.Repr()
_QUOTE.maxstring = 60
_QUOTE.maxother = 60
_QUOTE.maxlist = _QUOTE.maxtuple = _QUOTE.maxdict = _QUOTE.maxset = 4
_QUOTE.maxlevel = 2


def quote(value: Any) -> str:
    """A short ``repr`` of a settings value for a message, however large the value.

    >>> quote("NO")
    "'NO'"
    >>> quote([["lol"] * 9] * 9)
    "[['lol', 'lol', 'lol', 'lol', ...], ['lol', 'lol', 'lol', 'lol', ...], ...]"
    """
    return _QUOTE.repr(value)


class SettingsLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` with YAML 1.2 booleans and integers, no implicit dates, and bounds.

    The bounds are checked while the document is composed, before any value is built: each
    node's size counts the nodes its aliases stand for, so a bomb is refused at the line where
    it grows past `MAX_NODES`, having cost a few thousand small objects.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) → values it stands for; absent while composing
        self._written = 0  # nodes composed so far, aliases not counted
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Compose a node as PyYAML does, refusing recursive aliases, depth and size past bounds."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            if node is None or id(node) not in self._sizes:
                raise yaml.composer.ComposerError(
                    None, None, f"the alias *{event.anchor[:40]} refers to a value that contains it",
                    event.start_mark,
                )  # fmt: skip
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"lists and mappings nest more than {MAX_DEPTH} deep", self.peek_event().start_mark
            )
        node = super().compose_node(parent, index)
        if node is None:  # PyYAML composes None only at the end of a stream, never inside one
            raise yaml.composer.ComposerError(None, None, "a value is missing", self.peek_event().start_mark)
        self._depth -= 1
        self._written += 1
        size = 1 + sum(self._sizes[id(child)] for child in _children(node))
        # Only aliases make a value larger than what is written: bound their expansion, and a
        # plain file's work stays in proportion to its length.
        if size > max(MAX_NODES, self._written):
            raise yaml.composer.ComposerError(
                None, None,
                f"aliases expand this value to {size} values, more than {MAX_NODES}; "
                "settings need far fewer",
                node.start_mark,
            )  # fmt: skip
        self._sizes[id(node)] = size
        return node

    # types-PyYAML declares ``anchor`` a dict; PyYAML passes the anchor's name (or None).
    def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:  # type: ignore[override]
        """Compose a mapping as PyYAML does, refusing a key written twice.

        Checked on the mapping as written, before merge keys (``<<``) are applied: a merged key
        that the mapping sets again is an override, as YAML means it, not a repetition.
        """
        node = super().compose_mapping_node(anchor)  # type: ignore[arg-type]
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue  # a list or mapping as key is refused when the value is built
            key = self._key_value(key_node)
            if key in first_line:
                raise yaml.composer.ComposerError(
                    None, None,
                    f"the key {quote(key_node.value)} appears twice in one mapping, "
                    f"first on line {first_line[key]}; keep one",
                    key_node.start_mark,
                )  # fmt: skip
            first_line[key] = key_node.start_mark.line + 1
        return node

    def _key_value(self, key_node: yaml.ScalarNode) -> Hashable:
        """The value a scalar key becomes (``1`` and ``true`` are one key in Python too)."""
        construct = self.yaml_constructors.get(key_node.tag)
        try:
            key = construct(self, key_node) if construct else key_node.value
        except (yaml.YAMLError, ValueError):
            key = key_node.value  # refused with its own message when the value is built
        return key if isinstance(key, Hashable) else (key_node.tag, key_node.value)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


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
        return yaml.load(text, Loader=SettingsLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise SettingsError(f"{path}{where}: not valid settings YAML ({problem})") from None
