"""Text from the data made safe to print: control characters shown, never obeyed.

A country name is whatever the data file holds, and a terminal obeys what it prints: an escape
sequence (``\\x1b[31m``) recolours or rewrites the screen, ``\\r`` overwrites the line, ``\\x07``
rings the bell. Every character that is not printable is therefore written as a Python string
literal writes it:

>>> shown("Tajikistan\\x1b[31m\\r")
'Tajikistan\\\\x1b[31m\\\\r'
>>> shown("Таджикистан"), shown("საქართველო")
('Таджикистан', 'საქართველო')
"""

from __future__ import annotations


def shown(text: str) -> str:
    """``text`` with every non-printable character escaped (``\\x1b``, ``\\r``, ``\\u202e``, ``\\n``)."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in str(text))


def shown_lines(text: str) -> str:
    """A message of several lines: each line `shown`, the line breaks kept."""
    return "\n".join(shown(line) for line in str(text).split("\n"))
