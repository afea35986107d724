"""What a report notebook says in its own words, with the values that vary filled in escaped.

The fixed texts of a report are the notebook's markdown cells. What varies (the title, the
country, counts, the contact line, country notes, provenance values) is filled into a small HTML
template, written in the notebook, by `say`, which escapes every value: a country called
``<script>`` prints as text and never becomes markup. A value that is already safe HTML (a chart
image, a table, or the output of another helper here) is one with an ``__html__`` method, the
`markupsafe` protocol Jinja uses, and is put in as it is.

Numbers are written in the report's language (`reactlib.report.language.use_language`): a
count of 1234 is ``1234`` in English and ``1 234`` in Russian. A notebook's sentences are
translated with ``_`` and filled in with `phrase` (text, escaped) or `say` (the HTML around it).

Examples
--------
>>> say("<p>Registered {n} cases in {country}.</p>", n=12, country="<b>X</b>").data
'<p>Registered 12 cases in &lt;b&gt;X&lt;/b&gt;.</p>'
>>> say("<figcaption>{caption}</figcaption>", caption=phrase("% of {n} cases", n=40)).data
'<figcaption>% of 40 cases</figcaption>'
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from IPython.display import HTML
from markupsafe import Markup, escape

from reactlib.count.min_cell import SUPPRESSED
from reactlib.count.periods import scope_title
from reactlib.count.quality import RowAccounting
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.local_dates import long_date
from reactlib.report import fixed_words, sections
from reactlib.report.formatting import count_text
from reactlib.report.language import active_language, package_text

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RANGE = re.compile(r"\w+–\w+")


class _NoValues:
    """Shown in place of a chart that has nothing to draw, in the language of the report."""

    def __html__(self) -> Markup:
        return Markup('<p class="empty-chart">{}</p>').format(package_text(fixed_words.EMPTY_CHART))

    def __str__(self) -> str:
        return str(self.__html__())


#: Shown in place of a chart that has nothing to draw.
NO_VALUES = _NoValues()


def _local(value: Any) -> Any:
    """A count, a suppressed count or a date written in the active language; any other value as it is.

    English keeps its dates as ISO dates (``2023-01-01``), as the English report always has.
    """
    language = active_language()
    if (isinstance(value, numbers.Integral) and not isinstance(value, bool)) or (
        isinstance(value, str) and value == SUPPRESSED
    ):
        return count_text(value, language)
    if isinstance(value, dt.date) and language != DEFAULT_LANGUAGE:
        return long_date(value, language)
    return value


def scope_name(scope: str) -> str:
    """The report's scope as a reader of its language names it: ``Таджикистан``.

    English keeps the scope as the data write it (``Tajikistan``, ``all``).
    """
    language = active_language()
    return scope if language == DEFAULT_LANGUAGE else scope_title(scope, language)


def phrase(template: str, /, **values: Any) -> Markup:
    """A sentence (usually ``_("...")``) with ``values`` filled in escaped, numbers the local way.

    Give it to `say` as a value: it is put in as it is, not escaped twice.
    """
    return Markup(escape(template)).format(**{name: _local(value) for name, value in values.items()})


def say(template: str, /, **values: Any) -> HTML:
    """``template`` (HTML written in the notebook) with ``values`` filled in, each escaped.

    Parameters
    ----------
    template
        HTML with ``{name}`` fields, as `str.format` takes them.
    **values
        The values of the fields: text and numbers are escaped; an object with ``__html__``
        (`markupsafe.Markup`, a `reactlib.report.plots.ChartImage`) is put in as its HTML.

    Returns
    -------
    IPython.display.HTML
        Shown as the cell's output when it ends the cell; pass it to ``display`` otherwise.
    """
    return HTML(str(Markup(template).format(**{name: _local(value) for name, value in values.items()})))


def linked(text: str) -> Markup:
    """``text`` escaped, with each e-mail address made a mailto link."""
    parts, last = [], 0
    for match in _EMAIL.finditer(text):
        address = match.group(0)
        parts += [escape(text[last : match.start()]), Markup('<a href="mailto:{0}">{0}</a>').format(address)]
        last = match.end()
    return Markup("").join([*parts, escape(text[last:])])


def contact_line(contact: str) -> Markup:
    """The contact line as a paragraph, its address a link; nothing when the line is empty."""
    return Markup('<p class="contact">{}</p>').format(linked(contact)) if contact.strip() else Markup("")


def unbroken_ranges(text: str) -> Markup:
    """``text`` escaped, with each range like ``January–June`` kept on one line.

    A browser may break a line after an en dash, which splits a long title's months in two
    ("January–" / "June") in print and in the PDF's text.
    """
    escaped = str(escape(text))
    return Markup(_RANGE.sub(lambda match: f'<span class="nobreak">{match[0]}</span>', escaped))


def suppression_note(figures: Any) -> Markup:
    """The note that explains suppressed counts and their audit when min_cell is on; nothing otherwise."""
    return Markup(sections.suppression_note(figures))  # escaped there


def country_note(notes: Mapping[str, str] | None, code: str) -> HTML | None:
    """The country's note on report group ``code``, if the settings give one."""
    note = (notes or {}).get(code, "")
    return say('<p class="group-note">{note}</p>', note=note) if note.strip() else None


def row_table(rows: Iterable[tuple[object, object]], css_class: str) -> Markup:
    """A table of ``(label, value)`` rows, each label the row's header; all escaped."""
    body = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(label, value) for label, value in rows
    )
    return Markup('<table class="{}"><tbody>{}</tbody></table>').format(css_class, body)


def accounting_table(accounting: RowAccounting) -> Markup:
    """Every row of the data file by what happened to it, and their total."""
    labels = {name: package_text(label) for name, label in fixed_words.ROW_ACCOUNTING_LABELS.items()}
    body = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(labels[name], _local(value))
        for name, value in accounting.parts().items()
    )
    total = Markup('<tr class="total"><th scope="row">{}</th><td>{}</td></tr>').format(
        labels["total"], _local(accounting.total)
    )
    return Markup('<table class="accounting"><tbody>{}{}</tbody></table>').format(body, total)


def download_links(downloads: Iterable[str] = ()) -> HTML | None:
    """The line "Download the figures" with a link to each figures file the reader can reach; None for none.

    ``downloads`` are the files a render publishes beside the page (`ReportData.downloads`,
    handed to the kernel); a notebook run on its own, as in JupyterLab, links those beside it
    (the folder it runs in), so a link always reaches its file and no line is shown without one.

    >>> download_links() is None  # no figures file in the folder the doctests run in
    True
    >>> download_links(["figures.json"]).data
    '<p class="downloads">Download the figures: <a href="figures.json">figures.json</a></p>'
    """
    published = set(downloads)
    names = [name for name in fixed_words.FIGURES_FILES if name in published or Path(name).is_file()]
    if not names:
        return None
    spreadsheet = package_text(fixed_words.SPREADSHEET)
    links = Markup(", ").join(
        Markup('<a href="{0}">{0}</a>{1}').format(name, f" ({spreadsheet})" if name.endswith(".xlsx") else "")
        for name in names
    )
    line = Markup(escape(package_text(fixed_words.DOWNLOAD_LINE))).format(links=links)
    return HTML(str(Markup('<p class="downloads">{}</p>').format(line)))
