"""The HTML reactlib writes: Jinja2 macros with autoescape, one way of escaping for the whole package.

Every element the package writes (a figure, a chart's ``<img>``, the counters, the provenance
list, the table of contents …) is a macro of ``templates/parts/report.html.j2``. Jinja escapes
every value it is given, unless the value is safe HTML already: `markupsafe.Markup`, or an
object with an ``__html__`` method (a chart image, a table, another macro's output). So a
country called ``<script>`` prints as text, and no Python string holds a tag.

Examples
--------
>>> part("paragraph", "5 < 7 & more", "note")
Markup('<p class="note">5 &lt; 7 &amp; more</p>')
>>> part("heading", Markup("<em>Countries</em>"))
Markup('<h2><em>Countries</em></h2>')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

#: Where the macros are, under the package's templates.
PARTS_FOLDER = "templates/parts"
PARTS_TEMPLATE = "report.html.j2"


@functools.cache
def _macros() -> Any:
    """The template's module: its macros as attributes, loaded once per process."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("reactlib", PARTS_FOLDER),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(PARTS_TEMPLATE).module


def part(name: str, /, *arguments: Any) -> Markup:
    """The macro ``name`` of the report's template, called with ``arguments``: safe HTML.

    Parameters
    ----------
    name
        A macro of ``templates/parts/report.html.j2``, e.g. ``"figure"`` or ``"counters"``.
    *arguments
        Its arguments, in its order; text is escaped, `markupsafe.Markup` is not.
    """
    macro = getattr(_macros(), name)
    return Markup(macro(*arguments))


@dataclass(frozen=True, repr=False)
class HtmlBlock:
    """A part of the report as a notebook output: shown as its HTML, named (not printed) as text.

    A notebook keeps each output's text form beside its HTML; ``what`` names the block there,
    in place of a memory address that would differ on every run.
    """

    html: Markup
    what: str

    def _repr_html_(self) -> str:
        return str(self.html)

    def __html__(self) -> Markup:
        return self.html

    def __repr__(self) -> str:
        return f"<{self.what}>"
