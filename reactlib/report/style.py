"""The report's styles for its outputs in JupyterLab, from the stylesheet the rendered page uses.

The reviewers' page gets its layout from reactlib's nbconvert template; JupyterLab shows the same
outputs with its own styles, which float a description list's terms away from their values and
centre tables. `report_style` shows the template's rules for reactlib's own outputs
(``components.css``: counters, figures, tables, notes) in the notebook, so an analyst sees the
report as reviewers do. The report notebooks call it in a cell tagged ``remove-cell``: the page
has these rules already.

>>> "dl.counters" in report_style().css
True
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from markupsafe import Markup

from reactlib.report.markup import part

#: The template's stylesheet for reactlib's outputs, beside the template that includes it.
COMPONENTS_CSS = ("templates", "reactlib", "components.css")


@dataclass(frozen=True, repr=False)
class ReportStyle:
    """A stylesheet shown as a notebook output: a ``<style>`` element, nothing visible."""

    css: str

    def _repr_html_(self) -> str:
        return str(part("style", Markup(self.css)))  # the package's own stylesheet: not escaped

    def __repr__(self) -> str:
        return "<the report's styles>"


def report_style() -> ReportStyle:
    """The rules for reactlib's outputs, to show in JupyterLab as the report's page shows them."""
    return ReportStyle(files("reactlib").joinpath(*COMPONENTS_CSS).read_text(encoding="utf-8"))
