"""What a report notebook says in its own words, with the values that vary filled in escaped.

The fixed texts of a report are the notebook's markdown cells. What varies (counts, the country,
the contact line, the title) is filled into the notebook's sentences by `phrase`, which escapes
every value: a country called ``<script>`` prints as text and never becomes markup. The HTML
around a sentence is the report's template's (`reactlib.report.markup`); the notebook shows it
through `reactlib.report.blocks`.

Numbers are written in the language a helper is given (``language=``, the notebook's parameter):
a count of 1234 is ``1234`` in English and ``1 234`` in Russian. A notebook's sentences are
translated with ``_`` (`reactlib.report.language.use_language`) and filled in with `phrase`.

Examples
--------
>>> phrase("Registered {n} cases in {country}.", n=1234, country="<b>X</b>", language="ru")
Markup('Registered 1\\xa0234 cases in &lt;b&gt;X&lt;/b&gt;.')
>>> contact_line("Write to a@b.org")
Markup('<p class="contact">Write to <a href="mailto:a@b.org">a@b.org</a></p>')
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.periods import scope_title
from reactlib.count.quality import RowAccounting
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.formats import count_text
from reactlib.language.local_dates import long_date
from reactlib.language.messages import text_in
from reactlib.report import fixed_words
from reactlib.report.markup import part

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RANGE = re.compile(r"\w+–\w+")


def no_values(language: str = DEFAULT_LANGUAGE) -> Markup:
    """Shown in place of a chart that has nothing to draw, in ``language``."""
    return part("empty_chart", text_in(fixed_words.EMPTY_CHART, language))


def local(value: Any, language: str = DEFAULT_LANGUAGE) -> Any:
    """A count, a suppressed count or a date written in ``language``; any other value as it is.

    English keeps its dates as ISO dates (``2023-01-01``), as the English report always has.
    """
    if (isinstance(value, numbers.Integral) and not isinstance(value, bool)) or (
        isinstance(value, str) and value == SUPPRESSED
    ):
        return count_text(value, language)
    if isinstance(value, dt.date) and language != DEFAULT_LANGUAGE:
        return long_date(value, language)
    return value


def scope_name(scope: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The report's scope as a reader of ``language`` names it: ``Таджикистан``.

    English keeps the scope as the data write it (``Tajikistan``, ``all``).
    """
    return scope if language == DEFAULT_LANGUAGE else scope_title(scope, language)


def phrase(template: str, /, *, language: str = DEFAULT_LANGUAGE, **values: Any) -> Markup:
    """A sentence (usually ``_("...")``) with ``values`` filled in escaped, numbers ``language``'s way.

    An object with ``__html__`` (`markupsafe.Markup`, another phrase) is put in as it is, not
    escaped twice.
    """
    return Markup(escape(template)).format(**{name: local(value, language) for name, value in values.items()})


def _pieces(text: str, pattern: re.Pattern[str], kind: str) -> list[tuple[str, str | None]]:
    """``text`` cut into ``(piece, None)`` and, where ``pattern`` matches, ``(match, kind)``."""
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in pattern.finditer(text):
        pieces += [(text[last : match.start()], None), (match.group(0), kind)]
        last = match.end()
    return [*pieces, (text[last:], None)]


def linked(text: str) -> Markup:
    """``text`` escaped, with each e-mail address made a mailto link."""
    return part("marked", _pieces(text, _EMAIL, "mailto"))


def contact_line(contact: str) -> Markup:
    """The contact line as a paragraph, its address a link; nothing when the line is empty."""
    return part("paragraph", linked(contact), "contact") if contact.strip() else Markup("")


def unbroken_ranges(text: str) -> Markup:
    """``text`` escaped, with each range like ``January–June`` kept on one line.

    A browser may break a line after an en dash, which splits a long title's months in two
    ("January–" / "June") in print and in the PDF's text.
    """
    return part("marked", _pieces(text, _RANGE, "nobreak"))


def row_table(rows: Iterable[tuple[object, object]], css_class: str) -> Markup:
    """A table of ``(label, value)`` rows, each label the row's header; all escaped."""
    return part("row_table", css_class, list(rows), None)


def accounting_table(accounting: RowAccounting, language: str = DEFAULT_LANGUAGE) -> Markup:
    """Every row of the data file by what happened to it, and their total, in ``language``."""
    labels = {name: text_in(label, language) for name, label in fixed_words.ROW_ACCOUNTING_LABELS.items()}
    rows = [(labels[name], local(value, language)) for name, value in accounting.parts().items()]
    return part("row_table", "accounting", rows, (labels["total"], local(accounting.total, language)))
