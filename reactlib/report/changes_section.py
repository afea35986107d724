"""How a report words what changed since its last render (`reactlib.count.diff`).

A report rendered again after its data changed shows, under its headline counters, a short
section: ``Changed since the last render on 1 June 2024`` and a table of every figure that
moved, before and now, and by how much. A report with nothing changed shows nothing. The
section names each figure in the report's language (its chart, its category's label as the
report prints it), and a suppressed count only as "suppressed".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from reactlib.contract.categories import REPORT_GROUPS
from reactlib.count.diff import NO_LONGER_SUPPRESSED, NOW_SUPPRESSED, SUPPRESSED, FigureChange
from reactlib.language import DEFAULT_LANGUAGE
from reactlib.language.category_labels import label_in
from reactlib.language.formats import NO_PERCENT, change_text, count_text, percent_text, points_text
from reactlib.language.local_dates import country_name, long_date
from reactlib.language.messages import N_, text_in
from reactlib.report.fixed_words import HEADLINE_LABELS
from reactlib.report.markup import HtmlBlock, part

if TYPE_CHECKING:
    from reactlib.count.diff import FiguresDiff

CHANGED_SINCE: Final = N_("Changed since the last render on {date}")
CHANGES_FILE_NOTE: Final = N_("The same changes, for machines: changes.json beside this report.")
# TRANSLATORS: the headers of the table of figures changed since the last render.
HEADERS: Final = (N_("Figure"), N_("Before"), N_("Now"), N_("Change"))
#: How the section writes a suppressed count (never its mark, never its value) and its notes.
SUPPRESSED_TEXT: Final = N_("suppressed")
NOTES: Final = {NOW_SUPPRESSED: N_("now suppressed"), NO_LONGER_SUPPRESSED: N_("no longer suppressed")}

HEADLINE_NAMES: Final = HEADLINE_LABELS
#: Each chart and cross-tabulation by its figures.json key.
CHART_NAMES: Final = {
    "key_populations": N_("Key populations"),
    "gender": N_("Gender"),
    "age_groups": N_("Age groups"),
    "reaction_status": N_("Reaction status"),
    "refusal_reasons": N_("Why the client did not want to solve the case"),
    "violations": N_("Types of violations"),
    "services_provided": N_("Services provided by REActors and their NGOs"),
    "services_referred": N_("Services provided by referral"),
    "services_unavailable": N_("Services needed but not available"),
    "violations_by_perpetrator": N_("Types of violations by perpetrator group"),
    "key_populations_by_perpetrator": N_("Key populations by perpetrator group"),
}
GROUP_CASES: Final = N_("{group}: cases")
GROUP_PERPETRATORS: Final = N_("{group}: perpetrators")
CHART_N: Final = N_("{chart}: all (n)")
#: A figure of the previous period, which the report compares with.
PREVIOUS_FIGURE: Final = N_("Previous period {period}: {figure}")


def figure_name(change: FigureChange, period: str | None = None, language: str = DEFAULT_LANGUAGE) -> str:
    """The figure's name in the report's language: ``Gender: Female``, ``Gender: Female (%)``.

    ``period`` is the previous period's name, for a figure of the previous period.
    """
    path = change.path
    if path[0] == "previous":
        inner = FigureChange(path[1:], change.label, change.old, change.new, change.change)
        return text_in(PREVIOUS_FIGURE, language).format(
            period=period or "", figure=figure_name(inner, language=language)
        )
    if path[0] in HEADLINE_NAMES:
        return text_in(HEADLINE_NAMES[path[0]], language)
    if path[0] == "countries":
        country, field = path[1], path[2]
        return f"{country_name(country, language)}: {text_in(HEADLINE_NAMES[field], language)}"
    if path[0] == "groups":
        group = label_in(REPORT_GROUPS, path[1], language)
        if path[2] == "cases":
            return text_in(GROUP_CASES, language).format(group=group)
        return _chart_figure(text_in(GROUP_PERPETRATORS, language).format(group=group), change, language)
    if path[0] == "crosstabs":
        return f"{_chart_name(path[1], language)}: {change.label}"
    return _chart_figure(_chart_name(path[1], language), change, language)


def _chart_name(key: str, language: str) -> str:
    return text_in(CHART_NAMES[key], language) if key in CHART_NAMES else key


def _chart_figure(chart: str, change: FigureChange, language: str) -> str:
    if change.field == "n":
        return text_in(CHART_N, language).format(chart=chart)
    name = f"{chart}: {change.label}"
    return f"{name} (%)" if change.field == "percent" else name


def value_text(change: FigureChange, value: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """One side of a change, the report's way: a count, a percent, ``suppressed`` or ``–``."""
    if value == SUPPRESSED:
        return text_in(SUPPRESSED_TEXT, language)
    if value is None:
        return NO_PERCENT
    return percent_text(value, language) if change.field == "percent" else count_text(value, language)


def difference_text(change: FigureChange, language: str = DEFAULT_LANGUAGE) -> str:
    """By how much a figure changed (``+3``, ``+0.3 pp``), or its note (``now suppressed``); ``–`` where neither."""
    if change.note is not None:
        return text_in(NOTES[change.note], language)
    if change.change is None:
        return NO_PERCENT
    return points_text(change.change, language) if change.field == "percent" else change_text(change.change, language)


def change_lines(diff: FiguresDiff, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Each change as a line of text: ``Gender: Female (%): 52.2 % → 52.5 % (+0.3 pp)``."""
    return [
        f"{figure_name(change, diff.previous_period, language)}: {value_text(change, change.old, language)} → "
        f"{value_text(change, change.new, language)} ({difference_text(change, language)})"
        for change in diff.changes
    ]


def changes_section(diff: FiguresDiff | None, language: str = DEFAULT_LANGUAGE) -> HtmlBlock | None:
    """The section saying what changed since the last render, in ``language``; None when nothing did (or no render was)."""
    if diff is None or not diff.changes:
        return None
    heading = text_in(CHANGED_SINCE, language).format(
        date=long_date(diff.since, language) if diff.since else NO_PERCENT
    )
    rows = [
        (
            figure_name(change, diff.previous_period, language),
            value_text(change, change.old, language),
            value_text(change, change.new, language),
            difference_text(change, language),
        )
        for change in diff.changes
    ]
    headers = [text_in(header, language) for header in HEADERS]
    section = part("changes", heading, headers, rows, text_in(CHANGES_FILE_NOTE, language))
    return HtmlBlock(section, "changes since the last render")
