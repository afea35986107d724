"""docs/glossary.md, the reviewer's table of key terms, agrees with the catalogs the reports use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reactlib.language.category_labels import VOCABULARIES, label_in
from reactlib.language.messages import text_in

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"
CELL = re.compile(r"(?<!\\)\|")


def tables() -> dict[str, list[list[str]]]:
    """Rows of each section's table, by the vocabulary named in its heading (or ``words``)."""
    found: dict[str, list[list[str]]] = {}
    section = ""
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            match = re.search(r"\(`(\w+)`\)", line)
            section = match[1] if match else "words"
        elif line.startswith("| ") and not line.startswith(("| code |", "| English |")):
            cells = [cell.strip().replace("\\|", "|") for cell in CELL.split(line)[1:-1]]
            found.setdefault(section, []).append(cells)
    return found


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda vocabulary: vocabulary.name)
def test_every_label_is_in_the_glossary_as_the_reports_print_it(vocabulary):
    rows = {row[0].strip("`"): row[1:4] for row in tables()[vocabulary.name]}
    assert list(rows) == list(vocabulary.codes)
    for code, (english, russian, ukrainian) in rows.items():
        assert english == vocabulary.label(code)
        assert (russian, ukrainian) == (label_in(vocabulary, code, "ru"), label_in(vocabulary, code, "uk"))


def test_report_words_are_the_catalogs():
    words = tables()["words"]
    assert len(words) >= 10
    for english, russian, ukrainian, _note in words:
        assert (russian, ukrainian) == (text_in(english, "ru"), text_in(english, "uk"))
