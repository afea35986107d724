"""A report notebook's texts as gettext messages: extracted for the catalogs, translated at render.

A notebook's fixed texts are its markdown cells and the ``_()`` calls of its code cells. The
markdown cells stay English in the notebook, where the analyst reads and edits them; each
paragraph (text between blank lines) is one message, so that a translator works on a sentence
or two at a time and a changed paragraph leaves the cell's other translations as they are. A
heading's ``#`` marks are not part of its message (`paragraphs`): the translation keeps the
heading's level whatever the translator writes. Cells tagged ``remove-cell`` are the analyst's
own notes and never reach a report, so they are neither extracted nor translated.

`extract_notebook` is a Babel extraction method (``i18n/notebooks.cfg`` names it; ``make messages``
runs it); `translate_markdown` is the render step that writes a notebook's markdown cells in a
report's language before the notebook runs.

Examples
--------
>>> [text for _, text in paragraphs("## People living with HIV\\n\\n**Note:**\\n\\nOne.\\nTwo.")]
['People living with HIV', '**Note:**', 'One.\\nTwo.']
>>> translate_source("## Sex worker\\n\\nText.", {"Sex worker": "Секс-работник"}.get)
'## Секс-работник\\n\\nText.'
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import IO, Any

#: Cells with this tag are not part of the report: not extracted, not translated.
HIDDEN_TAG = "remove-cell"
#: A paragraph ends at a blank line (spaces allowed on it).
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: A markdown heading's marks: kept out of its message, put back in front of its translation.
_HEADING = re.compile(r"(#{1,6}[ \t]+)(.*)", re.DOTALL)

#: Babel's extraction result: line (here the cell's number), function, message(s), comments.
Extracted = tuple[int, str | None, Any, list[str]]


def paragraphs(source: str) -> Iterator[tuple[str, str]]:
    """Each paragraph of a markdown cell as ``(prefix, message)``: its heading marks and its text.

    Blank-line-separated paragraphs, stripped; a heading's ``## `` is the prefix, the rest
    the message. Empty paragraphs are left out.
    """
    for part in _BLANK_LINE.split(source):
        text = part.strip()
        if not text:
            continue
        heading = _HEADING.fullmatch(text)
        yield (heading[1], heading[2].strip()) if heading else ("", text)


def translate_source(source: str, gettext: Callable[[str], str | None]) -> str:
    """A markdown cell's ``source`` with each paragraph replaced by its translation.

    ``gettext`` gives a paragraph's translation, or the paragraph itself (or ``None``) when there
    is none. Paragraphs are joined again by one blank line; a heading keeps its marks.
    """
    parts = []
    for prefix, message in paragraphs(source):
        parts.append(prefix + (gettext(message) or message))
    return "\n\n".join(parts)


def _is_shown(cell: Mapping[str, Any]) -> bool:
    return HIDDEN_TAG not in cell.get("metadata", {}).get("tags", [])


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def translate_markdown(notebook: Any, gettext: Callable[[str], str]) -> None:
    """Translate, in place, every shown markdown cell of ``notebook`` (an nbformat notebook).

    Code cells are left as they are: their texts are translated as they run, by the ``_`` that
    ``use_language`` returns.
    """
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and _is_shown(cell):
            cell.source = translate_source(_source(cell), gettext)


def extract_notebook(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel extraction method for ``.ipynb`` files: markdown paragraphs and code's ``_()`` calls.

    Parameters
    ----------
    fileobj, keywords, comment_tags, options
        As Babel passes them to every extraction method; ``keywords`` and ``comment_tags`` are
        handed on to Babel's own Python extractor for each code cell.

    Yields
    ------
    tuple
        ``(lineno, funcname, message, comments)``; ``lineno`` is the cell's number (from 1), so a
        catalog's reference ``country_report.ipynb:12`` names the cell that holds the text.

    Examples
    --------
    >>> import io, json
    >>> cells = [{"cell_type": "markdown", "metadata": {}, "source": ["## Data quality"]},
    ...          {"cell_type": "code", "metadata": {}, "source": ["_('Clients')"]}]
    >>> notebook = io.BytesIO(json.dumps({"cells": cells}).encode())
    >>> [message for _, _, message, _ in extract_notebook(notebook, {"_": None}, [], {})]
    ['Data quality', 'Clients']
    """
    from babel.messages.extract import extract_python

    notebook = json.load(fileobj)
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if not _is_shown(cell):
            continue
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            for prefix, message in paragraphs(source):
                note = ["A markdown heading: translate its words only."] if prefix else []
                yield number, None, message, note
        elif cell.get("cell_type") == "code":
            code = io.BytesIO(source.encode("utf-8"))
            # Babel's own annotation of its results is looser than what extract_python yields.
            found: Iterator[Extracted] = extract_python(code, keywords, comment_tags, {"encoding": "utf-8"})  # type: ignore[assignment]
            for _, funcname, messages, comments in found:
                yield number, funcname, messages, comments
