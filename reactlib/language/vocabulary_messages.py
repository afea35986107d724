"""A Babel extraction method for the category labels of `reactlib.contract.categories`.

The contract writes its labels as plain ``(code, label)`` pairs (it imports nothing that could
mark them), so ``pybabel extract`` reads them here from the source: every label of every
``Vocabulary("name", ((code, label), ...))`` becomes the message ``label`` with the context
``name`` (`reactlib.language.category_labels`). The mapping file names this method for that one file.

Examples
--------
>>> import io
>>> source = b'G = Vocabulary("gender", (("female", "Female"), ("male", "Male")))'
>>> [message for _, _, message, _ in extract_vocabularies(io.BytesIO(source), [], [], {})]
[('gender', 'Female'), ('gender', 'Male')]
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def extract_vocabularies(
    fileobj: IO[bytes], keywords: Any, comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel's extraction-method interface: ``(line, "pgettext", (context, label), comments)``."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Vocabulary"):
            continue
        name, items = node.args[0], node.args[1]
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str) and isinstance(items, ast.Tuple)):
            continue
        for item in items.elts:
            if not (isinstance(item, ast.Tuple) and len(item.elts) == 2):
                continue
            code, label = (element.value if isinstance(element, ast.Constant) else None for element in item.elts)
            if isinstance(label, str):
                comment = f"category label ({name.value}: {code!s})"
                yield item.elts[1].lineno, "pgettext", (name.value, label), [comment]
